// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/qmp"

	"github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qga"
)

type ctxT = context.Context

// agentBlocked are the guest agent commands that act on the machine the
// agent runs on: here that is the test host, so the agent refuses them.
var agentBlocked = []string{
	"guest-shutdown", "guest-suspend-disk", "guest-suspend-ram", "guest-suspend-hybrid",
	"guest-exec", "guest-exec-status", "guest-set-time", "guest-file-open", "guest-file-close",
	"guest-file-read", "guest-file-write", "guest-file-seek", "guest-file-flush",
	"guest-fsfreeze-freeze", "guest-fsfreeze-freeze-list", "guest-fsfreeze-thaw", "guest-fstrim",
	"guest-set-user-password", "guest-set-vcpus", "guest-set-memory-blocks",
	"guest-ssh-add-authorized-keys", "guest-ssh-remove-authorized-keys",
}

// startAgent runs qemu-ga on a Unix socket in dir and returns a strict
// typed client on it.
func startAgent(t *testing.T, dir string) (*process, *qmp.Agent, *qga.Client) {
	t.Helper()
	bin := needBinary(t, "qemu-ga")
	sock := filepath.Join(dir, "qga.sock")
	p := startProcess(t, sock, bin, "-m", "unix-listen", "-p", sock, "-t", dir,
		"-f", filepath.Join(dir, "qga.pid"), "-b", strings.Join(agentBlocked, ","))
	a, err := dialRetry(t, p, func(ctx ctxT) (*qmp.Agent, error) { return qmp.DialAgent(ctx, "unix", sock) })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return p, a, qga.NewClient(newCheckedExecutor(a), qga.Strict())
}

// Scenario 10: the guest agent, run on the host.
func TestGuestAgent(t *testing.T) {
	t.Parallel()
	_, _, client := startAgent(t, tempDir(t))
	ctx := testCtx(t)

	const token = 1<<53 - 7
	got, err := client.GuestSyncDelimited(ctx, qga.GuestSyncDelimitedCommand{ID: token})
	if err != nil || got != token {
		t.Errorf("guest-sync-delimited = %d, %v; want %d", got, err, int64(token))
	}
	info, err := client.GuestInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(info.Version, "7.2") || len(info.SupportedCommands) < 30 {
		t.Errorf("guest-info: version %q, %d commands", info.Version, len(info.SupportedCommands))
	}
	for _, c := range info.SupportedCommands {
		if slices.Contains(agentBlocked, c.Name) && c.Enabled {
			t.Errorf("guest-info: blocked command %s is enabled", c.Name)
		}
	}
	osInfo, err := client.GuestGetOsinfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if osInfo.KernelRelease == nil || osInfo.Machine == nil || *osInfo.Machine != "x86_64" {
		t.Errorf("guest-get-osinfo = %+v", osInfo)
	}
	host, err := client.GuestGetHostName(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := os.Hostname(); host.HostName != want {
		t.Errorf("guest-get-host-name = %q, want %q", host.HostName, want)
	}
	ns, err := client.GuestGetTime(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(time.Unix(0, ns)); d < -time.Minute || d > time.Minute {
		t.Errorf("guest-get-time = %d, %v from now", ns, d)
	}
	ifaces, err := client.GuestNetworkGetInterfaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(ifaces, func(i qga.GuestNetworkInterface) bool { return i.Name == "lo" }) {
		t.Errorf("guest-network-get-interfaces lacks lo: %+v", ifaces)
	}

	// Every read-only command the agent offers, strictly decoded.
	var offered []string
	for _, c := range info.SupportedCommands {
		if c.Enabled && c.SuccessResponse {
			offered = append(offered, c.Name)
		}
	}
	readOnly := func(name string) bool {
		return strings.HasPrefix(name, "guest-get-") || name == "guest-network-get-interfaces" ||
			name == "guest-fsfreeze-status" || name == "guest-info" || name == "guest-ping"
	}
	res := sweep(t, ctx, client, offered, readOnly)
	res.report(t, "qemu-ga")

	var qe *qmp.Error
	_, err = client.GuestSetVCPUs(ctx, qga.GuestSetVCPUsCommand{})
	if !errors.As(err, &qe) || !strings.Contains(qe.Desc, "disabled") {
		t.Errorf("blocked guest-set-vcpus = %v, want an error saying it is disabled", err)
	}
}
