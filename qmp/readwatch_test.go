// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"context"
	"sync"
	"testing"
	"time"
)

// callOK makes one call that the peer answers at once.
func callOK(t *testing.T, ctx context.Context, c *Conn, p *fakePeer) {
	t.Helper()
	go func() {
		req := p.recv()
		p.reply(req.ID, "{}")
	}()
	if err := c.Execute(ctx, "first", nil, nil); err != nil {
		t.Fatalf("call = %v", err)
	}
}

// settle makes one call, so that the calls after it read for themselves:
// the reader goroutine reads from the start, and may be in the middle of
// a read, which takes the next reply, when New returns.
func settle(t *testing.T, c *Conn, p *fakePeer) {
	t.Helper()
	callOK(t, context.Background(), c, p)
}

// TestReadWatchOutlivesCall: the registration that lets a call's context
// interrupt its read stays after the call; when that context ends later
// it sets a deadline that must not interrupt a read for anyone else,
// neither a caller with another context nor the reader goroutine (which
// takes over once the connection is idle, and must then deliver an event
// with no call made).
func TestReadWatchOutlivesCall(t *testing.T) {
	for _, next := range []struct {
		name string
		idle time.Duration
	}{{"caller reads next", time.Hour}, {"reader goroutine reads next", 500 * time.Millisecond}} {
		t.Run(next.name, func(t *testing.T) {
			c, p := connectMode(t, readModes[0].wrap, []Option{withIdleDelay(next.idle)})
			sub := c.Subscribe(0)
			defer sub.Close()
			settle(t, c, p)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			callOK(t, ctx, c, p)
			fired := c.e.watch.fired // set by this goroutine while it read
			if fired == nil {
				t.Fatal("the call read without watching its context")
			}
			cancel()
			select {
			case <-fired: // the read deadline now lies in the past
			case <-time.After(5 * time.Second):
				t.Fatal("the context ended, but its watch did not fire")
			}
			event := func() { p.send(`{"event": "TICK", "data": {}}`) }
			if next.idle < time.Hour {
				event() // read by the reader goroutine
				expectEvent(t, sub, "TICK")
				expectFresh(t, c, p, nil)
			} else {
				expectFresh(t, c, p, event) // read by the caller
				expectEvent(t, sub, "TICK")
			}
			if err := c.Err(); err != nil {
				t.Fatalf("connection ended: %v", err)
			}
		})
	}
}

// TestReadWatchShared: calls sharing one context share one registration,
// which still interrupts the read of a later call when the context ends.
func TestReadWatchShared(t *testing.T) {
	c, p := connectMode(t, readModes[0].wrap, readModes[0].opts)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	settle(t, c, p)
	callOK(t, ctx, c, p)
	first := c.e.watch.fired // set by this goroutine while it read

	for range 2 {
		callOK(t, ctx, c, p)
		if c.e.watch.fired != first {
			t.Fatal("a call registered with the context anew")
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- c.Execute(ctx, "slow", nil, nil) }()
	p.recv() // never answered
	cancel()
	expectCanceled(t, errc)
	expectFresh(t, c, p, nil)
}

// TestCloseDropsReadWatch: Close removes the registration on the context
// of the last call, which would otherwise keep the closed connection
// reachable for as long as that context lives.
func TestCloseDropsReadWatch(t *testing.T) {
	c, p := connectMode(t, readModes[0].wrap, readModes[0].opts)
	settle(t, c, p)
	ctx := newCountingCtx()
	callOK(t, ctx, c, p)
	if n := ctx.live(); n != 1 {
		t.Fatalf("%d registrations on the context after a call that read, want 1", n)
	}
	c.Close()
	if n := ctx.live(); n != 0 {
		t.Fatalf("%d registrations on the context outlive Close", n)
	}
}

// countingCtx is a context that is never done and counts the callbacks
// registered with it (context.AfterFunc uses a context's own AfterFunc
// method).
type countingCtx struct {
	done  chan struct{}
	mu    sync.Mutex
	funcs map[int]func()
	next  int // the id of the next registration
}

func newCountingCtx() *countingCtx {
	return &countingCtx{done: make(chan struct{}), funcs: map[int]func(){}}
}

func (c *countingCtx) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c *countingCtx) Done() <-chan struct{}       { return c.done }
func (c *countingCtx) Value(any) any               { return nil }

func (c *countingCtx) Err() error { return nil }

func (c *countingCtx) AfterFunc(f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := c.next
	c.next++
	c.funcs[id] = f
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		_, ok := c.funcs[id]
		delete(c.funcs, id)
		return ok
	}
}

func (c *countingCtx) live() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.funcs)
}

func expectEvent(t *testing.T, sub *Subscription, name string) {
	t.Helper()
	if ev := recvEvent(t, sub); ev.Name != name {
		t.Fatalf("event = %+v, want %s", ev, name)
	}
}
