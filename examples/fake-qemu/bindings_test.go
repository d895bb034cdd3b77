// SPDX-License-Identifier: Apache-2.0

package fakeqemu

import (
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
	c, err := gen.CheckDir(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range c.Lines(dir) {
		t.Errorf("%s (run go generate ./examples/fake-qemu)", l)
	}
}
