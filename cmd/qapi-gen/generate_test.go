// SPDX-License-Identifier: Apache-2.0

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/testmod"
)

// asCLI makes the test binary run as qapi-gen itself, so that a go
// generate directive can call it without building the command again.
const asCLI = "QAPI_GEN_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(asCLI) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestGenerateAfterModuleRemoved runs go generate in a throw-away module
// across a schema change that removes a module, as a QEMU bump does (7.2
// to 10.1 removes three). go generate lists the package's files, runs the
// directive (in gen.go, which sorts before the removed module's zz.go),
// then scans the files after it: each run must succeed, the package must
// build after each, and the removed module's file must be gone after the
// second run.
func TestGenerateAfterModuleRemoved(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go tool")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool in PATH")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := testmod.Init(dir, "example.com/vm"); err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(dir, "qmpapi")
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(pkg, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(pkg, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("gen.go", "package qmpapi\n\n//go:generate "+self+" gen -q -no-client -o . -pkg qmpapi schema/main.json\n")
	write("schema/a.json", "{ 'struct': 'Alpha', 'data': { 'x': 'int' } }\n")
	write("schema/zz.json", "{ 'struct': 'Zulu', 'data': { 'y': 'str' } }\n")
	write("schema/main.json", "{ 'include': 'a.json' }\n{ 'include': 'zz.json' }\n")
	goRun := func(args ...string) {
		t.Helper()
		cmd := exec.Command(goTool, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), asCLI+"=1", "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	exists := func(name string) bool {
		_, err := os.Stat(filepath.Join(pkg, name))
		return err == nil
	}

	goRun("generate", "./...")
	if !exists("zz.go") || !exists("a.go") {
		t.Fatal("first run did not write a.go and zz.go")
	}
	write("schema/main.json", "{ 'include': 'a.json' }\n") // the bump: zz.json is gone
	goRun("generate", "./...")
	goRun("build", "./...")
	if !exists("zz.go") {
		t.Error("zz.go was removed in the run that listed it")
	}
	goRun("generate", "./...")
	goRun("build", "./...")
	if exists("zz.go") {
		t.Error("zz.go is still there after the next run")
	}
}
