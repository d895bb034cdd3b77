// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkQEMUQueryStatus compares this package with a bare socket loop,
// both doing query-status round trips against the same QEMU process, each on
// its own QMP monitor (QMP serves one client per monitor socket).
//
// Fairness: with one caller both sides wait for each reply before sending
// the next command. With 16 callers the package runs 16 goroutines calling
// Execute on one connection, and the bare loop keeps 16 commands in flight
// on one connection (it writes a new command each time it reads a reply),
// which is the most a single connection can do; neither decodes the result
// beyond finding the reply. The two run in alternating blocks so that
// machine noise hits both alike. Reported: lib-rt/s, bare-rt/s and
// ratio = lib/bare.
func BenchmarkQEMUQueryStatus(b *testing.B) {
	bin := needBinary(b, "qemu-system-x86_64")
	dir := b.TempDir()
	libSock, bareSock := filepath.Join(dir, "lib.sock"), filepath.Join(dir, "bare.sock")
	startProcess(b, bareSock, bin, "-machine", "q35", "-accel", "tcg", "-nodefaults", "-display", "none", "-S",
		"-qmp", "unix:"+libSock+",server=on,wait=off", "-qmp", "unix:"+bareSock+",server=on,wait=off")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := Dial(ctx, "unix", libSock)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	bare, err := dialBare(bareSock)
	if err != nil {
		b.Fatal(err)
	}
	defer bare.conn.Close()

	for _, callers := range []int{1, 16} {
		b.Run(fmt.Sprintf("callers=%d", callers), func(b *testing.B) {
			const block = 200
			var libTime, bareTime time.Duration
			for done := 0; done < b.N; done += block {
				n := min(block, b.N-done)
				start := time.Now()
				if err := libRoundTrips(ctx, c, n, callers); err != nil {
					b.Fatal(err)
				}
				libTime += time.Since(start)
				start = time.Now()
				if err := bare.roundTrips(n, callers); err != nil {
					b.Fatal(err)
				}
				bareTime += time.Since(start)
			}
			libRate := float64(b.N) / libTime.Seconds()
			bareRate := float64(b.N) / bareTime.Seconds()
			b.ReportMetric(libRate, "lib-rt/s")
			b.ReportMetric(bareRate, "bare-rt/s")
			b.ReportMetric(libRate/bareRate, "ratio")
		})
	}
}

// libRoundTrips runs n query-status calls spread over callers goroutines.
func libRoundTrips(ctx context.Context, c *Conn, n, callers int) error {
	if callers == 1 {
		for range n {
			if err := c.Execute(ctx, "query-status", nil, nil); err != nil {
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
				if err := c.Execute(ctx, "query-status", nil, nil); err != nil {
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

// bareClient is the baseline: a negotiated QMP socket driven by hand.
type bareClient struct {
	conn net.Conn
	r    *bufio.Reader
	id   int
	buf  []byte
}

func dialBare(sock string) (*bareClient, error) {
	conn, err := net.Dial("unix", sock)
	if err != nil {
		return nil, err
	}
	bc := &bareClient{conn: conn, r: bufio.NewReaderSize(conn, 64<<10)}
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	defer conn.SetDeadline(time.Time{})
	if _, err := bc.r.ReadSlice('\n'); err != nil { // greeting
		return nil, err
	}
	if _, err := conn.Write([]byte(`{"execute":"qmp_capabilities"}` + "\n")); err != nil {
		return nil, err
	}
	if _, err := bc.r.ReadSlice('\n'); err != nil {
		return nil, err
	}
	return bc, nil
}

func (bc *bareClient) send() error {
	bc.id++
	bc.buf = append(bc.buf[:0], `{"execute":"query-status","id":`...)
	bc.buf = strconv.AppendInt(bc.buf, int64(bc.id), 10)
	bc.buf = append(bc.buf, "}\n"...)
	_, err := bc.conn.Write(bc.buf)
	return err
}

// roundTrips completes n commands keeping up to inFlight outstanding.
func (bc *bareClient) roundTrips(n, inFlight int) error {
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
