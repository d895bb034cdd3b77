// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/qmp"

	qapi "github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qmp"
)

// TestSystem runs the scenarios that can share one machine, in an order
// where each leaves the machine usable for the next: the read-only sweep
// first, the run state changes last.
func TestSystem(t *testing.T) {
	dir := tempDir(t)
	m := startMachine(t, dir, fullMachineArgs(t, dir)...)

	t.Run("QuerySweep", func(t *testing.T) { testQuerySweep(t, m) })
	t.Run("Introspection", func(t *testing.T) { testIntrospection(t, m) })
	t.Run("QOM", func(t *testing.T) { testQOM(t, m) })
	t.Run("VersionMatchesGreeting", func(t *testing.T) { testVersion(t, m) })
	t.Run("Snapshots", func(t *testing.T) { testSnapshots(t, m) })
	t.Run("DirtyBitmapTransaction", func(t *testing.T) { testDirtyBitmaps(t, m) })
	t.Run("Hotplug", func(t *testing.T) { testHotplug(t, m) })
	t.Run("StopCont", func(t *testing.T) { testStopCont(t, m) })
	t.Run("WrongArguments", func(t *testing.T) { testWrongArguments(t, m) })
}

func offeredCommands(t *testing.T, cmds []qapi.CommandInfo) []string {
	t.Helper()
	var out []string
	for _, c := range cmds {
		out = append(out, c.Name)
	}
	if len(out) < 50 {
		t.Fatalf("query-commands lists only %d commands: %v", len(out), out)
	}
	return out
}

func testQuerySweep(t *testing.T, m *machine) {
	ctx := testCtx(t)
	cmds, err := m.client.QueryCommands(ctx)
	if err != nil {
		t.Fatal(err)
	}
	offered := offeredCommands(t, cmds)
	// Every command the binary offers must be in the generated table.
	known := map[string]bool{}
	for _, s := range qapi.Commands() {
		known[s.Name] = true
	}
	for _, name := range offered {
		if !known[name] {
			t.Errorf("the binary offers %s, which qapi.Commands() lacks", name)
		}
	}
	res := sweep(t, ctx, m.client, offered, isQuery)
	res.report(t, "qemu-system-x86_64")
	if len(res.ran) < 40 {
		t.Errorf("only %d query commands ran; expected most of the ~%d offered", len(res.ran), len(offered))
	}
}

// Scenario 1: QOM properties of the balloon and the tree.
func testQOM(t *testing.T, m *machine) {
	ctx := testCtx(t)
	const path = "/machine/peripheral/balloon0"
	interval, err := qapi.NewAny(2)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.client.QOMSet(ctx, qapi.QOMSetCommand{Path: path, Property: "guest-stats-polling-interval", Value: interval}); err != nil {
		t.Fatal(err)
	}
	got, err := m.client.QOMGet(ctx, qapi.QOMGetCommand{Path: path, Property: "guest-stats-polling-interval"})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := got.Decode(&n); err != nil || n != 2 {
		t.Errorf("guest-stats-polling-interval = %s (%v), want 2", got, err)
	}
	stats, err := m.client.QOMGet(ctx, qapi.QOMGetCommand{Path: path, Property: "guest-stats"})
	if err != nil {
		t.Fatal(err)
	}
	// guest-stats is a QOM value, not a QAPI type: check its shape.
	var gs struct {
		Stats      map[string]uint64 `json:"stats"`
		LastUpdate *int64            `json:"last-update"`
	}
	if err := json.Unmarshal(stats, &gs); err != nil || gs.LastUpdate == nil || len(gs.Stats) == 0 {
		t.Errorf("guest-stats = %s (%v), want stats and last-update", stats, err)
	}
	if _, ok := gs.Stats["stat-free-memory"]; !ok {
		t.Errorf("guest-stats lacks stat-free-memory: %s", stats)
	}

	props, err := m.client.QOMList(ctx, qapi.QOMListCommand{Path: "/machine"})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, p := range props {
		byName[p.Name] = p.Type
	}
	for name, typ := range map[string]string{"peripheral": "child<container>", "unattached": "child<container>", "type": "string"} {
		if byName[name] != typ {
			t.Errorf("qom-list /machine: %s has type %q, want %q (%d properties)", name, byName[name], typ, len(props))
		}
	}
	periph, err := m.client.QOMList(ctx, qapi.QOMListCommand{Path: "/machine/peripheral"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"balloon0", "nic0", "vda", "com1", "xhci"} {
		if !slices.ContainsFunc(periph, func(p qapi.ObjectPropertyInfo) bool { return p.Name == id }) {
			t.Errorf("qom-list /machine/peripheral lacks %s: %+v", id, periph)
		}
	}
}

// Scenario 2.
func testVersion(t *testing.T, m *machine) {
	v, err := m.client.QueryVersion(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	g := m.conn.Greeting().Version
	if v.Qemu.Major != int64(g.Major) || v.Qemu.Minor != int64(g.Minor) || v.Qemu.Micro != int64(g.Micro) || v.Package != g.Package {
		t.Errorf("query-version %+v, greeting %+v", v, g)
	}
	if v.Qemu.Major != 7 || v.Qemu.Minor != 2 {
		t.Errorf("QEMU %d.%d.%d, the bindings are for 7.2", v.Qemu.Major, v.Qemu.Minor, v.Qemu.Micro)
	}
	t.Logf("QEMU %d.%d.%d %s", v.Qemu.Major, v.Qemu.Minor, v.Qemu.Micro, v.Package)
}

// addQcow2 creates a qcow2 image and adds it as node name with
// blockdev-add (the file node defined inline: an alternate's object
// branch inside a union branch).
func addQcow2(t *testing.T, m *machine, name string) {
	t.Helper()
	file := filepath.Join(m.dir, name+".qcow2")
	qemuImg(t, "create", "-q", "-f", "qcow2", file, "32M")
	err := m.client.BlockdevAdd(testCtx(t), qapi.BlockdevAddCommand{BlockdevOptions: qapi.BlockdevOptions{
		Driver:   qapi.BlockdevDriverQcow2,
		NodeName: ptr(name),
		Qcow2: &qapi.BlockdevOptionsQcow2{File: qapi.BlockdevRef{Definition: &qapi.BlockdevOptions{
			Driver: qapi.BlockdevDriverFile,
			File:   &qapi.BlockdevOptionsFile{Filename: file},
		}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
}

// runJob waits for the JOB_STATUS_CHANGE events of job id up to
// concluded, checks query-jobs reports no error, dismisses the job and
// waits for its null status. It returns the statuses seen.
func runJob(t *testing.T, m *machine, from int, id string) []qapi.JobStatus {
	t.Helper()
	var statuses []qapi.JobStatus
	for {
		ev, next := m.events.waitFor(from, "JOB_STATUS_CHANGE of "+id, func(e namedEvent) bool {
			j, ok := e.(qapi.JobStatusChangeEvent)
			return ok && j.ID == id
		})
		from = next
		st := ev.(qapi.JobStatusChangeEvent).Status
		if !st.Known() {
			t.Errorf("job %s: status %q is not in the generated enum", id, st)
		}
		statuses = append(statuses, st)
		if st == qapi.JobStatusConcluded {
			break
		}
		if st == qapi.JobStatusNull {
			t.Fatalf("job %s ended without concluding: %v", id, statuses)
		}
	}
	ctx := testCtx(t)
	jobs, err := m.client.QueryJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(jobs, func(j qapi.JobInfo) bool { return j.ID == id })
	switch {
	case i < 0:
		t.Errorf("query-jobs lacks concluded job %s: %+v", id, jobs)
	case jobs[i].Error != nil:
		t.Errorf("job %s failed: %s", id, *jobs[i].Error)
	case jobs[i].Status != qapi.JobStatusConcluded || jobs[i].Type != qapi.JobTypeSnapshotSave && jobs[i].Type != qapi.JobTypeSnapshotLoad && jobs[i].Type != qapi.JobTypeSnapshotDelete:
		t.Errorf("job %s: %+v", id, jobs[i])
	}
	if err := m.client.JobDismiss(ctx, qapi.JobDismissCommand{ID: id}); err != nil {
		t.Fatal(err)
	}
	m.events.waitFor(from, "JOB_STATUS_CHANGE of "+id+" to null", func(e namedEvent) bool {
		j, ok := e.(qapi.JobStatusChangeEvent)
		return ok && j.ID == id && j.Status == qapi.JobStatusNull
	})
	if statuses[0] != qapi.JobStatusCreated || !slices.Contains(statuses, qapi.JobStatusRunning) {
		t.Errorf("job %s went through %v, want created, running, ..., concluded", id, statuses)
	}
	return statuses
}

// snapshotsOf returns the names of the internal snapshots of node.
func snapshotsOf(t *testing.T, m *machine, node string) []string {
	t.Helper()
	nodes, err := m.client.QueryNamedBlockNodes(testCtx(t), qapi.QueryNamedBlockNodesCommand{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		if n.NodeName == nil || *n.NodeName != node {
			continue
		}
		var out []string
		if n.Image.Snapshots != nil {
			for _, s := range *n.Image.Snapshots {
				out = append(out, s.Name)
				if s.Name == "snap-a" && s.VMStateSize == 0 && node == "snap0" {
					t.Errorf("snapshot snap-a on %s has no VM state: %+v", node, s)
				}
			}
		}
		return out
	}
	t.Fatalf("query-named-block-nodes lacks %s", node)
	return nil
}

// Scenario 3: internal snapshots as jobs.
func testSnapshots(t *testing.T, m *machine) {
	addQcow2(t, m, "snap0")
	ctx := testCtx(t)
	devices := []string{"snap0", "disk0"}

	from := m.events.mark()
	if err := m.client.SnapshotSave(ctx, qapi.SnapshotSaveCommand{JobID: "save0", Tag: "snap-a", Vmstate: "snap0", Devices: devices}); err != nil {
		t.Fatal(err)
	}
	t.Logf("snapshot-save: %v", runJob(t, m, from, "save0"))
	for _, node := range devices {
		if got := snapshotsOf(t, m, node); !slices.Equal(got, []string{"snap-a"}) {
			t.Errorf("snapshots of %s after snapshot-save: %v, want [snap-a]", node, got)
		}
	}
	info, err := m.client.HumanMonitorCommand(ctx, qapi.HumanMonitorCommandCommand{CommandLine: "info snapshots"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(info, "snap-a") {
		t.Errorf("info snapshots does not list snap-a:\n%s", info)
	}

	from = m.events.mark()
	if err := m.client.SnapshotLoad(ctx, qapi.SnapshotLoadCommand{JobID: "load0", Tag: "snap-a", Vmstate: "snap0", Devices: devices}); err != nil {
		t.Fatal(err)
	}
	t.Logf("snapshot-load: %v", runJob(t, m, from, "load0"))

	from = m.events.mark()
	if err := m.client.SnapshotDelete(ctx, qapi.SnapshotDeleteCommand{JobID: "del0", Tag: "snap-a", Devices: devices}); err != nil {
		t.Fatal(err)
	}
	t.Logf("snapshot-delete: %v", runJob(t, m, from, "del0"))
	for _, node := range devices {
		if got := snapshotsOf(t, m, node); len(got) != 0 {
			t.Errorf("snapshots of %s after snapshot-delete: %v", node, got)
		}
	}
}

// Scenario 5: a transaction adding a bitmap on two nodes.
func testDirtyBitmaps(t *testing.T, m *machine) {
	addQcow2(t, m, "bm1")
	ctx := testCtx(t)
	add := func(node, name string, persistent bool) qapi.TransactionAction {
		return qapi.TransactionAction{
			Type: qapi.TransactionActionKindBlockDirtyBitmapAdd,
			BlockDirtyBitmapAdd: &qapi.BlockDirtyBitmapAddWrapper{Data: qapi.BlockDirtyBitmapAdd{
				Node: node, Name: name, Granularity: ptr(uint32(65536)), Persistent: ptr(persistent),
			}},
		}
	}
	err := m.client.Transaction(ctx, qapi.TransactionCommand{Actions: []qapi.TransactionAction{
		add("disk0", "bm-a", false),
		add("bm1", "bm-b", true),
	}})
	if err != nil {
		t.Fatal(err)
	}

	nodes, err := m.client.QueryNamedBlockNodes(ctx, qapi.QueryNamedBlockNodesCommand{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"disk0": "bm-a", "bm1": "bm-b"}
	for _, n := range nodes {
		if n.NodeName == nil || want[*n.NodeName] == "" {
			continue
		}
		name := want[*n.NodeName]
		delete(want, *n.NodeName)
		if n.DirtyBitmaps == nil {
			t.Errorf("node %s has no dirty-bitmaps", *n.NodeName)
			continue
		}
		bms := *n.DirtyBitmaps
		if len(bms) != 1 || bms[0].Name == nil || *bms[0].Name != name || bms[0].Granularity != 65536 || !bms[0].Recording ||
			bms[0].Persistent != (name == "bm-b") {
			t.Errorf("node %s: dirty-bitmaps %+v, want %s", *n.NodeName, bms, name)
		}
	}
	if len(want) != 0 {
		t.Errorf("query-named-block-nodes lacks nodes %v", want)
	}

	blocks, err := m.client.QueryBlock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(blocks, func(b qapi.BlockInfo) bool { return b.Qdev != nil && strings.Contains(*b.Qdev, "vda") })
	if i < 0 {
		t.Fatalf("query-block lacks the vda disk: %+v", blocks)
	}
	in := blocks[i].Inserted
	if in == nil || in.NodeName == nil || *in.NodeName != "disk0" || in.DirtyBitmaps == nil ||
		!slices.ContainsFunc(*in.DirtyBitmaps, func(b qapi.BlockDirtyInfo) bool { return b.Name != nil && *b.Name == "bm-a" }) {
		t.Errorf("query-block: vda does not show bitmap bm-a on disk0: %+v", in)
	}
}

// Scenario 7: USB hotplug, netdev hotplug.
func testHotplug(t *testing.T, m *machine) {
	ctx := testCtx(t)
	if err := m.client.DeviceAdd(ctx, qapi.DeviceAddCommand{Driver: "usb-kbd", Bus: ptr("xhci.0"), ID: ptr("kbd0")}); err != nil {
		t.Fatal(err)
	}
	typ, err := m.client.QOMGet(ctx, qapi.QOMGetCommand{Path: "/machine/peripheral/kbd0", Property: "type"})
	if err != nil || string(typ) != `"usb-kbd"` {
		t.Errorf("kbd0 type = %s, %v", typ, err)
	}
	from := m.events.mark()
	if err := m.client.DeviceDel(ctx, qapi.DeviceDelCommand{ID: "kbd0"}); err != nil {
		t.Fatal(err)
	}
	ev, _ := m.events.waitFor(from, "DEVICE_DELETED of kbd0", func(e namedEvent) bool {
		d, ok := e.(qapi.DeviceDeletedEvent)
		return ok && d.Device != nil && *d.Device == "kbd0"
	})
	if p := ev.(qapi.DeviceDeletedEvent).Path; p != "/machine/peripheral/kbd0" {
		t.Errorf("DEVICE_DELETED path %q", p)
	}
	if _, err := m.client.QOMGet(ctx, qapi.QOMGetCommand{Path: "/machine/peripheral/kbd0", Property: "type"}); err == nil {
		t.Errorf("kbd0 still exists after DEVICE_DELETED")
	}

	network := func() string {
		t.Helper()
		s, err := m.client.HumanMonitorCommand(ctx, qapi.HumanMonitorCommandCommand{CommandLine: "info network"})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	err = m.client.NetdevAdd(ctx, qapi.NetdevAddCommand{Netdev: qapi.Netdev{
		ID: "net1", Type: qapi.NetClientDriverUser,
		User: &qapi.NetdevUserOptions{Restrict: ptr(true), Hostname: ptr("itest")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if s := network(); !strings.Contains(s, "net1") {
		t.Errorf("info network after netdev_add lacks net1:\n%s", s)
	}
	if err := m.client.NetdevDel(ctx, qapi.NetdevDelCommand{ID: "net1"}); err != nil {
		t.Fatal(err)
	}
	if s := network(); strings.Contains(s, "net1") {
		t.Errorf("info network after netdev_del still has net1:\n%s", s)
	}
}

// Scenario 7, run state part.
func testStopCont(t *testing.T, m *machine) {
	ctx := testCtx(t)
	status := func(want qapi.RunState, running bool) {
		t.Helper()
		st, err := m.client.QueryStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Status != want || st.Running != running {
			t.Errorf("query-status = %+v, want %s running=%v", st, want, running)
		}
	}
	before, err := m.client.QueryStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before.Running {
		t.Fatalf("machine already running: %+v", before)
	}
	from := m.events.mark()
	if err := m.client.Cont(ctx); err != nil {
		t.Fatal(err)
	}
	_, from = m.events.waitFor(from, "RESUME", func(e namedEvent) bool { _, ok := e.(qapi.ResumeEvent); return ok })
	status(qapi.RunStateRunning, true)
	if err := m.client.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	m.events.waitFor(from, "STOP", func(e namedEvent) bool { _, ok := e.(qapi.StopEvent); return ok })
	status(qapi.RunStatePaused, false)
}

// expectError checks that err is a *qmp.Error of class, for command,
// whose description contains desc.
func expectError(t *testing.T, err error, command string, class qapi.QAPIErrorClass, desc string) {
	t.Helper()
	var qe *qmp.Error
	if !errors.As(err, &qe) {
		t.Errorf("%s: error %v (%T), want a *qmp.Error", command, err, err)
		return
	}
	if qe.Command != command || string(qe.Class) != string(class) || !strings.Contains(qe.Desc, desc) {
		t.Errorf("%s: error {command %q class %q desc %q}, want class %s and a description containing %q", command, qe.Command, qe.Class, qe.Desc, class, desc)
		return
	}
	t.Logf("%s: %s: %s", command, qe.Class, qe.Desc)
}

// Scenario 8: wrong arguments give typed errors.
func testWrongArguments(t *testing.T, m *machine) {
	ctx := testCtx(t)
	err := m.client.DeviceAdd(ctx, qapi.DeviceAddCommand{Driver: "no-such-device"})
	expectError(t, err, "device_add", qapi.QAPIErrorClassGenericError, "no-such-device")

	_, err = m.client.QOMGet(ctx, qapi.QOMGetCommand{Path: "/machine/no-such-object", Property: "type"})
	expectError(t, err, "qom-get", qapi.QAPIErrorClassDeviceNotFound, "/machine/no-such-object")

	// A value the enum does not have, sent through the typed API.
	err = m.client.MigrateSetCapabilities(ctx, qapi.MigrateSetCapabilitiesCommand{Capabilities: []qapi.MigrationCapabilityStatus{
		{Capability: qapi.MigrationCapability("no-such-capability"), State: true},
	}})
	expectError(t, err, "migrate-set-capabilities", qapi.QAPIErrorClassGenericError, "no-such-capability")

	err = m.client.BlockdevDel(ctx, qapi.BlockdevDelCommand{NodeName: "no-such-node"})
	expectError(t, err, "blockdev-del", qapi.QAPIErrorClassGenericError, "no-such-node")

	err = m.conn.Execute(ctx, "no-such-command", nil, nil)
	expectError(t, err, "no-such-command", qapi.QAPIErrorClassCommandNotFound, "no-such-command")

	// The connection is still usable after the errors.
	if _, err := m.client.QueryStatus(ctx); err != nil {
		t.Errorf("query-status after errors: %v", err)
	}
}
