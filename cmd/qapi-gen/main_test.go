// SPDX-License-Identifier: Apache-2.0

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"gen"}, {"dump", "-bogus", "x.json"}, {"dump", "a.json", "b.json"}} {
		out, errs, status := runCLI(args...)
		if status != 2 || out != "" || !strings.Contains(errs, "usage") {
			t.Errorf("args %q: status %d, stdout %q, stderr %q", args, status, out, errs)
		}
	}
}

// With no schema argument, the commands read the embedded example.
func TestEmbeddedDefault(t *testing.T) {
	out, errs, status := runCLI("dump", "-nodoc")
	if status != 0 || errs != "" || !strings.Contains(out, "\nmodule example.json\n") || !strings.Contains(out, "\ncommand query-status None -> PlayerStatus\n") {
		t.Errorf("dump of the embedded example: status %d, stderr %q, stdout:\n%s", status, errs, out)
	}
	dir := t.TempDir()
	out, errs, status = runCLI("gen", "-q", "-o", dir, "-pkg", "example")
	if status != 0 || errs != "" {
		t.Fatalf("gen of the embedded example: status %d, stderr %q, stdout %q", status, errs, out)
	}
	src, err := os.ReadFile(filepath.Join(dir, "example.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "// Source: example.json\n") || !strings.Contains(string(src), "type PlayerStatus struct") {
		t.Errorf("generated example.go lacks the source header or PlayerStatus:\n%.400s", src)
	}
}

func TestDumpAndError(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(good, []byte("{ 'enum': 'Color', 'data': [ 'red' ] }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("{ 'struct': 'Foo', 'data': { 'a': 'Nope' } }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs string
	var status int
	inDir(t, dir, func() { out, errs, status = runCLI("dump", "-nodoc", "good.json") })
	if status != 0 || errs != "" || !strings.HasSuffix(out, "module good.json\nenum Color\n    member red\n") ||
		!strings.HasPrefix(out, "module ./builtin\nobject q_empty\nenum QType\n") {
		t.Errorf("good schema: status %d, stderr %q, stdout:\n%s", status, errs, out)
	}
	inDir(t, dir, func() { out, errs, status = runCLI("dump", "bad.json") })
	want := "bad.json: In struct 'Foo':\nbad.json:1: member 'a' uses unknown type 'Nope'\n"
	if status != 1 || out != "" || errs != want {
		t.Errorf("bad schema: status %d, stdout %q, stderr %q", status, out, errs)
	}
}

// Asking for help is no usage error: the usage goes to stdout, status 0.
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-h"}, "usage: qapi-gen SUBCOMMAND"},
		{[]string{"--help"}, "usage: qapi-gen SUBCOMMAND"},
		{[]string{"help"}, "usage: qapi-gen SUBCOMMAND"},
		{[]string{"help", "gen"}, "usage: qapi-gen gen -o DIR"},
		{[]string{"gen", "-h"}, "usage: qapi-gen gen -o DIR"},
		{[]string{"gen", "--help"}, "usage: qapi-gen gen -o DIR"},
		{[]string{"dump", "-help"}, "usage: qapi-gen dump"},
	} {
		out, errs, status := runCLI(tc.args...)
		if status != 0 || errs != "" || !strings.HasPrefix(out, tc.want) {
			t.Errorf("args %q: status %d, stderr %q, stdout %q", tc.args, status, errs, out)
		}
	}
	// Every subcommand, the same way.
	for _, name := range subcommandOrder {
		out, errs, status := runCLI(name, "-h")
		if status != 0 || errs != "" || !strings.HasPrefix(out, "usage: qapi-gen "+name) || !strings.Contains(out, "  -") {
			t.Errorf("%s -h: status %d, stderr %q, stdout %q", name, status, errs, out)
		}
	}
}
