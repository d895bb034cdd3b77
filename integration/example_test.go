// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"bufio"
	"context"
	"github.com/qapi-gen/qapi-gen/internal/syncbuf"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/qmp"

	qapi "github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qmp"
)

// TestExample builds examples/qmp-events and runs it against a paused
// machine with two QMP monitors: the example reads the version and state
// on one and waits for three events, which the test causes through the
// other (cont, stop, quit).
func TestExample(t *testing.T) {
	t.Parallel()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not in PATH: cannot build the example")
	}
	qemu := needBinary(t, "qemu-system-x86_64")
	dir := tempDir(t)
	prog := filepath.Join(dir, "qmp-events")
	ctx, cancel := context.WithTimeout(context.Background(), 2*callTimeout)
	defer cancel()
	if out, err := exec.CommandContext(ctx, goBin, "build", "-o", prog, "../examples/qmp-events").CombinedOutput(); err != nil {
		t.Fatalf("building the example: %v\n%s", err, out)
	}

	exampleSock, testSock := filepath.Join(dir, "a.sock"), filepath.Join(dir, "b.sock")
	p := startProcess(t, testSock, qemu, append(machineArgs(exampleSock),
		"-qmp", "unix:"+testSock+",server=on,wait=off")...)

	run := exec.CommandContext(ctx, prog, "-socket", exampleSock, "-n", "3")
	stdout, err := run.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &syncbuf.Buffer{}
	run.Stderr = stderr
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	var got []string
	next := func(what string) string {
		t.Helper()
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the example ended before printing %s; output:\n%s\nstderr:\n%s", what, strings.Join(got, "\n"), stderr)
			}
			got = append(got, l)
			return l
		case <-time.After(eventTimeout):
			t.Fatalf("the example printed no %s within %v; output:\n%s\nstderr:\n%s", what, eventTimeout, strings.Join(got, "\n"), stderr)
		}
		return ""
	}

	if l := next("version"); !regexp.MustCompile(`^QEMU 7\.2\.\d+ `).MatchString(l) {
		t.Errorf("version line %q", l)
	}
	// Printed once the example has subscribed and queried: events
	// caused from now on reach it.
	if l := next("status"); l != "status: prelaunch (running: false, known to the bindings: true)" {
		t.Errorf("status line %q", l)
	}

	conn, err := dialRetry(t, p, func(ctx context.Context) (*qmp.Conn, error) { return qmp.Dial(ctx, "unix", testSock) })
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := qapi.NewClient(newCheckedExecutor(conn), qapi.Strict())
	cctx := testCtx(t)
	for _, step := range []struct {
		call func() error
		want string
	}{
		{func() error { return client.Cont(cctx) }, "RESUME"},
		{func() error { return client.Stop(cctx) }, "STOP"},
		{func() error { return client.Quit(cctx) }, "SHUTDOWN (reason host-qmp-quit, asked by the guest: false)"},
	} {
		if err := step.call(); err != nil {
			t.Fatalf("before %s: %v", step.want, err)
		}
		l := next(step.want)
		// "2026-11-22T04:36:15.606486Z RESUME"
		stamp, ev, _ := strings.Cut(l, " ")
		if _, err := time.Parse(time.RFC3339Nano, stamp); err != nil || ev != step.want {
			t.Errorf("event line %q, want a timestamp and %q", l, step.want)
		}
	}
	if err := run.Wait(); err != nil {
		t.Errorf("the example exited with %v; stderr:\n%s", err, stderr)
	}
}
