// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/internal/tricks"
)

// TestTricksKeepOutput checks that each speed trick of the front end,
// of Generate and of WriteDir changes nothing but speed: with the trick
// switched off (as BenchmarkTricks's variants are), the files written
// for QEMU 10.1's QMP schema (with the server) are byte for byte the
// same.
func TestTricksKeepOutput(t *testing.T) {
	file := filepath.Join(corpus.Require(t), "qemu", "v10.1.0", "qapi", "qapi-schema.json")
	run := func(off string) map[string][]byte {
		defer tricks.Set(off)()
		s, err := frontend.Load(file, frontend.Options{})
		if err != nil {
			t.Fatal(err)
		}
		files, err := Generate(s, Options{Package: "qmp", Source: "qapi-schema.json", Server: true})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if _, err := WriteDir(dir, files); err != nil {
			t.Fatal(err)
		}
		return readDir(t, dir)
	}
	want := run("")
	if len(want) < 40 {
		t.Fatalf("%d files written; want QEMU 10.1's modules and ours", len(want))
	}
	for _, trick := range []string{tricks.DocMarks, tricks.ParRender, tricks.PrintDirect, tricks.Prefetch} {
		got := run(trick)
		if len(got) != len(want) {
			t.Errorf("without %s: %d files, want %d", trick, len(got), len(want))
		}
		for name, content := range want {
			if !bytes.Equal(got[name], content) {
				t.Errorf("without %s: %s differs: %s", trick, name, firstDiff(got[name], content))
			}
		}
	}
}

// readDir reads every file of dir.
func readDir(t *testing.T, dir string) map[string][]byte {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	return out
}
