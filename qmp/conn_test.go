// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestGreetingAndNegotiation(t *testing.T) {
	client, p := newPipe(t)
	capReq := make(chan fakeRequest, 1)
	go func() { capReq <- p.handshake(testGreeting) }()
	c, err := New(testCtx(t), client)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	g := c.Greeting()
	want := Version{Major: 7, Minor: 2, Micro: 3, Package: "test-pkg"}
	if g.Version != want || len(g.Capabilities) != 1 || g.Capabilities[0] != "oob" {
		t.Errorf("greeting = %+v, want version %+v and capabilities [oob]", g, want)
	}
	if g.Version.String() != "7.2.3" {
		t.Errorf("Version.String() = %q", g.Version.String())
	}
	if req := <-capReq; req.Arguments != nil {
		t.Errorf("qmp_capabilities sent arguments %s without WithOOB", req.Arguments)
	}
	if c.OOBEnabled() {
		t.Error("OOBEnabled without WithOOB")
	}
	if err := c.ExecuteOOB(testCtx(t), "x", nil, nil); !errors.Is(err, ErrOOBNotEnabled) {
		t.Errorf("ExecuteOOB without oob: %v, want ErrOOBNotEnabled", err)
	}
}

func TestNegotiationFailure(t *testing.T) {
	client, p := newPipe(t)
	go func() {
		p.send(testGreeting)
		req := p.recv()
		p.send(`{"error": {"class": "GenericError", "desc": "nope"}, "id": ` + string(req.ID) + `}`)
	}()
	_, err := New(testCtx(t), client)
	var qe *Error
	if !errors.As(err, &qe) || qe.Command != "qmp_capabilities" {
		t.Fatalf("New = %v, want *Error for qmp_capabilities", err)
	}
}

func TestOOB(t *testing.T) {
	t.Run("offered", func(t *testing.T) {
		client, p := newPipe(t)
		capReq := make(chan fakeRequest, 1)
		go func() {
			capReq <- p.handshake(testGreeting)
			req := p.recv()
			if req.ExecOOB != "migrate-pause" || req.Execute != "" {
				t.Errorf("request = %+v, want exec-oob migrate-pause", req)
			}
			p.reply(req.ID, `{}`)
		}()
		c, err := New(testCtx(t), client, WithOOB())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if got := string((<-capReq).Arguments); got != `{"enable":["oob"]}` {
			t.Errorf("qmp_capabilities arguments = %s", got)
		}
		if !c.OOBEnabled() {
			t.Fatal("OOBEnabled = false")
		}
		if err := c.ExecuteOOB(testCtx(t), "migrate-pause", nil, nil); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("not offered", func(t *testing.T) {
		client, p := newPipe(t)
		capReq := make(chan fakeRequest, 1)
		go func() {
			capReq <- p.handshake(`{"QMP": {"version": {"qemu": {"micro": 0, "minor": 0, "major": 2}, "package": ""}, "capabilities": []}}`)
		}()
		c, err := New(testCtx(t), client, WithOOB())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if req := <-capReq; req.Arguments != nil {
			t.Errorf("enabled a capability that was not offered: %s", req.Arguments)
		}
		if c.OOBEnabled() {
			t.Error("OOBEnabled = true")
		}
	})
}

// TestConcurrentCallers checks that replies are matched by id: the peer
// collects 64 requests and answers them in a random order.
func TestConcurrentCallers(t *testing.T) {
	c, p := connect(t)
	const n = 64
	go func() {
		reqs := make([]fakeRequest, n)
		for i := range reqs {
			reqs[i] = p.recv()
		}
		rand.Shuffle(n, func(i, j int) { reqs[i], reqs[j] = reqs[j], reqs[i] })
		for _, req := range reqs {
			// Echo the argument so each caller can check it got its own.
			p.reply(req.ID, string(req.Arguments))
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var got struct{ N int }
			if err := c.Execute(testCtx(t), "echo", map[string]int{"n": i}, &got); err != nil {
				errs <- err
				return
			}
			if got.N != i {
				errs <- fmt.Errorf("caller %d got reply %d", i, got.N)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestCancelledContext(t *testing.T) {
	c, p := connect(t)
	first := make(chan fakeRequest, 1)
	go func() { first <- p.recv() }()

	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- c.Execute(ctx, "slow", nil, nil) }()
	slow := <-first // the request is out; its reply is not
	cancel()
	expectCanceled(t, errc)

	// The late reply must be discarded, not handed to the next caller.
	expectFresh(t, c, p, func() { p.reply(slow.ID, `"late"`) })

	// An already cancelled context does not send anything.
	if err := c.Execute(ctx, "never", nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Execute with a done context = %v", err)
	}
}

func TestMalformedMessage(t *testing.T) {
	for _, tc := range []struct{ name, line string }{
		{"bad json", `{"return": , "id": 1}`},
		{"not an object", `hello`},
		{"truncated literal", `{"return": tru, "id": 1}`},
		{"trailing comma", `{"return": {"a": 1,}, "id": 1}`},
		{"bad escape", `{"return": "\q", "id": 1}`},
		{"control character", "{\"return\": \"a\tb\", \"id\": 1}"},
		{"bad number", `{"return": 01, "id": 1}`},
		{"nested too deep", `{"return": ` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + `}`},
		{"stray 0xFF", "\xff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, p := connect(t)
			go func() {
				p.recv()
				p.send(tc.line)
			}()
			var err error
			within(t, 3*time.Second, "Execute", func() { err = c.Execute(testCtx(t), "x", nil, nil) })
			var pe *ProtocolError
			if !errors.Is(err, ErrDisconnected) || !errors.As(err, &pe) {
				t.Fatalf("Execute = %v, want ErrDisconnected wrapping *ProtocolError", err)
			}
			if !errors.Is(c.Err(), ErrDisconnected) {
				t.Errorf("Err() = %v", c.Err())
			}
			if err := c.Execute(testCtx(t), "y", nil, nil); !errors.Is(err, ErrDisconnected) {
				t.Errorf("Execute after failure = %v", err)
			}
		})
	}
}

func TestLargeReply(t *testing.T) {
	c, p := connect(t)
	big := strings.Repeat("a{\\\"}[", (4<<20)/6+1) // 4 MiB, with characters the framer must skip
	go func() {
		req := p.recv()
		p.reply(req.ID, `{"blob": "`+big+`"}`)
	}()
	var got struct{ Blob string }
	if err := c.Execute(testCtx(t), "big", nil, &got); err != nil {
		t.Fatal(err)
	}
	want := strings.ReplaceAll(big, `\"`, `"`)
	if got.Blob != want {
		t.Fatalf("blob of %d bytes, want %d", len(got.Blob), len(want))
	}
}

func TestLargeArguments(t *testing.T) {
	c, p := connect(t)
	big := strings.Repeat("x", 4<<20)
	go func() {
		req := p.recv()
		p.reply(req.ID, fmt.Sprint(len(req.Arguments)))
	}()
	var n int
	if err := c.Execute(testCtx(t), "big", map[string]string{"s": big}, &n); err != nil {
		t.Fatal(err)
	}
	if n != len(big)+len(`{"s":""}`) {
		t.Errorf("peer received %d bytes of arguments", n)
	}
}

func TestEventBeforeNegotiationReply(t *testing.T) {
	client, p := newPipe(t)
	go func() {
		p.send(testGreeting)
		req := p.recv()
		p.send(`{"timestamp": {"seconds": 1700000000, "microseconds": 250000}, "event": "EARLY", "data": {"n": 1}}`)
		p.reply(req.ID, "{}")
		p.send(`{"event": "LATER", "timestamp": {"seconds": -1, "microseconds": -1}}`)
	}()
	c, err := New(testCtx(t), client)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sub := c.Subscribe(0)
	ev := recvEvent(t, sub)
	if ev.Name != "EARLY" || string(ev.Data) != `{"n": 1}` || !ev.Timestamp.Equal(time.Unix(1700000000, 250000000)) {
		t.Errorf("first event = %+v", ev)
	}
	ev = recvEvent(t, sub)
	if ev.Name != "LATER" || ev.Data != nil || !ev.Timestamp.IsZero() {
		t.Errorf("second event = %+v", ev)
	}
}

func recvEvent(t *testing.T, sub *Subscription) Event {
	t.Helper()
	select {
	case ev, ok := <-sub.Events():
		if !ok {
			t.Fatal("subscription closed")
		}
		return ev
	case <-time.After(3 * time.Second):
		t.Fatal("no event")
	}
	return Event{}
}

// TestEventBackPressure checks the policy: a subscriber that does not read
// holds neither replies nor other subscribers back, and loses nothing.
func TestEventBackPressure(t *testing.T) {
	c, p := connect(t)
	idle := c.Subscribe(0)
	busy := c.Subscribe(1)
	const n = 2000
	go func() {
		for i := range n {
			p.send(fmt.Sprintf(`{"event": "TICK", "data": {"i": %d}, "timestamp": {"seconds": 1, "microseconds": 0}}`, i))
		}
		req := p.recv()
		p.reply(req.ID, `"after events"`)
	}()
	var got string
	if err := c.Execute(testCtx(t), "ping", nil, &got); err != nil || got != "after events" {
		t.Fatalf("Execute while a subscriber is idle = %q, %v", got, err)
	}
	for _, sub := range []*Subscription{busy, idle} {
		for i := range n {
			ev := recvEvent(t, sub)
			var d struct{ I int }
			if err := json.Unmarshal(ev.Data, &d); err != nil || d.I != i {
				t.Fatalf("event %d: %s (%v)", i, ev.Data, err)
			}
		}
	}
}

func TestSubscriptionLifecycle(t *testing.T) {
	c, p := connect(t)
	closed := c.Subscribe(4)
	closed.Close()
	closed.Close() // idempotent
	if _, ok := <-closed.Events(); ok {
		t.Error("closed subscription delivered an event")
	}
	sub := c.Subscribe(0)
	p.send(`{"event": "A"}`)
	p.send(`{"event": "B"}`)
	// Make sure both events were routed before the peer goes away.
	go func() {
		req := p.recv()
		p.reply(req.ID, "{}")
		p.conn.Close()
	}()
	if err := c.Execute(testCtx(t), "sync", nil, nil); err != nil {
		t.Fatal(err)
	}
	<-c.Done()
	// Queued events are still delivered after the connection ended, then
	// the channel closes.
	var names []string
	for ev := range sub.Events() {
		names = append(names, ev.Name)
	}
	if strings.Join(names, ",") != "A,B" {
		t.Errorf("events after disconnect = %v", names)
	}
	late := c.Subscribe(0)
	if _, ok := <-late.Events(); ok {
		t.Error("subscription on an ended connection delivered an event")
	}
}

func TestTypedError(t *testing.T) {
	c, p := connect(t)
	go func() {
		req := p.recv()
		p.send(`{"id": ` + string(req.ID) + `, "error": {"class": "DeviceNotFound", "desc": "Device 'x' not found"}}`)
		req = p.recv()
		p.reply(req.ID, `{"ok": true}`)
	}()
	err := c.Execute(testCtx(t), "device_del", map[string]string{"id": "x"}, nil)
	var qe *Error
	if !errors.As(err, &qe) {
		t.Fatalf("Execute = %v, want *Error", err)
	}
	want := Error{Class: "DeviceNotFound", Desc: "Device 'x' not found", Command: "device_del"}
	if *qe != want {
		t.Errorf("error = %+v, want %+v", *qe, want)
	}
	if errors.Is(err, ErrDisconnected) {
		t.Error("an error reply matched ErrDisconnected")
	}
	if err.Error() != "qmp: device_del: DeviceNotFound: Device 'x' not found" {
		t.Errorf("Error() = %q", err.Error())
	}
	// The connection stays usable.
	if err := c.Execute(testCtx(t), "after", nil, nil); err != nil {
		t.Errorf("Execute after an error reply: %v", err)
	}
}

// strictResult records what DecodeQMP was given.
type strictResult struct{ raw string }

func (r *strictResult) DecodeQMP(data []byte) error {
	r.raw = string(data)
	if !strings.Contains(r.raw, "known") {
		return errors.New("unknown member")
	}
	return nil
}

func TestResultDecoding(t *testing.T) {
	c, p := connect(t)
	go func() {
		for _, ret := range []string{`{"known": 1}`, `{"other": 2}`, `[1, 2]`, `{"a": "b"}`, `"str"`} {
			req := p.recv()
			p.reply(req.ID, ret)
		}
	}()
	ctx := testCtx(t)
	var sr strictResult
	if err := c.Execute(ctx, "a", nil, &sr); err != nil || sr.raw != `{"known": 1}` {
		t.Errorf("Decoder got %q, %v", sr.raw, err)
	}
	if err := c.Execute(ctx, "b", nil, &sr); err == nil || !strings.Contains(err.Error(), "unknown member") {
		t.Errorf("Decoder error not returned: %v", err)
	}
	var raw json.RawMessage
	if err := c.Execute(ctx, "c", json.RawMessage(`{"x": [1]}`), &raw); err != nil || string(raw) != `[1, 2]` {
		t.Errorf("raw result = %s, %v", raw, err)
	}
	ret, err := c.ExecuteRaw(ctx, "d", nil)
	if err != nil || string(ret) != `{"a": "b"}` {
		t.Errorf("ExecuteRaw = %s, %v", ret, err)
	}
	var wrong int
	if err := c.Execute(ctx, "e", nil, &wrong); err == nil {
		t.Error("decoding a string into an int succeeded")
	}
}

func TestArguments(t *testing.T) {
	c, p := connect(t)
	got := make(chan fakeRequest, 3)
	go func() {
		for range 3 {
			req := p.recv()
			got <- req
			p.reply(req.ID, "{}")
		}
	}()
	ctx := testCtx(t)
	type args struct {
		Device string `json:"device"`
	}
	var nilArgs *args
	for _, tc := range []struct {
		args any
		want string
	}{
		{args{Device: "<d>"}, `{"device":"\u003cd\u003e"}`},
		{nilArgs, ``},
		{json.RawMessage(`{"raw": true}`), `{"raw":true}`},
	} {
		if err := c.Execute(ctx, "cmd", tc.args, nil); err != nil {
			t.Fatal(err)
		}
		if req := <-got; string(req.Arguments) != tc.want {
			t.Errorf("arguments %#v sent as %s, want %s", tc.args, req.Arguments, tc.want)
		}
	}
	if err := c.Execute(ctx, "cmd", []int{1}, nil); err == nil || errors.Is(err, ErrDisconnected) {
		t.Errorf("non-object arguments: %v", err)
	}
	if err := c.Execute(ctx, "cmd", make(chan int), nil); err == nil {
		t.Error("unencodable arguments accepted")
	}
}

func TestExecuteNoResponse(t *testing.T) {
	c, p := connect(t)
	reqs := make(chan fakeRequest, 2)
	go func() {
		req := p.recv()
		reqs <- req
		// An error reply to a no-response command must be ignored.
		p.send(`{"error": {"class": "GenericError", "desc": "x"}, "id": ` + string(req.ID) + `}`)
		req = p.recv()
		reqs <- req
		p.reply(req.ID, `"ok"`)
	}()
	within(t, 2*time.Second, "ExecuteNoResponse", func() {
		if err := c.ExecuteNoResponse(testCtx(t), "guest-shutdown", map[string]string{"mode": "halt"}); err != nil {
			t.Error(err)
		}
	})
	if req := <-reqs; req.Execute != "guest-shutdown" || string(req.Arguments) != `{"mode":"halt"}` {
		t.Errorf("sent %+v", req)
	}
	var s string
	if err := c.Execute(testCtx(t), "next", nil, &s); err != nil || s != "ok" {
		t.Errorf("next = %q, %v", s, err)
	}
}

func TestCloseLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	c, p := func() (*Conn, *fakePeer) {
		client, p := newPipe(t)
		go p.handshake(testGreeting)
		c, err := New(testCtx(t), client)
		if err != nil {
			t.Fatal(err)
		}
		return c, p
	}()
	unread := c.Subscribe(0)
	c.Subscribe(8)
	p.send(`{"event": "X"}`)
	p.send(`{"event": "Y"}`)
	go p.recv()
	pending := make(chan error, 1)
	go func() { pending <- c.Execute(context.Background(), "hang", nil, nil) }()
	time.Sleep(50 * time.Millisecond)
	within(t, 3*time.Second, "Close", func() { c.Close() })
	if err := <-pending; !errors.Is(err, ErrClosed) {
		t.Errorf("pending call after Close = %v, want ErrClosed", err)
	}
	if err := c.Execute(testCtx(t), "after", nil, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("call after Close = %v, want ErrClosed", err)
	}
	p.conn.Close()
	// The unread subscription holds events; Close must still release its
	// goroutine, discarding them.
	checkNoGoroutines(t, before)
	if _, ok := <-unread.Events(); ok {
		t.Error("subscription still delivering after Close")
	}
}

func TestNewCancelled(t *testing.T) {
	before := runtime.NumGoroutine()
	client, p := newPipe(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var err error
	within(t, 2*time.Second, "New without greeting", func() { _, err = New(ctx, client) })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("New = %v, want DeadlineExceeded", err)
	}
	p.conn.Close()
	checkNoGoroutines(t, before)
}

func TestNewPeerGone(t *testing.T) {
	client, p := newPipe(t)
	p.conn.Close()
	_, err := New(testCtx(t), client)
	if !errors.Is(err, ErrDisconnected) {
		t.Errorf("New = %v, want ErrDisconnected", err)
	}
}

func TestFilesUnsupported(t *testing.T) {
	c, p := connect(t)
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := c.ExecuteWithFiles(testCtx(t), "getfd", nil, nil, f); !errors.Is(err, ErrFilesUnsupported) {
		t.Errorf("ExecuteWithFiles over a pipe = %v, want ErrFilesUnsupported", err)
	}
	// Nothing was written: the connection is intact.
	go func() {
		req := p.recv()
		p.reply(req.ID, `"ok"`)
	}()
	var s string
	if err := c.Execute(testCtx(t), "next", nil, &s); err != nil || s != "ok" {
		t.Errorf("next = %q, %v", s, err)
	}
}
