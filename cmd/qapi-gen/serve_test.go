// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/internal/syncbuf"
	"github.com/qapi-gen/qapi-gen/qmp"
	"github.com/qapi-gen/qapi-gen/wire"
)

// startCLI runs a long-running subcommand in the background until the
// test ends (its context is cancelled then) and waits for its "listening"
// line. It returns a channel closed when the subcommand has returned
// its exit status into *status, and the output.
func startCLI(t *testing.T, args ...string) (done chan struct{}, status *int, out *syncbuf.Buffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	old := interrupted
	interrupted = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	out, errb := &syncbuf.Buffer{}, &syncbuf.Buffer{}
	done, status = make(chan struct{}), new(int)
	go func() {
		*status = run(args, out, errb)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Errorf("%s did not stop when interrupted", args[0])
		}
		interrupted = old
	})
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "listening on") {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not start: %s%s", args[0], out.String(), errb.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return done, status, out
}

// TestServeCLI runs the fake on Debian's 7.2 reply with the snapshot
// transcript recorded from that QEMU, and talks to it with the runtime's
// client.
func TestServeCLI(t *testing.T) {
	d := debianFiles(t)
	sock := filepath.Join(t.TempDir(), "fake.sock")
	startCLI(t, "serve", "-replay", "../../qmp/testdata/snapshot-qemu-7.2.transcript", d.reply, "unix:"+sock)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := qmp.Dial(ctx, "unix", sock, qmp.WithOOB())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if v := c.Greeting().Version; v.Major != 7 || v.Minor != 2 || !c.OOBEnabled() {
		t.Errorf("greeting %+v (oob %v), want the transcript's 7.2 with oob", v, c.OOBEnabled())
	}

	// The schema's own answers.
	got, err := qmp.QuerySchema(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(d.reply)
	if err != nil {
		t.Fatal(err)
	}
	want, err := wire.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) != len(want.Entries) || !got.Has("blockdev-add/arg-type/+file/aio/^io_uring") {
		t.Errorf("query-qmp-schema: %d entries, want %d", len(got.Entries), len(want.Entries))
	}
	var cmds []struct{ Name string }
	if err := c.Execute(ctx, "query-commands", nil, &cmds); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, cmd := range cmds {
		found = found || cmd.Name == "blockdev-add"
	}
	if !found || len(cmds) < 100 {
		t.Errorf("query-commands lists %d commands, blockdev-add among them: %v", len(cmds), found)
	}
	var v struct {
		QEMU struct{ Major, Minor, Micro int } `json:"qemu"`
	}
	if err := c.Execute(ctx, "query-version", nil, &v); err != nil || v.QEMU.Major != 7 || v.QEMU.Micro != 22 {
		t.Errorf("query-version: %+v %v", v, err)
	}

	// The transcript's answers, found by command and arguments.
	var st struct{ Status string }
	if err := c.Execute(ctx, "query-status", nil, &st); err != nil || st.Status != "prelaunch" {
		t.Errorf("query-status from the transcript: %+v %v", st, err)
	}
	if err := c.Execute(ctx, "job-dismiss", map[string]string{"id": "snap0"}, nil); err != nil {
		t.Errorf("job-dismiss from the transcript: %v", err)
	}
	// Known to the schema, not to the transcript; then unknown.
	var qe *qmp.Error
	if err := c.Execute(ctx, "job-dismiss", map[string]string{"id": "other"}, nil); !errors.As(err, &qe) || qe.Class != "GenericError" {
		t.Errorf("job-dismiss of another job: %v, want a GenericError", err)
	}
	if err := c.Execute(ctx, "no-such-command", nil, nil); !errors.As(err, &qe) || qe.Class != "CommandNotFound" {
		t.Errorf("unknown command: %v, want CommandNotFound", err)
	}
}

func TestServeCLIErrors(t *testing.T) {
	d := debianFiles(t)
	for _, c := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"serve", d.reply}, 2, "usage"},
		{[]string{"serve", d.reply, "/tmp/x.sock"}, 2, "not unix:PATH or tcp:HOST:PORT"},
		{[]string{"serve", "-version", "7.2", d.reply, "unix:/tmp/x.sock"}, 2, "MAJOR.MINOR.MICRO"},
		{[]string{"serve", "-replay", "/nonexistent", d.reply, "unix:/tmp/x.sock"}, 1, "/nonexistent"},
		{[]string{"serve", "/nonexistent.json", "unix:/tmp/x.sock"}, 1, "/nonexistent.json"},
	} {
		_, errs, status := runCLI(c.args...)
		if status != c.status || !strings.Contains(errs, c.stderr) {
			t.Errorf("%q: status %d, stderr %q; want %d and %q", c.args, status, errs, c.status, c.stderr)
		}
	}
}

// TestRecordCLI records a session through the proxy against an
// in-process QMP server standing in for QEMU.
func TestRecordCLI(t *testing.T) {
	dir := t.TempDir()
	qemuSock := filepath.Join(dir, "qemu.sock")
	l, err := net.Listen("unix", qemuSock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &qmp.Server{Version: qmp.Version{Major: 9}, Handler: qmp.HandlerFunc(func(ctx context.Context, req *qmp.Request) (any, error) {
		return map[string]string{"status": "running"}, nil
	})}
	go srv.Serve(l)
	defer srv.Close()

	out := filepath.Join(dir, "session.transcript")
	proxySock := filepath.Join(dir, "proxy.sock")
	done, status, stdout := startCLI(t, "record", "-o", out, "unix:"+proxySock, "unix:"+qemuSock)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := qmp.Dial(ctx, "unix", proxySock)
	if err != nil {
		t.Fatal(err)
	}
	var st struct{ Status string }
	if err := c.Execute(ctx, "query-status", nil, &st); err != nil || st.Status != "running" {
		t.Errorf("through the proxy: %+v %v", st, err)
	}
	c.Close()
	select {
	case <-done:
		if *status != 0 {
			t.Errorf("record exited with %d", *status)
		}
	case <-ctx.Done():
		t.Fatal("record did not end with its session")
	}
	if !strings.Contains(stdout.String(), "session written to") {
		t.Errorf("stdout: %s", stdout.String())
	}
	tr, err := readTranscriptFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, e := range tr.Entries {
		lines = append(lines, strings.SplitN(e.String(), " ", 3)[0]+" "+string(e.Msg))
	}
	wantLines := []string{
		`S {"QMP": {"version": {"qemu": {"micro": 0, "minor": 0, "major": 9}, "package": ""}, "capabilities": []}}`,
		`C {"execute":"qmp_capabilities","id":1}`,
		`S {"return": {}, "id": 1}`,
		`C {"execute":"query-status","id":2}`,
		`S {"return": {"status": "running"}, "id": 2}`,
	}
	if strings.Join(lines, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("transcript:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(wantLines, "\n"))
	}
}
