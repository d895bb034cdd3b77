// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"testing"

	qmp101 "github.com/qapi-gen/qapi-gen/integration/internal/qemu101/qmp"
	qmp72 "github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qmp"
	"github.com/qapi-gen/qapi-gen/qmp"
	"github.com/qapi-gen/qapi-gen/wire"
)

// TestCheckCompatibilityLive checks bindings against the real QEMU 7.2:
// its own release's bindings find only what the Debian build leaves out
// (other targets' commands, which the bindings, generated without -cond,
// have), and QEMU 10.1's bindings find, besides, what 7.2 lacks.
func TestCheckCompatibilityLive(t *testing.T) {
	t.Parallel()
	conn := startMachine(t, tempDir(t)).conn
	ctx := testCtx(t)

	own, err := qmp72.CheckCompatibility(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range own {
		// What the Debian build leaves out: other targets' commands
		// (s390x's CPU models, ARM's GIC), and enum values of features it
		// was built without (blkio drivers, vmnet): all of it missing.
		if in.Kind != wire.Missing {
			t.Errorf("7.2 bindings against QEMU 7.2: %s", in)
		}
	}
	if !hasIncompat(own, "query-cpu-model-baseline", wire.Missing) {
		t.Errorf("7.2 bindings: the s390x-only query-cpu-model-baseline is not reported missing: %v", own)
	}

	newer, err := qmp101.CheckCompatibility(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	if len(newer) <= len(own) {
		t.Errorf("10.1 bindings report %d incompatibilities, no more than 7.2's %d", len(newer), len(own))
	}
	// Added in 10.0 (blockdev-set-active) and 8.0 (query-cryptodev): 7.2
	// lacks them.
	for _, cmd := range []string{"blockdev-set-active", "query-cryptodev"} {
		if !hasIncompat(newer, cmd, wire.Missing) {
			t.Errorf("10.1 bindings against QEMU 7.2: %s is not reported missing", cmd)
		}
	}
	// Every path probes true where it points: a branch the bindings do
	// not know (targets 10.1 dropped, cris and nios2) in QEMU 7.2's
	// schema, everything else in 10.1's.
	live, err := qmp.QuerySchema(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range newer {
		on, where := qmp101.WireSchema(), "10.1"
		if in.Kind == wire.Unknown {
			on, where = live, "7.2"
		}
		if !on.Has(in.Path) {
			t.Errorf("reported path %s (%s) is not in the %s schema", in.Path, in.Kind, where)
		}
	}
	if !hasIncompat(newer, "query-cpus-fast/ret-type/+cris", wire.Unknown) {
		t.Errorf("10.1 bindings: QEMU 7.2's cris CPUs are not reported as an unknown branch")
	}
	t.Logf("QEMU 7.2 against its own bindings: %d; against 10.1's: %d", len(own), len(newer))
}

func hasIncompat(list []wire.Incompat, path string, kind wire.IncompatKind) bool {
	for _, in := range list {
		if in.Path == path && in.Kind == kind {
			return true
		}
	}
	return false
}
