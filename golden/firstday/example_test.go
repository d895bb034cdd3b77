package firstday_test

// The code the README and docs/ show. A test (TestDocSnippets) requires
// every Go snippet of README.md and docs/*.md to be one of the regions
// between "// snippet" and "// end snippet" in this package's example
// files, so the documentation shows code that compiles. The examples are
// not run (they need a QEMU); the package name qmpapi is what the README
// generates.

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	qmpapi "github.com/qapi-gen/qapi-gen/golden/firstday"
	"github.com/qapi-gen/qapi-gen/qmp"
)

func readmeClient(ctx context.Context) error {
	// snippet
	conn, err := qmp.Dial(ctx, "unix", "/run/vm1/qmp.sock")
	if err != nil {
		return err
	}
	defer conn.Close()
	events := qmpapi.SubscribeEvents(conn, 16) // before the commands whose events matter
	defer events.Close()
	c := qmpapi.NewClient(conn)

	status, err := c.QueryStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Println("run state:", status.Status)

	ev, err := events.Next(ctx)
	if err != nil {
		return err
	}
	switch e := ev.Event.(type) { // events arrive as values, not pointers
	case qmpapi.StopEvent:
		fmt.Println("stopped at", ev.Timestamp)
	case qmpapi.JobStatusChangeEvent:
		fmt.Println("job", e.ID, "is", e.Status)
	}
	// end snippet
	return nil
}

func readmeHotplug(ctx context.Context, conn *qmp.Conn) error {
	// snippet
	c := qmpapi.NewClient(conn)
	err := c.BlockdevAdd(ctx, qmpapi.BlockdevAddCommand{BlockdevOptions: qmpapi.BlockdevOptions{
		Driver:   qmpapi.BlockdevDriverFile,
		NodeName: qmpapi.Ptr("disk1"),
		File:     &qmpapi.BlockdevOptionsFile{Filename: "/var/lib/vm1/disk1.img"},
	}})
	if err != nil {
		return err
	}
	// device_add takes the device's properties beyond driver, bus and id:
	// they go in Extra.
	return c.DeviceAdd(ctx, qmpapi.DeviceAddCommand{
		Driver: "virtio-blk-pci",
		ID:     qmpapi.Ptr("vd1"),
		Extra:  map[string]any{"drive": "disk1"},
	})
	// end snippet
}

func readmeUnplug(ctx context.Context, conn *qmp.Conn) error {
	// snippet
	// Each waiter has a stream of its own, made before the command.
	deleted := qmpapi.SubscribeEvents(conn, 16)
	defer deleted.Close()
	c := qmpapi.NewClient(conn)
	if err := c.DeviceDel(ctx, qmpapi.DeviceDelCommand{ID: "vd1"}); err != nil {
		return err
	}
	_, err := qmpapi.WaitEvent(ctx, deleted, func(e qmpapi.DeviceDeletedEvent) bool {
		return e.Device != nil && *e.Device == "vd1"
	})
	return err
	// end snippet
}

func readmeFd(ctx context.Context, conn *qmp.Conn) error {
	// snippet
	f, err := os.OpenFile("/var/lib/vm1/serial.log", os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer f.Close() // QEMU has its own duplicate
	c := qmpapi.NewClient(conn)
	return c.Getfd(ctx, qmpapi.GetfdCommand{Fdname: "serial-log"}, f)
	// end snippet
}

func readmeJob(ctx context.Context, conn *qmp.Conn) error {
	// snippet
	c := qmpapi.NewClient(conn)
	// The VM state goes to a qcow2 node; disk0 is one.
	err := c.SnapshotSaveAndWait(ctx, conn, qmpapi.SnapshotSaveCommand{
		JobID:   "snap0",
		Tag:     "before-upgrade",
		Vmstate: "disk0",
		Devices: []string{"disk0"},
	})
	var jobErr *qmp.JobError
	if errors.As(err, &jobErr) {
		log.Printf("the snapshot failed: %s", jobErr.Desc)
	}
	return err
	// end snippet
}

// Example is the README's walk through a first day: connect, hot-plug a
// disk, pass a descriptor, take a snapshot.
func Example() {
	ctx := context.Background()
	if err := readmeClient(ctx); err != nil {
		log.Fatal(err)
	}
	conn, err := qmp.Dial(ctx, "unix", "/run/vm1/qmp.sock")
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	for _, step := range []func(context.Context, *qmp.Conn) error{readmeHotplug, readmeFd, readmeJob, readmeUnplug} {
		if err := step(ctx, conn); err != nil {
			log.Fatal(err)
		}
	}
}

// The snippets of docs/releases.md are compiled here (TestDocSnippets
// compares them with the document); nothing runs them.
var _ = []any{releasesProbe, releasesCheck}

func releasesProbe(ctx context.Context, conn *qmp.Conn) error {
	// snippet
	s, err := qmp.QuerySchema(ctx, conn)
	// handle err
	if s.Has("blockdev-add/arg-type/+qcow2/discard-no-unref") {
		// 8.1 and later
	}
	// end snippet
	return err
}

func releasesCheck(ctx context.Context, conn *qmp.Conn) error {
	// snippet
	problems, err := qmpapi.CheckCompatibility(ctx, conn)
	if err != nil {
		return err
	}
	for _, p := range problems {
		log.Printf("this QEMU: %s", p) // e.g. "blockdev-set-active: missing"
	}
	// end snippet
	return nil
}
