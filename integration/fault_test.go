// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

// Faults with real processes. These tests are not parallel: the goroutine
// checks count every goroutine of the process, so no other test may hold a
// connection while they run (parallel tests only start after all
// sequential ones have finished).

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/qmp"

	qapi "github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qmp"
)

// promptly bounds how long a call may take to fail once its connection is
// gone.
const promptly = 5 * time.Second

// runtimeGoroutines returns the stacks of the goroutines running code of
// the qmp runtime package.
func runtimeGoroutines() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "github.com/qapi-gen/qapi-gen/qmp.") {
			out = append(out, g)
		}
	}
	return out
}

// noRuntimeGoroutines fails if a goroutine of the qmp package is still
// alive.
func noRuntimeGoroutines(t *testing.T, when string) {
	t.Helper()
	if gs := runtimeGoroutines(); len(gs) > 0 {
		t.Errorf("%s: %d goroutines of package qmp remain:\n%s", when, len(gs), strings.Join(gs, "\n\n"))
	}
}

// pendingCall starts fn in a goroutine; the returned channel receives its
// error.
func pendingCall(fn func() error) <-chan error {
	errc := make(chan error, 1)
	go func() { errc <- fn() }()
	return errc
}

func waitErr(t *testing.T, errc <-chan error, what string) error {
	t.Helper()
	select {
	case err := <-errc:
		return err
	case <-time.After(promptly):
		t.Fatalf("%s did not return within %v", what, promptly)
		return nil
	}
}

// TestKilledDuringCommand kills QEMU while a typed command is waiting
// for its reply: the call fails at once with ErrDisconnected, the event
// subscription ends, and later calls fail the same way.
func TestKilledDuringCommand(t *testing.T) {
	noRuntimeGoroutines(t, "before the test")
	m := startMachine(t, tempDir(t))
	ctx := testCtx(t)
	if _, err := m.client.QueryStatus(ctx); err != nil {
		t.Fatal(err)
	}
	sub := m.conn.Subscribe(0)
	defer sub.Close()
	// A stopped QEMU cannot answer: the call is certainly pending when the
	// kill comes.
	if err := m.proc.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	errc := pendingCall(func() error { _, err := m.client.QueryStatus(ctx); return err })
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	m.proc.kill(t)
	err := waitErr(t, errc, "the pending query-status")
	if !errors.Is(err, qmp.ErrDisconnected) {
		t.Errorf("pending call after kill = %v, want ErrDisconnected", err)
	}
	t.Logf("pending call failed %v after the kill: %v", time.Since(start).Round(time.Millisecond), err)
	select {
	case _, ok := <-sub.Events():
		if ok {
			t.Errorf("an event arrived from a killed QEMU")
		}
	case <-time.After(promptly):
		t.Errorf("the subscription did not end after the kill")
	}
	if _, err := m.client.QueryVersion(ctx); !errors.Is(err, qmp.ErrDisconnected) {
		t.Errorf("call after kill = %v, want ErrDisconnected", err)
	}
	if !errors.Is(m.conn.Err(), qmp.ErrDisconnected) {
		t.Errorf("Conn.Err() = %v", m.conn.Err())
	}
}

// TestCloseLeavesNoGoroutine closes connections with a command pending,
// a subscription open and events delivered, and checks that Close returns
// promptly, fails the pending call with ErrClosed and leaves no goroutine
// of the runtime behind.
func TestCloseLeavesNoGoroutine(t *testing.T) {
	noRuntimeGoroutines(t, "before the test")
	baseline := runtime.NumGoroutine()

	t.Run("Agent", func(t *testing.T) {
		p, a, client := startAgent(t, tempDir(t))
		ctx := testCtx(t)
		if err := client.GuestPing(ctx); err != nil {
			t.Fatal(err)
		}
		if err := p.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
			t.Fatal(err)
		}
		defer p.cmd.Process.Signal(syscall.SIGCONT)
		errc := pendingCall(func() error { return client.GuestPing(context.Background()) })
		time.Sleep(100 * time.Millisecond)
		if err := waitErr(t, pendingCall(a.Close), "Agent.Close"); err != nil {
			t.Errorf("Close: %v", err)
		}
		if err := waitErr(t, errc, "the pending call"); !errors.Is(err, qmp.ErrClosed) {
			t.Errorf("pending call after Close = %v, want ErrClosed", err)
		}
		noRuntimeGoroutines(t, "after Agent.Close")
	})

	t.Run("QMP", func(t *testing.T) {
		dir := tempDir(t)
		bin := needBinary(t, "qemu-system-x86_64")
		sock := filepath.Join(dir, "qmp.sock")
		p := startProcess(t, sock, bin, machineArgs(sock)...)
		conn, err := dialRetry(t, p, func(ctx ctxT) (*qmp.Conn, error) { return qmp.Dial(ctx, "unix", sock) })
		if err != nil {
			t.Fatal(err)
		}
		client := qapi.NewClient(newCheckedExecutor(conn), qapi.Strict())
		ctx := testCtx(t)
		idle := conn.Subscribe(0) // never read
		sub := conn.Subscribe(4)
		if err := client.Cont(ctx); err != nil {
			t.Fatal(err)
		}
		if err := client.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"RESUME", "STOP"} {
			select {
			case ev := <-sub.Events():
				if ev.Name != want {
					t.Errorf("event %s, want %s", ev.Name, want)
				}
			case <-time.After(eventTimeout):
				t.Fatalf("no %s event", want)
			}
		}
		if err := p.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
			t.Fatal(err)
		}
		defer p.cmd.Process.Signal(syscall.SIGCONT)
		errc := pendingCall(func() error { _, err := client.QueryStatus(context.Background()); return err })
		time.Sleep(100 * time.Millisecond)
		closed := pendingCall(conn.Close)
		if err := waitErr(t, closed, "Close"); err != nil {
			t.Errorf("Close: %v", err)
		}
		if err := waitErr(t, errc, "the pending call"); !errors.Is(err, qmp.ErrClosed) {
			t.Errorf("pending call after Close = %v, want ErrClosed", err)
		}
		for _, s := range []*qmp.Subscription{idle, sub} {
			select {
			case _, ok := <-s.Events():
				if ok {
					// Undelivered events are dropped by Close; none may
					// come after it.
					t.Errorf("an event arrived after Close")
				}
			case <-time.After(promptly):
				t.Errorf("a subscription channel stayed open after Close")
			}
		}
		noRuntimeGoroutines(t, "after Conn.Close")
	})

	// Whatever else the subtests started (process reapers) has ended with
	// their cleanups.
	deadline := time.Now().Add(promptly)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline {
		t.Errorf("%d goroutines before the test, %d after", baseline, n)
	}
}

// TestQuit: the quit command ends QEMU with a SHUTDOWN event saying why,
// and the connection ends as disconnected.
func TestQuit(t *testing.T) {
	m := startMachine(t, tempDir(t))
	ctx := testCtx(t)
	from := m.events.mark()
	if err := m.client.Quit(ctx); err != nil {
		t.Fatal(err)
	}
	ev, _ := m.events.waitFor(from, "SHUTDOWN", func(e namedEvent) bool { _, ok := e.(qapi.ShutdownEvent); return ok })
	if sd := ev.(qapi.ShutdownEvent); sd.Guest || sd.Reason != qapi.ShutdownCauseHostQMPQuit {
		t.Errorf("SHUTDOWN = %+v, want reason host-qmp-quit from the host", sd)
	}
	select {
	case <-m.conn.Done():
	case <-time.After(promptly):
		t.Fatal("connection still open after quit")
	}
	if !errors.Is(m.conn.Err(), qmp.ErrDisconnected) {
		t.Errorf("Conn.Err() after quit = %v, want ErrDisconnected", m.conn.Err())
	}
	select {
	case <-m.proc.exited:
	case <-time.After(promptly):
		t.Error("QEMU still running after quit")
	}
}
