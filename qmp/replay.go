// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"reflect"
	"sync"
)

// Replayer plays the server's part of a [Transcript] to a client: it sends
// what the server sent, and expects the client to send what the client
// sent, in the same order. Requests are compared as JSON values without
// their "id", and the ids in replayed replies are those the client used,
// so a client under test need not number its requests as the recorded one
// did. Events and replies go out at the point of the transcript where they
// were recorded, which keeps the interleaving a real QEMU produced.
//
// A request that does not match is answered with a GenericError reply and
// reported, with both messages, by OnMismatch and by [Replayer.Err]; the
// transcript does not advance, so one wrong request does not throw every
// later one off.
type Replayer struct {
	Transcript *Transcript
	// Agent reads the client as a guest agent client (0xFF bytes drop
	// partial input).
	Agent bool
	// OnMismatch, if set, is called for each request that does not match
	// (a test passes t.Error).
	OnMismatch func(error)

	mu    sync.Mutex
	first error // the first mismatch
	next  int   // index of the next entry to play
}

// MismatchError describes a request that does not match the transcript.
type MismatchError struct {
	// Index is the request's position among the client's messages of the
	// transcript, from 1.
	Index int
	// Want is the request the transcript expects (nil: none is left), Got
	// the one the client sent.
	Want, Got json.RawMessage
}

func (e *MismatchError) Error() string {
	if e.Want == nil {
		return fmt.Sprintf("replay: request %d is past the end of the transcript:\n  got:  %s", e.Index, e.Got)
	}
	return fmt.Sprintf("replay: request %d does not match the transcript:\n  want: %s\n  got:  %s", e.Index, e.Want, e.Got)
}

// Serve accepts one connection on l, replays the transcript to it and
// closes l; see ServeConn.
func (r *Replayer) Serve(l net.Listener) error {
	defer l.Close()
	c, err := l.Accept()
	if err != nil {
		return err
	}
	return r.ServeConn(c)
}

// ServeConn replays the transcript to the client on rwc until the client
// hangs up, then closes rwc. It returns [Replayer.Err].
func (r *Replayer) ServeConn(rwc io.ReadWriteCloser) error {
	defer rwc.Close()
	ids := map[string]json.RawMessage{} // recorded request id -> the client's
	var out bytes.Buffer
	// What the server sent before the client's first message (the
	// greeting) goes out at once.
	if err := r.flush(rwc, &out, ids); err != nil {
		return err
	}
	sc := newValueScanner(rwc, 64<<20, r.Agent)
	requests := 0
	for {
		u, err := sc.next()
		if err != nil {
			break
		}
		if u.reset {
			r.skipClientDelimiter()
			continue
		}
		got := u.value
		if got == nil {
			got = []byte{u.stray}
		}
		requests++
		want, ok := r.expect(got, requests)
		if !ok {
			var clientID json.RawMessage
			if members, err := objectMembers(got); err == nil {
				for _, m := range members {
					if m.key == "id" {
						clientID = m.value
					}
				}
			}
			out.Write(errorReply(clientID, "GenericError", "the request does not match the replayed transcript"))
			out.WriteString("\r\n")
			if _, err := rwc.Write(out.Bytes()); err != nil {
				break
			}
			out.Reset()
			continue
		}
		if rid, ok := memberValue(want, "id"); ok {
			if cid, ok := memberValue(got, "id"); ok {
				ids[string(rid)] = cid
			}
		}
		if err := r.flush(rwc, &out, ids); err != nil {
			break
		}
	}
	return r.Err()
}

// Err returns the first mismatch seen, or an error naming the requests of
// the transcript that the client never sent; nil if the client sent
// exactly the transcript's requests.
func (r *Replayer) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.first != nil {
		return r.first
	}
	left := 0
	for _, e := range r.Transcript.Entries[r.next:] {
		if e.FromClient && !e.Delimiter {
			left++
		}
	}
	if left > 0 {
		return fmt.Errorf("replay: the client did not send the last %d requests of the transcript", left)
	}
	return nil
}

// expect compares the client's message with the next one of the
// transcript and advances past it when they match.
func (r *Replayer) expect(got []byte, index int) (json.RawMessage, bool) {
	r.mu.Lock()
	var want json.RawMessage
	for r.next < len(r.Transcript.Entries) {
		e := r.Transcript.Entries[r.next]
		if e.FromClient && !e.Delimiter {
			want = e.Msg
			break
		}
		r.next++ // a client delimiter the client did not send: harmless
	}
	if want != nil && sameRequest(want, got) {
		r.next++
		r.mu.Unlock()
		return want, true
	}
	err := &MismatchError{Index: index, Want: want, Got: append(json.RawMessage(nil), got...)}
	if r.first == nil {
		r.first = err
	}
	r.mu.Unlock()
	if r.OnMismatch != nil {
		r.OnMismatch(err)
	}
	return nil, false
}

// skipClientDelimiter passes a recorded client 0xFF when the client sent
// one.
func (r *Replayer) skipClientDelimiter() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.next < len(r.Transcript.Entries) {
		if e := r.Transcript.Entries[r.next]; e.FromClient && e.Delimiter {
			r.next++
		}
	}
}

// flush sends the server's entries up to the client's next message,
// putting the client's ids into replies.
func (r *Replayer) flush(w io.Writer, out *bytes.Buffer, ids map[string]json.RawMessage) error {
	r.mu.Lock()
	for r.next < len(r.Transcript.Entries) {
		e := r.Transcript.Entries[r.next]
		if e.FromClient {
			break
		}
		r.next++
		if e.Delimiter {
			out.WriteByte(delimiter)
			continue
		}
		msg := []byte(e.Msg)
		if rid, ok := memberValue(msg, "id"); ok {
			if cid, ok := ids[string(rid)]; ok {
				msg = replaceID(msg, cid)
			}
		}
		out.Write(msg)
		out.WriteString("\r\n")
	}
	r.mu.Unlock()
	_, err := w.Write(out.Bytes())
	out.Reset()
	return err
}

// sameRequest reports whether two requests are equal as JSON values once
// their "id" members are left out.
func sameRequest(a, b []byte) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return bytes.Equal(a, b)
	}
	for _, v := range []any{va, vb} {
		if m, ok := v.(map[string]any); ok {
			delete(m, "id")
		}
	}
	return reflect.DeepEqual(va, vb)
}

// memberValue returns the value of a top-level member of a JSON object.
func memberValue(msg []byte, key string) (json.RawMessage, bool) {
	members, err := objectMembers(msg)
	if err != nil {
		return nil, false
	}
	for _, m := range members {
		if m.key == key {
			return m.value, true
		}
	}
	return nil, false
}

// replaceID returns msg with its "id" member set to id, formatted as QEMU
// prints a reply.
func replaceID(msg []byte, id json.RawMessage) []byte {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(msg, &m); err != nil {
		return msg
	}
	m["id"] = id
	b, err := json.Marshal(m)
	if err != nil {
		return msg
	}
	return appendQEMUJSON(nil, b)
}

// ErrNoRecordedReply is returned by the handler of [TranscriptHandler]
// for a request the transcript has no reply to.
var ErrNoRecordedReply = errors.New("qmp: the transcript has no reply to this request")

// TranscriptHandler returns a [Handler] that answers each request with the
// reply a transcript recorded for an equal request (the same command and
// arguments), wherever in the transcript it is: for a fake that serves
// several clients, or clients that do not follow the recorded order, as
// [Replayer] requires. A request recorded several times gets the recorded
// replies in turn, the last one again once they are used up. A request the
// transcript lacks gets ErrNoRecordedReply, so that the handler can be
// chained with another. Events are not replayed.
func TranscriptHandler(tr *Transcript) Handler {
	type recorded struct {
		request json.RawMessage
		replies []json.RawMessage
		next    int
	}
	var all []*recorded
	byID := map[string]*recorded{}
	for _, e := range tr.Entries {
		if e.Delimiter {
			continue
		}
		id, hasID := memberValue(e.Msg, "id")
		switch {
		case e.FromClient:
			r := &recorded{request: e.Msg}
			all = append(all, r)
			if hasID {
				byID[string(id)] = r
			}
		case hasID:
			if r := byID[string(id)]; r != nil {
				r.replies = append(r.replies, e.Msg)
			}
		}
	}
	var mu sync.Mutex
	return HandlerFunc(func(ctx context.Context, req *Request) (any, error) {
		got := map[string]any{"execute": req.Command}
		if req.Arguments != nil {
			got["arguments"] = req.Arguments
		}
		msg, err := json.Marshal(got)
		if err != nil {
			return nil, err
		}
		mu.Lock()
		defer mu.Unlock()
		for _, r := range all {
			if len(r.replies) == 0 || !sameCommand(r.request, msg) {
				continue
			}
			reply := r.replies[min(r.next, len(r.replies)-1)]
			r.next++
			return replyResult(reply)
		}
		return nil, ErrNoRecordedReply
	})
}

// sameCommand compares two requests as sameRequest does, an "exec-oob"
// counting as "execute".
func sameCommand(a, b []byte) bool {
	norm := func(m []byte) []byte {
		var v map[string]json.RawMessage
		if json.Unmarshal(m, &v) != nil {
			return m
		}
		if c, ok := v["exec-oob"]; ok {
			v["execute"] = c
			delete(v, "exec-oob")
		}
		out, _ := json.Marshal(v)
		return out
	}
	return sameRequest(norm(a), norm(b))
}

// replyResult turns a recorded reply into what a handler returns.
func replyResult(reply json.RawMessage) (any, error) {
	var env struct {
		Return json.RawMessage `json:"return"`
		Error  *errorBody      `json:"error"`
	}
	if err := json.Unmarshal(reply, &env); err != nil {
		return nil, err
	}
	if env.Error != nil {
		return nil, &Error{Class: env.Error.Class, Desc: env.Error.Desc}
	}
	return recordedReturn(env.Return), nil
}

// recordedReturn is a "return" value as a peer printed it, which the
// Server sends unchanged (see returnReply). It marshals as itself for
// any other user of a handler's result.
type recordedReturn json.RawMessage

func (r recordedReturn) MarshalJSON() ([]byte, error) { return json.RawMessage(r).MarshalJSON() }
