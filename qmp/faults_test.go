// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Hostile peers and faults: each test here breaks one rule a peer or the
// transport can break, and checks that only what must fail fails.

// TestNoDeadlineCallerNeverReads: over a transport whose Read no deadline
// interrupts, a waiting call must leave reading to the connection's
// goroutine, or it could not stop when its context ends.
func TestNoDeadlineCallerNeverReads(t *testing.T) {
	c, p := connectMode(t, readModes[1].wrap, nil)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- c.Execute(ctx, "slow", nil, nil) }()
	slow := p.recv()
	time.Sleep(20 * time.Millisecond) // the call is waiting
	// The reader goroutine hands the read token on after each message.
	p.send(`{"event": "TICK"}`)
	time.Sleep(20 * time.Millisecond)
	cancel()
	expectCanceled(t, errc)
	expectFresh(t, c, p, func() { p.reply(slow.ID, `"late"`) })
}

// TestWriteHonoursContext: a peer that stops reading must not hold a
// call past its deadline. A write that sent nothing fails only its call;
// one cut half-way ends the connection, since the stream is now corrupt.
func TestWriteHonoursContext(t *testing.T) {
	for _, mode := range readModes {
		t.Run(mode.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			c, p := connectMode(t, mode.wrap, mode.opts)
			// net.Pipe has no buffer: with the peer not reading, every
			// write blocks.
			for range 3 {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
				var err error
				within(t, 2*time.Second, "a call to a peer that does not read", func() {
					err = c.Execute(ctx, "query-status", nil, nil)
				})
				cancel()
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("call = %v, want context.DeadlineExceeded", err)
				}
			}
			if err := c.Err(); err != nil {
				t.Fatalf("a write that sent nothing ended the connection: %v", err)
			}
			if mode.name == "reader goroutine only" {
				// The first write goes on in the background: once the
				// peer reads it the connection works again.
				p.recv()
			}
			expectFresh(t, c, p, nil)
			c.Close()
			p.conn.Close()
			checkNoGoroutines(t, before)
		})
	}
}

// TestWriteCutHalfWay: the peer reads part of a request and stops; the
// deadline ends the write half-way, so the connection ends too.
func TestWriteCutHalfWay(t *testing.T) {
	c, p := connect(t)
	go func() {
		p.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		io.ReadFull(p.conn, make([]byte, 10))
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var err error
	within(t, 2*time.Second, "a call cut half-way", func() {
		err = c.Execute(ctx, "query-status", map[string]string{"pad": strings.Repeat("x", 100)}, nil)
	})
	if !errors.Is(err, ErrDisconnected) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("call = %v, want ErrDisconnected wrapping context.DeadlineExceeded", err)
	}
	if err := c.Execute(testCtx(t), "next", nil, nil); !errors.Is(err, ErrDisconnected) {
		t.Errorf("call after a cut write = %v, want ErrDisconnected", err)
	}
}

// TestCloseAfterHangUp: once Close was called, calls report ErrClosed even
// if the peer had hung up before; Err still tells why the connection
// ended.
func TestCloseAfterHangUp(t *testing.T) {
	c, p := connect(t)
	p.conn.Close()
	select {
	case <-c.Done():
	case <-time.After(3 * time.Second):
		t.Fatal("the hang-up went unnoticed")
	}
	c.Close()
	err := c.Execute(testCtx(t), "query-status", nil, nil)
	if !errors.Is(err, ErrClosed) {
		t.Errorf("call after Close = %v, want ErrClosed", err)
	}
	if !errors.Is(c.Err(), ErrDisconnected) {
		t.Errorf("Err() = %v, want the hang-up", c.Err())
	}
}

// TestMaxMessageSize: a message over the limit ends the connection with a
// protocol error, without being read to its end; an endless one too.
func TestMaxMessageSize(t *testing.T) {
	t.Run("too long", func(t *testing.T) {
		c, p := connect(t, WithMaxMessageSize(1024))
		go func() {
			req := p.recv()
			p.reply(req.ID, `"`+strings.Repeat("x", 2048)+`"`)
		}()
		err := c.Execute(testCtx(t), "big", nil, nil)
		var pe *ProtocolError
		if !errors.Is(err, ErrDisconnected) || !errors.As(err, &pe) || !strings.Contains(pe.Reason, "1024") {
			t.Fatalf("call = %v, want ErrDisconnected wrapping a protocol error naming the limit", err)
		}
	})
	t.Run("endless", func(t *testing.T) {
		c, p := connect(t, WithMaxMessageSize(1<<20))
		go func() {
			p.recv()
			p.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
			chunk := []byte(strings.Repeat("[1,", 1024))
			p.conn.Write([]byte(`{"return": `))
			for {
				if _, err := p.conn.Write(chunk); err != nil {
					return
				}
			}
		}()
		var err error
		within(t, 5*time.Second, "a call answered endlessly", func() { err = c.Execute(testCtx(t), "x", nil, nil) })
		var pe *ProtocolError
		if !errors.Is(err, ErrDisconnected) || !errors.As(err, &pe) {
			t.Fatalf("call = %v, want ErrDisconnected wrapping a protocol error", err)
		}
	})
	t.Run("at the limit", func(t *testing.T) {
		c, p := connect(t, WithMaxMessageSize(1024))
		var ret string
		go func() {
			req := p.recv()
			// Exactly 1024 bytes from '{' to '}'.
			head := `{"return": "`
			tail := `", "id": ` + string(req.ID) + `}`
			ret = strings.Repeat("y", 1024-len(head)-len(tail))
			p.send(head + ret + tail)
		}()
		var got string
		if err := c.Execute(testCtx(t), "big", nil, &got); err != nil || got != ret {
			t.Fatalf("a message of exactly the limit: %d bytes, %v", len(got), err)
		}
	})
}

// TestHugeMessageMemoryReleased: buffers that grew for one huge request
// and one huge reply are not kept for the connection's life.
func TestHugeMessageMemoryReleased(t *testing.T) {
	const size = 4 << 20
	c, p := connect(t)
	go func() {
		req := p.recv()
		p.reply(req.ID, `"`+strings.Repeat("z", size)+`"`)
		next := p.recv()
		p.reply(next.ID, `{}`)
	}()
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := heap()
	if err := c.Execute(testCtx(t), "big", map[string]string{"s": strings.Repeat("a", size)}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Execute(testCtx(t), "small", nil, nil); err != nil {
		t.Fatal(err)
	}
	if grown := int64(heap()) - int64(before); grown > size/4 {
		t.Errorf("%d MiB still in use after a %d MiB request and reply", grown>>20, size>>20)
	}
	runtime.KeepAlive(c)
}

// TestMalformedEvents: an event with a member of the wrong type is
// delivered with what could be decoded, Err saying what could not; the
// connection goes on.
func TestMalformedEvents(t *testing.T) {
	c, p := connect(t)
	sub := c.Subscribe(0)
	defer sub.Close()
	go func() {
		p.send(`{"event": "FRACTION", "timestamp": {"seconds": 1700000000.5, "microseconds": 250}}`)
		p.send(`{"event": "STRING_TS", "data": {"a": 1}, "timestamp": {"seconds": "soon", "microseconds": 0}}`)
		p.send(`{"event": 5, "data": {"b": 2}}`)
		p.send(`{"return": {}, "event": 5}`)
		p.send(`{"event": "FINE", "data": [], "timestamp": {"seconds": 1700000000, "microseconds": 7}}`)
	}()
	ev := recvEvent(t, sub)
	if want := time.Unix(1700000000, 500250000); ev.Name != "FRACTION" || !ev.Timestamp.Equal(want) || ev.Err != nil {
		t.Errorf("fractional timestamp: %+v, want %v", ev, want)
	}
	ev = recvEvent(t, sub)
	var pe *ProtocolError
	if ev.Name != "STRING_TS" || string(ev.Data) != `{"a": 1}` || !ev.Timestamp.IsZero() || !errors.As(ev.Err, &pe) {
		t.Errorf("string timestamp: %+v, want the event with its data, no time and an error", ev)
	}
	ev = recvEvent(t, sub)
	if ev.Name != "" || string(ev.Data) != `{"b": 2}` || !errors.As(ev.Err, &pe) {
		t.Errorf("numeric name: %+v, want the data and an error", ev)
	}
	ev = recvEvent(t, sub)
	if want := time.Unix(1700000000, 7000); ev.Name != "FINE" || string(ev.Data) != `[]` || !ev.Timestamp.Equal(want) || ev.Err != nil {
		t.Errorf("well-formed event after bad ones: %+v", ev)
	}
	expectFresh(t, c, p, nil)
}

// TestMalformedReplies: a reply with our id but no usable result fails its
// call at once; the connection goes on.
func TestMalformedReplies(t *testing.T) {
	for _, tc := range []struct{ name, body string }{
		{"error null", `"error": null`},
		{"no member", `"extra": 1`},
		{"error of the wrong type", `"error": "boom"`},
		{"error members of the wrong type", `"error": {"class": 1, "desc": []}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, p := connect(t)
			go func() {
				req := p.recv()
				p.send(`{` + tc.body + `, "id": ` + string(req.ID) + `}`)
			}()
			var err error
			within(t, 3*time.Second, "the call", func() { err = c.Execute(testCtx(t), "x", nil, nil) })
			var pe *ProtocolError
			if !errors.As(err, &pe) || errors.Is(err, ErrDisconnected) {
				t.Fatalf("call = %v, want a protocol error for this call only", err)
			}
			expectFresh(t, c, p, nil)
		})
	}
}
