// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/qmp"

	qapi "github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qmp"
)

// machine is a qemu-system-x86_64 process with a QMP connection, a strict
// typed client and a log of its events.
type machine struct {
	proc   *process
	dir    string
	sock   string
	conn   *qmp.Conn
	exec   *checkedExecutor
	client *qapi.Client
	events *eventLog
}

// machineArgs are the options every machine starts with: paused, no
// default devices, no display, TCG, little memory.
func machineArgs(sock string) []string {
	return []string{
		"-machine", "q35", "-accel", "tcg", "-m", "128M",
		"-nodefaults", "-display", "none", "-S",
		"-qmp", "unix:" + sock + ",server=on,wait=off",
	}
}

// fullMachineArgs adds the devices the issue asks for: a virtio balloon, an
// e1000 on a user netdev restricted to the host (no guest runs, so no
// packet ever flows), a qcow2 disk on virtio-blk, a serial port on a
// socket chardev and a USB controller.
func fullMachineArgs(t testing.TB, dir string) []string {
	disk := filepath.Join(dir, "disk.qcow2")
	qemuImg(t, "create", "-q", "-f", "qcow2", disk, "64M")
	return []string{
		"-device", "virtio-balloon-pci,id=balloon0",
		"-netdev", "user,id=net0,restrict=on",
		"-device", "e1000,netdev=net0,id=nic0",
		"-blockdev", "driver=file,filename=" + disk + ",node-name=disk0-file",
		"-blockdev", "driver=qcow2,file=disk0-file,node-name=disk0",
		"-device", "virtio-blk-pci,drive=disk0,id=vda",
		"-chardev", "socket,id=serial0,path=" + filepath.Join(dir, "serial.sock") + ",server=on,wait=off",
		"-device", "isa-serial,chardev=serial0,id=com1",
		"-device", "qemu-xhci,id=xhci",
	}
}

// startMachine starts qemu-system-x86_64 with machineArgs plus extra and
// connects to it. extra may use dir, the machine's private directory.
func startMachine(t testing.TB, dir string, extra ...string) *machine {
	t.Helper()
	bin := needBinary(t, "qemu-system-x86_64")
	sock := filepath.Join(dir, "qmp.sock")
	p := startProcess(t, sock, bin, append(machineArgs(sock), extra...)...)
	return connectMachine(t, p, dir, sock)
}

func connectMachine(t testing.TB, p *process, dir, sock string) *machine {
	t.Helper()
	conn, err := dialRetry(t, p, func(ctx context.Context) (*qmp.Conn, error) { return qmp.Dial(ctx, "unix", sock) })
	if err != nil {
		t.Fatalf("connecting to %s: %v", sock, err)
	}
	t.Cleanup(func() { conn.Close() })
	m := &machine{proc: p, dir: dir, sock: sock, conn: conn}
	m.exec = newCheckedExecutor(conn)
	m.client = qapi.NewClient(m.exec, qapi.Strict())
	m.events = systemEventLog(t, conn)
	return m
}

// systemEventLog logs the events of conn, subscribing through the typed
// stream of the generated package.
func systemEventLog(t testing.TB, conn *qmp.Conn) *eventLog {
	stream := qapi.SubscribeEvents(conn, 16, qapi.Strict())
	next := func(ctx context.Context) (namedEvent, time.Time, error) {
		ev, err := stream.Next(ctx)
		return ev.Event, ev.Timestamp, err
	}
	return newEventLog(t, next, stream.Close, checkEvent)
}
