// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"context"
	"errors"
	"testing"
)

// TestGoPipelined: one goroutine keeps several commands in flight and
// collects the replies, which the peer sends in reverse order, each into
// its own result; in every read mode.
func TestGoPipelined(t *testing.T) {
	for _, mode := range readModes {
		t.Run(mode.name, func(t *testing.T) {
			c, p := connectMode(t, mode.wrap, mode.opts)
			const n = 8
			go func() {
				reqs := make([]fakeRequest, n)
				for i := range reqs {
					reqs[i] = p.recv()
				}
				for i := n - 1; i >= 0; i-- {
					p.reply(reqs[i].ID, string(reqs[i].Arguments))
				}
			}()
			results := make([]struct{ N int }, n)
			calls := make([]*Call, n)
			for i := range calls {
				calls[i] = c.Go(testCtx(t), "echo", map[string]int{"n": i}, &results[i])
			}
			for i, call := range calls {
				if err := call.Wait(testCtx(t)); err != nil || results[i].N != i {
					t.Errorf("call %d = %+v, %v", i, results[i], err)
				}
			}
		})
	}
}

// TestGoWaitAbandoned: a Wait whose context ends abandons its call; the
// late reply is discarded and Wait keeps returning the same error.
func TestGoWaitAbandoned(t *testing.T) {
	c, p := connect(t)
	sent := make(chan fakeRequest, 1)
	go func() { sent <- p.recv() }()
	call := c.Go(testCtx(t), "slow", nil, nil)
	slow := <-sent
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := call.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait with a cancelled context = %v", err)
	}
	if err := call.Wait(testCtx(t)); !errors.Is(err, context.Canceled) {
		t.Errorf("second Wait = %v, want the first one's error", err)
	}
	expectFresh(t, c, p, func() { p.reply(slow.ID, `"late"`) })
}

// TestGoErrors: a refused command, bad arguments and a closed connection
// all reach Wait.
func TestGoErrors(t *testing.T) {
	c, p := connect(t)
	go func() {
		req := p.recv()
		p.send(`{"error": {"class": "CommandNotFound", "desc": "no"}, "id": ` + string(req.ID) + `}`)
	}()
	var qe *Error
	if err := c.Go(testCtx(t), "nope", nil, nil).Wait(testCtx(t)); !errors.As(err, &qe) || qe.Command != "nope" {
		t.Errorf("refused command = %v", err)
	}
	if err := c.Go(testCtx(t), "bad", []int{1}, nil).Wait(testCtx(t)); err == nil {
		t.Error("arguments that are not an object were accepted")
	}
	c.Close()
	if err := c.Go(testCtx(t), "late", nil, nil).Wait(testCtx(t)); !errors.Is(err, ErrClosed) {
		t.Errorf("Go after Close = %v, want ErrClosed", err)
	}
}
