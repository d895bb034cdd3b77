// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/qapi-gen/qapi-gen/internal/syncbuf"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/qmp"
)

// Bounds on every wait, so that a QEMU that misbehaves fails a test
// instead of hanging the run.
const (
	startTimeout = 20 * time.Second // a process creating its socket
	callTimeout  = 30 * time.Second // a test's commands, all together
	eventTimeout = 15 * time.Second // one awaited event
	exitTimeout  = 5 * time.Second  // a killed process being reaped
)

// needBinary returns the path of a QEMU program or skips the test: the
// only reason not to run is that the program is missing (make test runs
// scripts/install-qemu.sh first, which installs it where it can).
func needBinary(t testing.TB, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"} {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	t.Skipf("%s is not installed and scripts/install-qemu.sh could not install it "+
		"(Debian 12: apt-get install qemu-system-x86 qemu-utils qemu-guest-agent)", name)
	return ""
}

// testCtx bounds all the commands of one test.
func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	t.Cleanup(cancel)
	return ctx
}

// process is a running QEMU program, killed when its test ends.
type process struct {
	name   string
	cmd    *exec.Cmd
	stderr *syncbuf.Buffer
	exited chan struct{}
}

// startProcess starts path with args, waits until sock exists and
// registers the kill. The socket is the process's own: its existence
// means the process is ready to accept.
func startProcess(t testing.TB, sock, path string, args ...string) *process {
	t.Helper()
	p := &process{name: filepath.Base(path), cmd: exec.Command(path, args...), stderr: &syncbuf.Buffer{}, exited: make(chan struct{})}
	p.cmd.Stderr = p.stderr
	p.cmd.Stdout = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	go func() { p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		select {
		case <-p.exited:
		case <-time.After(exitTimeout):
			t.Errorf("%s (pid %d) did not exit after SIGKILL", p.name, p.cmd.Process.Pid)
		}
		if t.Failed() {
			if s := p.stderr.String(); s != "" {
				t.Logf("%s output:\n%s", p.name, s)
			}
		}
	})
	deadline := time.Now().Add(startTimeout)
	for {
		if _, err := os.Stat(sock); err == nil {
			return p
		}
		select {
		case <-p.exited:
			t.Fatalf("%s exited before creating %s: %v\n%s", p.name, sock, p.cmd.ProcessState, p.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not create %s within %v:\n%s", p.name, sock, startTimeout, p.stderr.String())
		}
	}
}

// kill ends the process now and waits until it is reaped.
func (p *process) kill(t testing.TB) {
	t.Helper()
	p.cmd.Process.Kill()
	select {
	case <-p.exited:
	case <-time.After(exitTimeout):
		t.Fatalf("%s did not exit after SIGKILL", p.name)
	}
}

// tempDir is t.TempDir, checked to leave room for socket names within the
// 108-byte limit of a Unix socket path.
func tempDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if len(dir) > 80 {
		t.Fatalf("temporary directory %s is too long for Unix socket paths; set TMPDIR to a shorter directory", dir)
	}
	return dir
}

// qmpExecutor is what *qmp.Conn and *qmp.Agent offer the typed clients.
type qmpExecutor interface {
	Execute(ctx context.Context, command string, args, result any) error
	ExecuteNoResponse(ctx context.Context, command string, args any) error
}

// checkedExecutor is the Executor the generated clients run on in these
// tests. The clients are made with Strict(), so a member QEMU sends that
// the generated types lack fails the call; checkedExecutor adds the check
// Strict leaves out, checkKnown, so that an enum value or union branch
// they lack fails it too. Both failures are a *decodeError holding the
// reply. It passes out-of-band execution through, and counts the commands
// sent each way.
type checkedExecutor struct {
	x qmpExecutor

	mu    sync.Mutex
	calls map[string]int // "execute NAME" or "exec-oob NAME"
}

func newCheckedExecutor(x qmpExecutor) *checkedExecutor {
	return &checkedExecutor{x: x, calls: map[string]int{}}
}

func (s *checkedExecutor) count(key, command string) {
	s.mu.Lock()
	s.calls[key+" "+command]++
	s.mu.Unlock()
}

func (s *checkedExecutor) sent(key, command string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[key+" "+command]
}

// Execute implements the generated Executor interface.
func (s *checkedExecutor) Execute(ctx context.Context, command string, args, result any) error {
	s.count("execute", command)
	return s.checked(command, result, func(r any) error { return s.x.Execute(ctx, command, args, r) })
}

// ExecuteNoResponse implements the generated Executor interface.
func (s *checkedExecutor) ExecuteNoResponse(ctx context.Context, command string, args any) error {
	s.count("execute", command)
	return s.x.ExecuteNoResponse(ctx, command, args)
}

type oobExecutor interface {
	ExecuteOOB(ctx context.Context, command string, args, result any) error
	OOBEnabled() bool
}

// OOBEnabled and ExecuteOOB make the generated clients send allow-oob
// commands out of band when the connection negotiated it.
func (s *checkedExecutor) OOBEnabled() bool {
	o, ok := s.x.(oobExecutor)
	return ok && o.OOBEnabled()
}

func (s *checkedExecutor) ExecuteOOB(ctx context.Context, command string, args, result any) error {
	o, ok := s.x.(oobExecutor)
	if !ok {
		return fmt.Errorf("%s: %T cannot execute out of band", command, s.x)
	}
	s.count("exec-oob", command)
	return s.checked(command, result, func(r any) error { return o.ExecuteOOB(ctx, command, args, r) })
}

// checked runs exec with result wrapped so that the reply is kept for the
// error, then checks the decoded value.
func (s *checkedExecutor) checked(command string, result any, exec func(result any) error) error {
	if result == nil {
		return exec(nil)
	}
	rec := &replyRecorder{inner: result}
	if err := exec(rec); err != nil {
		if rec.reply != nil { // a reply came, and did not decode
			return &decodeError{Command: command, Reply: rec.reply, Err: err}
		}
		return err
	}
	v := result
	if r, ok := result.(interface{ Result() any }); ok { // the Strict() wrapper
		v = r.Result()
	}
	if err := checkKnown(v); err != nil {
		return &decodeError{Command: command, Reply: rec.reply, Err: err}
	}
	return nil
}

// replyRecorder keeps the reply it decodes through inner.
type replyRecorder struct {
	inner any
	reply []byte
}

func (r *replyRecorder) DecodeQMP(data []byte) error {
	r.reply = data
	if d, ok := r.inner.(qmp.Decoder); ok {
		return d.DecodeQMP(data)
	}
	return json.Unmarshal(data, r.inner)
}

// decodeError is a reply that did not decode strictly: the most valuable
// failure these tests can find, as it shows a generator bug (or a schema
// that does not describe what QEMU sends).
type decodeError struct {
	Command string
	Reply   json.RawMessage
	Err     error
}

func (e *decodeError) Error() string {
	r := string(e.Reply)
	if len(r) > 600 {
		r = r[:600] + "..."
	}
	return fmt.Sprintf("%s: strict decoding failed: %v\nreply: %s", e.Command, e.Err, r)
}

func (e *decodeError) Unwrap() error { return e.Err }

// namedEvent is what every generated package's Event interface has.
type namedEvent interface{ EventName() string }

// eventLog reads a typed event stream of a generated package (made with
// Strict(), so event data decodes strictly), in the background, and lets
// tests wait for the events they expect. An event that does not decode,
// that check rejects, or that has no timestamp fails the test that owns
// the log.
type eventLog struct {
	t     testing.TB
	next  func(context.Context) (namedEvent, time.Time, error)
	check func(namedEvent) error

	mu     sync.Mutex
	seen   []namedEvent
	wake   chan struct{}
	closed bool
	done   chan struct{}
}

// newEventLog starts reading with next until it returns io.EOF, which
// closeStream (called when the test ends) makes it do.
func newEventLog(t testing.TB, next func(context.Context) (namedEvent, time.Time, error), closeStream func(), check func(namedEvent) error) *eventLog {
	l := &eventLog{t: t, next: next, check: check, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go l.run()
	t.Cleanup(func() {
		closeStream()
		<-l.done
	})
	return l
}

func (l *eventLog) run() {
	defer close(l.done)
	for {
		ev, ts, err := l.next(context.Background())
		if err == io.EOF {
			break
		}
		if err == nil {
			err = l.check(ev)
		}
		if err == nil && ts.IsZero() {
			err = errors.New("no timestamp")
		}
		if err != nil {
			l.t.Errorf("event %s: %v", ev.EventName(), err)
			continue
		}
		l.mu.Lock()
		l.seen = append(l.seen, ev)
		l.mu.Unlock()
		select {
		case l.wake <- struct{}{}:
		default:
		}
	}
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// checkEvent is the check of an eventLog: every enum value and union
// branch of the event known, and the event itself (the schema is the
// binary's own: an unknown event means the generated table misses one).
func checkEvent(ev namedEvent) error {
	if err := checkKnown(ev); err != nil {
		return err
	}
	if reflect.TypeOf(ev).Name() == "UnknownEvent" {
		return fmt.Errorf("event %s is not in the generated package", ev.EventName())
	}
	return nil
}

// mark returns a position in the log: waitFor(mark, ...) looks only at
// events received after it.
func (l *eventLog) mark() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.seen)
}

// waitFor returns the first event from position from on that match
// accepts, and the position after it; it fails the test if none comes
// within eventTimeout.
func (l *eventLog) waitFor(from int, what string, match func(namedEvent) bool) (namedEvent, int) {
	l.t.Helper()
	deadline := time.NewTimer(eventTimeout)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		for i := from; i < len(l.seen); i++ {
			if match(l.seen[i]) {
				ev := l.seen[i]
				l.mu.Unlock()
				return ev, i + 1
			}
		}
		from = len(l.seen)
		closed := l.closed
		l.mu.Unlock()
		if closed {
			l.t.Fatalf("connection ended while waiting for %s", what)
		}
		select {
		case <-l.wake:
		case <-deadline.C:
			l.t.Fatalf("no %s within %v; events seen: %s", what, eventTimeout, l.names())
		}
	}
}

func (l *eventLog) names() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var s []string
	for _, ev := range l.seen {
		s = append(s, ev.EventName())
	}
	return strings.Join(s, " ")
}

// qemuImg runs qemu-img with args.
func qemuImg(t testing.TB, args ...string) string {
	t.Helper()
	bin := needBinary(t, "qemu-img")
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("qemu-img %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func ptr[T any](v T) *T { return &v }

// dialRetry calls dial until it succeeds, retrying while the process's
// socket exists but is not listening yet (QEMU binds before it listens).
func dialRetry[C any](t testing.TB, p *process, dial func(context.Context) (C, error)) (C, error) {
	t.Helper()
	ctx := testCtx(t)
	deadline := time.Now().Add(startTimeout)
	for {
		c, err := dial(ctx)
		if err == nil || !errors.Is(err, syscall.ECONNREFUSED) || time.Now().After(deadline) {
			return c, err
		}
		select {
		case <-p.exited:
			return c, fmt.Errorf("%w (%s exited: %v)", err, p.name, p.cmd.ProcessState)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
