// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/qmp"

	qapi "github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qmp"
)

// TestFirstDay does what a Go user does on the first day, through the
// typed client on the connection itself (which passes descriptors): hot-
// plug a virtio-blk disk with device_add's extra members, pass descriptors
// with getfd and add-fd, wait for a device's removal with WaitEvent, and
// run snapshot jobs with the job helpers.
func TestFirstDay(t *testing.T) {
	dir := tempDir(t)
	disk := filepath.Join(dir, "disk.qcow2")
	qemuImg(t, "create", "-q", "-f", "qcow2", disk, "64M")
	m := startMachine(t, dir,
		"-blockdev", "driver=file,filename="+disk+",node-name=disk0-file",
		"-blockdev", "driver=qcow2,file=disk0-file,node-name=disk0",
		"-device", "virtio-blk-pci,drive=disk0,id=vda",
		"-device", "pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
		"-device", "qemu-xhci,id=xhci",
	)
	c := qapi.NewClient(m.conn, qapi.Strict())

	t.Run("HotplugDisk", func(t *testing.T) {
		ctx := testCtx(t)
		img := filepath.Join(dir, "hp.qcow2")
		qemuImg(t, "create", "-q", "-f", "qcow2", img, "16M")
		err := c.BlockdevAdd(ctx, qapi.BlockdevAddCommand{BlockdevOptions: qapi.BlockdevOptions{
			Driver:   qapi.BlockdevDriverQcow2,
			NodeName: qapi.Ptr("hp0"),
			Qcow2: &qapi.BlockdevOptionsQcow2{File: qapi.BlockdevRef{Definition: &qapi.BlockdevOptions{
				Driver: qapi.BlockdevDriverFile,
				File:   &qapi.BlockdevOptionsFile{Filename: img},
			}}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		err = c.DeviceAdd(ctx, qapi.DeviceAddCommand{
			Driver: "virtio-blk-pci", Bus: qapi.Ptr("rp1"), ID: qapi.Ptr("hpdisk"),
			Extra: map[string]any{"drive": "hp0", "serial": "HP0SERIAL"},
		})
		if err != nil {
			t.Fatal(err)
		}
		for prop, want := range map[string]string{"serial": `"HP0SERIAL"`, "drive": `"hp0"`} {
			v, err := c.QOMGet(ctx, qapi.QOMGetCommand{Path: "/machine/peripheral/hpdisk", Property: prop})
			if err != nil || string(v) != want {
				t.Errorf("hpdisk %s = %s, %v; want %s", prop, v, err, want)
			}
		}
		blocks, err := c.QueryBlock(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(blocks, func(b qapi.BlockInfo) bool {
			return b.Qdev != nil && strings.Contains(*b.Qdev, "hpdisk") && b.Inserted != nil && b.Inserted.NodeName != nil && *b.Inserted.NodeName == "hp0"
		}) {
			t.Errorf("query-block does not show hpdisk on hp0: %+v", blocks)
		}
		// An extra member that is a declared one is refused before sending.
		err = c.DeviceAdd(ctx, qapi.DeviceAddCommand{Driver: "usb-kbd", Extra: map[string]any{"id": "kbd9"}})
		if err == nil || !strings.Contains(err.Error(), "declared member") {
			t.Errorf("device_add with id in Extra: %v", err)
		}
	})

	t.Run("WaitForUnplug", func(t *testing.T) {
		ctx := testCtx(t)
		if err := c.DeviceAdd(ctx, qapi.DeviceAddCommand{Driver: "usb-kbd", Bus: qapi.Ptr("xhci.0"), ID: qapi.Ptr("kbd1")}); err != nil {
			t.Fatal(err)
		}
		// Two waiters, a stream each; one waits for a device that is
		// never removed, and must not take the other's event.
		mine := qapi.SubscribeEvents(m.conn, 16, qapi.Strict())
		defer mine.Close()
		other := qapi.SubscribeEvents(m.conn, 16, qapi.Strict())
		defer other.Close()
		if err := c.DeviceDel(ctx, qapi.DeviceDelCommand{ID: "kbd1"}); err != nil {
			t.Fatal(err)
		}
		ev, err := qapi.WaitEvent(ctx, mine, func(e qapi.DeviceDeletedEvent) bool { return e.Device != nil && *e.Device == "kbd1" })
		if err != nil || ev.Path != "/machine/peripheral/kbd1" {
			t.Fatalf("DEVICE_DELETED of kbd1: %+v, %v", ev, err)
		}
		ev, err = qapi.WaitEvent(ctx, other, func(e qapi.DeviceDeletedEvent) bool { return true })
		if err != nil || ev.Device == nil || *ev.Device != "kbd1" {
			t.Errorf("the second waiter: %+v, %v", ev, err)
		}
		// A device that is not there is a typed error class.
		err = c.DeviceDel(ctx, qapi.DeviceDelCommand{ID: "kbd1"})
		if !errors.Is(err, qapi.QAPIErrorClassDeviceNotFound) || !errors.Is(err, qmp.ClassDeviceNotFound) || qmp.Ran(err) {
			t.Errorf("device_del of a removed device: %v, want class DeviceNotFound", err)
		}
	})

	t.Run("PassDescriptors", func(t *testing.T) {
		ctx := testCtx(t)
		f, err := os.CreateTemp(dir, "fd")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := c.Getfd(ctx, qapi.GetfdCommand{Fdname: "fd0"}, f); err != nil {
			t.Fatalf("getfd: %v", err)
		}
		// closefd succeeds only for a descriptor QEMU holds under that name.
		if err := c.Closefd(ctx, qapi.ClosefdCommand{Fdname: "fd0"}); err != nil {
			t.Errorf("closefd after getfd: %v", err)
		}
		if err := c.Closefd(ctx, qapi.ClosefdCommand{Fdname: "fd0"}); err == nil {
			t.Error("closefd of a closed name succeeded: the test proves nothing")
		}

		info, err := c.AddFd(ctx, qapi.AddFdCommand{Opaque: qapi.Ptr("first-day")}, f)
		if err != nil {
			t.Fatalf("add-fd: %v", err)
		}
		sets, err := c.QueryFdsets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		found := slices.ContainsFunc(sets, func(s qapi.FdsetInfo) bool {
			return s.FdsetID == info.FdsetID && slices.ContainsFunc(s.Fds, func(fd qapi.FdsetFdInfo) bool {
				return fd.Fd == info.Fd && fd.Opaque != nil && *fd.Opaque == "first-day"
			})
		})
		if !found {
			t.Errorf("query-fdsets lacks the added descriptor %+v: %+v", info, sets)
		}
		if err := c.RemoveFd(ctx, qapi.RemoveFdCommand{FdsetID: info.FdsetID}); err != nil {
			t.Error(err)
		}
	})

	t.Run("SnapshotJob", func(t *testing.T) {
		ctx := testCtx(t)
		devices := []string{"disk0", "hp0"}
		err := c.SnapshotSaveAndWait(ctx, m.conn, qapi.SnapshotSaveCommand{JobID: "save1", Tag: "day1", Vmstate: "disk0", Devices: devices})
		if err != nil {
			t.Fatalf("snapshot-save job: %v", err)
		}
		if got := snapshotsOf(t, m, "disk0"); !slices.Equal(got, []string{"day1"}) {
			t.Errorf("snapshots of disk0: %v, want [day1]", got)
		}
		jobs, err := c.QueryJobs(ctx)
		if err != nil || len(jobs) != 0 {
			t.Errorf("query-jobs after the job helper: %+v, %v; want the job dismissed", jobs, err)
		}
		// A job that fails: the command succeeds, the job does not.
		err = c.SnapshotLoadAndWait(ctx, m.conn, qapi.SnapshotLoadCommand{JobID: "load1", Tag: "no-such-tag", Vmstate: "disk0", Devices: devices})
		var je *qmp.JobError
		if !errors.As(err, &je) || je.ID != "load1" || je.Type != "snapshot-load" || je.Desc == "" {
			t.Errorf("snapshot-load of a missing tag: %v, want a *qmp.JobError", err)
		} else {
			t.Logf("failed job: %v", err)
		}
		if jobs, err := c.QueryJobs(ctx); err != nil || len(jobs) != 0 {
			t.Errorf("query-jobs after the failed job: %+v, %v; want it dismissed", jobs, err)
		}
		if err := c.SnapshotDeleteAndWait(ctx, m.conn, qapi.SnapshotDeleteCommand{JobID: "del1", Tag: "day1", Devices: devices}); err != nil {
			t.Errorf("snapshot-delete job: %v", err)
		}
	})
}
