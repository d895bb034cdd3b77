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
	"time"

	qapi "github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qmp"
)

// migrationEvents waits for the MIGRATION events of want, in order.
func migrationEvents(t *testing.T, m *machine, from int, want ...qapi.MigrationStatus) {
	t.Helper()
	for _, st := range want {
		_, from = m.events.waitFor(from, "MIGRATION "+string(st), func(e namedEvent) bool {
			ev, ok := e.(qapi.MigrationEvent)
			return ok && ev.Status == st
		})
	}
}

// Scenario 4: migration to a file through an exec: URI, and the file
// loaded again by a second machine (so the stream is known to be whole).
func TestMigration(t *testing.T) {
	t.Parallel()
	dir := tempDir(t)
	src := startMachine(t, dir, fullMachineArgs(t, dir)...)
	ctx := testCtx(t)
	events := []qapi.MigrationCapabilityStatus{{Capability: qapi.MigrationCapabilityEvents, State: true}}
	if err := src.client.MigrateSetCapabilities(ctx, qapi.MigrateSetCapabilitiesCommand{Capabilities: events}); err != nil {
		t.Fatal(err)
	}
	const bandwidth, downtime = 1 << 30, 500
	err := src.client.MigrateSetParameters(ctx, qapi.MigrateSetParametersCommand{MigrateSetParameters: qapi.MigrateSetParameters{
		MaxBandwidth: ptr(uint64(bandwidth)), DowntimeLimit: ptr(uint64(downtime)),
	}})
	if err != nil {
		t.Fatal(err)
	}
	params, err := src.client.QueryMigrateParameters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if params.MaxBandwidth == nil || *params.MaxBandwidth != bandwidth || params.DowntimeLimit == nil || *params.DowntimeLimit != downtime {
		t.Errorf("query-migrate-parameters after setting them: %+v", params)
	}

	before, err := src.client.QueryStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "vm.migration")
	from := src.events.mark()
	if err := src.client.Migrate(ctx, qapi.MigrateCommand{URI: "exec:cat > " + file}); err != nil {
		t.Fatal(err)
	}
	var info qapi.MigrationInfo
	deadline := time.Now().Add(eventTimeout)
	for {
		info, err = src.client.QueryMigrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.Status != nil && (*info.Status == qapi.MigrationStatusCompleted || *info.Status == qapi.MigrationStatusFailed) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("migration not completed within %v: %+v", eventTimeout, info)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if *info.Status != qapi.MigrationStatusCompleted {
		desc := ""
		if info.ErrorDesc != nil {
			desc = *info.ErrorDesc
		}
		t.Fatalf("migration failed: %s", desc)
	}
	if info.RAM == nil || info.RAM.Total == 0 || info.RAM.Transferred == 0 || info.TotalTime == nil {
		t.Errorf("query-migrate after completion lacks RAM statistics: %+v", info)
	}
	migrationEvents(t, src, from, qapi.MigrationStatusSetup, qapi.MigrationStatusActive, qapi.MigrationStatusCompleted)
	st, err := src.client.QueryStatus(ctx)
	if err != nil || st.Status != qapi.RunStatePostmigrate {
		t.Errorf("source status after migration = %+v, %v; want postmigrate", st, err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Size() < 1024 {
		t.Fatalf("migration file: %v, %v", fi, err)
	}

	yank, err := src.client.QueryYank(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(yank, func(y qapi.YankInstance) bool {
		return y.Type == qapi.YankInstanceTypeChardev && y.Chardev != nil && y.Chardev.ID == "serial0"
	}) {
		t.Errorf("query-yank lacks the serial0 socket chardev: %+v", yank)
	}

	// The queries again, in the state a completed migration leaves.
	cmds, err := src.client.QueryCommands(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res := sweep(t, ctx, src.client, offeredCommands(t, cmds), isQuery)
	res.report(t, "after migration")

	// A second machine with the same devices loads the stream.
	dstDir := tempDir(t)
	dst := startMachine(t, dstDir, append(fullMachineArgs(t, dstDir), "-incoming", "defer")...)
	if err := dst.client.MigrateSetCapabilities(ctx, qapi.MigrateSetCapabilitiesCommand{Capabilities: events}); err != nil {
		t.Fatal(err)
	}
	from = dst.events.mark()
	if err := dst.client.MigrateIncoming(ctx, qapi.MigrateIncomingCommand{URI: "exec:cat " + file}); err != nil {
		t.Fatal(err)
	}
	migrationEvents(t, dst, from, qapi.MigrationStatusActive, qapi.MigrationStatusCompleted)
	// Without autostart the destination takes the run state the source
	// had when it migrated (carried in the stream).
	st, err = dst.client.QueryStatus(ctx)
	if err != nil || st.Status != before.Status || st.Running {
		t.Errorf("destination status after loading = %+v, %v; want %s, the source's", st, err, before.Status)
	}
}

// Scenario 6: a machine in the preconfig state.
func TestPreconfig(t *testing.T) {
	t.Parallel()
	dir := tempDir(t)
	m := startMachine(t, dir, "--preconfig")
	ctx := testCtx(t)

	// The generated specs say which commands preconfig allows: every
	// query without required arguments is run, and QEMU must refuse
	// exactly those whose spec lacks AllowPreconfig.
	specs := map[string]qapi.CommandSpec{}
	for _, s := range qapi.Commands() {
		specs[s.Name] = s
	}
	cmds, err := m.client.QueryCommands(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var allowed, refused []string
	for _, name := range offeredCommands(t, cmds) {
		if !isQuery(name) {
			continue
		}
		req, err := callWithoutArgs(ctx, m.client, name)
		if req != nil {
			continue
		}
		var qe *qmp.Error
		preconfigRefusal := errors.As(err, &qe) && strings.Contains(qe.Desc, "machine initialization")
		switch {
		case specs[name].AllowPreconfig && preconfigRefusal:
			t.Errorf("%s: spec allows preconfig, QEMU refused: %v", name, err)
		case !specs[name].AllowPreconfig && !preconfigRefusal:
			t.Errorf("%s: spec does not allow preconfig, QEMU answered: %v", name, err)
		case err != nil && !preconfigRefusal && (qe == nil || qe.Class != "GenericError"):
			t.Errorf("%s in preconfig: %v", name, err)
		case preconfigRefusal:
			refused = append(refused, name)
		default:
			allowed = append(allowed, name)
		}
	}
	t.Logf("preconfig: %d queries allowed (%s), %d refused as their specs say (%s)",
		len(allowed), strings.Join(allowed, " "), len(refused), strings.Join(refused, " "))
	if len(allowed) == 0 || len(refused) == 0 {
		t.Errorf("preconfig: expected both allowed and refused queries")
	}
	_, err = m.client.QueryCPUsFast(ctx)
	expectError(t, err, "query-cpus-fast", qapi.QAPIErrorClassGenericError, "machine initialization")
	if err := m.client.XExitPreconfig(ctx); err != nil {
		t.Fatal(err)
	}
	if cpus, err := m.client.QueryCPUsFast(ctx); err != nil || len(cpus) != 1 {
		t.Errorf("query-cpus-fast after x-exit-preconfig: %+v, %v", cpus, err)
	}
	st, err := m.client.QueryStatus(ctx)
	if err != nil || st.Status != qapi.RunStatePrelaunch || st.Running {
		t.Errorf("status after x-exit-preconfig with -S = %+v, %v; want prelaunch", st, err)
	}
	err = m.client.XExitPreconfig(ctx)
	expectError(t, err, "x-exit-preconfig", qapi.QAPIErrorClassGenericError, "")
}
