// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"context"
	"errors"
	"io"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// withIdleDelay sets how long after the last call the reader goroutine
// takes over reading. An hour makes every call after New read for itself.
func withIdleDelay(d time.Duration) Option {
	return func(o *options) { o.idleDelay = d }
}

// noDeadline hides SetReadDeadline: with it, only the reader goroutine
// reads (callers cannot be interrupted).
type noDeadline struct{ io.ReadWriteCloser }

// readModes are the ways replies reach callers; the tests below run in each.
var readModes = []struct {
	name string
	wrap func(io.ReadWriteCloser) io.ReadWriteCloser
	opts []Option
}{
	{"callers read", func(rwc io.ReadWriteCloser) io.ReadWriteCloser { return rwc }, []Option{withIdleDelay(time.Hour)}},
	{"reader goroutine only", func(rwc io.ReadWriteCloser) io.ReadWriteCloser { return noDeadline{rwc} }, nil},
	{"default", func(rwc io.ReadWriteCloser) io.ReadWriteCloser { return rwc }, nil},
}

func connectMode(t *testing.T, wrap func(io.ReadWriteCloser) io.ReadWriteCloser, opts []Option) (*Conn, *fakePeer) {
	t.Helper()
	client, p := newPipe(t)
	go p.handshake(testGreeting)
	c, err := New(testCtx(t), wrap(client), opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c, p
}

func TestReadModeChosen(t *testing.T) {
	c, _ := connectMode(t, readModes[0].wrap, nil)
	if c.e.deadline == nil {
		t.Error("net.Pipe supports deadlines, but callers do not read")
	}
	c, _ = connectMode(t, readModes[1].wrap, nil)
	if c.e.deadline != nil {
		t.Error("a transport without deadlines lets callers read")
	}
}

// TestCancelMidMessage cancels a call while the reply it is reading has
// arrived only in part: the call returns at once, and the next call reads
// on from the middle of that message without losing its place.
func TestCancelMidMessage(t *testing.T) {
	for _, mode := range readModes {
		t.Run(mode.name, func(t *testing.T) {
			c, p := connectMode(t, mode.wrap, mode.opts)
			ctx, cancel := context.WithCancel(context.Background())
			errc := make(chan error, 1)
			go func() { errc <- c.Execute(ctx, "slow", nil, nil) }()
			slow := p.recv()
			p.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
			p.conn.Write([]byte(`{"return": {"big": [1, 2, {"s": "a } string`))
			cancel()
			expectCanceled(t, errc)
			expectFresh(t, c, p, func() { p.send(` with braces {"}]}, "id": ` + string(slow.ID) + `}`) })
		})
	}
}

// TestEventsWhileCalling checks that events arriving between replies
// reach subscribers whoever reads, in order, and that concurrent callers
// all get their own replies.
func TestEventsWhileCalling(t *testing.T) {
	for _, mode := range readModes {
		t.Run(mode.name, func(t *testing.T) {
			c, p := connectMode(t, mode.wrap, mode.opts)
			sub := c.Subscribe(0)
			defer sub.Close()
			const callers = 8
			go func() {
				for i := range callers {
					req := p.recv()
					p.send(`{"event": "TICK", "data": {"n": ` + string(rune('0'+i)) + `}}`)
					p.reply(req.ID, strconv.Quote(string(req.Arguments)))
				}
			}()
			var wg sync.WaitGroup
			for i := range callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var got string
					args := map[string]int{"i": i}
					want := `{"i":` + string(rune('0'+i)) + `}`
					if err := c.Execute(testCtx(t), "echo", args, &got); err != nil || got != want {
						t.Errorf("caller %d got %q, %v; want %q", i, got, err, want)
					}
				}()
			}
			wg.Wait()
			for i := range callers {
				ev := recvEvent(t, sub)
				if want := `{"n": ` + string(rune('0'+i)) + `}`; ev.Name != "TICK" || string(ev.Data) != want {
					t.Errorf("event %d = %s %s, want TICK %s", i, ev.Name, ev.Data, want)
				}
			}
		})
	}
}

// TestPeerDisconnectFailsPending: the peer goes away while calls wait;
// all fail at once with ErrDisconnected wrapping the cause, Done is
// closed, and Close leaves no goroutine, whoever was reading.
func TestPeerDisconnectFailsPending(t *testing.T) {
	for _, mode := range readModes {
		t.Run(mode.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			c, p := connectMode(t, mode.wrap, mode.opts)
			const n = 10
			go func() {
				for range n {
					p.recv()
				}
				p.conn.Close()
			}()
			errs := make(chan error, n)
			for range n {
				go func() { errs <- c.Execute(context.Background(), "hang", nil, nil) }()
			}
			for range n {
				select {
				case err := <-errs:
					if !errors.Is(err, ErrDisconnected) || !errors.Is(err, io.EOF) {
						t.Errorf("pending call = %v, want ErrDisconnected wrapping EOF", err)
					}
				case <-time.After(3 * time.Second):
					t.Fatal("pending calls did not fail after disconnect")
				}
			}
			select {
			case <-c.Done():
			default:
				t.Error("Done not closed")
			}
			c.Close()
			checkNoGoroutines(t, before)
		})
	}
}

// waitFor polls cond until it holds; the state it waits for is reached by
// other goroutines without a signal to wait on.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestCancelledReaderLeavesWaitingCaller: of two calls waiting, the one
// reading is cancelled; the other still gets its reply.
func TestCancelledReaderLeavesWaitingCaller(t *testing.T) {
	for _, mode := range readModes {
		t.Run(mode.name, func(t *testing.T) {
			c, p := connectMode(t, mode.wrap, mode.opts)
			settle(t, c, p)
			ctx, cancel := context.WithCancel(context.Background())
			errA := make(chan error, 1)
			go func() { errA <- c.Execute(ctx, "a", nil, nil) }()
			p.recv()
			waiting := func(n int32) func() bool {
				// Only calls that may read are counted.
				return func() bool { return c.e.deadline == nil || c.e.waiting.Load() == n }
			}
			waitFor(t, "the first call to wait", waiting(1))
			errB := make(chan error, 1)
			var got string
			go func() { errB <- c.Execute(testCtx(t), "b", nil, &got) }()
			reqB := p.recv()
			waitFor(t, "the second call to wait", waiting(2))
			cancel()
			expectCanceled(t, errA)
			p.reply(reqB.ID, `"b"`)
			select {
			case err := <-errB:
				if err != nil || got != "b" {
					t.Fatalf("second call = %q, %v; want \"b\"", got, err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the second call never got its reply")
			}
		})
	}
}
