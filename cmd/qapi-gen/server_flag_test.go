// SPDX-License-Identifier: Apache-2.0

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gen -server adds server.go; with -no-client it is refused before
// anything is written.
func TestGenServerFlag(t *testing.T) {
	dir := t.TempDir()
	schema := filepath.Join(dir, "s.json")
	if err := os.WriteFile(schema, []byte("{ 'command': 'ping' }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "p")
	if _, stderr, status := runCLI("gen", "-q", "-server", "-o", out, "-pkg", "p", schema); status != 0 {
		t.Fatalf("gen -server: status %d: %s", status, stderr)
	}
	if src, err := os.ReadFile(filepath.Join(out, "server.go")); err != nil || !strings.Contains(string(src), "func NewServer(") {
		t.Errorf("server.go: %v", err)
	}
	out2 := filepath.Join(dir, "q")
	_, stderr, status := runCLI("gen", "-q", "-server", "-no-client", "-o", out2, "-pkg", "q", schema)
	if status == 0 || !strings.Contains(stderr, "-no-client") {
		t.Errorf("gen -server -no-client: status %d, stderr %q", status, stderr)
	}
	if _, err := os.Stat(out2); err == nil {
		t.Errorf("gen -server -no-client wrote %s", out2)
	}
}
