// SPDX-License-Identifier: Apache-2.0

// Package fakeqemu shows how to test a program that drives QEMU without
// running QEMU: HotplugDisk, a small orchestration step, is tested
// against the fake QEMU that qapi-gen generates (gen -server: the
// package's typed Handler, served by NewServer), and against a
// transcript of a session with that fake, replayed by qmp.Replayer.
//
// The bindings in qmpapi/ are generated from hotplug.json, a small schema
// of the commands the example uses:
//
//go:generate go run github.com/qapi-gen/qapi-gen/cmd/qapi-gen gen -server -o qmpapi -pkg qmpapi hotplug.json
package fakeqemu

import (
	"context"
	"fmt"

	"github.com/qapi-gen/qapi-gen/examples/fake-qemu/qmpapi"
	"github.com/qapi-gen/qapi-gen/qmp"
)

// Disk is a disk to hot-plug.
type Disk struct {
	ID   string // the device's ID; the block nodes are named after it
	Path string // the image file to create
	Size uint64 // its virtual size in bytes
}

// HotplugDisk creates a qcow2 image for d, opens it and plugs it into
// the guest as a virtio disk, as a management layer does with QEMU: a
// file node for d.Path (blockdev-add), the image written on it by a
// blockdev-create job (waited for until it concludes, then dismissed),
// the qcow2 node on top of the file node (blockdev-add), then the device
// (device_add).
func HotplugDisk(ctx context.Context, conn *qmp.Conn, d Disk) error {
	c := qmpapi.NewClient(conn)
	fileNode, formatNode := d.ID+"-file", d.ID+"-format"
	err := c.BlockdevAdd(ctx, qmpapi.BlockdevAddCommand{BlockdevOptions: qmpapi.BlockdevOptions{
		Driver:   qmpapi.BlockdevDriverFile,
		NodeName: fileNode,
		File:     &qmpapi.BlockdevOptionsFile{Filename: d.Path},
	}})
	if err != nil {
		return fmt.Errorf("hot-plugging %s: opening %s: %w", d.ID, d.Path, err)
	}
	err = c.BlockdevCreateAndWait(ctx, conn, qmpapi.BlockdevCreateCommand{
		JobID: "create-" + d.ID,
		Options: qmpapi.BlockdevCreateOptions{
			Driver: qmpapi.BlockdevDriverQcow2,
			Qcow2:  &qmpapi.BlockdevCreateOptionsQcow2{File: fileNode, Size: d.Size},
		},
	})
	if err != nil {
		return fmt.Errorf("hot-plugging %s: creating the image: %w", d.ID, err)
	}
	err = c.BlockdevAdd(ctx, qmpapi.BlockdevAddCommand{BlockdevOptions: qmpapi.BlockdevOptions{
		Driver:   qmpapi.BlockdevDriverQcow2,
		NodeName: formatNode,
		Qcow2:    &qmpapi.BlockdevOptionsQcow2{File: fileNode},
	}})
	if err != nil {
		return fmt.Errorf("hot-plugging %s: opening the image: %w", d.ID, err)
	}
	err = c.DeviceAdd(ctx, qmpapi.DeviceAddCommand{
		Driver: "virtio-blk-pci",
		ID:     &d.ID,
		Extra:  map[string]any{"drive": formatNode},
	})
	if err != nil {
		return fmt.Errorf("hot-plugging %s: adding the device: %w", d.ID, err)
	}
	return nil
}
