// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// testServer serves srv on a unix socket in a temporary directory and
// returns the socket's path; the server is closed when the test ends, and
// the test fails if a goroutine of it is left.
func testServer(t *testing.T, srv *Server) string {
	t.Helper()
	before := runtime.NumGoroutine()
	path := filepath.Join(t.TempDir(), "qmp.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve returned %v, want ErrServerClosed", err)
		}
		waitGoroutines(t, before)
	})
	return path
}

// waitGoroutines fails the test unless the number of goroutines falls
// back to n within a few seconds.
func waitGoroutines(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Errorf("%d goroutines left, want %d:\n%s", runtime.NumGoroutine(), n, buf[:runtime.Stack(buf, true)])
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// rawClient speaks to a server byte by byte.
type rawClient struct {
	t *testing.T
	c net.Conn
	r *bufio.Reader
}

func dialRaw(t *testing.T, path string) *rawClient {
	t.Helper()
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawClient{t: t, c: c, r: bufio.NewReader(c)}
}

func (c *rawClient) send(s string) {
	c.t.Helper()
	c.c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.c.Write([]byte(s)); err != nil {
		c.t.Fatalf("send %q: %v", s, err)
	}
}

// line reads one line, without its CRLF, which it requires.
func (c *rawClient) line() string {
	c.t.Helper()
	c.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	s, err := c.r.ReadString('\n')
	if err != nil {
		c.t.Fatalf("reading: %v (got %q)", err, s)
	}
	if !strings.HasSuffix(s, "\r\n") {
		c.t.Fatalf("line %q does not end in CRLF", s)
	}
	return strings.TrimSuffix(s, "\r\n")
}

func (c *rawClient) expect(send, want string) {
	c.t.Helper()
	c.send(send)
	if got := c.line(); got != want {
		c.t.Errorf("sent %s\n got %s\nwant %s", send, got, want)
	}
}

var testVersion = Version{Major: 7, Minor: 2, Micro: 22, Package: "Debian 1:7.2+dfsg-7+deb12u18+b3"}

// echoHandler answers query-status, echoes the arguments of echo, fails
// fail with a typed error and sends nothing for quiet.
func echoHandler(ctx context.Context, req *Request) (any, error) {
	switch req.Command {
	case "query-status":
		return struct {
			Running    bool   `json:"running"`
			Singlestep bool   `json:"singlestep"`
			Status     string `json:"status"`
		}{true, false, "running"}, nil
	case "echo":
		return req.Arguments, nil
	case "fail":
		return nil, &Error{Class: "DeviceNotFound", Desc: "Device 'x' not found"}
	case "oops":
		return nil, errors.New("plain failure")
	case "quiet":
		return nil, ErrNoReply
	case "block":
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return nil, &Error{Class: "CommandNotFound", Desc: fmt.Sprintf("The command %s has not been found", req.Command)}
}

// The exchanges below were checked against Debian's QEMU 7.2.22 on the
// same input: the server answers byte for byte as QEMU does.
func TestServerWireLikeQEMU(t *testing.T) {
	srv := &Server{Handler: HandlerFunc(echoHandler), Version: testVersion, OOB: true,
		AllowOOB: func(c string) bool { return c == "echo" }}
	c := dialRaw(t, testServer(t, srv))
	if got, want := c.line(), `{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}}`; got != want {
		t.Errorf("greeting\n got %s\nwant %s", got, want)
	}
	steps := []struct{ send, want string }{
		{`{"execute":"query-status","id":"x"}`, `{"id": "x", "error": {"class": "CommandNotFound", "desc": "Expecting capabilities negotiation with 'qmp_capabilities'"}}`},
		{`{"execute":"qmp_capabilities","arguments":{"enable":["foo"]}}`, `{"error": {"class": "GenericError", "desc": "Parameter 'null' does not accept value 'foo'"}}`},
		{`{"execute":"qmp_capabilities","arguments":{"enable":["oob"]},"id":[1,{"a":2}]}`, `{"return": {}, "id": [1, {"a": 2}]}`},
		{`{"execute":"qmp_capabilities"}`, `{"error": {"class": "CommandNotFound", "desc": "Capabilities negotiation is already complete, command ignored"}}`},
		{`{"execute":"query-status","id":1}`, `{"return": {"status": "running", "singlestep": false, "running": true}, "id": 1}`},
		{`42 `, `{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}`},
		{`@`, `{"error": {"class": "GenericError", "desc": "JSON parse error, stray '@'"}}`},
		{`{"execute":"nope"}`, `{"error": {"class": "CommandNotFound", "desc": "The command nope has not been found"}}`},
		{`{"exec-oob":"query-status","id":5}`, `{"id": 5, "error": {"class": "GenericError", "desc": "The command query-status does not support OOB"}}`},
		{`{"execute":"query-status","foo":1}`, `{"error": {"class": "GenericError", "desc": "QMP input member 'foo' is unexpected"}}`},
		{`{"execute":"query-status","execute":"stop"}`, `{"error": {"class": "GenericError", "desc": "JSON parse error, duplicate key"}}`},
		{`{"execute":1}`, `{"error": {"class": "GenericError", "desc": "QMP input member 'execute' must be a string"}}`},
		{`[1,2]`, `{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}`},
		{`"str"`, `{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}`},
		{`{"a":}`, `{"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}`},
		{`{"execute":"query-status","arguments":[]}`, `{"error": {"class": "GenericError", "desc": "QMP input member 'arguments' must be an object"}}`},
		{`{"execute":"query-status","exec-oob":"stop"}`, `{"error": {"class": "GenericError", "desc": "QMP input member 'execute' clashes with 'exec-oob'"}}`},
		{`{"id":1}`, `{"id": 1, "error": {"class": "GenericError", "desc": "QMP input lacks member 'execute'"}}`},
		{`}`, `{"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}`},
		{`true `, `{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}`},
		// Not from QEMU: the handler's own replies.
		{`{"execute":"fail","id":"f"}`, `{"id": "f", "error": {"class": "DeviceNotFound", "desc": "Device 'x' not found"}}`},
		{`{"execute":"oops"}`, `{"error": {"class": "GenericError", "desc": "plain failure"}}`},
		{`{"exec-oob":"echo","arguments":{"s":"é<>"},"id":7}`, `{"return": {"s": "\u00E9<>"}, "id": 7}`},
	}
	for _, s := range steps {
		c.expect(s.send, s.want)
	}
	// A command without a success reply sends nothing: the next reply is
	// the next command's.
	c.expect(`{"execute":"quiet"}{"execute":"query-status","id":2}`, `{"return": {"status": "running", "singlestep": false, "running": true}, "id": 2}`)
}

func TestServerTypedClient(t *testing.T) {
	srv := &Server{Handler: HandlerFunc(echoHandler), Version: testVersion, OOB: true,
		AllowOOB: func(c string) bool { return c == "echo" }}
	path := testServer(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Dial(ctx, "unix", path, WithOOB())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Greeting().Version != testVersion || !c.OOBEnabled() {
		t.Errorf("greeting %+v, oob %v", c.Greeting(), c.OOBEnabled())
	}
	var got struct{ S []int }
	if err := c.Execute(ctx, "echo", map[string]any{"s": []int{1, 2}}, &got); err != nil || len(got.S) != 2 {
		t.Errorf("echo: %v %v", got, err)
	}
	if err := c.ExecuteOOB(ctx, "echo", nil, nil); err != nil {
		t.Errorf("echo oob: %v", err)
	}
	var qe *Error
	if err := c.Execute(ctx, "fail", nil, nil); !errors.As(err, &qe) || qe.Class != "DeviceNotFound" {
		t.Errorf("fail: %v", err)
	}
	sub := c.Subscribe(4)
	defer sub.Close()
	// Events reach only negotiated clients: a raw client still in
	// negotiation must see nothing but its greeting and its own reply.
	raw := dialRaw(t, path)
	raw.line()
	if err := srv.Emit("STOP", nil); err != nil {
		t.Fatal(err)
	}
	if err := srv.Emit("DEVICE_DELETED", map[string]string{"device": "d1"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"STOP", "DEVICE_DELETED"} {
		select {
		case ev := <-sub.Events():
			if ev.Name != want || ev.Timestamp.IsZero() {
				t.Errorf("event %+v, want %s with a timestamp", ev, want)
			}
		case <-ctx.Done():
			t.Fatal("no event")
		}
	}
	raw.expect(`{"execute":"query-status"}`, `{"error": {"class": "CommandNotFound", "desc": "Expecting capabilities negotiation with 'qmp_capabilities'"}}`)
}

func TestServerEventFormat(t *testing.T) {
	at := time.Unix(1796116484, 828355000)
	got := string(eventMessage("SHUTDOWN", []byte(`{"guest":false,"reason":"host-qmp-quit"}`), at))
	want := `{"timestamp": {"seconds": 1796116484, "microseconds": 828355}, "event": "SHUTDOWN", "data": {"guest": false, "reason": "host-qmp-quit"}}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestServerAgent(t *testing.T) {
	srv := &Server{Handler: HandlerFunc(echoHandler), Agent: true}
	path := testServer(t, srv)
	// A stale partial request in the channel is dropped by the 0xFF that
	// NewAgent sends first.
	raw := dialRaw(t, path)
	raw.send(`{"execute":"echo","arg`)
	raw.c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	nc, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	nc.Write([]byte(`{"execute":"echo","argu`))
	a, err := NewAgent(ctx, nc)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var st struct{ Status string }
	if err := a.Execute(ctx, "query-status", nil, &st); err != nil || st.Status != "running" {
		t.Errorf("agent call: %+v %v", st, err)
	}
	if err := srv.Emit("X", nil); err == nil {
		t.Error("Emit on an agent server succeeded")
	}
	r := dialRaw(t, path)
	r.send(`{"execute":"guest-sync-delimited","arguments":{"id":12345}}`)
	r.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if b, err := r.r.ReadByte(); err != nil || b != 0xFF {
		t.Fatalf("first byte %x %v, want 0xFF", b, err)
	}
	if got := r.line(); got != `{"return": 12345}` {
		t.Errorf("sync reply %s", got)
	}
}

// Faults: a client sending garbage, one hanging up mid-command, one
// flooding, and one never reading must leave the server serving others,
// and Close must leave no goroutine (testServer checks).
func TestServerFaults(t *testing.T) {
	srv := &Server{Handler: HandlerFunc(echoHandler), Version: testVersion, MaxQueued: 64, MaxMessage: 1 << 10}
	path := testServer(t, srv)

	garbage := dialRaw(t, path)
	garbage.line()
	garbage.send("\x00\x01")
	garbage.send(`{"execute":"` + strings.Repeat("x", 2000) + `"}`)
	garbage.send("{{{{]]]}")
	for range 4 {
		if l := garbage.line(); !strings.Contains(l, `"GenericError"`) {
			t.Errorf("garbage answered with %s", l)
		}
	}
	garbage.expect(`{"execute":"qmp_capabilities"}`, `{"return": {}}`)

	hangup := dialRaw(t, path)
	hangup.line()
	hangup.send(`{"execute":"qmp_capabilities"}{"execute":"block"}{"execute":"query-st`)
	hangup.line()
	hangup.c.Close()

	// A client that negotiates, floods commands and never reads is
	// disconnected once too many replies queue up.
	flood := dialRaw(t, path)
	flood.send(`{"execute":"qmp_capabilities"}`)
	go func() {
		for range 100000 {
			if _, err := flood.c.Write([]byte(`{"execute":"query-status"}`)); err != nil {
				return
			}
		}
	}()
	// Another client still gets answers meanwhile.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Dial(ctx, "unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := range 50 {
		if err := c.Execute(ctx, "query-status", nil, nil); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if err := srv.Emit("TICK", nil); err != nil {
			t.Fatal(err)
		}
	}
	flood.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var err2 error
	for err2 == nil {
		_, err2 = flood.r.ReadString('\n')
	}
	if errors.Is(err2, context.DeadlineExceeded) || strings.Contains(err2.Error(), "timeout") {
		t.Errorf("the flooding client was not disconnected: %v", err2)
	}
}

func TestServerConcurrentClients(t *testing.T) {
	srv := &Server{Handler: HandlerFunc(echoHandler), Version: testVersion}
	path := testServer(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := Dial(ctx, "unix", path)
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			for j := range 100 {
				var got map[string]int
				if err := c.Execute(ctx, "echo", map[string]int{"i": i, "j": j}, &got); err != nil || got["i"] != i || got["j"] != j {
					t.Errorf("client %d call %d: %v %v", i, j, got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestServeConnAndShutdown(t *testing.T) {
	before := runtime.NumGoroutine()
	srv := &Server{Handler: HandlerFunc(echoHandler)}
	a, b := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- srv.ServeConn(a) }()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := New(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	// A command blocked in the handler is cancelled by Close.
	callErr := make(chan error, 1)
	go func() { callErr <- c.Execute(ctx, "block", nil, nil) }()
	time.Sleep(20 * time.Millisecond)
	srv.Close()
	if err := <-done; !errors.Is(err, ErrServerClosed) {
		t.Errorf("ServeConn: %v", err)
	}
	if err := <-callErr; !errors.Is(err, ErrDisconnected) {
		t.Errorf("blocked call: %v, want ErrDisconnected", err)
	}
	c.Close()
	if err := srv.ServeConn(a); !errors.Is(err, ErrServerClosed) {
		t.Errorf("ServeConn after Close: %v", err)
	}
	waitGoroutines(t, before)
}

func TestQEMUJSONFormat(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":[1,2,{"b":"c, d: e"}],"f":null}`: `{"a": [1, 2, {"b": "c, d: e"}], "f": null}`,
		`"\u00e9\ud83d\ude00\u007f\n"`:         `"\u00E9\uD83D\uDE00\u007F\n"`,
		`"é😀"`:                                 `"\u00E9\uD83D\uDE00"`,
		`"\"\\\/"`:                             `"\"\\/"`,
	} {
		if got := string(appendQEMUJSON(nil, []byte(in))); got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
	var v any
	if err := json.Unmarshal(appendQEMUJSON(nil, []byte(`"é😀"`)), &v); err != nil || v != "é😀" {
		t.Errorf("round trip: %v %v", v, err)
	}
}
