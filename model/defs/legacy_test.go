// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/parser"
)

// TestLegacyLaterReleases checks constructs that QEMU 5.0 to 6.1 added to
// the legacy language: features on members and on every kind of
// definition (5.0), 'coroutine' (5.2), the renamed pragmas and relaxed
// naming rules (6.0), and feature names of any case (6.1).
func TestLegacyLaterReleases(t *testing.T) {
	schema := strings.Join([]string{
		"{ 'pragma': { 'member-name-exceptions': [ 'Odd' ], 'command-name-exceptions': [ 'do_it' ] } }",
		"{ 'enum': 'Color', 'data': [ 'red', { 'name': 'blue', 'if': 'defined(BLUE)' }, 'X-green' ], 'features': [ 'deprecated' ] }",
		"{ 'struct': 'Odd', 'data': { 'Up_Case': 'int', '*__ORG.Vendor_x-thing': 'str' } }",
		"{ 'struct': 'Base', 'data': { 'kind': 'Color' } }",
		"{ 'struct': 'Point', 'data': { 'x': { 'type': 'int', 'features': [ 'unstable',",
		"  { 'name': 'Old_Name', 'if': [ 'defined(A)', 'defined(B)' ] } ] } } }",
		"{ 'union': 'Flat', 'base': 'Base', 'discriminator': 'kind', 'data': { 'red': 'Point', 'Blue': 'Point' }, 'features': [ 'f' ] }",
		"{ 'union': 'Simple', 'data': { 'one': 'Point', 'x-two': 'int' }, 'features': [ 'f' ] }",
		"{ 'alternate': 'Alt', 'data': { 'p': 'Point', 'n': 'int' }, 'features': [ 'f' ] }",
		"{ 'command': 'do_it', 'returns': 'int', 'coroutine': true, 'allow-preconfig': true }",
		"{ 'event': 'EV', 'data': { 'p': 'Point' }, 'features': [ 'f' ] }",
	}, "\n")
	defs, err := checkText(t, schema, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != 9 {
		t.Fatalf("got %d definitions, want 9", len(defs))
	}
	color := defs[0].(*Enum)
	if len(color.Members) != 3 || len(color.Features) != 1 || color.Features[0].Name != "deprecated" {
		t.Errorf("enum: %+v", color)
	}
	odd := defs[1].(*Struct)
	if len(odd.Members) != 2 || odd.Members[1].Name != "__ORG.Vendor_x-thing" || !odd.Members[1].Optional {
		t.Errorf("struct with pragma exception: %+v", odd.Members)
	}
	x := defs[3].(*Struct).Members[0]
	if len(x.Features) != 2 || x.Features[1].Name != "Old_Name" || x.Features[1].If == nil {
		t.Errorf("member features: %+v", x.Features)
	}
	flat := defs[4].(*Union)
	if flat.Discriminator != "kind" || flat.Branches[1].Name != "Blue" || len(flat.Features) != 1 {
		t.Errorf("flat union: %+v", flat)
	}
	if simple := defs[5].(*Union); simple.Discriminator != "" || len(simple.Features) != 1 {
		t.Errorf("simple union: %+v", simple)
	}
	if alt := defs[6].(*Alternate); len(alt.Features) != 1 {
		t.Errorf("alternate: %+v", alt)
	}
	cmd := defs[7].(*Command)
	if !cmd.Coroutine || !cmd.AllowPreconfig || cmd.AllowOOB || cmd.Returns == nil {
		t.Errorf("command: %+v", cmd)
	}
	if ev := defs[8].(*Event); len(ev.Features) != 1 || !ev.HasArgs {
		t.Errorf("event: %+v", ev)
	}
}

// TestLegacyLaterErrors checks that the additions are checked like the
// releases that introduced them checked them, and that names no legacy
// release accepted are still rejected with QEMU 4.2's message.
func TestLegacyLaterErrors(t *testing.T) {
	runErrorCases(t, true, []errorCase{
		{"{ 'command': 'c', 'coroutine': false }", "t.json: In command 'c':\nt.json:1: flag 'coroutine' may only use true value"},
		{"{ 'struct': 'Stru', 'data': { 'a': { 'type': 'int', 'features': 'f' } } }",
			"t.json: In struct 'Stru':\nt.json:1: 'features' must be an array"},
		{"{ 'event': 'EV', 'features': [ { 'name': 'f', 'if': [] } ] }",
			"t.json: In event 'EV':\nt.json:1: 'if' condition [] of 'features' member 'f' is useless"},
		{"{ 'alternate': 'Alt', 'data': { 'a': 'int' }, 'features': [ { 'if': 'X' } ] }",
			"t.json: In alternate 'Alt':\nt.json:1: 'features' member misses key 'name'"},
		// 4.2 rejects uppercase anywhere, 6.0 uppercase or '_' in the stem.
		{"{ 'struct': 'Stru', 'data': { '__Org_A-b': 'int' } }",
			"t.json: In struct 'Stru':\nt.json:1: 'data' member '__Org_A-b' uses uppercase in name"},
		{"{ 'union': 'Uni', 'data': { 'a_B': 'int' } }", "t.json: In union 'Uni':\nt.json:1: 'data' member 'a_B' uses uppercase in name"},
		{"{ 'alternate': 'Alt', 'data': { 'Big': 'int' } }", "t.json: In alternate 'Alt':\nt.json:1: 'data' member 'Big' uses uppercase in name"},
		{"{ 'enum': 'Enu', 'data': [ '1_A' ] }", "t.json: In enum 'Enu':\nt.json:1: 'data' member '1_A' uses uppercase in name"},
		// Flat union branches are not name-checked, but must still be
		// type names.
		{"{ 'union': 'Uni', 'base': 'B', 'discriminator': 'k', 'data': { 'Any_Name': { 'x': 'int' } } }",
			"t.json: In union 'Uni':\nt.json:1: 'data' member 'Any_Name' misses key 'type'"},
	})
}

// TestExtraReleaseSchemas checks every QEMU release schema found under
// $QAPI_EXTRA_SCHEMAS, laid out as <dir>/<version>/<file>, e.g. one
// directory per release tag holding qapi/, qga/ and storage-daemon/qapi/.
// Releases before 6.2 are read in legacy mode (doc comments included),
// later ones in the current mode, without comments before 9.2 (as in
// TestReleaseSchemas).
func TestExtraReleaseSchemas(t *testing.T) {
	root := os.Getenv("QAPI_EXTRA_SCHEMAS")
	if root == "" {
		t.Skip("QAPI_EXTRA_SCHEMAS (a directory of QEMU release trees) not set")
	}
	versions, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"qapi/qapi-schema.json", "qga/qapi-schema.json", "storage-daemon/qapi/qapi-schema.json"}
	checked := 0
	for _, v := range versions {
		if !v.IsDir() {
			continue
		}
		legacy := releaseBefore(v.Name(), 6, 2)
		oldDocs := !legacy && releaseBefore(v.Name(), 9, 2)
		for _, f := range files {
			path := filepath.Join(root, v.Name(), f)
			if _, err := os.Stat(path); err != nil {
				continue
			}
			checked++
			t.Run(v.Name()+"/"+f, func(t *testing.T) {
				opts := parser.Options{Legacy: legacy}
				if oldDocs {
					opts.ReadFile = withoutComments
				}
				sch, err := parser.Parse(path, opts)
				if err != nil {
					t.Fatalf("parse (legacy=%v): %v", legacy, err)
				}
				if oldDocs {
					sch.Pragma.DocRequired = false
				}
				defs, err := Check(sch.Exprs, Options{Legacy: legacy})
				if err != nil {
					t.Fatalf("check (legacy=%v): %v", legacy, err)
				}
				if len(defs) != len(sch.Exprs) || len(defs) < 20 {
					t.Errorf("got %d definitions for %d expressions", len(defs), len(sch.Exprs))
				}
			})
		}
	}
	if checked == 0 {
		t.Fatalf("no release schema found under %s", root)
	}
}

// releaseBefore reports whether a release directory name such as
// "v6.1.0" names a release older than major.minor. Names that are not
// versions count as current releases.
func releaseBefore(name string, major, minor int) bool {
	var ma, mi int
	if _, err := fmt.Sscanf(strings.TrimPrefix(name, "v"), "%d.%d", &ma, &mi); err != nil {
		return false
	}
	return ma < major || (ma == major && mi < minor)
}

// TestLegacyEarlierReleases checks the case rule of QEMU 2.12 to 4.1:
// the name-case pragma listed the implicit type an inline member ended
// up in, and a member so listed may use uppercase. Without the entry
// each name is an error.
func TestLegacyEarlierReleases(t *testing.T) {
	members := []string{
		"{ 'struct': 'Base', 'data': { 'kind': 'Kind2' } }",
		"{ 'enum': 'Kind2', 'data': [ 'a' ] }",
		"{ 'union': 'U', 'base': { 'CPU': 'int', 'kind': 'Kind2' }, 'discriminator': 'kind', 'data': { 'a': 'Base' } }",
		"{ 'command': 'c', 'data': { 'UUID': 'str' } }",
		"{ 'event': 'EV', 'data': { 'PC': 'int' } }",
		"{ 'union': 'S', 'data': { 'A': 'int' } }",
		"{ 'alternate': 'Alt', 'data': { 'N': 'int' } }",
	}
	exempt := []string{"q_obj_U-base", "q_obj_c-arg", "q_obj_EV-arg", "SKind", "Alt"}
	pragma := "{ 'pragma': { 'name-case-whitelist': [ '" + strings.Join(exempt, "', '") + "' ] } }\n"
	if _, err := checkText(t, pragma+strings.Join(members, "\n"), true, nil); err != nil {
		t.Fatalf("with the implicit types listed: %v", err)
	}
	for i, e := range exempt {
		rest := slices.Delete(slices.Clone(exempt), i, i+1)
		pragma := "{ 'pragma': { 'name-case-whitelist': [ '" + strings.Join(rest, "', '") + "' ] } }\n"
		_, err := checkText(t, pragma+strings.Join(members, "\n"), true, nil)
		if err == nil || !strings.Contains(err.Error(), "uses uppercase in name") {
			t.Errorf("without %s: got %v, want an uppercase error", e, err)
		}
	}
}
