// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net"
	"runtime"
	"sync"
	"testing"
	"time"
)

// fakePeer is the server end of an in-process connection: tests script it
// message by message.
type fakePeer struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
	wmu  sync.Mutex
}

// fakeRequest is a request as the peer sees it.
type fakeRequest struct {
	Execute   string          `json:"execute"`
	ExecOOB   string          `json:"exec-oob"`
	Arguments json.RawMessage `json:"arguments"`
	ID        json.RawMessage `json:"id"`
}

const testGreeting = `{"QMP": {"version": {"qemu": {"micro": 3, "minor": 2, "major": 7}, "package": "test-pkg"}, "capabilities": ["oob"]}}`

// newPipe returns a client end and a scripted peer over net.Pipe.
func newPipe(t *testing.T) (net.Conn, *fakePeer) {
	t.Helper()
	client, server := net.Pipe()
	p := &fakePeer{t: t, conn: server, r: bufio.NewReader(server)}
	t.Cleanup(func() { server.Close(); client.Close() })
	return client, p
}

// send writes one raw message line; errors are ignored because some tests
// close the client while the peer writes.
func (p *fakePeer) send(line string) {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	p.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	p.conn.Write([]byte(line + "\r\n"))
}

func (p *fakePeer) reply(id json.RawMessage, ret string) {
	p.send(`{"return": ` + ret + `, "id": ` + string(id) + `}`)
}

// recv reads one request line.
func (p *fakePeer) recv() fakeRequest {
	p.t.Helper()
	p.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := p.r.ReadBytes('\n')
	if err != nil {
		p.t.Errorf("peer: reading request: %v", err)
		return fakeRequest{}
	}
	var req fakeRequest
	if err := json.Unmarshal(line, &req); err != nil {
		p.t.Errorf("peer: bad request %q: %v", line, err)
	}
	return req
}

// handshake plays the server side of greeting and negotiation and returns
// the qmp_capabilities request.
func (p *fakePeer) handshake(greeting string) fakeRequest {
	p.send(greeting)
	req := p.recv()
	if req.Execute != "qmp_capabilities" {
		p.t.Errorf("first command = %q, want qmp_capabilities", req.Execute)
	}
	p.reply(req.ID, "{}")
	return req
}

// connect returns a negotiated Conn talking to a fresh peer.
func connect(t *testing.T, opts ...Option) (*Conn, *fakePeer) {
	t.Helper()
	client, p := newPipe(t)
	go p.handshake(testGreeting)
	c, err := New(testCtx(t), client, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c, p
}

// testCtx bounds a test's waits so that a bug fails the test instead of
// hanging it.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// checkNoGoroutines waits briefly for the goroutine count to come back to
// before and fails with a dump otherwise.
func checkNoGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			n := runtime.Stack(buf, true)
			t.Fatalf("%d goroutines left, want %d:\n%s", runtime.NumGoroutine(), before, buf[:n])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// within fails the test if fn takes longer than d.
func within(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not finish within %v", what, d)
	}
}

// expectCanceled waits for a call's result on errc and fails unless it is
// context.Canceled, returned promptly.
func expectCanceled(t *testing.T, errc <-chan error) {
	t.Helper()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled call = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("cancelled call did not return")
	}
}

// expectFresh makes one more call and fails unless it gets its own reply.
// before runs on the peer's side after it read the request and before it
// answers (to send replies nobody waits for any more, say); it may be nil.
func expectFresh(t *testing.T, c *Conn, p *fakePeer, before func()) {
	t.Helper()
	go func() {
		next := p.recv()
		if before != nil {
			before()
		}
		p.reply(next.ID, `"fresh"`)
	}()
	var got string
	if err := c.Execute(testCtx(t), "next", nil, &got); err != nil || got != "fresh" {
		t.Fatalf("next call = %q, %v; want \"fresh\"", got, err)
	}
}
