package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestDiffCommand runs qapi-gen diff on schema files and on a reply
// file: the text report, -json, and the exit status of -fail-on.
func TestDiffCommand(t *testing.T) {
	dir := t.TempDir()
	old := writeFile(t, dir, "old.json", "{ 'struct': 'Info', 'data': { 'name': 'str' } }\n"+
		"{ 'command': 'query-info', 'data': { '*verbose': 'bool' }, 'returns': 'Info' }\n{ 'command': 'stop' }\n")
	compatible := writeFile(t, dir, "compatible.json", "{ 'struct': 'Info', 'data': { 'name': 'str', '*id': 'int' } }\n"+
		"{ 'command': 'query-info', 'data': { '*verbose': 'bool' }, 'returns': 'Info' }\n{ 'command': 'stop' }\n{ 'command': 'cont' }\n")
	breaking := writeFile(t, dir, "breaking.json", "{ 'struct': 'Info', 'data': { 'name': 'str' } }\n"+
		"{ 'command': 'query-info', 'data': { 'verbose': 'bool' }, 'returns': 'Info' }\n")

	out, errs, status := runCLI("diff", "-fail-on", "breaking", old, compatible)
	if status != 0 || errs != "" {
		t.Fatalf("compatible: status %d, stderr %q", status, errs)
	}
	for _, want := range []string{
		"Wire changes: 0 breaking, 2 compatible\n",
		"\nCOMPATIBLE (2):\n  cont\n    input   command-added          cont: command 'cont' was added\n",
		"  query-info\n    output  member-added-optional  query-info/ret-type/id: optional member 'id' was added\n",
		"Go API changes: none",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("compatible: stdout lacks %q:\n%s", want, out)
		}
	}

	out, _, status = runCLI("diff", "-fail-on", "breaking", old, breaking)
	if status != 1 || !strings.Contains(out, "BREAKING (2):") ||
		!strings.Contains(out, "input   member-became-required  query-info/arg-type/verbose: member 'verbose' became required") ||
		!strings.Contains(out, "type StopCommand and method Client.Stop removed") {
		t.Errorf("breaking with -fail-on: status %d, stdout:\n%s", status, out)
	}
	if _, _, status := runCLI("diff", old, breaking); status != 0 {
		t.Errorf("breaking without -fail-on: status %d", status)
	}

	out, _, status = runCLI("diff", "-json", old, breaking)
	var changes []map[string]string
	if err := json.Unmarshal([]byte(out), &changes); err != nil || status != 0 {
		t.Fatalf("-json: status %d, %v:\n%s", status, err, out)
	}
	want := []map[string]string{
		{"path": "query-info/arg-type/verbose", "direction": "input", "severity": "breaking",
			"change": "member-became-required", "message": "member 'verbose' became required"},
		{"path": "stop", "direction": "input", "severity": "breaking",
			"change": "command-removed", "message": "command 'stop' was removed"},
	}
	if len(changes) != len(want) {
		t.Fatalf("-json: %d changes, want %d:\n%s", len(changes), len(want), out)
	}
	for i := range want {
		for k, v := range want[i] {
			if changes[i][k] != v {
				t.Errorf("-json change %d: %s = %q, want %q", i, k, changes[i][k], v)
			}
		}
	}
	if out, _, _ := runCLI("diff", "-json", old, old); out != "[]\n" {
		t.Errorf("-json without changes: %q, want []", out)
	}

	// A reply file on one side: the same wire changes, no Go API.
	reply, errs, status := runCLI("introspect", breaking)
	if status != 0 {
		t.Fatalf("introspect: %s", errs)
	}
	replyFile := writeFile(t, dir, "reply.json", reply)
	out, _, status = runCLI("diff", "-fail-on", "breaking", old, replyFile)
	if status != 1 || !strings.Contains(out, "Wire changes: 2 breaking, 0 compatible") ||
		!strings.Contains(out, "Go API changes: not compared") {
		t.Errorf("against a reply: status %d, stdout:\n%s", status, out)
	}

	for _, args := range [][]string{{"diff", old}, {"diff", "-fail-on", "everything", old, old}} {
		if _, _, status := runCLI(args...); status != 2 {
			t.Errorf("%q: status %d, want 2", args, status)
		}
	}
	if _, errs, status := runCLI("diff", old, filepath.Join(dir, "missing.json")); status != 1 || errs == "" {
		t.Errorf("missing file: status %d, stderr %q", status, errs)
	}
}

// BenchmarkDiffCLI62To101 measures what a CI job waits for: the qapi-gen
// binary, started afresh, comparing QEMU 6.2's QMP schema with 10.1's
// (both loads, the wire views, both comparisons, the text report).
// Target: 150 ms. Besides the mean, it reports the median, which a busy
// neighbour on a shared machine moves far less.
func BenchmarkDiffCLI62To101(b *testing.B) {
	root := corpus.Require(b)
	old := filepath.Join(root, "qemu", "v6.2.0", "qapi", "qapi-schema.json")
	new := filepath.Join(root, "qemu", "v10.1.0", "qapi", "qapi-schema.json")
	benchCLI(b, "diff", old, new)
}
