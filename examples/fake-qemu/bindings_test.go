// SPDX-License-Identifier: Apache-2.0

package fakeqemu

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/gen"
)

// TestBindingsUpToDate fails when the committed bindings in qmpapi/ are
// not what the go:generate line in hotplug.go produces from hotplug.json
// with the current generator: run go generate ./examples/fake-qemu.
// It generates as `qapi-gen gen -server -o qmpapi -pkg qmpapi hotplug.json`
// does (default load options, the schema's base name as source).
func TestBindingsUpToDate(t *testing.T) {
	const schema, dir = "hotplug.json", "qmpapi"
	s, err := frontend.Load(schema, frontend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(s, gen.Options{Package: "qmpapi", Source: schema, Server: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, f := range files {
		want[f.Name] = true
		got, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Errorf("%v (run go generate ./examples/fake-qemu)", err)
			continue
		}
		if !bytes.Equal(got, f.Content) {
			t.Errorf("%s is stale (run go generate ./examples/fake-qemu)", filepath.Join(dir, f.Name))
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !want[e.Name()] && strings.HasSuffix(e.Name(), ".go") {
			t.Errorf("%s is not generated from %s (remove it, or run go generate ./examples/fake-qemu)", filepath.Join(dir, e.Name()), schema)
		}
	}
}
