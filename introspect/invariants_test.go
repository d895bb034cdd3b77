// SPDX-License-Identifier: Apache-2.0

package introspect

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/wire"
)

var releases = []string{"v6.2.0", "v7.2.0", "v8.2.0", "v9.2.0", "v10.1.0"}

var schemaFiles = []string{"qapi/qapi-schema.json", "qga/qapi-schema.json", "storage-daemon/qapi/qapi-schema.json"}

// refs lists the type names an entry refers to, in the order QEMU's
// generator meets them.
func refs(si *wire.SchemaInfo) []string {
	var out []string
	switch {
	case si.Command != nil:
		out = append(out, si.Command.ArgType, si.Command.RetType)
	case si.Event != nil:
		out = append(out, si.Event.ArgType)
	case si.Object != nil:
		for _, m := range si.Object.Members {
			out = append(out, m.Type)
		}
		for _, v := range si.Object.Variants {
			out = append(out, v.Type)
		}
	case si.Alternate != nil:
		for _, m := range si.Alternate.Members {
			out = append(out, m.Type)
		}
	case si.Array != nil:
		out = append(out, si.Array.ElementType)
	}
	return out
}

// checkInvariants checks what must hold of any unconfigured introspection
// of m, whatever the schema: commands and events come first, in module
// order; then exactly the types they reach, each once, in the order of
// first reference (an array before its element); masked names are
// numbered in that order; integers are all "int".
func checkInvariants(t *testing.T, m *model.Schema, s *wire.Schema, masked bool) {
	t.Helper()
	// QEMU 6.2 and later visit module by module, QEMU 4.2 in definition
	// order.
	var entities []model.Entity
	if m.Legacy {
		entities = m.Entities
	} else {
		for _, mod := range m.Modules {
			entities = append(entities, mod.Entities...)
		}
	}
	var want []string
	for _, e := range entities {
		switch d := e.(type) {
		case *model.Command, *model.Event:
			want = append(want, d.(model.Definition).Common().Name)
		}
	}
	if len(s.Entries) < len(want) {
		t.Fatalf("%d entries for %d commands and events", len(s.Entries), len(want))
	}
	for i, name := range want {
		if got := s.Entries[i]; got.Name != name || (got.Command == nil && got.Event == nil) {
			t.Fatalf("entry %d is %s %s, want command or event %s", i, got.MetaType, got.Name, name)
		}
	}
	// The types, in order of first reference.
	var order []string
	seen := map[string]bool{}
	var reach func(name string)
	reach = func(name string) {
		if !seen[name] {
			seen[name] = true
			order = append(order, name)
		}
		if elem, ok := strings.CutPrefix(name, "["); ok {
			reach(strings.TrimSuffix(elem, "]"))
		}
	}
	for i := 0; i < len(s.Entries); i++ {
		for _, r := range refs(s.Entries[i]) {
			reach(r)
		}
	}
	types := s.Entries[len(want):]
	if len(types) != len(order) {
		t.Errorf("%d type entries, %d types referred to", len(types), len(order))
	}
	next := 0
	for i := 0; i < len(types) && i < len(order); i++ {
		si := types[i]
		if si.Name != order[i] {
			t.Fatalf("type entry %d is %s, want %s (order of first reference)", i, si.Name, order[i])
		}
		switch {
		case si.Builtin != nil:
			if si.Builtin.JSONType == "int" && si.Name != "int" {
				t.Errorf("integer type %s is not shown as int", si.Name)
			}
		case si.Array != nil:
			if si.Name != "["+si.Array.ElementType+"]" {
				t.Errorf("array %s has element type %s", si.Name, si.Array.ElementType)
			}
		case si.Command != nil, si.Event != nil:
			t.Errorf("command or event %s among the types", si.Name)
		case si.Enum != nil && si.Enum.ValuesOnly != m.Legacy:
			t.Errorf("enum %s: ValuesOnly is %v in a schema with Legacy %v", si.Name, si.Enum.ValuesOnly, m.Legacy)
			next++
		case masked:
			if si.Name != strconv.Itoa(next) {
				t.Errorf("type entry %d is named %s, want %d", i, si.Name, next)
			}
			next++
		}
	}
}

// sameShape checks that masking only renames: entry by entry, the
// masked view refers to the types the unmasked one does.
func sameShape(t *testing.T, masked, unmasked *wire.Schema) {
	t.Helper()
	if len(masked.Entries) != len(unmasked.Entries) {
		t.Fatalf("%d masked entries, %d unmasked", len(masked.Entries), len(unmasked.Entries))
	}
	toReal := map[string]string{}
	for i, si := range masked.Entries {
		toReal[si.Name] = unmasked.Entries[i].Name
	}
	for i, si := range masked.Entries {
		u := unmasked.Entries[i]
		mr, ur := refs(si), refs(u)
		if si.MetaType != u.MetaType || len(mr) != len(ur) {
			t.Fatalf("entry %d: %s %s with %d references masked, %s %s with %d unmasked", i, si.MetaType, si.Name, len(mr), u.MetaType, u.Name, len(ur))
		}
		for j := range mr {
			if toReal[mr[j]] != ur[j] {
				t.Errorf("entry %d refers to %s, which unmasked is %s, not %s", i, mr[j], toReal[mr[j]], ur[j])
			}
		}
	}
}

func TestInvariantsOnReleases(t *testing.T) {
	dir := corpus.Require(t)
	for _, rel := range append([]string{"v4.2.0"}, releases...) {
		for _, f := range schemaFiles {
			file := filepath.Join(dir, "qemu", rel, f)
			if _, err := os.Stat(file); err != nil && rel == "v4.2.0" {
				continue // no storage daemon before 5.0
			}
			t.Run(fmt.Sprintf("%s/%s", rel, f), func(t *testing.T) {
				m, err := frontend.Load(file, frontend.Options{Legacy: rel == "v4.2.0", LenientDocs: true})
				if err != nil {
					t.Fatal(err)
				}
				masked, err := Build(m, Options{})
				if err != nil {
					t.Fatal(err)
				}
				unmasked, err := Build(m, Options{Unmask: true})
				if err != nil {
					t.Fatal(err)
				}
				checkInvariants(t, m, masked, true)
				checkInvariants(t, m, unmasked, false)
				sameShape(t, masked, unmasked)
			})
		}
	}
}
