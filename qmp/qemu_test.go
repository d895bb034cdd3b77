// SPDX-License-Identifier: Apache-2.0

package qmp

// Integration tests against real QEMU binaries. Each test skips, saying
// why, when its binary is not installed (Debian packages qemu-system-x86,
// which also brings qemu-storage-daemon via qemu-system-common, and
// qemu-guest-agent).

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// needBinary returns the path of name or skips the test.
func needBinary(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		for _, dir := range []string{"/usr/sbin", "/usr/bin", "/usr/local/bin"} {
			if p := filepath.Join(dir, name); fileExists(p) {
				return p
			}
		}
		t.Skipf("%s not installed (Debian: apt-get install qemu-system-x86 qemu-guest-agent): %v", name, err)
	}
	return path
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// startProcess runs a QEMU program that listens on sock, waits until the
// socket accepts connections, and kills the process at cleanup.
func startProcess(t testing.TB, sock string, path string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(path, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			t.Errorf("%s did not exit after SIGKILL", path)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for !fileExists(sock) {
		select {
		case <-exited:
			t.Fatalf("%s exited early: %s", path, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not create %s: %s", path, sock, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The socket file appears at bind time, before listen. Wait for the
	// listening state without connecting: a probe client would be taken
	// for the real one.
	for !listening(sock) {
		if time.Now().After(deadline) {
			t.Fatalf("%s is not listening on %s: %s", path, sock, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return cmd
}

// listening reports whether a Unix socket is bound to path and listening,
// from /proc/net/unix (Linux); elsewhere it assumes so.
func listening(path string) bool {
	data, err := os.ReadFile("/proc/net/unix")
	if err != nil {
		return true
	}
	const acceptFlag = 0x10000 // __SO_ACCEPTCON in the Flags column
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 8 || f[len(f)-1] != path {
			continue
		}
		flags, err := strconv.ParseUint(f[3], 16, 32)
		if err == nil && flags&acceptFlag != 0 {
			return true
		}
	}
	return false
}

// startQEMU starts a paused, empty q35 machine with a QMP socket.
func startQEMU(t testing.TB, extra ...string) (sock string, cmd *exec.Cmd) {
	t.Helper()
	bin := needBinary(t, "qemu-system-x86_64")
	sock = filepath.Join(t.TempDir(), "qmp.sock")
	args := append([]string{"-machine", "q35", "-accel", "tcg", "-nodefaults", "-display", "none", "-S",
		"-qmp", "unix:" + sock + ",server=on,wait=off"}, extra...)
	return sock, startProcess(t, sock, bin, args...)
}

func waitEvent(t *testing.T, sub *Subscription, name string) Event {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev, ok := <-sub.Events():
			if !ok {
				t.Fatalf("subscription closed while waiting for %s", name)
			}
			if ev.Name == name {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s event", name)
		}
	}
}

func TestQEMU(t *testing.T) {
	sock, _ := startQEMU(t)
	ctx := testCtx(t)
	c, err := Dial(ctx, "unix", sock, WithOOB())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	t.Run("query-version matches greeting", func(t *testing.T) {
		var v struct {
			QEMU    struct{ Major, Minor, Micro int } `json:"qemu"`
			Package string                            `json:"package"`
		}
		if err := c.Execute(ctx, "query-version", nil, &v); err != nil {
			t.Fatal(err)
		}
		g := c.Greeting().Version
		if g != (Version{v.QEMU.Major, v.QEMU.Minor, v.QEMU.Micro, v.Package}) || g.Major == 0 {
			t.Errorf("greeting %+v, query-version %+v", g, v)
		}
		t.Logf("QEMU %s (%s)", g, g.Package)
	})

	t.Run("query-status", func(t *testing.T) {
		var st struct {
			Status  string
			Running bool
		}
		if err := c.Execute(ctx, "query-status", nil, &st); err != nil {
			t.Fatal(err)
		}
		if st.Status != "prelaunch" || st.Running {
			t.Errorf("status = %+v, want prelaunch, not running", st)
		}
	})

	t.Run("cont and stop with events", func(t *testing.T) {
		sub := c.Subscribe(0)
		defer sub.Close()
		if err := c.Execute(ctx, "cont", nil, nil); err != nil {
			t.Fatal(err)
		}
		ev := waitEvent(t, sub, "RESUME")
		if d := time.Since(ev.Timestamp); d < -time.Minute || d > time.Minute {
			t.Errorf("RESUME timestamp %v is not now", ev.Timestamp)
		}
		if err := c.Execute(ctx, "stop", nil, nil); err != nil {
			t.Fatal(err)
		}
		waitEvent(t, sub, "STOP")
		var st struct{ Status string }
		if err := c.Execute(ctx, "query-status", nil, &st); err != nil || st.Status != "paused" {
			t.Errorf("status after stop = %q, %v", st.Status, err)
		}
	})

	t.Run("wrong argument", func(t *testing.T) {
		err := c.Execute(ctx, "query-status", map[string]int{"bogus": 1}, nil)
		var qe *Error
		if !errors.As(err, &qe) || qe.Class != "GenericError" || qe.Command != "query-status" {
			t.Fatalf("error = %v, want *Error GenericError", err)
		}
		t.Logf("%v", qe)
	})

	t.Run("exec-oob", func(t *testing.T) {
		if !c.OOBEnabled() {
			t.Fatal("QEMU offered no oob")
		}
		// query-status does not allow out-of-band execution: the error
		// proves the exec-oob request made the round trip.
		err := c.ExecuteOOB(ctx, "query-status", nil, nil)
		var qe *Error
		if !errors.As(err, &qe) || !strings.Contains(qe.Desc, "OOB") {
			t.Fatalf("exec-oob query-status = %v", err)
		}
	})

	t.Run("getfd and add-fd", func(t *testing.T) {
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer pr.Close()
		defer pw.Close()
		if err := c.ExecuteWithFiles(ctx, "getfd", map[string]string{"fdname": "testfd"}, nil, pw); err != nil {
			t.Fatal(err)
		}
		if err := c.Execute(ctx, "closefd", map[string]string{"fdname": "testfd"}, nil); err != nil {
			t.Errorf("closefd of the passed fd: %v", err)
		}
		var added struct {
			FdsetID int `json:"fdset-id"`
			FD      int `json:"fd"`
		}
		if err := c.ExecuteWithFiles(ctx, "add-fd", nil, &added, pr); err != nil {
			t.Fatal(err)
		}
		var sets []struct {
			FdsetID int `json:"fdset-id"`
		}
		if err := c.Execute(ctx, "query-fdsets", nil, &sets); err != nil || len(sets) != 1 || sets[0].FdsetID != added.FdsetID {
			t.Errorf("query-fdsets = %+v, %v; add-fd gave %+v", sets, err, added)
		}
	})
}

// startFrozenQEMU starts QEMU, connects, and stops QEMU with SIGSTOP.
func startFrozenQEMU(t *testing.T) (*Conn, *exec.Cmd) {
	sock, cmd := startQEMU(t)
	c, err := Dial(testCtx(t), "unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGCONT) })
	return c, cmd
}

func TestQEMUKilledDuringCommand(t *testing.T) {
	// Freeze QEMU so the command is certainly pending, then kill it.
	c, cmd := startFrozenQEMU(t)
	errc := make(chan error, 1)
	go func() { errc <- c.Execute(context.Background(), "query-status", nil, nil) }()
	time.Sleep(100 * time.Millisecond)
	cmd.Process.Kill()
	select {
	case err := <-errc:
		if !errors.Is(err, ErrDisconnected) {
			t.Errorf("pending call = %v, want ErrDisconnected", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("pending call did not fail after QEMU was killed")
	}
}

func TestQEMUStorageDaemon(t *testing.T) {
	bin := needBinary(t, "qemu-storage-daemon")
	dir := t.TempDir()
	sock, pid := filepath.Join(dir, "qsd.sock"), filepath.Join(dir, "qsd.pid")
	startProcess(t, sock, bin, "--chardev", "socket,id=mon,path="+sock+",server=on,wait=off", "--monitor", "chardev=mon", "--pidfile", pid)
	// The daemon writes its pid file once start-up is complete. A client
	// that connects before (the socket listens early) can race with the
	// monitor's set-up and have its connection reset.
	for deadline := time.Now().Add(10 * time.Second); !fileExists(pid); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("qemu-storage-daemon wrote no pid file")
		}
	}
	c, err := Dial(testCtx(t), "unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var nodes []any
	if err := c.Execute(testCtx(t), "query-named-block-nodes", nil, &nodes); err != nil || len(nodes) != 0 {
		t.Errorf("query-named-block-nodes = %v, %v", nodes, err)
	}
}

// agentBlocked lists guest agent commands that must never run against the
// host the tests run on.
const agentBlocked = "guest-shutdown,guest-suspend-disk,guest-suspend-ram,guest-suspend-hybrid," +
	"guest-exec,guest-exec-status,guest-set-time,guest-file-open,guest-file-write,guest-fsfreeze-freeze," +
	"guest-fsfreeze-freeze-list,guest-fstrim,guest-set-user-password,guest-set-vcpus,guest-set-memory-blocks," +
	"guest-ssh-add-authorized-keys,guest-ssh-remove-authorized-keys"

// startAgent runs qemu-ga listening on a Unix socket and returns its path.
func startAgent(t *testing.T) string {
	bin := needBinary(t, "qemu-ga")
	dir := t.TempDir()
	sock := filepath.Join(dir, "qga.sock")
	startProcess(t, sock, bin, "-m", "unix-listen", "-p", sock, "-t", dir, "-b", agentBlocked)
	return sock
}

func TestQEMUGuestAgent(t *testing.T) {
	sock := startAgent(t)
	ctx := testCtx(t)
	a, err := DialAgent(ctx, "unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var info struct {
		Version           string
		SupportedCommands []struct{ Name string } `json:"supported_commands"`
	}
	if err := a.Execute(ctx, "guest-info", nil, &info); err != nil {
		t.Fatal(err)
	}
	if info.Version == "" || len(info.SupportedCommands) == 0 {
		t.Errorf("guest-info = %+v", info)
	}
	t.Logf("qemu-ga %s, %d commands", info.Version, len(info.SupportedCommands))
	// A blocked no-response command: its error reply must be skipped.
	if err := a.ExecuteNoResponse(ctx, "guest-shutdown", map[string]string{"mode": "powerdown"}); err != nil {
		t.Fatal(err)
	}
	if err := a.Execute(ctx, "guest-ping", nil, nil); err != nil {
		t.Fatalf("guest-ping after a no-response command: %v", err)
	}
	if err := a.Sync(ctx); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	var qe *Error
	if err := a.Execute(ctx, "guest-no-such-command", nil, nil); !errors.As(err, &qe) || qe.Class != "CommandNotFound" {
		t.Errorf("unknown command = %v", err)
	}
}

// TestQEMUFrozenShortDeadlines runs a monitoring loop with short
// deadlines against a QEMU stopped with SIGSTOP. Once the socket's buffer
// is full every write blocks; every call must still return by its
// deadline. QEMU takes each small request over the Unix socket whole or not
// at all, so no write is cut: after SIGCONT the connection works on, the
// replies to abandoned calls being discarded.
func TestQEMUFrozenShortDeadlines(t *testing.T) {
	c, cmd := startFrozenQEMU(t)
	const calls, deadline, slack = 600, 5 * time.Millisecond, 2 * time.Second
	var late time.Duration
	for i := range calls {
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		start := time.Now()
		var err error
		within(t, deadline+slack, "a call to a stopped QEMU", func() { err = c.Execute(ctx, "query-status", nil, nil) })
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("call %d to a stopped QEMU = %v, want context.DeadlineExceeded", i, err)
		}
		late = max(late, time.Since(start)-deadline)
	}
	t.Logf("%d calls, each returned at most %v after its deadline", calls, late.Round(time.Microsecond))
	if err := c.Err(); err != nil {
		t.Fatalf("the connection ended while QEMU was stopped: %v", err)
	}
	if err := cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	var st struct{ Status string }
	if err := c.Execute(testCtx(t), "query-status", nil, &st); err != nil || st.Status != "prelaunch" {
		t.Fatalf("query-status after SIGCONT = %+v, %v", st, err)
	}
}

// TestQEMUGuestAgentStaleSync: the reply to an earlier client's
// guest-sync-delimited is still in the channel (a virtio-serial port
// outlives its clients; here one socket connection plays the channel).
// It carries the id a client numbering from 1 would give its first
// request, and the delimiter the agent sends before it. NewAgent must read
// past it to the reply echoing its own token.
func TestQEMUGuestAgentStaleSync(t *testing.T) {
	sock := startAgent(t)
	ctx := testCtx(t)
	var d net.Dialer
	nc, err := d.DialContext(ctx, "unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := nc.Write([]byte("\xff" + `{"execute": "guest-sync-delimited", "arguments": {"id": 424242}, "id": 1}` + "\n")); err != nil {
		t.Fatal(err)
	}
	a, err := NewAgent(ctx, nc)
	if err != nil {
		t.Fatalf("NewAgent with a stale sync reply in the channel: %v", err)
	}
	defer a.Close()
	if err := a.Execute(ctx, "guest-ping", nil, nil); err != nil {
		t.Fatalf("guest-ping: %v", err)
	}
	if err := a.Sync(ctx); err != nil {
		t.Fatalf("Sync: %v", err)
	}
}
