// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"context"
	"encoding/json"
)

// Call is a command sent by [Conn.Go] whose reply has yet to be collected
// with Wait.
type Call struct {
	e      *engine
	f      inFlight
	result any
	err    error // set once Wait returned, or when sending failed
	waited bool
}

// Go sends command with args like Execute, but returns once the request is
// written; [Call.Wait] collects the reply into result. One goroutine can
// so keep several commands in flight on a connection, which costs less
// than as many goroutines calling Execute: whoever waits reads the replies
// of the others on the way and leaves them for their Wait, with no other
// goroutine to wake. ctx bounds the sending; an error in sending is
// returned by Wait.
func (c *Conn) Go(ctx context.Context, command string, args, result any) *Call {
	f, err := c.e.issue(ctx, request{key: "execute", command: command, args: args})
	return &Call{e: c.e, f: f, result: result, err: err, waited: err != nil}
}

// Wait waits for the reply of the call and decodes it into the result
// given to Go, returning what Execute would. If ctx ends first it returns
// ctx.Err() and the call is abandoned: its reply will be discarded. Later
// calls of Wait return the same error at once. Wait must not be called
// from two goroutines at the same time.
func (call *Call) Wait(ctx context.Context) error {
	if call.waited {
		return call.err
	}
	call.waited = true
	var ret json.RawMessage
	if ret, call.err = call.e.await(ctx, call.f); call.err == nil {
		call.err = decodeResult(call.f.command, ret, call.result)
	}
	return call.err
}
