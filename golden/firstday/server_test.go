package firstday_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	qmpapi "github.com/qapi-gen/qapi-gen/golden/firstday"
	"github.com/qapi-gen/qapi-gen/qmp"
)

// testHandler implements some commands of the schema and records what it
// received; the others are UnimplementedHandler's.
type testHandler struct {
	qmpapi.UnimplementedHandler

	mu      sync.Mutex
	got     []any     // the typed arguments received, in order
	release chan bool // cont waits for it, so that a command can be in flight
}

func (h *testHandler) record(v any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.got = append(h.got, v)
}

func (h *testHandler) last() any {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.got) == 0 {
		return nil
	}
	return h.got[len(h.got)-1]
}

func (h *testHandler) AddFd(ctx context.Context, args qmpapi.AddFdCommand) (qmpapi.AddfdInfo, error) {
	h.record(args)
	return qmpapi.AddfdInfo{FdsetID: *args.FdsetID, Fd: 42}, nil
}

func (h *testHandler) QueryJobs(ctx context.Context) ([]qmpapi.JobInfo, error) {
	return nil, nil // sent as [], as QEMU does
}

func (h *testHandler) DeviceAdd(ctx context.Context, args qmpapi.DeviceAddCommand) error {
	h.record(args)
	return nil
}

func (h *testHandler) DeviceDel(ctx context.Context, args qmpapi.DeviceDelCommand) error {
	h.record(args)
	return &qmp.Error{Class: "DeviceNotFound", Desc: "Device '" + args.ID + "' not found"}
}

func (h *testHandler) BlockdevAdd(ctx context.Context, args qmpapi.BlockdevAddCommand) error {
	h.record(args)
	return nil
}

func (h *testHandler) QueryStatus(ctx context.Context) (qmpapi.StatusInfo, error) {
	return qmpapi.StatusInfo{Running: true, Status: qmpapi.RunStateRunning}, nil
}

func (h *testHandler) Cont(ctx context.Context) error {
	select {
	case <-h.release:
	case <-ctx.Done():
	}
	return nil
}

func (h *testHandler) MigratePause(ctx context.Context) error {
	h.record("migrate-pause")
	return nil
}

func (h *testHandler) XExitPreconfigQuietly(ctx context.Context, args qmpapi.XExitPreconfigQuietlyCommand) error {
	h.record(args)
	return nil
}

// serveTyped serves h with the generated server on a Unix socket and
// dials it with out-of-band execution enabled; it returns the socket's
// path too.
func serveTyped(t *testing.T, h qmpapi.Handler) (*qmp.Server, *qmp.Conn, string) {
	t.Helper()
	srv := qmpapi.NewServer(h, qmpapi.WithVersion(qmp.Version{Major: 10, Minor: 1, Micro: 0, Package: "fake"}))
	path := filepath.Join(t.TempDir(), "qmp.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := qmp.Dial(ctx, "unix", path, qmp.WithOOB())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return srv, c, path
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// Typed arguments reach the handler as sent, typed results and errors
// come back, and what the handler does not implement is CommandNotFound.
func TestServerCommands(t *testing.T) {
	h := &testHandler{release: make(chan bool)}
	_, conn, _ := serveTyped(t, h)
	c := qmpapi.NewClient(conn, qmpapi.Strict())
	ctx := testCtx(t)

	info, err := c.AddFd(ctx, qmpapi.AddFdCommand{FdsetID: qmpapi.Ptr(int64(3)), Opaque: qmpapi.Ptr("x")}, nil)
	if err == nil {
		t.Fatalf("add-fd without a file was sent: %+v", info)
	}
	// add-fd's file cannot be passed to the server: run it untyped.
	var got qmpapi.AddfdInfo
	if err := conn.Execute(ctx, "add-fd", map[string]any{"fdset-id": 3, "opaque": "x"}, &got); err != nil {
		t.Fatal(err)
	}
	if want := (qmpapi.AddfdInfo{FdsetID: 3, Fd: 42}); !reflect.DeepEqual(got, want) {
		t.Errorf("add-fd returned %+v, want %+v", got, want)
	}
	if want := (qmpapi.AddFdCommand{FdsetID: qmpapi.Ptr(int64(3)), Opaque: qmpapi.Ptr("x")}); !reflect.DeepEqual(h.last(), want) {
		t.Errorf("the handler got %#v, want %#v", h.last(), want)
	}

	st, err := c.QueryStatus(ctx)
	if err != nil || !reflect.DeepEqual(st, qmpapi.StatusInfo{Running: true, Status: qmpapi.RunStateRunning}) {
		t.Errorf("query-status: %+v, %v", st, err)
	}
	jobs, err := c.QueryJobs(ctx)
	if err != nil || jobs == nil || len(jobs) != 0 {
		t.Errorf("query-jobs: %#v, %v (want an empty list)", jobs, err)
	}

	blk := qmpapi.BlockdevAddCommand{BlockdevOptions: qmpapi.BlockdevOptions{
		Driver: qmpapi.BlockdevDriverQcow2, NodeName: qmpapi.Ptr("disk0"),
		Qcow2: &qmpapi.BlockdevOptionsQcow2{File: qmpapi.BlockdevRef{Reference: qmpapi.Ptr("file0")}},
	}}
	if err := c.BlockdevAdd(ctx, blk); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(h.last(), blk) {
		t.Errorf("blockdev-add: the handler got %#v, want %#v", h.last(), blk)
	}

	dev := qmpapi.DeviceAddCommand{Driver: "virtio-blk-pci", ID: qmpapi.Ptr("vd0"), Extra: map[string]any{"drive": "disk0"}}
	if err := c.DeviceAdd(ctx, dev); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(h.last(), dev) {
		t.Errorf("device_add: the handler got %#v, want %#v", h.last(), dev)
	}

	err = c.DeviceDel(ctx, qmpapi.DeviceDelCommand{ID: "vd9"})
	var qe *qmp.Error
	if !errors.Is(err, qmpapi.QAPIErrorClassDeviceNotFound) || !errors.As(err, &qe) || qe.Desc != "Device 'vd9' not found" {
		t.Errorf("device_del: %v, want DeviceNotFound with the handler's text", err)
	}

	err = c.JobDismiss(ctx, qmpapi.JobDismissCommand{ID: "j0"})
	if !errors.Is(err, qmpapi.QAPIErrorClassCommandNotFound) || !errors.As(err, &qe) || qe.Desc != "The command job-dismiss has not been found" {
		t.Errorf("unimplemented job-dismiss: %v", err)
	}
	err = conn.Execute(ctx, "no-such-command", nil, nil)
	if !errors.Is(err, qmpapi.QAPIErrorClassCommandNotFound) {
		t.Errorf("a command not in the schema: %v", err)
	}
}

// Arguments are checked as QEMU checks them before the handler sees them.
func TestServerChecksArguments(t *testing.T) {
	h := &testHandler{release: make(chan bool)}
	_, conn, _ := serveTyped(t, h)
	ctx := testCtx(t)
	for _, tc := range []struct {
		command string
		args    any
		want    string
	}{
		{"device_del", map[string]any{"id": "vd0", "force": true}, `unknown member "force"`},
		{"device_del", map[string]any{}, `required member "id" missing`},
		{"device_del", map[string]any{"id": 7}, "cannot unmarshal number"},
		{"query-status", map[string]any{"verbose": true}, "Parameter 'verbose' is unexpected"},
	} {
		err := conn.Execute(ctx, tc.command, tc.args, nil)
		if !errors.Is(err, qmpapi.QAPIErrorClassGenericError) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v: %v, want a GenericError with %q", tc.command, tc.args, err, tc.want)
		}
	}
	if len(h.got) != 0 {
		t.Errorf("the handler was called with %v", h.got)
	}
}

// The server describes itself from the schema: its wire schema, its
// commands and the version it was given.
func TestServerSchemaQueries(t *testing.T) {
	_, conn, _ := serveTyped(t, &testHandler{})
	ctx := testCtx(t)
	ws, err := qmp.QuerySchema(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := ws.MarshalJSON()
	b, _ := qmpapi.WireSchema().MarshalJSON()
	if !bytes.Equal(a, b) {
		t.Errorf("query-qmp-schema differs from WireSchema()")
	}
	incompat, err := qmpapi.CheckCompatibility(ctx, conn)
	if err != nil || len(incompat) != 0 {
		t.Errorf("CheckCompatibility against the fake: %v, %v", incompat, err)
	}
	var cmds []struct{ Name string }
	if err := conn.Execute(ctx, "query-commands", nil, &cmds); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cmds {
		names = append(names, c.Name)
	}
	var want []string
	for _, s := range qmpapi.Commands() {
		want = append(want, s.Name)
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("query-commands: %v, want %v", names, want)
	}
	var v struct {
		QEMU    struct{ Major, Minor, Micro int }
		Package string
	}
	if err := conn.Execute(ctx, "query-version", nil, &v); err != nil {
		t.Fatal(err)
	}
	if v.QEMU.Major != 10 || v.QEMU.Minor != 1 || v.Package != "fake" || conn.Greeting().Version.Major != 10 {
		t.Errorf("query-version: %+v; greeting %+v", v, conn.Greeting())
	}
}

// An event emitted on the server reaches the typed stream of the client;
// one without data is sent without a data member.
func TestServerEvents(t *testing.T) {
	srv, conn, _ := serveTyped(t, &testHandler{})
	ctx := testCtx(t)
	raw := conn.Subscribe(8)
	defer raw.Close()
	s := qmpapi.SubscribeEvents(conn, 8, qmpapi.Strict())
	defer s.Close()
	sent := []qmpapi.Event{
		qmpapi.JobStatusChangeEvent{ID: "job0", Status: qmpapi.JobStatusConcluded},
		qmpapi.StopEvent{},
		qmpapi.DeviceDeletedEvent{Device: qmpapi.Ptr("vd0"), Path: "/machine/peripheral/vd0"},
	}
	for _, ev := range sent {
		if err := qmpapi.Emit(srv, ev); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range sent {
		got, err := s.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Event, want) || got.Timestamp.IsZero() {
			t.Errorf("got %#v at %v, want %#v", got.Event, got.Timestamp, want)
		}
		select {
		case ev := <-raw.Events():
			if _, ok := want.(qmpapi.StopEvent); ok && ev.Data != nil {
				t.Errorf("STOP sent with data %s", ev.Data)
			}
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		}
	}
}

// A command without a success response sends nothing when it succeeds;
// one the schema allows out of band runs with exec-oob while an in-band
// command is still running.
func TestServerNoResponseAndOOB(t *testing.T) {
	h := &testHandler{release: make(chan bool)}
	_, conn, path := serveTyped(t, h)
	c := qmpapi.NewClient(conn)
	ctx := testCtx(t)
	if !conn.OOBEnabled() {
		t.Fatal("the server did not offer oob")
	}

	arg := qmpapi.XExitPreconfigQuietlyCommand{Reason: qmpapi.Ptr("test")}
	if err := c.XExitPreconfigQuietly(ctx, arg); err != nil {
		t.Fatal(err)
	}
	// In-band commands run in order: once query-status answered, the
	// handler has run the first.
	if _, err := c.QueryStatus(ctx); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(h.last(), arg) {
		t.Errorf("the handler got %#v, want %#v", h.last(), arg)
	}
	// On the wire: the reply after the command's is the next command's.
	raw, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetDeadline(time.Now().Add(10 * time.Second))
	raw.Write([]byte(`{"execute":"qmp_capabilities"}` + "\n" +
		`{"execute":"x-exit-preconfig-quietly","id":1}` + "\n" + `{"execute":"query-status","id":2}` + "\n"))
	r := bufio.NewReader(raw)
	var lines []string
	for len(lines) < 3 {
		l, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("%v after %q", err, lines)
		}
		lines = append(lines, strings.TrimSpace(l))
	}
	if !strings.HasPrefix(lines[1], `{"return": {}}`) || !strings.Contains(lines[2], `"id": 2`) {
		t.Errorf("replies after negotiation: %q", lines[1:])
	}

	contDone := make(chan error, 1)
	go func() { contDone <- c.Cont(ctx) }()
	time.Sleep(20 * time.Millisecond) // let cont start: it holds the in-band queue
	if err := c.MigratePause(ctx); err != nil {
		t.Fatalf("migrate-pause out of band: %v", err)
	}
	if h.last() != "migrate-pause" {
		t.Errorf("migrate-pause did not reach the handler")
	}
	select {
	case err := <-contDone:
		t.Fatalf("cont finished before it was released (%v): migrate-pause did not overtake it", err)
	default:
	}
	close(h.release)
	if err := <-contDone; err != nil {
		t.Fatal(err)
	}
	// exec-oob of a command the schema does not allow out of band is refused.
	if err := conn.ExecuteOOB(ctx, "query-status", nil, nil); err == nil || !strings.Contains(err.Error(), "does not support OOB") {
		t.Errorf("query-status out of band: %v", err)
	}
}
