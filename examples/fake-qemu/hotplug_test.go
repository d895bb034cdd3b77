// SPDX-License-Identifier: Apache-2.0

package fakeqemu

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/examples/fake-qemu/qmpapi"
	"github.com/qapi-gen/qapi-gen/qmp"
)

var update = flag.Bool("update", false, "record testdata/hotplug.qmp again from the fake")

const transcriptFile = "testdata/hotplug.qmp"

var disk = Disk{ID: "vd1", Path: "/var/lib/vm/vd1.qcow2", Size: 1 << 30}

// dialFake serves the fake on a Unix socket and connects to it, the
// session recorded to rec when it is not nil.
func dialFake(t testing.TB, f *fakeQEMU, srv *qmp.Server, rec *bytes.Buffer) *qmp.Conn {
	t.Helper()
	path := filepath.Join(t.TempDir(), "qmp.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	nc, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	var rwc net.Conn = nc
	if rec != nil {
		rwc = qmp.Record(nc, rec).(net.Conn)
	}
	conn, err := qmp.New(ctx, rwc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// Against the fake: the disk's nodes and device exist afterwards, the
// job is gone, and the fake's refusals reach the caller with their class.
func TestHotplugDiskFake(t *testing.T) {
	f, srv := newFake()
	var rec bytes.Buffer
	conn := dialFake(t, f, srv, &rec)
	ctx := testCtx(t)
	if err := HotplugDisk(ctx, conn, disk); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	if f.devices["vd1"] != "vd1-format" || f.nodes["vd1-format"].Qcow2.File != "vd1-file" ||
		f.nodes["vd1-file"].File.Filename != disk.Path || f.images["vd1-file"] != disk.Size || len(f.jobs) != 0 {
		t.Errorf("the fake after the hot-plug: nodes %v, images %v, devices %v, jobs %v", f.nodes, f.images, f.devices, f.jobs)
	}
	f.mu.Unlock()

	// The same disk again: its node names are taken.
	err := HotplugDisk(ctx, conn, disk)
	if !errors.Is(err, qmp.ClassGenericError) || !strings.Contains(err.Error(), "Duplicate nodes with node-name='vd1-file'") {
		t.Errorf("hot-plugging vd1 twice: %v", err)
	}
	// A job that fails: its error is the caller's, and it is dismissed.
	f.mu.Lock()
	f.failJob = "Could not write the image: No space left on device"
	f.mu.Unlock()
	err = HotplugDisk(ctx, conn, Disk{ID: "vd2", Path: "/full/vd2.qcow2", Size: 1 << 30})
	var je *qmp.JobError
	if !errors.As(err, &je) || !strings.Contains(err.Error(), "No space left on device") {
		t.Errorf("a failing job: %v (%T)", err, errors.Unwrap(err))
	}
	f.mu.Lock()
	if len(f.jobs) != 0 || f.devices["vd2"] != "" {
		t.Errorf("after the failed job: jobs %v, devices %v", f.jobs, f.devices)
	}
	f.mu.Unlock()

	if *update {
		if err := os.WriteFile(transcriptFile, rec.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Against a replayed transcript of the session with the fake: the same
// requests in the same order, the same outcomes.
func TestHotplugDiskReplay(t *testing.T) {
	data, err := os.ReadFile(transcriptFile)
	if err != nil {
		t.Fatalf("%v (record it: go test ./examples/fake-qemu -run TestHotplugDiskFake -update)", err)
	}
	tr, err := qmp.ReadTranscript(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	r := &qmp.Replayer{Transcript: tr, OnMismatch: func(err error) { t.Error(err) }}
	client, server := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- r.ServeConn(server) }()
	ctx := testCtx(t)
	conn, err := qmp.New(ctx, client)
	if err != nil {
		t.Fatal(err)
	}
	if err := HotplugDisk(ctx, conn, disk); err != nil {
		t.Fatal(err)
	}
	if err := HotplugDisk(ctx, conn, disk); err == nil || !strings.Contains(err.Error(), "Duplicate nodes") {
		t.Errorf("hot-plugging vd1 twice: %v", err)
	}
	err = HotplugDisk(ctx, conn, Disk{ID: "vd2", Path: "/full/vd2.qcow2", Size: 1 << 30})
	var je *qmp.JobError
	if !errors.As(err, &je) {
		t.Errorf("a failing job: %v", err)
	}
	conn.Close()
	if err := <-done; err != nil {
		t.Errorf("replay: %v", err)
	}
}

// The fake is what the package says it is: a client checking its
// compatibility with it finds nothing missing.
func TestFakeIsCompatible(t *testing.T) {
	f, srv := newFake()
	conn := dialFake(t, f, srv, nil)
	got, err := qmpapi.CheckCompatibility(testCtx(t), conn)
	if err != nil || len(got) != 0 {
		t.Errorf("CheckCompatibility: %v, %v", got, err)
	}
}

// Example: the orchestration step against the generated fake.
func Example() {
	f, srv := newFake()
	a, b := net.Pipe()
	go srv.ServeConn(a)
	defer srv.Close()
	ctx := context.Background()
	conn, err := qmp.New(ctx, b)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	if err := HotplugDisk(ctx, conn, disk); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("device vd1 on drive", f.devices["vd1"])
	// Output: device vd1 on drive vd1-format
}
