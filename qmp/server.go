// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Handler runs the commands a [Server] receives. ServeQMP returns the
// command's result, which is encoded with encoding/json into the reply's
// "return" member (nil becomes {} as in QEMU), or an error: a [*Error] is
// sent with its class and description, [ErrNoReply] sends nothing (for
// commands declared with 'success-response': false), and any other error
// is sent as a GenericError with the error's text.
//
// ServeQMP is called for one in-band command of a session at a time, in
// the order they arrived, as QEMU runs them; commands sent with exec-oob
// run at once, each on its own goroutine. ctx ends when the session ends.
type Handler interface {
	ServeQMP(ctx context.Context, req *Request) (any, error)
}

// HandlerFunc adapts a function to [Handler].
type HandlerFunc func(ctx context.Context, req *Request) (any, error)

// ServeQMP calls f.
func (f HandlerFunc) ServeQMP(ctx context.Context, req *Request) (any, error) { return f(ctx, req) }

// Request is a command a [Server] received.
type Request struct {
	// Command is the command's name.
	Command string
	// Arguments is the "arguments" object as sent, nil when absent.
	Arguments json.RawMessage
	// ID is the "id" member as sent, nil when absent. The server echoes it
	// in the reply; handlers need not look at it.
	ID json.RawMessage
	// OOB reports that the command was sent with exec-oob.
	OOB bool
	// Session is the client session the command came from.
	Session *Session
}

// ErrNoReply is returned by a [Handler] for a successful command that
// sends no reply ('success-response': false in the schema).
var ErrNoReply = errors.New("qmp: command sends no reply")

// Server serves QMP, or the guest agent protocol when Agent is set, to
// any number of clients at once. Its fields are read when a session
// starts; set them before serving.
type Server struct {
	// Handler runs the commands. Negotiation (qmp_capabilities) and, for
	// the agent, guest-sync and guest-sync-delimited are answered by the
	// server itself and never reach it.
	Handler Handler
	// Version is announced in the greeting.
	Version Version
	// OOB offers the "oob" capability in the greeting.
	OOB bool
	// AllowOOB reports which commands may run with exec-oob once a client
	// enabled "oob" (nil: none). Others are refused as QEMU refuses them.
	AllowOOB func(command string) bool
	// Agent speaks the guest agent protocol: no greeting, no
	// negotiation, no events, and a 0xFF byte from the client drops its
	// partial input.
	Agent bool
	// MaxMessage is the largest message accepted from a client (default:
	// 64 MiB, QEMU's own limit). A longer one is answered with an error
	// and skipped.
	MaxMessage int
	// MaxQueued is the number of messages a session holds for a client
	// that does not read (default 65536). A client that falls further
	// behind is disconnected, so that no client can make the server hold
	// unbounded memory or delay the others.
	MaxQueued int
	// Now is the clock for event timestamps (default time.Now).
	Now func() time.Time

	mu        sync.Mutex
	sessions  map[*Session]struct{}
	listeners map[net.Listener]struct{}
	closed    bool
	wg        sync.WaitGroup
}

// ErrServerClosed is returned by Serve and ServeConn after Close.
var ErrServerClosed = errors.New("qmp: server closed")

// Session is one client's connection to a [Server].
type Session struct {
	srv    *Server
	rwc    io.ReadWriteCloser
	ctx    context.Context
	cancel context.CancelFunc

	mu         sync.Mutex
	negotiated bool
	oob        bool
	queue      [][]byte
	wake       chan struct{}
	ended      bool
	err        error
}

// Negotiated reports whether the client completed capabilities
// negotiation (always true for the agent protocol).
func (s *Session) Negotiated() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.negotiated
}

// Close ends the session.
func (s *Session) Close() error {
	s.end(ErrServerClosed)
	return nil
}

// Serve accepts connections on l and serves each on its own goroutines
// until l fails or Close is called. It closes l before returning.
func (srv *Server) Serve(l net.Listener) error {
	srv.mu.Lock()
	if srv.closed {
		srv.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	if srv.listeners == nil {
		srv.listeners = map[net.Listener]struct{}{}
	}
	srv.listeners[l] = struct{}{}
	srv.mu.Unlock()
	defer func() {
		srv.mu.Lock()
		delete(srv.listeners, l)
		srv.mu.Unlock()
		l.Close()
	}()
	for {
		c, err := l.Accept()
		if err != nil {
			if srv.isClosed() {
				return ErrServerClosed
			}
			return err
		}
		if !srv.startSession(c) {
			return ErrServerClosed
		}
	}
}

// ServeConn serves one client over rwc and returns when the session ends
// (the client hung up, or Close was called); it closes rwc. The error is
// nil when the client hung up between messages.
func (srv *Server) ServeConn(rwc io.ReadWriteCloser) error {
	s := srv.newSession(rwc)
	if s == nil {
		rwc.Close()
		return ErrServerClosed
	}
	s.run()
	if errors.Is(s.err, io.EOF) {
		return nil
	}
	return s.err
}

func (srv *Server) startSession(rwc io.ReadWriteCloser) bool {
	s := srv.newSession(rwc)
	if s == nil {
		rwc.Close()
		return false
	}
	go s.run()
	return true
}

// newSession registers a session, or returns nil once the server is
// closed.
func (srv *Server) newSession(rwc io.ReadWriteCloser) *Session {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.closed {
		return nil
	}
	if srv.sessions == nil {
		srv.sessions = map[*Session]struct{}{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Session{srv: srv, rwc: rwc, ctx: ctx, cancel: cancel, wake: make(chan struct{}, 1), negotiated: srv.Agent}
	srv.sessions[s] = struct{}{}
	srv.wg.Add(1)
	return s
}

func (srv *Server) isClosed() bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.closed
}

// Close stops the listeners, ends every session and returns once all of
// the server's goroutines, handlers included, have returned. A handler
// that ignores its context's end delays Close.
func (srv *Server) Close() error {
	srv.mu.Lock()
	srv.closed = true
	ls := make([]net.Listener, 0, len(srv.listeners))
	for l := range srv.listeners {
		ls = append(ls, l)
	}
	ss := make([]*Session, 0, len(srv.sessions))
	for s := range srv.sessions {
		ss = append(ss, s)
	}
	srv.mu.Unlock()
	for _, l := range ls {
		l.Close()
	}
	for _, s := range ss {
		s.end(ErrServerClosed)
	}
	srv.wg.Wait()
	return nil
}

// Emit sends an event to every client that completed negotiation, with
// the current time as its timestamp. data is encoded with encoding/json
// (nil: no "data" member). The agent protocol has no events.
func (srv *Server) Emit(name string, data any) error {
	if srv.Agent {
		return errors.New("qmp: the guest agent protocol has no events")
	}
	var raw []byte
	if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			return fmt.Errorf("qmp: event %s: %w", name, err)
		}
		if !bytes.Equal(b, []byte("null")) {
			raw = b
		}
	}
	now := time.Now
	if srv.Now != nil {
		now = srv.Now
	}
	t := now()
	msg := eventMessage(name, raw, t)
	srv.mu.Lock()
	ss := make([]*Session, 0, len(srv.sessions))
	for s := range srv.sessions {
		ss = append(ss, s)
	}
	srv.mu.Unlock()
	for _, s := range ss {
		s.mu.Lock()
		ok := s.negotiated
		s.mu.Unlock()
		if ok {
			s.send(msg)
		}
	}
	return nil
}

// eventMessage formats an event as QEMU prints it.
func eventMessage(name string, data []byte, t time.Time) []byte {
	us := t.UnixMicro()
	b := []byte(`{"event":`)
	b = append(b, mustQuote(name)...)
	b = append(b, `,"timestamp":{"seconds":`...)
	b = strconv.AppendInt(b, us/1e6, 10)
	b = append(b, `,"microseconds":`...)
	b = strconv.AppendInt(b, us%1e6, 10)
	b = append(b, '}')
	if data != nil {
		b = append(b, `,"data":`...)
		b = append(b, data...)
	}
	return appendQEMUJSON(nil, append(b, '}'))
}

func (s *Session) limits() (maxMsg, maxQueued int) {
	maxMsg, maxQueued = s.srv.MaxMessage, s.srv.MaxQueued
	if maxMsg <= 0 {
		maxMsg = 64 << 20
	}
	if maxQueued <= 0 {
		maxQueued = 1 << 16
	}
	return
}

// send queues msg for the client (a CRLF follows, as from QEMU). A
// client too far behind is disconnected.
func (s *Session) send(msg []byte) {
	_, maxQueued := s.limits()
	s.mu.Lock()
	if s.ended {
		s.mu.Unlock()
		return
	}
	if len(s.queue) >= maxQueued {
		s.mu.Unlock()
		s.end(errors.New("qmp: client does not read its messages"))
		return
	}
	// msg may be shared by several sessions (Emit): copy it.
	s.queue = append(s.queue, append(append(make([]byte, 0, len(msg)+2), msg...), '\r', '\n'))
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// end ends the session once, closing the connection, which stops its
// reader and writer.
func (s *Session) end(err error) {
	s.mu.Lock()
	if s.ended {
		s.mu.Unlock()
		return
	}
	s.ended, s.err = true, err
	s.queue = nil
	s.mu.Unlock()
	s.cancel()
	s.rwc.Close()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// run serves the session until it ends.
func (s *Session) run() {
	defer s.srv.wg.Done()
	defer func() {
		s.srv.mu.Lock()
		delete(s.srv.sessions, s)
		s.srv.mu.Unlock()
	}()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.write()
	}()
	if !s.srv.Agent {
		s.send(s.greeting())
	}
	s.read(&wg)
	wg.Wait()
}

// write sends the queued messages in order until the session ends.
func (s *Session) write() {
	for {
		s.mu.Lock()
		q := s.queue
		s.queue = nil
		ended := s.ended
		s.mu.Unlock()
		if ended {
			return
		}
		for _, m := range q {
			if _, err := s.rwc.Write(m); err != nil {
				s.end(err)
				return
			}
		}
		if len(q) == 0 {
			<-s.wake
		}
	}
}

func (s *Session) greeting() []byte {
	caps := "[]"
	if s.srv.OOB {
		caps = `["oob"]`
	}
	return appendQEMUJSON(nil, fmt.Appendf(nil, `{"QMP":{"version":%s,"capabilities":%s}}`, versionJSON(s.srv.Version), caps))
}

// versionJSON formats v as QEMU's query-version result.
func versionJSON(v Version) []byte {
	return fmt.Appendf(nil, `{"qemu":{"major":%d,"minor":%d,"micro":%d},"package":%s}`, v.Major, v.Minor, v.Micro, mustQuote(v.Package))
}

// read reads and dispatches the client's messages until the session ends.
// In-band commands run on one goroutine in order; out-of-band ones at once.
func (s *Session) read(wg *sync.WaitGroup) {
	maxMsg, _ := s.limits()
	sc := newValueScanner(s.rwc, maxMsg, s.srv.Agent)
	inband := make(chan *Request, 8)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for req := range inband {
			s.dispatch(req)
		}
	}()
	defer close(inband)
	for {
		u, err := sc.next()
		switch {
		case errors.Is(err, errTooLong):
			s.replyError(nil, "GenericError", "JSON token size limit exceeded")
			continue
		case err != nil:
			s.end(err)
			return
		case u.reset:
			continue
		case u.value == nil:
			s.replyError(nil, "GenericError", fmt.Sprintf("JSON parse error, stray '%s'", string([]byte{u.stray})))
			continue
		}
		req, errReply := s.parse(u.value)
		if errReply != nil {
			s.send(errReply)
			continue
		}
		if req.OOB {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.dispatch(req)
			}()
			continue
		}
		select {
		case inband <- req:
		case <-s.ctx.Done():
			return
		}
	}
}

// parse checks a message as QEMU's dispatcher does and returns the
// request, or the error reply to send.
func (s *Session) parse(msg []byte) (*Request, []byte) {
	members, err := objectMembers(msg)
	if err != nil {
		var notObject errNotObject
		if errors.As(err, &notObject) {
			return nil, errorReply(nil, "GenericError", "QMP input must be a JSON object")
		}
		return nil, errorReply(nil, "GenericError", "JSON parse error, "+err.Error())
	}
	var id json.RawMessage
	for _, m := range members {
		if m.key == "id" {
			id = m.value
		}
	}
	s.mu.Lock()
	oobOK := s.oob
	s.mu.Unlock()
	req := &Request{ID: id, Session: s}
	execKey := ""
	// QEMU checks the members in its dictionary's order, which decides
	// which of two clashing members its message names first.
	keys := make([]string, len(members))
	for k, m := range members {
		keys[k] = m.key
	}
	for _, k := range qdictOrder(keys) {
		m := members[k]
		switch {
		case m.key == "execute" || (m.key == "exec-oob" && oobOK):
			var name string
			if json.Unmarshal(m.value, &name) != nil || m.value[0] != '"' {
				return nil, errorReply(id, "GenericError", fmt.Sprintf("QMP input member '%s' must be a string", m.key))
			}
			if execKey != "" {
				return nil, errorReply(id, "GenericError", fmt.Sprintf("QMP input member '%s' clashes with '%s'", m.key, execKey))
			}
			execKey, req.Command, req.OOB = m.key, name, m.key == "exec-oob"
		case m.key == "arguments":
			if m.value[0] != '{' {
				return nil, errorReply(id, "GenericError", "QMP input member 'arguments' must be an object")
			}
			req.Arguments = m.value
		case m.key == "id":
		default:
			return nil, errorReply(id, "GenericError", fmt.Sprintf("QMP input member '%s' is unexpected", m.key))
		}
	}
	if execKey == "" {
		return nil, errorReply(id, "GenericError", "QMP input lacks member 'execute'")
	}
	return req, nil
}

// dispatch runs one request and sends its reply.
func (s *Session) dispatch(req *Request) {
	if s.srv.Agent {
		if ret, ok := s.agentSync(req); ok {
			s.send(ret)
			return
		}
	} else if req.Command == "qmp_capabilities" {
		s.send(s.negotiate(req))
		return
	} else if !s.Negotiated() {
		s.send(errorReply(req.ID, "CommandNotFound", "Expecting capabilities negotiation with 'qmp_capabilities'"))
		return
	}
	if req.OOB && (s.srv.AllowOOB == nil || !s.srv.AllowOOB(req.Command)) {
		s.send(errorReply(req.ID, "GenericError", fmt.Sprintf("The command %s does not support OOB", req.Command)))
		return
	}
	if s.srv.Handler == nil {
		s.send(errorReply(req.ID, "CommandNotFound", fmt.Sprintf("The command %s has not been found", req.Command)))
		return
	}
	ret, err := s.srv.Handler.ServeQMP(s.ctx, req)
	if errors.Is(err, ErrNoReply) {
		return
	}
	if err != nil {
		var qe *Error
		if errors.As(err, &qe) {
			s.send(errorReply(req.ID, string(qe.Class), qe.Desc))
		} else {
			s.send(errorReply(req.ID, "GenericError", err.Error()))
		}
		return
	}
	s.send(returnReply(ret, req.ID))
}

// negotiate answers qmp_capabilities.
func (s *Session) negotiate(req *Request) []byte {
	if s.Negotiated() {
		return errorReply(req.ID, "CommandNotFound", "Capabilities negotiation is already complete, command ignored")
	}
	var args map[string]json.RawMessage
	if req.Arguments != nil {
		if err := json.Unmarshal(req.Arguments, &args); err != nil {
			return errorReply(req.ID, "GenericError", err.Error())
		}
	}
	oob := false
	for _, k := range slices.Sorted(maps.Keys(args)) {
		if k != "enable" {
			return errorReply(req.ID, "GenericError", fmt.Sprintf("Parameter '%s' is unexpected", k))
		}
		var caps []string
		if err := json.Unmarshal(args[k], &caps); err != nil {
			return errorReply(req.ID, "GenericError", "Invalid parameter type for 'enable', expected: array")
		}
		for _, c := range caps {
			if c != "oob" {
				return errorReply(req.ID, "GenericError", fmt.Sprintf("Parameter 'null' does not accept value '%s'", c))
			}
			if !s.srv.OOB {
				return errorReply(req.ID, "GenericError", "Capability oob not available")
			}
			oob = true
		}
	}
	s.mu.Lock()
	s.negotiated, s.oob = true, oob
	s.mu.Unlock()
	return returnReply(nil, req.ID)
}

// agentSync answers the guest agent's synchronisation commands, which
// belong to the protocol: the reply to guest-sync-delimited is preceded
// by a 0xFF byte so that the client can skip what came before it.
func (s *Session) agentSync(req *Request) ([]byte, bool) {
	if req.Command != "guest-sync" && req.Command != "guest-sync-delimited" {
		return nil, false
	}
	var args struct {
		ID *json.Number `json:"id"`
	}
	dec := json.NewDecoder(bytes.NewReader(req.Arguments))
	dec.UseNumber()
	if req.Arguments == nil || dec.Decode(&args) != nil || args.ID == nil {
		return errorReply(req.ID, "GenericError", "Parameter 'id' is missing"), true
	}
	msg := returnReply(json.RawMessage(*args.ID), req.ID)
	if req.Command == "guest-sync-delimited" {
		msg = append([]byte{delimiter}, msg...)
	}
	return msg, true
}

// returnReply formats a success reply as QEMU prints it.
func returnReply(ret any, id json.RawMessage) []byte {
	if rec, ok := ret.(recordedReturn); ok {
		// A value QEMU printed goes out as it was: formatting it again
		// would put members of one dictionary bucket in the reverse of
		// QEMU's order (see qdictOrder), since its output is not the
		// insertion order the formatter assumes.
		b := append([]byte(`{"return": `), rec...)
		if id != nil {
			b = appendQEMUJSON(append(b, `, "id": `...), id)
		}
		return append(b, '}')
	}
	b := []byte(`{"return":`)
	if ret == nil {
		b = append(b, "{}"...)
	} else {
		r, err := json.Marshal(ret)
		if err != nil {
			return errorReply(id, "GenericError", "cannot encode the result: "+err.Error())
		}
		b = append(b, r...)
	}
	return appendQEMUJSON(nil, withID(b, id))
}

// errorReply formats an error reply as QEMU prints it.
func errorReply(id json.RawMessage, class, desc string) []byte {
	b := []byte(`{"error":{"class":`)
	b = append(b, mustQuote(class)...)
	b = append(b, `,"desc":`...)
	b = append(b, mustQuote(desc)...)
	return appendQEMUJSON(nil, withID(append(b, '}'), id))
}

// withID closes the reply object b, adding the request's id if it had one.
func withID(b []byte, id json.RawMessage) []byte {
	if id != nil {
		b = append(b, `,"id":`...)
		b = append(b, id...)
	}
	return append(b, '}')
}

func mustQuote(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}

func (s *Session) replyError(id json.RawMessage, class, desc string) {
	s.send(errorReply(id, class, desc))
}

// member is one member of a JSON object, in the order sent.
type member struct {
	key   string
	value json.RawMessage
}

type errNotObject struct{}

func (errNotObject) Error() string { return "not an object" }

// objectMembers splits a JSON object into its members, refusing
// duplicate keys as QEMU's parser does.
func objectMembers(msg []byte) ([]member, error) {
	if !json.Valid(msg) {
		return nil, errors.New(parseErrorReason(msg))
	}
	if msg[0] != '{' {
		return nil, errNotObject{}
	}
	dec := json.NewDecoder(bytes.NewReader(msg))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []member
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, errors.New("duplicate key")
		}
		seen[key] = true
		out = append(out, member{key, v})
	}
	return out, nil
}

// parseErrorReason words a syntax error the way QEMU's parser does for
// the common cases; the class (GenericError) is what clients rely on.
func parseErrorReason(msg []byte) string {
	if c := msg[0]; c >= 'a' && c <= 'z' {
		return fmt.Sprintf("invalid keyword '%s'", msg)
	}
	var v any
	err := json.Unmarshal(msg, &v)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return "expecting value"
	}
	switch text := se.Error(); {
	case strings.Contains(text, "after object key:value pair"):
		return "expected separator in dict"
	case strings.Contains(text, "after object key"):
		return "missing : in object pair"
	case strings.Contains(text, "beginning of object key string"):
		return "key is not a string in object"
	case strings.Contains(text, "after array element"):
		return "expected separator in list"
	}
	return "expecting value"
}
