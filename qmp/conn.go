// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"sync"
	"time"
)

// Option configures Dial, New, DialAgent and NewAgent.
type Option func(*options)

type options struct {
	oob        bool
	maxMessage int
	idleDelay  time.Duration // tests only: see engine.idle
}

// Default limits on the size of one incoming message (see
// WithMaxMessageSize). QMP's largest replies (the schema, block graphs of
// big machines) stay far below its limit. The guest agent's peer is the
// guest; its limit still fits the largest reply qemu-ga sends (a
// guest-file-read of its maximum count, base64-encoded).
const (
	DefaultMaxMessageSize      = 256 << 20
	DefaultAgentMaxMessageSize = 72 << 20
)

// WithMaxMessageSize sets the largest message, in bytes, accepted from the
// peer. A longer one ends the connection with an error matching
// ErrDisconnected and wrapping a [*ProtocolError], before it is read to its
// end. n <= 0 keeps the default: DefaultMaxMessageSize for QMP,
// DefaultAgentMaxMessageSize for the guest agent.
func WithMaxMessageSize(n int) Option {
	return func(o *options) { o.maxMessage = n }
}

// collect applies opts to the default options.
func collect(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithOOB asks for out-of-band execution: the "oob" capability is enabled
// during negotiation if the server offers it. Whether it was enabled is
// reported by [Conn.OOBEnabled]. The guest agent ignores this option.
func WithOOB() Option {
	return func(o *options) { o.oob = true }
}

// Conn is a QMP connection that has completed capabilities negotiation. It
// is safe for concurrent use.
type Conn struct {
	e        *engine
	greeting Greeting
	oob      bool

	greetingCh chan *greetingBody
	gotGreet   bool // touched by the reader only

	evMu sync.Mutex
	subs []*Subscription
	// backlog keeps events received before New returned, for the first
	// subscription; early is true until then.
	backlog []Event
	early   bool
	closed  bool // Close was called: no new subscription gets events
}

// Dial connects to a QMP server at addr ("unix" or "tcp" network, as for
// net.Dial) and negotiates capabilities; see New.
func Dial(ctx context.Context, network, addr string, opts ...Option) (*Conn, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, fmt.Errorf("qmp: dial: %w", err)
	}
	return New(ctx, nc, opts...)
}

// New runs a QMP session over rwc: it reads the greeting, sends
// qmp_capabilities and returns once the server acknowledged it. New takes
// ownership of rwc: it is closed by Close, or at once if New fails. Closing
// rwc must unblock a pending Read and Write (true of net.Conn and os.File
// pipes). ctx bounds the handshake only.
func New(ctx context.Context, rwc io.ReadWriteCloser, opts ...Option) (*Conn, error) {
	o := collect(opts)
	c := &Conn{
		e:          newEngine(rwc, o, DefaultMaxMessageSize),
		greetingCh: make(chan *greetingBody, 1),
		early:      true,
	}
	c.e.onGreeting = c.gotGreeting
	c.e.onEvent = c.dispatch
	c.e.onEnd = c.connEnded
	c.e.start(false)

	var g *greetingBody
	select {
	case g = <-c.greetingCh:
	case <-ctx.Done():
		c.Close()
		return nil, ctx.Err()
	case <-c.e.done:
		err := c.e.errNow()
		c.Close()
		return nil, fmt.Errorf("qmp: waiting for greeting: %w", err)
	}
	c.greeting = Greeting{
		Version: Version{
			Major:   g.Version.QEMU.Major,
			Minor:   g.Version.QEMU.Minor,
			Micro:   g.Version.QEMU.Micro,
			Package: g.Version.Package,
		},
		Capabilities: g.Capabilities,
	}

	var args any
	if o.oob && slices.Contains(g.Capabilities, "oob") {
		args = map[string][]string{"enable": {"oob"}}
		c.oob = true
	}
	if err := c.Execute(ctx, "qmp_capabilities", args, nil); err != nil {
		c.Close()
		return nil, fmt.Errorf("qmp: negotiation: %w", err)
	}
	c.evMu.Lock()
	c.early = false
	c.evMu.Unlock()
	return c, nil
}

func (c *Conn) gotGreeting(raw []byte) error {
	// Only the first greeting means anything.
	if c.gotGreet {
		return nil
	}
	var g greetingBody
	if err := json.Unmarshal(raw, &g); err != nil {
		return newProtocolError("malformed greeting", raw, err)
	}
	c.gotGreet = true
	c.greetingCh <- &g
	return nil
}

// Greeting returns the greeting the server sent.
func (c *Conn) Greeting() Greeting { return c.greeting }

// OOBEnabled reports whether out-of-band execution was negotiated.
func (c *Conn) OOBEnabled() bool { return c.oob }

// Execute runs command with args and decodes its "return" value into result
// (a pointer, a [Decoder], or nil to discard it). It returns a [*Error] if
// the server replied with an error, ctx.Err() if ctx ended first, and an
// error matching ErrClosed or ErrDisconnected if the connection ended.
func (c *Conn) Execute(ctx context.Context, command string, args, result any) error {
	ret, err := c.e.call(ctx, request{key: "execute", command: command, args: args})
	if err != nil {
		return err
	}
	return decodeResult(command, ret, result)
}

// ExecuteOOB is Execute with "exec-oob": the server runs the command out of
// band, possibly overtaking commands sent earlier. It returns
// ErrOOBNotEnabled unless out-of-band execution was negotiated.
func (c *Conn) ExecuteOOB(ctx context.Context, command string, args, result any) error {
	if !c.oob {
		return ErrOOBNotEnabled
	}
	ret, err := c.e.call(ctx, request{key: "exec-oob", command: command, args: args})
	if err != nil {
		return err
	}
	return decodeResult(command, ret, result)
}

// ExecuteNoResponse sends a command that does not reply on success (declared
// with 'success-response': false) and returns once it is written. An error
// reply the server may still send is discarded.
func (c *Conn) ExecuteNoResponse(ctx context.Context, command string, args any) error {
	_, err := c.e.call(ctx, request{key: "execute", command: command, args: args, noReply: true})
	return err
}

// ExecuteWithFiles is Execute with the descriptors of files sent alongside
// the command (SCM_RIGHTS), as getfd and add-fd expect. It needs a Unix
// domain socket connection and returns ErrFilesUnsupported otherwise. The
// server receives duplicates: the caller still owns files and may close them
// once ExecuteWithFiles returns.
func (c *Conn) ExecuteWithFiles(ctx context.Context, command string, args, result any, files ...*os.File) error {
	ret, err := c.e.call(ctx, request{key: "execute", command: command, args: args, files: files})
	if err != nil {
		return err
	}
	return decodeResult(command, ret, result)
}

// ExecuteRaw runs command with raw JSON arguments (nil for none) and returns
// the raw "return" value.
func (c *Conn) ExecuteRaw(ctx context.Context, command string, args json.RawMessage) (json.RawMessage, error) {
	var argv any
	if args != nil {
		argv = args
	}
	return c.e.call(ctx, request{key: "execute", command: command, args: argv})
}

// Done returns a channel that is closed when the connection has ended.
func (c *Conn) Done() <-chan struct{} { return c.e.done }

// Err returns why the connection ended, or nil while it is open.
func (c *Conn) Err() error { return c.e.errNow() }

// Close ends the connection. Pending calls return an error matching
// ErrClosed, subscriptions are closed (discarding undelivered events), and
// every goroutine of the connection has stopped when Close returns.
func (c *Conn) Close() error {
	err := c.e.close()
	c.evMu.Lock()
	subs := c.subs
	c.subs, c.backlog, c.closed = nil, nil, true
	c.evMu.Unlock()
	for _, s := range subs {
		s.stop()
	}
	return err
}
