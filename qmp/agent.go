// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
)

// Agent is a connection to a QEMU guest agent (qemu-ga). The protocol is
// QMP's request/reply part without greeting, negotiation or events. It is
// safe for concurrent use: requests carry ids and replies are matched by
// them, so a reply to a cancelled call can never be taken for another's.
//
// Input is ignored until the first 0xFF delimiter, which the agent sends in
// front of its reply to guest-sync-delimited: whatever an earlier client
// left unread in the channel (as happens with virtio-serial) is skipped.
// An earlier client's own guest-sync-delimited reply may follow such a
// delimiter: Sync waits for the reply that echoes its token, and request
// ids differ between connections, so stale replies are never taken for
// fresh ones.
type Agent struct {
	e *engine
}

// DialAgent connects to a guest agent at addr ("unix" or "tcp" network) and
// synchronises with it; see NewAgent.
func DialAgent(ctx context.Context, network, addr string, opts ...Option) (*Agent, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, fmt.Errorf("qmp: dial agent: %w", err)
	}
	return NewAgent(ctx, nc, opts...)
}

// NewAgent runs the guest agent protocol over rwc and calls Sync before
// returning. It takes ownership of rwc, closing it if it fails. No public
// option applies to agents (WithOOB is ignored); the parameter keeps the
// signature in line with New.
func NewAgent(ctx context.Context, rwc io.ReadWriteCloser, opts ...Option) (*Agent, error) {
	o := collect(opts)
	a := &Agent{e: newEngine(rwc, o, DefaultAgentMaxMessageSize)}
	a.e.randomIDs()
	a.e.start(true)
	if err := a.Sync(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// Sync resynchronises with the agent: it sends a 0xFF byte (which makes the
// agent drop any partial input) followed by guest-sync-delimited with a
// random token, and waits for the agent to echo the token, reading past
// replies with other tokens.
func (a *Agent) Sync(ctx context.Context) error {
	token := rand.Int64N(1 << 53) // exact in any JSON implementation
	ret, err := a.e.call(ctx, request{
		key:     "execute",
		command: "guest-sync-delimited",
		args:    map[string]int64{"id": token},
		prefix:  []byte{delimiter},
		sync:    true,
		token:   token,
	})
	if err != nil {
		return fmt.Errorf("qmp: agent sync: %w", err)
	}
	var got int64
	if err := json.Unmarshal(ret, &got); err != nil || got != token {
		return fmt.Errorf("qmp: agent sync: %w", newProtocolError("guest-sync-delimited returned the wrong token", ret, err))
	}
	return nil
}

// Execute runs command with args and decodes its "return" value into
// result, like [Conn.Execute].
func (a *Agent) Execute(ctx context.Context, command string, args, result any) error {
	ret, err := a.e.call(ctx, request{key: "execute", command: command, args: args})
	if err != nil {
		return err
	}
	return decodeResult(command, ret, result)
}

// ExecuteRaw runs command with raw JSON arguments (nil for none) and returns
// the raw "return" value.
func (a *Agent) ExecuteRaw(ctx context.Context, command string, args json.RawMessage) (json.RawMessage, error) {
	var argv any
	if args != nil {
		argv = args
	}
	return a.e.call(ctx, request{key: "execute", command: command, args: argv})
}

// ExecuteNoResponse sends a command that does not reply on success
// (guest-shutdown, guest-suspend-*) and returns once it is written. An error
// reply the agent may still send is discarded.
func (a *Agent) ExecuteNoResponse(ctx context.Context, command string, args any) error {
	_, err := a.e.call(ctx, request{key: "execute", command: command, args: args, noReply: true})
	return err
}

// Done returns a channel that is closed when the connection has ended.
func (a *Agent) Done() <-chan struct{} { return a.e.done }

// Err returns why the connection ended, or nil while it is open.
func (a *Agent) Err() error { return a.e.errNow() }

// Close ends the connection; pending calls return an error matching
// ErrClosed. No goroutine of the connection remains when Close returns.
func (a *Agent) Close() error { return a.e.close() }
