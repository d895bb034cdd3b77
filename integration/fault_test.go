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
	"fmt"
	"net"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/qmp"

	"github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qga"
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

// TestFrozenShortDeadlines: a monitoring loop calls query-status through
// the typed client with short deadlines while QEMU is stopped with
// SIGSTOP. QEMU stops reading, the socket's buffer fills and writes block:
// every call still returns by its deadline, none hangs. The requests are
// small, so the kernel takes each whole or not at all and none is cut:
// after SIGCONT the same connection answers again, the replies to the
// abandoned calls being discarded, and the machine is in the state it was.
func TestFrozenShortDeadlines(t *testing.T) {
	m := startMachine(t, tempDir(t))
	ctx := testCtx(t)
	if _, err := m.client.QueryStatus(ctx); err != nil {
		t.Fatal(err)
	}
	if err := m.proc.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	defer m.proc.cmd.Process.Signal(syscall.SIGCONT)
	const calls, deadline = 600, 5 * time.Millisecond
	var late time.Duration
	for i := range calls {
		cctx, cancel := context.WithTimeout(context.Background(), deadline)
		start := time.Now()
		errc := pendingCall(func() error { _, err := m.client.QueryStatus(cctx); return err })
		err := waitErr(t, errc, fmt.Sprintf("call %d to a stopped QEMU", i))
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("call %d to a stopped QEMU = %v, want context.DeadlineExceeded", i, err)
		}
		late = max(late, time.Since(start)-deadline)
	}
	t.Logf("%d calls to a stopped QEMU, each returned at most %v after its deadline", calls, late.Round(time.Microsecond))
	if err := m.conn.Err(); err != nil {
		t.Fatalf("the connection ended while QEMU was stopped: %v", err)
	}
	if err := m.proc.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	st, err := m.client.QueryStatus(ctx)
	if err != nil || st.Status != qapi.RunStatePrelaunch || st.Running {
		t.Fatalf("query-status after SIGCONT = %+v, %v; want prelaunch", st, err)
	}
	if _, err := m.client.QueryVersion(ctx); err != nil {
		t.Errorf("query-version after SIGCONT: %v", err)
	}
}

// TestKilledDuringEventBurst kills QEMU while it emits a stream of events
// (cont and stop in a loop): the call in flight fails with
// ErrDisconnected, the events that arrived are delivered whole and in
// order before the subscription ends, and nothing of the runtime is left
// once the connection is closed.
func TestKilledDuringEventBurst(t *testing.T) {
	noRuntimeGoroutines(t, "before the test")
	m := startMachine(t, tempDir(t))
	ctx := testCtx(t)
	sub := m.conn.Subscribe(0)
	defer sub.Close()
	burst := pendingCall(func() error {
		for {
			if err := m.client.Cont(ctx); err != nil {
				return err
			}
			if err := m.client.Stop(ctx); err != nil {
				return err
			}
		}
	})
	// Kill while the events keep coming, reading them all the while.
	var got []qmp.Event
	killed := make(chan struct{})
	for ended := false; !ended; {
		select {
		case ev, ok := <-sub.Events():
			if ended = !ok; ended {
				break
			}
			if got = append(got, ev); len(got) == 100 {
				go func() { defer close(killed); m.proc.cmd.Process.Kill() }()
			}
		case <-time.After(eventTimeout):
			t.Fatalf("%d events, then the subscription neither delivered nor ended", len(got))
		}
	}
	<-killed
	if err := waitErr(t, burst, "the call in flight"); !errors.Is(err, qmp.ErrDisconnected) {
		t.Errorf("call in flight at the kill = %v, want ErrDisconnected", err)
	}
	for i, ev := range got {
		want := [...]string{"RESUME", "STOP"}[i%2]
		if ev.Name != want || ev.Err != nil || ev.Timestamp.IsZero() {
			t.Fatalf("event %d = %s (err %v, time %v), want %s with a timestamp", i, ev.Name, ev.Err, ev.Timestamp, want)
		}
	}
	t.Logf("%d events delivered in all", len(got))
	if !errors.Is(m.conn.Err(), qmp.ErrDisconnected) {
		t.Errorf("Conn.Err() = %v", m.conn.Err())
	}
	sub.Close()
	m.conn.Close()
	if _, err := m.client.QueryStatus(ctx); !errors.Is(err, qmp.ErrClosed) {
		t.Errorf("call after Close = %v, want ErrClosed", err)
	}
	noRuntimeGoroutines(t, "after Close")
}

// TestAgentStaleSyncReply: the reply to an earlier client's
// guest-sync-delimited is still in the channel when a new client
// connects (a virtio-serial port outlives its clients; here one socket
// connection to qemu-ga plays the channel). It carries the id a client
// numbering its requests from 1 gives its first one. The new client reads
// past it to the reply echoing its own token and works normally.
func TestAgentStaleSyncReply(t *testing.T) {
	dir := tempDir(t)
	bin := needBinary(t, "qemu-ga")
	sock := filepath.Join(dir, "qga.sock")
	p := startProcess(t, sock, bin, "-m", "unix-listen", "-p", sock, "-t", dir,
		"-f", filepath.Join(dir, "qga.pid"), "-b", strings.Join(agentBlocked, ","))
	nc, err := dialRetry(t, p, func(ctx ctxT) (net.Conn, error) { var d net.Dialer; return d.DialContext(ctx, "unix", sock) })
	if err != nil {
		t.Fatal(err)
	}
	const stale = 424242
	if _, err := fmt.Fprintf(nc, "\xff{\"execute\": \"guest-sync-delimited\", \"arguments\": {\"id\": %d}, \"id\": 1}\n", stale); err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	a, err := qmp.NewAgent(ctx, nc)
	if err != nil {
		t.Fatalf("NewAgent with a stale sync reply in the channel: %v", err)
	}
	defer a.Close()
	client := qga.NewClient(newCheckedExecutor(a), qga.Strict())
	if err := client.GuestPing(ctx); err != nil {
		t.Fatalf("guest-ping: %v", err)
	}
	const token = 1<<52 + 3
	if got, err := client.GuestSyncDelimited(ctx, qga.GuestSyncDelimitedCommand{ID: token}); err != nil || got != token {
		t.Errorf("guest-sync-delimited = %d, %v; want %d", got, err, int64(token))
	}
	if info, err := client.GuestInfo(ctx); err != nil || info.Version == "" {
		t.Errorf("guest-info = %+v, %v", info, err)
	}
}
