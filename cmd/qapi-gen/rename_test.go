// SPDX-License-Identifier: Apache-2.0

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/schema"
)

// TestGenRename runs gen -rename on the embedded example: a good file
// renames, a bad one is an error at its line and writes nothing.
func TestGenRename(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(good, []byte("# mine\nPlayerStatus Status\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("PlayerStatus Status\nPlayerStatuss Status2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if _, errs, status := runCLI("gen", "-q", "-o", out, "-pkg", "example", "-rename", good); status != 0 || errs != "" {
		t.Fatalf("gen -rename good.txt: status %d, stderr %q", status, errs)
	}
	src, err := os.ReadFile(filepath.Join(out, "example.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "type Status struct") || strings.Contains(string(src), "type PlayerStatus struct") {
		t.Errorf("gen -rename good.txt: PlayerStatus is not renamed to Status")
	}
	out2 := filepath.Join(dir, "out2")
	_, errs, status := runCLI("gen", "-q", "-o", out2, "-pkg", "example", "-rename", bad)
	want := bad + ":2: rename of 'PlayerStatuss' is unused: the schema has no such definition, member, branch or enum value\n"
	if status != 1 || errs != want {
		t.Errorf("gen -rename bad.txt: status %d, stderr %q, want %q", status, errs, want)
	}
	if _, err := os.Stat(out2); !os.IsNotExist(err) {
		t.Errorf("gen -rename bad.txt wrote %s (%v)", out2, err)
	}
}

// TestGenNoDoc: gen -nodoc leaves the example schema's doc text out; the
// same search finds it without -nodoc.
func TestGenNoDoc(t *testing.T) {
	s, err := frontend.LoadBytes(schema.ExampleName, schema.Example, frontend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, d := range s.Docs {
		for _, sec := range d.All {
			if l := strings.TrimSpace(strings.SplitN(sec.Text, "\n", 2)[0]); strings.Count(l, " ") >= 2 {
				texts = append(texts, l)
			}
		}
	}
	if len(texts) < 5 {
		t.Fatalf("only %d doc lines in the example schema", len(texts))
	}
	for _, noDoc := range []bool{false, true} {
		dir := t.TempDir()
		args := []string{"gen", "-q", "-o", dir, "-pkg", "example"}
		if noDoc {
			args = append(args, "-nodoc")
		}
		if _, errs, status := runCLI(args...); status != 0 {
			t.Fatalf("%q: status %d, stderr %q", args, status, errs)
		}
		var all strings.Builder
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			all.Write(b)
		}
		found := 0
		for _, l := range texts {
			if strings.Contains(all.String(), l) {
				found++
			}
		}
		switch {
		case noDoc && found > 0:
			t.Errorf("gen -nodoc: %d of %d doc lines of the schema in the output", found, len(texts))
		case !noDoc && found < len(texts)/2:
			t.Errorf("gen: only %d of %d doc lines of the schema found in the output", found, len(texts))
		}
	}
}
