package qmp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// engine is the part shared by Conn and Agent: one reader goroutine that
// frames and routes incoming messages, serialised writes, and the table of
// calls waiting for a reply.
type engine struct {
	rwc io.ReadWriteCloser

	// wsem serialises writes; a channel rather than a mutex so that waiting
	// for it respects the caller's context.
	wsem chan struct{}
	wbuf []byte // guarded by wsem

	nextID atomic.Uint64

	mu      sync.Mutex
	pending map[uint64]chan reply
	err     error         // why the connection ended; set once
	done    chan struct{} // closed when err is set

	readerDone chan struct{}

	// Set before the reader starts, then read-only.
	onGreeting func(*greetingBody)
	onEvent    func(Event)
	onEnd      func()
}

type reply struct {
	ret json.RawMessage
	err *Error
}

// envelope holds every top-level member the protocols define.
type envelope struct {
	Greeting  *greetingBody   `json:"QMP"`
	Return    json.RawMessage `json:"return"`
	Error     *errorBody      `json:"error"`
	Event     string          `json:"event"`
	Data      json.RawMessage `json:"data"`
	Timestamp *timestamp      `json:"timestamp"`
	ID        json.RawMessage `json:"id"`
}

type greetingBody struct {
	Version struct {
		QEMU struct {
			Major int `json:"major"`
			Minor int `json:"minor"`
			Micro int `json:"micro"`
		} `json:"qemu"`
		Package string `json:"package"`
	} `json:"version"`
	Capabilities []string `json:"capabilities"`
}

type errorBody struct {
	Class string `json:"class"`
	Desc  string `json:"desc"`
}

type timestamp struct {
	Seconds      int64 `json:"seconds"`
	Microseconds int64 `json:"microseconds"`
}

func (t *timestamp) time() time.Time {
	if t == nil || t.Seconds < 0 || t.Microseconds < 0 {
		return time.Time{}
	}
	return time.Unix(t.Seconds, t.Microseconds*1000)
}

func newEngine(rwc io.ReadWriteCloser) *engine {
	return &engine{
		rwc:        rwc,
		wsem:       make(chan struct{}, 1),
		pending:    make(map[uint64]chan reply),
		done:       make(chan struct{}),
		readerDone: make(chan struct{}),
	}
}

func (e *engine) start(agent bool) {
	go e.readLoop(newFramer(e.rwc, agent))
}

func (e *engine) readLoop(f *framer) {
	defer close(e.readerDone)
	if e.onEnd != nil {
		defer e.onEnd()
	}
	for {
		msg, err := f.next()
		if err != nil {
			e.fail(fmt.Errorf("%w: %w", ErrDisconnected, err))
			return
		}
		var env envelope
		if err := json.Unmarshal(msg, &env); err != nil {
			e.fail(fmt.Errorf("%w: %w", ErrDisconnected, newProtocolError("malformed message", msg, err)))
			return
		}
		e.route(&env)
	}
}

func (e *engine) route(env *envelope) {
	switch {
	case env.Greeting != nil:
		if e.onGreeting != nil {
			e.onGreeting(env.Greeting)
		}
	case env.Event != "":
		if e.onEvent != nil {
			e.onEvent(Event{Name: env.Event, Data: env.Data, Timestamp: env.Timestamp.time()})
		}
	case env.Return != nil || env.Error != nil:
		// A reply without one of our ids answers a request the peer could
		// not parse, or a call that was cancelled: nobody waits for it.
		id, err := strconv.ParseUint(string(env.ID), 10, 64)
		if err != nil {
			return
		}
		e.mu.Lock()
		ch := e.pending[id]
		delete(e.pending, id)
		e.mu.Unlock()
		if ch == nil {
			return
		}
		r := reply{ret: env.Return}
		if env.Error != nil {
			r.err = &Error{Class: env.Error.Class, Desc: env.Error.Desc}
		}
		ch <- r // buffered, never blocks
	}
}

// fail ends the connection with err (the first error wins) and wakes every
// waiting caller.
func (e *engine) fail(err error) {
	e.mu.Lock()
	first := e.err == nil
	if first {
		e.err = err
		close(e.done)
	}
	e.mu.Unlock()
	if first {
		e.rwc.Close()
	}
}

// close ends the connection and waits for the reader to stop.
func (e *engine) close() error {
	e.fail(ErrClosed)
	<-e.readerDone
	return nil
}

func (e *engine) errNow() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.err
}

// request describes one message to send.
type request struct {
	key     string // "execute" or "exec-oob"
	command string
	args    any
	prefix  []byte // bytes written before the message (agent delimiter)
	files   []*os.File
	noReply bool
}

// call sends req and, unless req.noReply, waits for the matching reply and
// returns its "return" value.
func (e *engine) call(ctx context.Context, req request) (json.RawMessage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	argsJSON, err := marshalArgs(req.command, req.args)
	if err != nil {
		return nil, err
	}
	id := e.nextID.Add(1)
	var ch chan reply
	if !req.noReply {
		ch = make(chan reply, 1)
		e.mu.Lock()
		if e.err != nil {
			err := e.err
			e.mu.Unlock()
			return nil, err
		}
		e.pending[id] = ch
		e.mu.Unlock()
	}
	if err := e.write(ctx, req, argsJSON, id); err != nil {
		e.forget(id)
		return nil, err
	}
	if req.noReply {
		return nil, nil
	}
	select {
	case r := <-ch:
		return r.result(req.command)
	case <-ctx.Done():
		e.forget(id)
		return nil, ctx.Err()
	case <-e.done:
		// A reply routed just before the end still counts.
		select {
		case r := <-ch:
			return r.result(req.command)
		default:
		}
		return nil, e.errNow()
	}
}

func (r reply) result(command string) (json.RawMessage, error) {
	if r.err != nil {
		r.err.Command = command
		return nil, r.err
	}
	return r.ret, nil
}

func (e *engine) forget(id uint64) {
	e.mu.Lock()
	delete(e.pending, id)
	e.mu.Unlock()
}

func (e *engine) write(ctx context.Context, req request, argsJSON []byte, id uint64) error {
	select {
	case e.wsem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	case <-e.done:
		return e.errNow()
	}
	defer func() { <-e.wsem }()
	// The semaphore may have been free when the connection had already
	// ended; don't write to a closed transport.
	if err := e.errNow(); err != nil {
		return err
	}
	b := append(e.wbuf[:0], req.prefix...)
	b = append(b, `{"`...)
	b = append(b, req.key...)
	b = append(b, `":`...)
	b = appendJSONString(b, req.command)
	if argsJSON != nil {
		b = append(b, `,"arguments":`...)
		b = append(b, argsJSON...)
	}
	b = append(b, `,"id":`...)
	b = strconv.AppendUint(b, id, 10)
	b = append(b, "}\n"...)
	e.wbuf = b

	var err error
	started := true
	if len(req.files) > 0 {
		started, err = writeWithFiles(e.rwc, b, req.files)
	} else {
		_, err = e.rwc.Write(b)
	}
	if err != nil {
		if !started {
			return fmt.Errorf("qmp: %s: %w", req.command, err)
		}
		// Part of the message may have gone out: the stream is no longer
		// in a known state.
		e.fail(fmt.Errorf("%w: write: %w", ErrDisconnected, err))
		return e.errNow()
	}
	return nil
}

// marshalArgs encodes args as a JSON object, or returns nil for no
// arguments.
func marshalArgs(command string, args any) ([]byte, error) {
	if args == nil {
		return nil, nil
	}
	b, err := json.Marshal(args)
	if err != nil {
		return nil, fmt.Errorf("qmp: %s: encoding arguments: %w", command, err)
	}
	if string(b) == "null" {
		return nil, nil
	}
	if len(b) == 0 || b[0] != '{' {
		return nil, fmt.Errorf("qmp: %s: arguments must encode to a JSON object, not %.20s", command, b)
	}
	return b, nil
}

// appendJSONString appends s as a JSON string; command names are plain
// ASCII, so the general encoder is needed only for odd input.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// decodeResult stores a "return" value into result.
func decodeResult(command string, ret json.RawMessage, result any) error {
	if result == nil {
		return nil
	}
	var err error
	if d, ok := result.(Decoder); ok {
		err = d.DecodeQMP(ret)
	} else {
		err = json.Unmarshal(ret, result)
	}
	if err != nil {
		return fmt.Errorf("qmp: %s: decoding result: %w", command, err)
	}
	return nil
}
