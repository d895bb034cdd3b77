// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
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
	watch    readWatch     // guarded by the read token
	// wdeadline interrupts a blocked Write when a call's context ends;
	// nil when the transport has none (see send).
	wdeadline  writeDeadliner
	raw        *rawWriter   // nil unless the transport is a pollable descriptor
	maxMessage int          // see WithMaxMessageSize
	waiting    atomic.Int32 // calls waiting for their reply
	lastWait   atomic.Int64 // when a call last stopped waiting (ns since epoch)
	epoch      time.Time
	idle       time.Duration // idleDelay, unless a test chose another
	// idleTimer fires idle after the last call stopped waiting, and wakes
	// the reader goroutine through idleCh: no periodic wake-ups while
	// calls keep coming.
	idleTimer *time.Timer
	idleCh    chan struct{}

	// wsem serialises writes; a channel rather than a mutex so that waiting
	// for it respects the caller's context.
	wsem chan struct{}
	wbuf []byte // guarded by wsem
	// writers counts writes left to finish in the background (see send).
	writers sync.WaitGroup

	nextID atomic.Uint64

	mu      sync.Mutex
	pending map[uint64]waiter
	err     error         // why the connection ended; set once
	closed  bool          // Close was called
	done    chan struct{} // closed when err is set

	readerDone chan struct{}

	// Set before the reader starts, then read-only.
	onGreeting func(raw []byte) error
	onEvent    func(Event)
	onEnd      func()
}

// waiter is a call waiting for its reply.
type waiter struct {
	ch chan reply
	// sync: the call is guest-sync-delimited, whose reply counts only if
	// it echoes token; any other is left over from an earlier client.
	sync  bool
	token int64
}

type reply struct {
	ret json.RawMessage
	err *Error
	bad error // the reply was malformed: the call fails, the connection lives
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

// readDeadliner is the part of net.Conn (and os.File) that lets a caller
// read: a deadline interrupts a blocked Read.
type readDeadliner interface {
	SetReadDeadline(time.Time) error
}

// writeDeadliner lets a call whose context ends stop its blocked Write.
type writeDeadliner interface {
	SetWriteDeadline(time.Time) error
}

// idleDelay is how long after the last call the reader goroutine takes
// over reading. During a stream of calls the callers read. The idle timer
// wakes the runtime's poller thread about once per delay while calls keep
// coming (it is pushed back by every call), which on a small machine
// costs the calls a share of the CPU that QEMU needs: a longer delay makes
// those wake-ups rare. The price is that an event arriving just after a
// call reaches subscribers up to that much later.
const idleDelay = 20 * time.Millisecond

func newEngine(rwc io.ReadWriteCloser, o options, maxMessage int) *engine {
	if o.maxMessage > 0 {
		maxMessage = o.maxMessage
	}
	e := &engine{
		rwc:        rwc,
		idle:       idleDelay,
		rtok:       make(chan struct{}, 1),
		epoch:      time.Now(),
		wsem:       make(chan struct{}, 1),
		pending:    make(map[uint64]waiter),
		maxMessage: maxMessage,
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
	if d, ok := rwc.(writeDeadliner); ok && d.SetWriteDeadline(time.Time{}) == nil {
		e.wdeadline = d
		e.raw = newRawWriter(rwc)
	}
	return e
}

// randomIDs makes request ids start at a random point, so that a reply an
// earlier client left in the channel (a guest agent's virtio-serial port
// outlives its clients) is not taken for the answer to one of ours. Below
// 2^52 they stay exact in any JSON implementation. A QMP connection is a
// stream of its own and keeps short ids: QEMU's monitor reads a request
// one byte per turn of its event loop, so each byte of an id costs.
func (e *engine) randomIDs() {
	e.nextID.Store(rand.Uint64N(1 << 52))
}

func (e *engine) start(agent bool) {
	e.f = newFramer(e.rwc, agent, e.maxMessage)
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
		e.unwatch() // nobody's context may interrupt this read
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
	err = e.route(msg)
	e.f.release()
	if err != nil {
		e.fail(fmt.Errorf("%w: %w", ErrDisconnected, err))
	}
	return err
}

// route hands one message to whoever it is for. Only a message that is not
// a JSON object, or a greeting that cannot be read, is an error (ending
// the connection): a member of the wrong type fails the call or marks the
// event it belongs to.
func (e *engine) route(msg []byte) error {
	m, err := splitMessage(msg)
	if err != nil {
		return newProtocolError("malformed message", msg, err)
	}
	switch {
	case m.greeting != nil:
		if e.onGreeting != nil {
			return e.onGreeting(m.greeting)
		}
	case m.ret != nil || m.err != nil || m.id != nil:
		e.routeReply(&m, msg)
	case m.event != nil:
		if e.onEvent != nil {
			e.onEvent(decodeEvent(&m, msg))
		}
	}
	return nil
}

// routeReply delivers a reply to the call waiting for it. A reply without
// one of our ids answers a request the peer could not parse, a call that
// was cancelled, or an earlier client: nobody waits for it.
func (e *engine) routeReply(m *members, msg []byte) {
	id, ok := parseID(m.id)
	if !ok {
		return
	}
	e.mu.Lock()
	w, found := e.pending[id]
	if found && w.sync && isNull(m.err) && m.ret != nil && !echoes(m.ret, w.token) {
		found = false // a stale sync reply: read on until ours
	}
	if found {
		delete(e.pending, id)
	}
	e.mu.Unlock()
	if !found {
		return
	}
	var r reply
	switch {
	case !isNull(m.err):
		var body errorBody
		if err := json.Unmarshal(m.err, &body); err != nil {
			r.bad = newProtocolError("malformed error reply", msg, err)
		} else {
			r.err = &Error{Class: body.Class, Desc: body.Desc}
		}
	case m.ret != nil:
		r.ret = append(json.RawMessage(nil), m.ret...)
	default:
		r.bad = newProtocolError("reply has neither return nor error", msg, nil)
	}
	w.ch <- r // buffered, never blocks
}

// echoes reports whether a guest-sync-delimited result is token.
func echoes(ret []byte, token int64) bool {
	got, err := strconv.ParseInt(string(ret), 10, 64)
	return err == nil && got == token
}

// decodeEvent makes an Event of what can be decoded; Err tells what could
// not.
func decodeEvent(m *members, msg []byte) Event {
	var ev Event
	name, ok := decodeString(m.event)
	if !ok {
		ev.Err = newProtocolError("event name is not a string", msg, nil)
	}
	ev.Name = name
	if m.data != nil {
		ev.Data = append(json.RawMessage(nil), m.data...)
	}
	ts, err := decodeTimestamp(m.timestamp)
	ev.Timestamp = ts
	if err != nil && ev.Err == nil {
		ev.Err = err
	}
	return ev
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

// close ends the connection and waits for its goroutines to stop.
func (e *engine) close() error {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.fail(ErrClosed)
	<-e.readerDone
	e.writers.Wait()
	// A read watch left registered would keep the connection reachable
	// from the caller's context until it ends.
	<-e.rtok
	e.unwatch()
	e.rtok <- struct{}{}
	return nil
}

// errNow returns why the connection ended, or nil while it is open.
func (e *engine) errNow() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.err
}

// callErr is what a call on an ended connection returns: ErrClosed once
// Close was called, whatever ended the connection before.
func (e *engine) callErr() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.callErrLocked()
}

func (e *engine) callErrLocked() error {
	if e.closed && e.err != nil && !errors.Is(e.err, ErrClosed) {
		return fmt.Errorf("%w (it had ended: %v)", ErrClosed, e.err)
	}
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
	// sync: only a reply echoing token counts (guest-sync-delimited).
	sync  bool
	token int64
}

// call sends req and, unless req.noReply, waits for the matching reply and
// returns its "return" value.
func (e *engine) call(ctx context.Context, req request) (json.RawMessage, error) {
	f, err := e.issue(ctx, req)
	if err != nil || req.noReply {
		return nil, err
	}
	return e.await(ctx, f)
}

// inFlight is a request that went out and waits for its reply.
type inFlight struct {
	id      uint64
	ch      chan reply
	command string
}

// issue registers req (unless req.noReply) and writes it.
func (e *engine) issue(ctx context.Context, req request) (inFlight, error) {
	if err := ctx.Err(); err != nil {
		return inFlight{}, err
	}
	argsJSON, err := marshalArgs(req.command, req.args)
	if err != nil {
		return inFlight{}, err
	}
	f := inFlight{id: e.nextID.Add(1), command: req.command}
	if !req.noReply {
		f.ch = replyChans.Get().(chan reply)
		e.mu.Lock()
		if err := e.callErrLocked(); err != nil {
			e.mu.Unlock()
			replyChans.Put(f.ch)
			return inFlight{}, err
		}
		e.pending[f.id] = waiter{ch: f.ch, sync: req.sync, token: req.token}
		e.mu.Unlock()
	}
	if err := e.write(ctx, req, argsJSON, f.id); err != nil {
		e.forget(f.id)
		return inFlight{}, err
	}
	return f, nil
}

// await waits for the reply to f and returns its "return" value; if ctx
// ends first, the reply will be discarded.
func (e *engine) await(ctx context.Context, f inFlight) (json.RawMessage, error) {
	ch := f.ch
	// Only a caller that a deadline can interrupt may read; over other
	// transports the reader goroutine keeps the token (a nil channel is
	// never ready).
	var rtok chan struct{}
	if e.deadline != nil {
		rtok = e.rtok
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
			replyChans.Put(ch)
			return r.result(f.command)
		case <-ctx.Done():
			e.forget(f.id)
			return nil, ctx.Err()
		case <-e.done:
			return e.ended(ch, f.command)
		case <-rtok:
			got := e.readFor(ctx, ch)
			e.rtok <- struct{}{}
			switch {
			case got:
				r := <-ch
				replyChans.Put(ch)
				return r.result(f.command)
			case ctx.Err() != nil:
				e.forget(f.id)
				return nil, ctx.Err()
			default: // readFor stopped because the connection failed
				return e.ended(ch, f.command)
			}
		}
	}
}

// replyChans recycles the channels calls wait on. A channel goes back only
// once its reply was taken: after a cancellation or the end of the
// connection a late reply may still be on its way into it.
var replyChans = sync.Pool{New: func() any { return make(chan reply, 1) }}

// ended is the outcome of a call when the connection has ended: a reply
// routed just before the end still counts.
func (e *engine) ended(ch chan reply, command string) (json.RawMessage, error) {
	select {
	case r := <-ch:
		return r.result(command)
	default:
	}
	return nil, e.callErr()
}

// readFor reads and routes messages until ch holds the reply, and reports
// whether it does. It stops early, returning false, when ctx ends (a
// deadline interrupts the Read; the framer goes on with a message read
// in part on the next call) or the connection fails. The caller holds the
// read token.
func (e *engine) readFor(ctx context.Context, ch chan reply) bool {
	e.watchReads(ctx)
	for len(ch) == 0 {
		if ctx.Err() != nil || e.readOne() != nil {
			e.unwatch()
			return false
		}
	}
	return true
}

// readWatch interrupts the read token holder's blocked Read when the
// context it reads for ends. One registration serves every read for
// contexts that end together (the same Done channel): the callers of a
// busy connection usually share one context, and registering with a
// context takes its lock and allocates. It stays registered between
// reads; whoever reads next for another context, or without one, removes
// it first, so a deadline it sets only ever interrupts a read for its own
// context.
type readWatch struct {
	done  <-chan struct{}
	stop  func() bool
	fired chan struct{} // closed once the callback has set the deadline
}

// watchReads makes a Read interrupted when ctx ends. The caller holds the
// read token.
func (e *engine) watchReads(ctx context.Context) {
	done := ctx.Done()
	if done != nil && done == e.watch.done {
		return
	}
	e.unwatch()
	if done == nil {
		return
	}
	fired := make(chan struct{})
	e.watch = readWatch{done: done, fired: fired, stop: context.AfterFunc(ctx, func() {
		e.deadline.SetReadDeadline(time.Unix(1, 0))
		close(fired)
	})}
}

// unwatch removes the read watch, clearing the deadline it set if its
// context ended. The caller holds the read token.
func (e *engine) unwatch() {
	if e.watch.stop == nil {
		return
	}
	if !e.watch.stop() {
		<-e.watch.fired
		e.deadline.SetReadDeadline(time.Time{})
	}
	e.watch = readWatch{}
}

func (r reply) result(command string) (json.RawMessage, error) {
	switch {
	case r.err != nil:
		r.err.Command = command
		return nil, r.err
	case r.bad != nil:
		return nil, fmt.Errorf("qmp: %s: %w", command, r.bad)
	}
	return r.ret, nil
}

func (e *engine) forget(id uint64) {
	e.mu.Lock()
	delete(e.pending, id)
	e.mu.Unlock()
}

// keepBuf is the largest buffer kept for the next message once one is
// done: one huge message must not pin its memory for the connection's life.
const keepBuf = 1 << 20

func (e *engine) write(ctx context.Context, req request, argsJSON []byte, id uint64) error {
	select {
	case e.wsem <- struct{}{}:
	default:
		select {
		case e.wsem <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		case <-e.done:
			return e.callErr()
		}
	}
	// The semaphore may have been free when the connection had already
	// ended; don't write to a closed transport.
	select {
	case <-e.done:
		<-e.wsem
		return e.callErr()
	default:
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
	if cap(b) > keepBuf {
		e.wbuf = nil
	}
	return e.send(ctx, req, b)
}

// send writes b and releases the write semaphore. The call returns by the
// end of ctx even if the peer stops reading: a transport with write
// deadlines has the Write interrupted; over another one the Write goes on
// in the background, holding the semaphore, while the call returns (Close
// ends it by closing the transport).
func (e *engine) send(ctx context.Context, req request, b []byte) error {
	switch {
	case ctx.Done() == nil:
		defer func() { <-e.wsem }()
		n, err := e.transmit(req, b)
		return e.wrote(ctx, req, b, n, err)
	case e.wdeadline != nil:
		defer func() { <-e.wsem }()
		sent := 0
		if e.raw != nil && len(req.files) == 0 {
			// Usually the whole request fits in the socket's buffer.
			n, err := e.raw.writeOnce(b)
			if err != nil || n == len(b) {
				return e.wrote(ctx, req, b, n, err)
			}
			sent = n
		}
		interrupted := make(chan struct{})
		stop := context.AfterFunc(ctx, func() {
			e.wdeadline.SetWriteDeadline(time.Unix(1, 0))
			close(interrupted)
		})
		n, err := e.transmit(req, b[sent:])
		if !stop() {
			<-interrupted
			e.wdeadline.SetWriteDeadline(time.Time{})
		}
		return e.wrote(ctx, req, b, sent+n, err)
	}
	// Counted under the lock that ends the connection, so that Close
	// waits for every write it did not prevent.
	e.mu.Lock()
	if err := e.callErrLocked(); err != nil {
		e.mu.Unlock()
		<-e.wsem
		return err
	}
	e.writers.Add(1)
	e.mu.Unlock()
	done := make(chan error, 1)
	go func() {
		defer e.writers.Done()
		n, err := e.transmit(req, b)
		<-e.wsem
		done <- e.wrote(ctx, req, b, n, err)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *engine) transmit(req request, b []byte) (int, error) {
	if len(req.files) > 0 {
		return writeWithFiles(e.rwc, b, req.files)
	}
	return e.rwc.Write(b)
}

// wrote judges the outcome of writing b, of which n bytes went out. A
// message that did not go out at all fails only its call; one cut short
// leaves the stream in an unknown state, so the connection ends.
func (e *engine) wrote(ctx context.Context, req request, b []byte, n int, err error) error {
	if err == nil {
		return nil
	}
	cut := errors.Is(err, os.ErrDeadlineExceeded) && ctx.Err() != nil
	switch {
	case n == 0 && cut:
		return ctx.Err()
	case n == 0 && len(req.files) > 0:
		return fmt.Errorf("qmp: %s: sending %d file descriptors: %w", req.command, len(req.files), err)
	case cut:
		e.fail(fmt.Errorf("%w: %s: write cut short after %d of %d bytes: %w", ErrDisconnected, req.command, n, len(b), ctx.Err()))
	default:
		e.fail(fmt.Errorf("%w: write: %w", ErrDisconnected, err))
	}
	return e.callErr()
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
