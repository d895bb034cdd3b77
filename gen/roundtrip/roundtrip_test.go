// SPDX-License-Identifier: Apache-2.0

package roundtrip

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/gen"
	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/internal/testmod"
)

type schemaFile struct {
	pkg, file string
	legacy    bool
	server    bool // generated with the server, and tested against it (GenerateServer)
}

// TestGeneratedRoundTrip generates the package and its round-trip test
// for QEMU 10.1's QMP schema, QEMU's positive test schema, and the
// project's own schemas, and runs go test over them (one go invocation).
func TestGeneratedRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests generated packages; skipped with -short")
	}
	schemas := []schemaFile{
		{"everything", filepath.Join("..", "..", "schema", "everything.json"), false, true},
		{"tricky", filepath.Join("..", "testdata", "tricky.json"), false, true},
	}
	if root, err := corpus.Lookup(); err == nil {
		schemas = append(schemas,
			schemaFile{"qmp10_1", filepath.Join(root, "qemu", "v10.1.0", "qapi", "qapi-schema.json"), false, true},
			schemaFile{"qapitest", filepath.Join(root, "qapi-schema-tests", "qapi-schema-test.json"), false, true},
			schemaFile{"qmp4_2", filepath.Join(root, "qemu", "v4.2.0", "qapi", "qapi-schema.json"), true, false})
	} else {
		t.Log("SKIPPING the QEMU schemas: test corpus not found (set QAPI_CORPUS); only the project's schemas are checked")
	}
	dir := t.TempDir()
	if err := testmod.Init(dir, "roundtrip.test"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for _, sf := range schemas {
		st := writePackage(t, filepath.Join(dir, sf.pkg), sf)
		t.Logf("%-10s %s", sf.pkg, st)
	}
	t.Logf("generating: %v", time.Since(start).Round(time.Millisecond))

	start = time.Now()
	cmd := exec.Command("go", "test", "-count=1", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test in the generated module: %v\n%s", err, truncate(out))
	}
	t.Logf("go test: %v\n%s", time.Since(start).Round(time.Millisecond), out)
}

// writePackage generates the package and its round-trip test into dir.
func writePackage(t *testing.T, dir string, sf schemaFile) Stats {
	t.Helper()
	s, err := frontend.Load(sf.file, frontend.Options{Legacy: sf.legacy, LenientDocs: true})
	if err != nil {
		t.Fatalf("loading %s: %v", sf.file, err)
	}
	files, err := gen.Generate(s, gen.Options{Package: sf.pkg, Source: filepath.Base(sf.file), Server: sf.server})
	if err != nil {
		t.Fatalf("generating %s: %v", sf.file, err)
	}
	if _, err := gen.WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	src, st, err := Generate(s, sf.pkg)
	if err != nil {
		t.Fatalf("generating the round-trip test of %s: %v", sf.file, err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if sf.server {
		src, sst, err := GenerateServer(s, sf.pkg)
		if err != nil {
			t.Fatalf("generating the server round-trip test of %s: %v", sf.file, err)
		}
		if err := os.WriteFile(filepath.Join(dir, ServerFileName), src, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%-10s server: %s", sf.pkg, sst)
	}
	return st
}

func truncate(b []byte) string {
	const max = 20000
	if len(b) > max {
		return string(b[:max]) + fmt.Sprintf("\n... (%d more bytes)", len(b)-max)
	}
	return strings.TrimSpace(string(b))
}
