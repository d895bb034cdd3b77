package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
