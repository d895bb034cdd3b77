// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bytes"
	"context"
	"errors"
	"github.com/qapi-gen/qapi-gen/internal/syncbuf"
	"net"
	"strings"
	"testing"
	"time"
)

// recordSession runs a scripted client session against srv through
// Record and returns the transcript's text.
func recordSession(t *testing.T, srv *Server, script func(ctx context.Context, c *Conn)) string {
	t.Helper()
	path := testServer(t, srv)
	nc, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	var buf syncbuf.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := New(ctx, Record(nc, &buf))
	if err != nil {
		t.Fatal(err)
	}
	script(ctx, c)
	c.Close()
	return buf.String()
}

// replay serves tr once and returns a client connected to it.
func replay(t *testing.T, r *Replayer) (*Conn, chan error) {
	t.Helper()
	a, b := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- r.ServeConn(a) }()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := New(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	return c, done
}

func TestRecordAndReplay(t *testing.T) {
	srv := &Server{Handler: HandlerFunc(echoHandler), Version: testVersion}
	script := func(ctx context.Context, c *Conn) {
		sub := c.Subscribe(8)
		defer sub.Close()
		var st struct{ Status string }
		if err := c.Execute(ctx, "query-status", nil, &st); err != nil || st.Status != "running" {
			t.Errorf("query-status: %+v %v", st, err)
		}
		srv.Emit("STOP", nil)
		select {
		case ev := <-sub.Events():
			if ev.Name != "STOP" {
				t.Errorf("event %s", ev.Name)
			}
		case <-ctx.Done():
			t.Error("no event")
		}
		var qe *Error
		if err := c.Execute(ctx, "fail", map[string]string{"device": "x"}, nil); !errors.As(err, &qe) || qe.Class != "DeviceNotFound" {
			t.Errorf("fail: %v", err)
		}
		var echo map[string]string
		if err := c.Execute(ctx, "echo", map[string]string{"k": "v"}, &echo); err != nil || echo["k"] != "v" {
			t.Errorf("echo: %v %v", echo, err)
		}
	}
	text := recordSession(t, srv, script)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("transcript:\n%s", text)
		}
	})
	tr, err := ReadTranscript(strings.NewReader(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	var clients, servers int
	for _, e := range tr.Entries {
		if e.FromClient {
			clients++
		} else {
			servers++
		}
	}
	// greeting, 4 replies (qmp_capabilities included) and one event.
	if clients != 4 || servers != 6 {
		t.Fatalf("transcript has %d client and %d server messages, want 4 and 6:\n%s", clients, servers, text)
	}
	var back bytes.Buffer
	tr.WriteTo(&back)
	if tr2, err := ReadTranscript(&back); err != nil || len(tr2.Entries) != len(tr.Entries) {
		t.Errorf("the transcript does not read back: %v", err)
	}

	// The same script against the replay: same answers, no mismatch.
	r := &Replayer{Transcript: tr, OnMismatch: func(err error) { t.Error(err) }}
	c, done := replay(t, r)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub := c.Subscribe(8)
	var st struct{ Status string }
	if err := c.Execute(ctx, "query-status", nil, &st); err != nil || st.Status != "running" {
		t.Errorf("replayed query-status: %+v %v", st, err)
	}
	select {
	case ev := <-sub.Events():
		if ev.Name != "STOP" {
			t.Errorf("replayed event %s", ev.Name)
		}
	case <-ctx.Done():
		t.Error("no replayed event")
	}
	sub.Close()
	var qe *Error
	if err := c.Execute(ctx, "fail", map[string]string{"device": "x"}, nil); !errors.As(err, &qe) || qe.Class != "DeviceNotFound" {
		t.Errorf("replayed fail: %v", err)
	}
	var echo map[string]string
	if err := c.Execute(ctx, "echo", map[string]string{"k": "v"}, &echo); err != nil || echo["k"] != "v" {
		t.Errorf("replayed echo: %v %v", echo, err)
	}
	c.Close()
	if err := <-done; err != nil {
		t.Errorf("replay: %v", err)
	}
}

func TestReplayMismatch(t *testing.T) {
	tr, err := ReadTranscript(strings.NewReader(transcriptHeader + `
S 0 {"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ""}, "capabilities": []}}
C 0.1 {"execute":"qmp_capabilities","id":1}
S 0.2 {"return": {}, "id": 1}
C 0.3 {"execute":"stop","id":2}
S 0.4 {"timestamp": {"seconds": 1, "microseconds": 2}, "event": "STOP"}
S 0.5 {"return": {}, "id": 2}
C 0.6 {"execute":"cont","id":3}
S 0.7 {"return": {}, "id": 3}
`))
	if err != nil {
		t.Fatal(err)
	}
	var reported []error
	r := &Replayer{Transcript: tr, OnMismatch: func(err error) { reported = append(reported, err) }}
	c, done := replay(t, r)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Arguments the transcript does not have: a mismatch, answered with an
	// error, and the transcript waits for the right request.
	if err := c.Execute(ctx, "stop", map[string]bool{"now": true}, nil); err == nil {
		t.Error("a mismatching request succeeded")
	}
	if err := c.Execute(ctx, "stop", nil, nil); err != nil {
		t.Errorf("the expected request after a mismatch: %v", err)
	}
	c.Close()
	err = <-done
	var me *MismatchError
	if !errors.As(err, &me) || me.Index != 2 || !strings.Contains(me.Error(), `"now":true`) || !strings.Contains(me.Error(), `want: {"execute":"stop","id":2}`) {
		t.Errorf("Err = %v, want the mismatch of request 2 with both messages", err)
	}
	if len(reported) != 1 {
		t.Errorf("OnMismatch called %d times, want 1", len(reported))
	}
	// The client left before sending cont: reported once the mismatch is
	// out of the way.
	r.first = nil
	if err := r.Err(); err == nil || !strings.Contains(err.Error(), "last 1 requests") {
		t.Errorf("Err after the mismatch = %v", err)
	}
}

func TestReadTranscriptErrors(t *testing.T) {
	for _, in := range []string{
		"X 0 {}",
		"S zero {}",
		"S -1 {}",
		`C 0 {"a":`,
		"S 0",
	} {
		_, err := ReadTranscript(strings.NewReader("# c\n" + in + "\n"))
		if err == nil || !strings.HasPrefix(err.Error(), "transcript:2: ") {
			t.Errorf("%q: err = %v, want an error at line 2", in, err)
		}
	}
}

func TestSplitter(t *testing.T) {
	var got []string
	var s splitter
	emit := func(msg []byte, delim bool) {
		if delim {
			got = append(got, "<FF>")
			return
		}
		got = append(got, string(msg))
	}
	in := "{\"a\": \"}{\\\"\"}\r\n{\"b\":\n [1,\n 2]}\xff{\"c\":1} 42 \"s\" "
	for i := 0; i < len(in); i += 3 {
		s.push([]byte(in[i:min(i+3, len(in))]), emit)
	}
	want := []string{`{"a": "}{\""}`, `{"b":[1,2]}`, "<FF>", `{"c":1}`, "42", `"s"`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
