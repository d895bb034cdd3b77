// SPDX-License-Identifier: Apache-2.0

// Package qmpbench compares a QMP client with a bare socket loop doing the
// same round trips against the same QEMU process, each on its own QMP
// monitor (QMP serves one client per monitor socket).
//
// Fairness: with one request in flight both sides wait for each reply
// before sending the next command. With more, the client runs that many
// goroutines calling it, and the bare loop keeps as many commands in
// flight on one connection (it writes a new command each time it reads a
// reply), which is the most a single connection can do; the bare loop does
// not decode the reply beyond finding its end. The two run in alternating
// blocks, in turn first and second, so that machine noise hits both alike.
//
// With more than one caller the client hands each reply to the goroutine
// waiting for it, which the one-goroutine bare loop never does; with
// GOMAXPROCS above 1 the runtime wakes an idle thread for each hand-over.
// The CPU time per round trip of each side shows that cost.
package qmpbench

import (
	"bufio"
	"fmt"
	"net"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/internal/cputime"
)

// Bare is the baseline: a negotiated QMP socket driven by hand.
type Bare struct {
	conn    net.Conn
	r       *bufio.Reader
	id      int
	buf     []byte
	command string
}

// DialBare connects to the QMP monitor at sock and negotiates; its round
// trips run command (without arguments).
func DialBare(sock, command string) (*Bare, error) {
	conn, err := net.Dial("unix", sock)
	if err != nil {
		return nil, err
	}
	bc := &Bare{conn: conn, r: bufio.NewReaderSize(conn, 64<<10), command: command}
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	defer conn.SetDeadline(time.Time{})
	if _, err := bc.r.ReadSlice('\n'); err != nil { // greeting
		conn.Close()
		return nil, err
	}
	if _, err := conn.Write([]byte(`{"execute":"qmp_capabilities"}` + "\n")); err != nil {
		conn.Close()
		return nil, err
	}
	if _, err := bc.r.ReadSlice('\n'); err != nil {
		conn.Close()
		return nil, err
	}
	return bc, nil
}

// Close closes the connection.
func (bc *Bare) Close() error { return bc.conn.Close() }

func (bc *Bare) send() error {
	bc.id++
	bc.buf = append(bc.buf[:0], `{"execute":"`...)
	bc.buf = append(bc.buf, bc.command...)
	bc.buf = append(bc.buf, `","id":`...)
	bc.buf = strconv.AppendInt(bc.buf, int64(bc.id), 10)
	bc.buf = append(bc.buf, "}\n"...)
	_, err := bc.conn.Write(bc.buf)
	return err
}

// RoundTrips completes n commands keeping up to inFlight outstanding.
func (bc *Bare) RoundTrips(n, inFlight int) error {
	sent := 0
	for ; sent < min(inFlight, n); sent++ {
		if err := bc.send(); err != nil {
			return err
		}
	}
	for range n {
		if _, err := bc.r.ReadSlice('\n'); err != nil {
			return err
		}
		if sent < n {
			if err := bc.send(); err != nil {
				return err
			}
			sent++
		}
	}
	return nil
}

// Spread makes n calls of call over callers goroutines.
func Spread(n, callers int, call func() error) error {
	if callers == 1 {
		for range n {
			if err := call(); err != nil {
				return err
			}
		}
		return nil
	}
	var left atomic.Int64
	left.Store(int64(n))
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for left.Add(-1) >= 0 {
				if err := call(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// block is how many round trips each side makes before the other's turn.
const block = 100

// Compare runs b.N round trips with lib and as many with bare (each given
// how many to make), alternating. It reports lib-rt/s and bare-rt/s, ratio
// (lib/bare over the whole run), median-ratio (the median of the ratios of
// neighbouring blocks, which a burst of load from other processes moves
// less), and each side's process CPU time per round trip.
func Compare(b *testing.B, lib, bare func(n int) error) {
	var libTime, bareTime, libCPU, bareCPU time.Duration
	var ratios []float64
	measure := func(run func(int) error, n int, wall, cpu *time.Duration) time.Duration {
		start, c := time.Now(), cputime.Now()
		if err := run(n); err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		*wall += d
		*cpu += cputime.Now() - c
		return d
	}
	for done, turn := 0, 0; done < b.N; done, turn = done+block, turn+1 {
		n := min(block, b.N-done)
		var l, r time.Duration
		if turn%2 == 0 {
			l = measure(lib, n, &libTime, &libCPU)
			r = measure(bare, n, &bareTime, &bareCPU)
		} else {
			r = measure(bare, n, &bareTime, &bareCPU)
			l = measure(lib, n, &libTime, &libCPU)
		}
		ratios = append(ratios, r.Seconds()/l.Seconds())
	}
	slices.Sort(ratios)
	libRate := float64(b.N) / libTime.Seconds()
	bareRate := float64(b.N) / bareTime.Seconds()
	b.ReportMetric(libRate, "lib-rt/s")
	b.ReportMetric(bareRate, "bare-rt/s")
	b.ReportMetric(libRate/bareRate, "ratio")
	b.ReportMetric(ratios[len(ratios)/2], "median-ratio")
	b.ReportMetric(libCPU.Seconds()*1e6/float64(b.N), "lib-cpu-us/rt")
	b.ReportMetric(bareCPU.Seconds()*1e6/float64(b.N), "bare-cpu-us/rt")
}

// MustDialBare is DialBare for a benchmark: it fails b on error and closes
// the connection when b ends.
func MustDialBare(b *testing.B, sock, command string) *Bare {
	b.Helper()
	bare, err := DialBare(sock, command)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { bare.Close() })
	return bare
}

// Callers runs Compare in sub-benchmarks name+"callers=1" and
// name+"callers=16": call made from that many goroutines against bare
// keeping as many commands in flight.
func Callers(b *testing.B, name string, call func() error, bare *Bare) {
	for _, callers := range []int{1, 16} {
		b.Run(fmt.Sprintf("%scallers=%d", name, callers), func(b *testing.B) {
			Compare(b,
				func(n int) error { return Spread(n, callers, call) },
				func(n int) error { return bare.RoundTrips(n, callers) })
		})
	}
}
