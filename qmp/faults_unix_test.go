// SPDX-License-Identifier: Apache-2.0

//go:build unix

package qmp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestMonitoringLoopPeerFrozen: a loop of calls with short deadlines
// against a peer that neither reads nor answers (a stopped QEMU) over a
// real socket: once the kernel's buffer is full every write blocks, and
// every call must still return by its deadline.
func TestMonitoringLoopPeerFrozen(t *testing.T) {
	c, _ := connectSocket(t) // the peer is frozen after the handshake
	const calls = 400
	padding := map[string]string{"pad": strings.Repeat("x", 200)}
	for i := range calls {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
		var err error
		within(t, 2*time.Second, fmt.Sprintf("call %d", i), func() {
			err = c.Execute(ctx, "query-status", padding, nil)
		})
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("call %d = %v, want context.DeadlineExceeded", i, err)
		}
		if c.Err() != nil {
			break // a write was cut half-way: every later call fails at once
		}
	}
}

// TestTooManyFiles: more descriptors than the kernel takes in one message
// fail that call only.
func TestTooManyFiles(t *testing.T) {
	c, p := connectSocket(t)
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	files := make([]*os.File, 300)
	for i := range files {
		files[i] = pw
	}
	err = c.ExecuteWithFiles(testCtx(t), "getfd", map[string]string{"fdname": "x"}, nil, files...)
	if err == nil || errors.Is(err, ErrDisconnected) {
		t.Fatalf("call with %d descriptors = %v, want an error for that call only", len(files), err)
	}
	t.Log(err)
	expectFresh(t, c, p, nil)
}

// TestLargeRequestOverSocket: a request larger than the socket's buffer
// goes out in part at the first attempt; the rest must follow whole.
func TestLargeRequestOverSocket(t *testing.T) {
	c, p := connectSocket(t)
	big := strings.Repeat("x", 4<<20)
	go func() {
		time.Sleep(50 * time.Millisecond) // let the client fill the buffer
		req := p.recv()
		var args struct{ S string }
		json.Unmarshal(req.Arguments, &args)
		p.reply(req.ID, fmt.Sprint(len(args.S)))
	}()
	var n int
	if err := c.Execute(testCtx(t), "big", map[string]string{"s": big}, &n); err != nil || n != len(big) {
		t.Fatalf("peer received %d bytes of the argument (%v), want %d", n, err, len(big))
	}
}
