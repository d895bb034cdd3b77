// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// agentPeer plays qemu-ga: it reads requests, skipping 0xFF bytes, and
// answers guest-sync-delimited with the delimiter before the reply.
type agentPeer struct{ *fakePeer }

// recv returns the next request and whether a 0xFF byte preceded it.
func (p agentPeer) recv() (fakeRequest, bool) {
	p.t.Helper()
	p.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := p.r.ReadBytes('\n')
	if err != nil {
		p.t.Errorf("agent peer: %v", err)
		return fakeRequest{}, false
	}
	flushed := bytes.HasPrefix(line, []byte{0xFF})
	var req fakeRequest
	if err := json.Unmarshal(bytes.TrimLeft(line, "\xff"), &req); err != nil {
		p.t.Errorf("agent peer: bad request %q: %v", line, err)
	}
	return req, flushed
}

// answerSync answers one guest-sync-delimited request, like qemu-ga does:
// a parse error for the 0xFF byte, then the delimiter and the echo.
func (p agentPeer) answerSync() {
	req, flushed := p.recv()
	if req.Execute != "guest-sync-delimited" || !flushed {
		p.t.Errorf("expected 0xFF + guest-sync-delimited, got %+v (flushed %v)", req, flushed)
	}
	var args struct{ ID json.RawMessage }
	json.Unmarshal(req.Arguments, &args)
	p.send(`{"error": {"class": "GenericError", "desc": "JSON parse error, stray '\uFFFD'"}}`)
	p.send("\xff" + `{"return": ` + string(args.ID) + `, "id": ` + string(req.ID) + `}`)
}

func newAgentPair(t *testing.T) (*Agent, agentPeer) {
	t.Helper()
	client, fp := newPipe(t)
	p := agentPeer{fp}
	go func() {
		// Leftovers of an earlier client, then a partial message, all
		// before the delimiter: to be skipped.
		p.send(`{"return": {"stale": true}, "id": 1}`)
		p.send(`{"return": {"trunc`)
		p.answerSync()
	}()
	a, err := NewAgent(testCtx(t), client)
	if err != nil {
		t.Fatalf("NewAgent: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a, p
}

func TestAgent(t *testing.T) {
	a, p := newAgentPair(t)
	ctx := testCtx(t)
	go func() {
		req, _ := p.recv()
		if req.Execute != "guest-info" {
			t.Errorf("got %+v", req)
		}
		p.reply(req.ID, `{"version": "7.2.0"}`)
		req, _ = p.recv()
		p.send(`{"id": ` + string(req.ID) + `, "error": {"class": "CommandNotFound", "desc": "The command nope has not been found"}}`)
	}()
	var info struct{ Version string }
	if err := a.Execute(ctx, "guest-info", nil, &info); err != nil || info.Version != "7.2.0" {
		t.Fatalf("guest-info = %+v, %v", info, err)
	}
	var qe *Error
	if err := a.Execute(ctx, "nope", nil, nil); !errors.As(err, &qe) || qe.Class != "CommandNotFound" {
		t.Fatalf("nope = %v", err)
	}
	go p.answerSync()
	if err := a.Sync(ctx); err != nil {
		t.Fatalf("Sync: %v", err)
	}
}

// TestAgentStaleSyncReplies: replies to guest-sync-delimited with other
// tokens are left over from earlier clients (an agent's channel outlives
// them); Sync reads on until its own token comes, as the agent protocol
// says, even when a stale reply carries its request id.
func TestAgentStaleSyncReplies(t *testing.T) {
	client, fp := newPipe(t)
	p := agentPeer{fp}
	go func() {
		// What a client with the same first id would have left behind.
		p.send("\xff" + `{"return": 4242, "id": 1}`)
		req, _ := p.recv()
		var args struct{ ID json.RawMessage }
		json.Unmarshal(req.Arguments, &args)
		p.send("\xff" + `{"return": 12345, "id": ` + string(req.ID) + `}`)
		p.send("\xff" + `{"return": ` + string(args.ID) + `, "id": ` + string(req.ID) + `}`)
	}()
	a, err := NewAgent(testCtx(t), client)
	if err != nil {
		t.Fatalf("NewAgent = %v, want it to skip stale sync replies", err)
	}
	a.Close()
}

// TestAgentIDsDiffer: each connection numbers its requests from its own
// unpredictable start, so that replies meant for an earlier client are not
// matched to ours.
func TestAgentIDsDiffer(t *testing.T) {
	var first []string
	for range 2 {
		client, fp := newPipe(t)
		p := agentPeer{fp}
		ids := make(chan string, 1)
		go func() {
			req, _ := p.recv()
			ids <- string(req.ID)
			var args struct{ ID json.RawMessage }
			json.Unmarshal(req.Arguments, &args)
			p.send("\xff" + `{"return": ` + string(args.ID) + `, "id": ` + string(req.ID) + `}`)
		}()
		a, err := NewAgent(testCtx(t), client)
		if err != nil {
			t.Fatal(err)
		}
		a.Close()
		first = append(first, <-ids)
	}
	if first[0] == first[1] {
		t.Errorf("two agents both started at request id %s", first[0])
	}
}

func TestAgentNoResponseAndCancel(t *testing.T) {
	before := runtime.NumGoroutine()
	a, p := newAgentPair(t)
	got := make(chan fakeRequest, 3)
	go func() {
		req, _ := p.recv() // guest-shutdown: no reply
		got <- req
		slow, _ := p.recv() // cancelled by the client
		got <- slow
		next, _ := p.recv()
		got <- next
		p.reply(slow.ID, `"late"`)
		p.reply(next.ID, `"fresh"`)
	}()
	within(t, 2*time.Second, "ExecuteNoResponse", func() {
		if err := a.ExecuteNoResponse(testCtx(t), "guest-shutdown", map[string]string{"mode": "powerdown"}); err != nil {
			t.Error(err)
		}
	})
	if req := <-got; req.Execute != "guest-shutdown" {
		t.Errorf("sent %+v", req)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- a.Execute(ctx, "guest-slow", nil, nil) }()
	<-got
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled call = %v", err)
	}
	var s string
	if err := a.Execute(testCtx(t), "guest-next", nil, &s); err != nil || s != "fresh" {
		t.Fatalf("next = %q, %v", s, err)
	}
	within(t, 2*time.Second, "Close", func() { a.Close() })
	p.conn.Close()
	checkNoGoroutines(t, before)
}

func TestAgentDisconnect(t *testing.T) {
	a, p := newAgentPair(t)
	go func() {
		p.recv()
		p.conn.Close()
	}()
	err := a.Execute(context.Background(), "guest-ping", nil, nil)
	if !errors.Is(err, ErrDisconnected) {
		t.Fatalf("Execute = %v, want ErrDisconnected", err)
	}
}

// TestAgentDefaultLimit: the guest controls what the agent sends, so an
// endless reply ends an Agent's connection at its default limit, well
// below QMP's.
func TestAgentDefaultLimit(t *testing.T) {
	a, p := newAgentPair(t)
	var sent atomic.Int64
	go func() {
		p.recv()
		p.conn.SetWriteDeadline(time.Now().Add(20 * time.Second))
		chunk := []byte(strings.Repeat(`"xxxxxxxxxxxxxxxxxxxxxxxxxxxxx",`, 2048))
		p.conn.Write([]byte(`{"return": [`))
		for {
			n, err := p.conn.Write(chunk)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	}()
	err := a.Execute(testCtx(t), "guest-endless", nil, nil)
	var pe *ProtocolError
	if !errors.Is(err, ErrDisconnected) || !errors.As(err, &pe) {
		t.Fatalf("endless reply = %v, want ErrDisconnected wrapping a protocol error", err)
	}
	if got := sent.Load(); got > DefaultAgentMaxMessageSize+1<<20 || DefaultAgentMaxMessageSize >= DefaultMaxMessageSize {
		t.Errorf("the agent read %d bytes of one reply; its limit %d, QMP's %d", got, DefaultAgentMaxMessageSize, DefaultMaxMessageSize)
	}
}
