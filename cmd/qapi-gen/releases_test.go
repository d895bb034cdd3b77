// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/dump"
	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/internal/testmod"
)

// releaseSchema is a real schema of a QEMU release.
type releaseSchema struct {
	version, kind, file string
}

// id is a Go package directory name for the schema.
func (r releaseSchema) id() string {
	return r.kind + strings.NewReplacer("v", "", ".", "_").Replace(r.version)
}

// releaseSchemas lists the release schemas of the corpus (17).
func releaseSchemas(t *testing.T) []releaseSchema {
	root := filepath.Join(corpus.Require(t), "qemu")
	versions, err := filepath.Glob(filepath.Join(root, "v*"))
	if err != nil || len(versions) == 0 {
		t.Fatalf("no releases under %s", root)
	}
	var out []releaseSchema
	for _, vdir := range versions {
		for _, rs := range realSchemas {
			file := filepath.Join(vdir, rs.path)
			if _, err := os.Stat(file); err == nil {
				out = append(out, releaseSchema{filepath.Base(vdir), rs.name, file})
			}
		}
	}
	if len(out) != 17 {
		t.Errorf("found %d release schemas, want 17", len(out))
	}
	return out
}

// TestAutoMatchesReleaseFlags checks that the language and doc
// conventions recognised from each release schema are the ones the flags
// used to select by hand: the model, docs included, is the same.
func TestAutoMatchesReleaseFlags(t *testing.T) {
	for _, rs := range releaseSchemas(t) {
		t.Run(rs.version+"/"+rs.kind, func(t *testing.T) {
			flags := frontend.Options{}
			switch rs.version {
			case "v4.2.0":
				flags = frontend.Options{Legacy: true, LenientDocs: true}
			case "v6.2.0", "v7.2.0", "v8.2.0":
				flags.LenientDocs = true
			}
			want := dumpModel(t, rs.file, flags)
			got := dumpModel(t, rs.file, frontend.Options{Auto: true})
			if got != want {
				t.Errorf("Auto reads the schema differently from its flags:\n%s", diff(want, got))
			}
		})
	}
}

func dumpModel(t *testing.T, file string, opts frontend.Options) string {
	t.Helper()
	s, err := frontend.Load(file, opts)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := dump.Write(&b, s, dump.Options{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGenEveryRelease runs "qapi-gen gen" without flags on every release
// schema of the corpus, then builds and vets the packages. QEMU 7.2's QMP
// package is made by the go:generate line of the README, run by go
// generate.
func TestGenEveryRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 17 generated packages; skipped with -short")
	}
	schemas := releaseSchemas(t)
	dir := t.TempDir()
	if err := testmod.Init(dir, "releases"); err != nil {
		t.Fatal(err)
	}
	for _, rs := range schemas {
		if rs.version == "v7.2.0" && rs.kind == "qmp" {
			goGenerateREADME(t, filepath.Join(dir, rs.id()), rs.file)
			continue
		}
		genNoFlags(t, filepath.Join(dir, rs.id()), rs.file)
	}
	buildAndVet(t, dir)
}

// TestGenOlderReleases is TestGenEveryRelease for schemas outside the
// corpus, such as those of QEMU 2.12 and 3.1: QAPI_EXTRA_SCHEMAS lists
// their files (separated as in PATH).
func TestGenOlderReleases(t *testing.T) {
	list := os.Getenv("QAPI_EXTRA_SCHEMAS")
	if list == "" {
		t.Skip("SKIP: set QAPI_EXTRA_SCHEMAS to schema files (such as QEMU 2.12's qapi/qapi-schema.json) to generate them")
	}
	dir := t.TempDir()
	if err := testmod.Init(dir, "older"); err != nil {
		t.Fatal(err)
	}
	for i, file := range filepath.SplitList(list) {
		// The schemas before 6.2 are read in the legacy language, as
		// with -legacy.
		s, err := frontend.Load(file, frontend.Options{Auto: true})
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if s.Legacy {
			want := dumpModel(t, file, frontend.Options{Legacy: true, LenientDocs: true})
			if got := dumpModel(t, file, frontend.Options{Auto: true}); got != want {
				t.Errorf("%s: Auto reads it differently from -legacy:\n%s", file, diff(want, got))
			}
		}
		t.Logf("%s: legacy language %v", file, s.Legacy)
		genNoFlags(t, filepath.Join(dir, "extra"+itoa(i)), file)
	}
	buildAndVet(t, dir)
}

func genNoFlags(t *testing.T, out, file string) {
	t.Helper()
	stdout, stderr, status := runCLI("gen", "-o", out, file)
	if status != 0 || stderr != "" {
		t.Errorf("gen %s: status %d\n%s", file, status, stderr)
		return
	}
	if !strings.Contains(stdout, "files written") {
		t.Errorf("gen %s: stdout %q", file, stdout)
	}
}

// goGenerateREADME writes a package in dir whose only source is the
// README's go:generate line, pointed at schema, and runs go generate.
func goGenerateREADME(t *testing.T, dir, schema string) {
	t.Helper()
	root, err := testmod.Root()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var line string
	sc := bufio.NewScanner(bytes.NewReader(readme))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "//go:generate ") {
			line = sc.Text()
			break
		}
	}
	const placeholder = "/path/to/qemu/qapi/qapi-schema.json"
	if !strings.HasSuffix(line, " "+placeholder) {
		t.Fatalf("README's go:generate line %q does not end with the schema %s", line, placeholder)
	}
	line = strings.TrimSuffix(line, placeholder) + schema
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := "package qmpapi\n\n" + line + "\n"
	if err := os.WriteFile(filepath.Join(dir, "generate.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	goCmd(t, dir, "generate", ".")
}

func buildAndVet(t *testing.T, dir string) {
	t.Helper()
	goCmd(t, dir, "build", "./...")
	goCmd(t, dir, "vet", "./...")
}

func goCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		if len(out) > 8000 {
			out = out[:8000]
		}
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestGenFlagsOverride checks that -legacy still forces the legacy
// language: a schema in the current language that gen reads by itself
// fails with it.
func TestGenFlagsOverride(t *testing.T) {
	dir := t.TempDir()
	schema := filepath.Join(dir, "s.json")
	src := "##\n# @Foo:\n#\n# Note: old style.\n##\n{ 'struct': 'Foo', 'data': { 'a': { 'type': 'int', 'if': { 'not': 'CONFIG_A' } } } }\n"
	if err := os.WriteFile(schema, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, status := runCLI("gen", "-q", "-o", filepath.Join(dir, "auto"), schema); status != 0 {
		t.Errorf("gen: status %d: %s", status, errs)
	}
	_, errs, status := runCLI("gen", "-q", "-legacy", "-o", filepath.Join(dir, "legacy"), schema)
	if status != 1 || !strings.Contains(errs, "'if' condition of 'data' member 'a' must be a string or a list of strings") {
		t.Errorf("gen -legacy: status %d, stderr %q", status, errs)
	}
	if _, errs, status := runCLI("dump", schema); status != 1 || !strings.Contains(errs, "The 'Note' section is no longer supported") {
		t.Errorf("dump (10.1-exact): status %d, stderr %q", status, errs)
	}
}
