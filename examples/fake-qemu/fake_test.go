// SPDX-License-Identifier: Apache-2.0

package fakeqemu

import (
	"context"
	"fmt"
	"sync"

	"github.com/qapi-gen/qapi-gen/examples/fake-qemu/qmpapi"
	"github.com/qapi-gen/qapi-gen/qmp"
)

// fakeQEMU is the state of a QEMU as far as the test needs it: block
// nodes, devices, jobs. It implements the commands of the schema through
// the generated Handler interface; the generated server checks the
// arguments before they get here, as QEMU's dispatcher does.
type fakeQEMU struct {
	qmpapi.UnimplementedHandler
	srv *qmp.Server // for the job's events

	mu      sync.Mutex
	nodes   map[string]qmpapi.BlockdevOptions
	images  map[string]uint64 // file node -> size of the image created on it
	devices map[string]string // device ID -> its drive
	jobs    []qmpapi.JobInfo
	failJob string // an error blockdev-create's job ends with
}

// newFake returns a fake and its server.
func newFake() (*fakeQEMU, *qmp.Server) {
	f := &fakeQEMU{nodes: map[string]qmpapi.BlockdevOptions{}, images: map[string]uint64{}, devices: map[string]string{}}
	f.srv = qmpapi.NewServer(f, qmpapi.WithVersion(qmp.Version{Major: 10, Minor: 1}))
	return f, f.srv
}

func genericError(format string, args ...any) error {
	return &qmp.Error{Class: "GenericError", Desc: fmt.Sprintf(format, args...)}
}

func (f *fakeQEMU) BlockdevAdd(ctx context.Context, args qmpapi.BlockdevAddCommand) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := args.BlockdevOptions
	if _, dup := f.nodes[o.NodeName]; dup {
		return genericError("Duplicate nodes with node-name='%s'", o.NodeName)
	}
	if o.Qcow2 != nil {
		if _, ok := f.nodes[o.Qcow2.File]; !ok {
			return genericError("Cannot find device='' nor node-name='%s'", o.Qcow2.File)
		}
		if _, ok := f.images[o.Qcow2.File]; !ok {
			return genericError("Image is not in qcow2 format")
		}
	}
	f.nodes[o.NodeName] = o
	return nil
}

// BlockdevCreate runs the job at once, sending its state changes as QEMU
// does, before the reply.
func (f *fakeQEMU) BlockdevCreate(ctx context.Context, args qmpapi.BlockdevCreateCommand) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if args.Options.Qcow2 == nil {
		return genericError("Driver '%s' does not support blockdev-create", args.Options.Driver)
	}
	file := args.Options.Qcow2.File
	if _, ok := f.nodes[file]; !ok {
		return genericError("Cannot find device='' nor node-name='%s'", file)
	}
	job := qmpapi.JobInfo{ID: args.JobID, Type: qmpapi.JobTypeCreate, TotalProgress: 1}
	for _, st := range []qmpapi.JobStatus{qmpapi.JobStatusCreated, qmpapi.JobStatusRunning, qmpapi.JobStatusWaiting, qmpapi.JobStatusPending, qmpapi.JobStatusConcluded} {
		job.Status = st
		qmpapi.Emit(f.srv, qmpapi.JobStatusChangeEvent{ID: job.ID, Status: st})
	}
	job.CurrentProgress = 1
	if f.failJob != "" {
		job.Error = &f.failJob
	} else {
		f.images[file] = args.Options.Qcow2.Size
	}
	f.jobs = append(f.jobs, job)
	return nil
}

func (f *fakeQEMU) QueryJobs(ctx context.Context) ([]qmpapi.JobInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]qmpapi.JobInfo(nil), f.jobs...), nil
}

func (f *fakeQEMU) JobDismiss(ctx context.Context, args qmpapi.JobDismissCommand) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, j := range f.jobs {
		if j.ID == args.ID {
			f.jobs = append(f.jobs[:i], f.jobs[i+1:]...)
			qmpapi.Emit(f.srv, qmpapi.JobStatusChangeEvent{ID: j.ID, Status: qmpapi.JobStatusNull})
			return nil
		}
	}
	return &qmp.Error{Class: "DeviceNotActive", Desc: fmt.Sprintf("Job not found with ID '%s'", args.ID)}
}

func (f *fakeQEMU) DeviceAdd(ctx context.Context, args qmpapi.DeviceAddCommand) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	drive, _ := args.Extra["drive"].(string)
	if _, ok := f.nodes[drive]; !ok {
		return genericError("Property 'virtio-blk-device.drive' can't find value '%s'", drive)
	}
	if args.ID == nil {
		return genericError("a device ID is needed")
	}
	if _, dup := f.devices[*args.ID]; dup {
		return genericError("Duplicate device ID '%s' for device", *args.ID)
	}
	f.devices[*args.ID] = drive
	return nil
}
