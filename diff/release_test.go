// SPDX-License-Identifier: Apache-2.0

package diff

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/introspect"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/wire"
)

func loadRelease(t testing.TB, version string) (*model.Schema, *wire.Schema) {
	t.Helper()
	file := filepath.Join(corpus.Require(t), "qemu", version, "qapi", "qapi-schema.json")
	m, err := frontend.Load(file, frontend.Options{Auto: true})
	if err != nil {
		t.Fatal(err)
	}
	w, err := introspect.Build(m, introspect.Options{Unmask: true})
	if err != nil {
		t.Fatal(err)
	}
	return m, w
}

// TestReleasePairs compares QMP schemas of consecutive releases in the
// corpus. The expected entries were checked against the schema files by
// hand (the line each comes from is noted).
func TestReleasePairs(t *testing.T) {
	tests := []struct {
		old, new string
		want     []string // entries, as entry() renders them
		api      []string // Go API changes: "change name"
	}{
		{"v7.2.0", "v8.2.0", []string{
			// machine.json: x-query-profile is gone from 8.2.
			"x-query-profile input breaking command-removed",
			// misc-target.json: SgxInfo's section-size became 'sections' in 8.0.
			"query-sgx/ret-type/section-size output breaking member-removed",
			"query-sgx-capabilities/ret-type/section-size output breaking member-removed",
			// migration.json: migrate-incoming's 'uri' became optional ('channels' came).
			"migrate-incoming/arg-type/uri input compatible member-became-optional",
			"migrate-incoming/arg-type/channels input compatible member-added-optional",
			// dump.json: DumpGuestMemoryFormat gained the kdump-raw-* values.
			"dump-guest-memory/arg-type/format/^kdump-raw-zlib input compatible enum-value-added",
			// migration.json: 'blk' and 'inc' of migrate got 'deprecated'.
			"migrate/arg-type/blk input compatible feature-added",
			// machine-target.json (s390x): a new event.
			"CPU_POLARIZATION_CHANGE output compatible event-added",
		}, []string{
			"type-removed XQueryProfileCommand",
			"field-removed SGXInfo.SectionSize",
		}},
		{"v9.2.0", "v10.1.0", []string{
			// machine.json: x-query-opcount is gone from 10.1.
			"x-query-opcount input breaking command-removed",
			// machine.json: CpuModelExpansionInfo's deprecated-props became optional.
			"query-cpu-model-expansion/ret-type/deprecated-props output breaking member-became-optional",
			// block-core.json: BlockDeviceInfo's node-name became required.
			"query-named-block-nodes/ret-type/node-name output compatible member-became-required",
			"query-block/ret-type/inserted/node-name output compatible member-became-required",
			// block-core.json: the block-job-* commands got 'deprecated'.
			"block-job-pause/$deprecated input compatible feature-added",
			// audio.json: the dbus branch has a type of its own with nsamples.
			"query-audiodevs/ret-type/+dbus/nsamples output compatible member-added-optional",
		}, []string{
			"type-removed XQueryOpcountCommand",
			"field-became-pointer CPUModelExpansionInfo.DeprecatedProps",
			"field-no-longer-pointer BlockDeviceInfo.NodeName",
			// machine.json's TargetInfo is QemuTargetInfo in 10.1: a
			// rename the wire does not show, Go code does. (SGXInfo,
			// SgxInfo in 10.1, keeps its Go name: SGX is an initialism.)
			"type-renamed TargetInfo",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.old+"-"+tt.new, func(t *testing.T) {
			om, ow := loadRelease(t, tt.old)
			nm, nw := loadRelease(t, tt.new)
			res := Wire(ow, nw)
			var got []string
			for _, c := range res.Changes {
				got = append(got, entry(c))
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %q", w)
				}
			}
			// Nothing is listed twice, and no entry is both ways.
			seen := map[string]bool{}
			for _, c := range res.Changes {
				k := c.Path + " " + c.Change
				if seen[k] {
					t.Errorf("listed twice: %s", entry(c))
				}
				seen[k] = true
			}
			api, err := GoAPI(om, nm, res.Renames)
			if err != nil {
				t.Fatal(err)
			}
			var gotAPI []string
			for _, c := range api {
				gotAPI = append(gotAPI, c.Change+" "+c.Name)
			}
			for _, w := range tt.api {
				if !slices.Contains(gotAPI, w) {
					t.Errorf("Go API: missing %q in\n%s", w, strings.Join(gotAPI, "\n"))
				}
			}
		})
	}
}

// TestReleaseIdentity compares a release with itself: nothing changes.
func TestReleaseIdentity(t *testing.T) {
	m, w := loadRelease(t, "v10.1.0")
	res := Wire(w, w)
	if len(res.Changes) != 0 || len(res.Renames) != 0 {
		t.Errorf("%d changes, %d renames between a schema and itself", len(res.Changes), len(res.Renames))
	}
	api, err := GoAPI(m, m, nil)
	if err != nil || len(api) != 0 {
		t.Errorf("Go API changes between a schema and itself: %v %v", api, err)
	}
}

// TestReleasePairsProbe compares every pair of consecutive releases in
// the corpus, for each of QMP, the guest agent and the storage daemon,
// and checks the paths against the schemas: the path of an addition
// probes true in the new schema only, that of a removal in the old only,
// any other in both; and no change is listed twice.
func TestReleasePairsProbe(t *testing.T) {
	root := filepath.Join(corpus.Require(t), "qemu")
	versions := []string{"v4.2.0", "v6.2.0", "v7.2.0", "v8.2.0", "v9.2.0", "v10.1.0"}
	for _, kind := range []string{"qapi", "qga", "storage-daemon/qapi"} {
		var prev *wire.Schema
		var prevModel *model.Schema
		for _, v := range versions {
			file := filepath.Join(root, v, kind, "qapi-schema.json")
			m, err := frontend.Load(file, frontend.Options{Auto: true})
			if err != nil {
				continue // the storage daemon came with 5.0
			}
			w, err := introspect.Build(m, introspect.Options{Unmask: true})
			if err != nil {
				t.Fatal(err)
			}
			if prev != nil {
				checkProbes(t, kind+" to "+v, prev, w)
				if _, err := GoAPI(prevModel, m, Wire(prev, w).Renames); err != nil {
					t.Errorf("%s to %s: Go API: %v", kind, v, err)
				}
			}
			prev, prevModel = w, m
		}
	}
}

func checkProbes(t *testing.T, what string, old, new *wire.Schema) {
	t.Helper()
	changes := Wire(old, new).Changes
	if len(changes) == 0 {
		t.Errorf("%s: no changes", what)
	}
	seen := map[string]bool{}
	for _, c := range changes {
		if k := c.Path + " " + c.Change; seen[k] {
			t.Errorf("%s: listed twice: %s", what, entry(c))
		} else {
			seen[k] = true
		}
		inOld, inNew := old.Has(c.Path), new.Has(c.Path)
		wantOld, wantNew := true, true
		last := c.Path[strings.LastIndexByte(c.Path, '/')+1:]
		onThing := !strings.HasPrefix(c.Change, "feature-") || strings.HasPrefix(last, "$")
		switch {
		case strings.HasPrefix(c.Change, "alternate-branch-"):
		case onThing && strings.Contains(c.Change, "-added"):
			wantOld = false
		case onThing && strings.HasSuffix(c.Change, "-removed"):
			wantNew = false
		}
		if inOld != wantOld || inNew != wantNew {
			t.Errorf("%s: %s: probes old %v, new %v; want %v, %v", what, entry(c), inOld, inNew, wantOld, wantNew)
		}
	}
	t.Logf("%s: %d changes", what, len(changes))
}
