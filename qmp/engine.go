// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// engine is the part shared by Conn and Agent: framing and routing of
// incoming messages, serialised writes, and the table of calls waiting for
// a reply.
//
// One goroutine at a time reads and routes incoming messages: whoever holds
// the read token. A call waiting for its reply takes the token when it is
// free and reads for itself, routing whatever else arrives (other calls'
// replies, events) on the way. So a reply usually reaches its caller
// without a hand-over between goroutines: on a small machine each
// hand-over wakes a second thread, which then competes with QEMU for the
// CPU and costs more than QEMU needs to answer a simple command. The
// reader goroutine reads whenever no call has been waiting for idleDelay,
// so events and a disconnect are noticed between calls too.
//
// A caller reads only if the transport can interrupt a blocked Read with
// a deadline (net.Conn does), because a caller whose context ends must
// stop reading at once. Otherwise the reader goroutine does all reading.
type engine struct {
	rwc io.ReadWriteCloser
	f   *framer

	rtok     chan struct{} // holds the read token while nobody reads
	deadline readDeadliner // nil: only the reader goroutine reads
	waiting  atomic.Int32  // calls waiting for their reply
	lastWait atomic.Int64  // when a call last stopped waiting (ns since epoch)
	epoch    time.Time
	idle     time.Duration // idleDelay, unless a test chose another
	// idleTimer fires idle after the last call stopped waiting, and wakes
	// the reader goroutine through idleCh: no periodic wake-ups while
	// calls keep coming.
	idleTimer *time.Timer
	idleCh    chan struct{}

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
	Class ErrorClass `json:"class"`
	Desc  string     `json:"desc"`
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

// readDeadliner is the part of net.Conn (and os.File) that lets a caller
// read: a deadline interrupts a blocked Read.
type readDeadliner interface {
	SetReadDeadline(time.Time) error
}

// idleDelay is how long after the last call the reader goroutine takes
// over reading. During a stream of calls the callers read.
const idleDelay = 2 * time.Millisecond

func newEngine(rwc io.ReadWriteCloser, o options) *engine {
	e := &engine{
		rwc:        rwc,
		idle:       idleDelay,
		rtok:       make(chan struct{}, 1),
		epoch:      time.Now(),
		wsem:       make(chan struct{}, 1),
		pending:    make(map[uint64]chan reply),
		done:       make(chan struct{}),
		readerDone: make(chan struct{}),
	}
	if o.idleDelay > 0 {
		e.idle = o.idleDelay
	}
	e.idleCh = make(chan struct{}, 1)
	e.idleTimer = time.AfterFunc(time.Hour, func() {
		select {
		case e.idleCh <- struct{}{}:
		default:
		}
	})
	e.idleTimer.Stop()
	e.rtok <- struct{}{}
	e.lastWait.Store(math.MinInt64 / 2) // idle from the start: the greeting is read at once
	if d, ok := rwc.(readDeadliner); ok && d.SetReadDeadline(time.Time{}) == nil {
		e.deadline = d
	}
	return e
}

func (e *engine) start(agent bool) {
	e.f = newFramer(e.rwc, agent)
	go e.readLoop()
}

// readLoop is the reader goroutine: it reads while no call waits.
func (e *engine) readLoop() {
	defer close(e.readerDone)
	if e.onEnd != nil {
		defer e.onEnd()
	}
	defer e.idleTimer.Stop()
	for {
		if e.untilIdle() > 0 {
			select {
			case <-e.idleCh:
			case <-e.done:
				return
			}
			continue
		}
		select {
		case <-e.rtok:
		case <-e.done:
			return
		}
		if e.untilIdle() > 0 { // a call came meanwhile: it reads
			e.rtok <- struct{}{}
			continue
		}
		err := e.readOne()
		e.rtok <- struct{}{}
		if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			return // the connection failed
		}
	}
}

// untilIdle is how long the reader goroutine should still leave reading
// to callers; zero or less when it should read.
func (e *engine) untilIdle() time.Duration {
	if e.deadline == nil {
		return 0
	}
	if e.waiting.Load() > 0 {
		return e.idle
	}
	return e.idle - (time.Since(e.epoch) - time.Duration(e.lastWait.Load()))
}

// readOne reads and routes one message; the caller holds the read token.
// An error ends the connection, except a deadline the caller set (see
// readFor).
func (e *engine) readOne() error {
	msg, err := e.f.next()
	if err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return err
		}
		e.fail(fmt.Errorf("%w: %w", ErrDisconnected, err))
		return err
	}
	var env envelope
	if err := json.Unmarshal(msg, &env); err != nil {
		err = newProtocolError("malformed message", msg, err)
		e.fail(fmt.Errorf("%w: %w", ErrDisconnected, err))
		return err
	}
	e.route(&env)
	return nil
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
	if e.deadline != nil {
		e.waiting.Add(1)
		defer func() {
			e.lastWait.Store(int64(time.Since(e.epoch)))
			if e.waiting.Add(-1) == 0 {
				e.idleTimer.Reset(e.idle)
			}
		}()
	}
	for {
		select {
		case r := <-ch:
			return r.result(req.command)
		case <-ctx.Done():
			e.forget(id)
			return nil, ctx.Err()
		case <-e.done:
			return e.ended(ch, req.command)
		case <-e.rtok:
			got := e.readFor(ctx, ch)
			e.rtok <- struct{}{}
			switch {
			case got:
				return (<-ch).result(req.command)
			case ctx.Err() != nil:
				e.forget(id)
				return nil, ctx.Err()
			default: // readFor stopped because the connection failed
				return e.ended(ch, req.command)
			}
		}
	}
}

// ended is the outcome of a call when the connection has ended: a reply
// routed just before the end still counts.
func (e *engine) ended(ch chan reply, command string) (json.RawMessage, error) {
	select {
	case r := <-ch:
		return r.result(command)
	default:
	}
	return nil, e.errNow()
}

// readFor reads and routes messages until ch holds the reply, and reports
// whether it does. It stops early, returning false, when ctx ends (a
// deadline interrupts the Read; the framer goes on with a message read
// in part on the next call) or the connection fails. The caller holds the
// read token.
func (e *engine) readFor(ctx context.Context, ch chan reply) bool {
	interrupted := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		e.deadline.SetReadDeadline(time.Unix(1, 0))
		close(interrupted)
	})
	defer func() {
		if !stop() {
			<-interrupted
			e.deadline.SetReadDeadline(time.Time{})
		}
	}()
	for len(ch) == 0 {
		if ctx.Err() != nil || e.readOne() != nil {
			return false
		}
	}
	return true
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
		return &DecodeError{Command: command, Reply: append(json.RawMessage(nil), ret...), Err: err}
	}
	return nil
}
