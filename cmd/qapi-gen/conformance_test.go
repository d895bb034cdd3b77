// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
)

// inDir runs f with the working directory set to dir: QEMU's messages
// and module names depend on the name the schema is given by.
func inDir(t testing.TB, dir string, f func()) {
	t.Helper()
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := os.Chdir(old); err != nil {
			t.Fatal(err)
		}
	}()
	f()
}

// runCLI runs qapi-gen in-process.
func runCLI(args ...string) (stdout, stderr string, status int) {
	var out, errb bytes.Buffer
	status = run(args, &out, &errb)
	return out.String(), errb.String(), status
}

// TestQEMUSuite runs the cases of QEMU's own front-end test suite and
// requires exactly QEMU's output and error text.
func TestQEMUSuite(t *testing.T) {
	dir := filepath.Join(corpus.Require(t), "qapi-schema-tests")
	list, err := os.ReadFile(filepath.Join(dir, "CASES"))
	if err != nil {
		t.Fatalf("no case list: %v", err)
	}
	cases := strings.Fields(string(list))
	if len(cases) == 0 {
		t.Fatal("empty case list")
	}
	inDir(t, dir, func() {
		for _, c := range cases {
			t.Run(strings.TrimSuffix(c, ".json"), func(t *testing.T) {
				base := strings.TrimSuffix(c, ".json")
				wantOut := readFile(t, base+".out")
				wantErr := readFile(t, base+".err")
				out, errs, status := runCLI("dump", c)
				if out != wantOut {
					t.Errorf("stdout differs:\n%s", diff(wantOut, out))
				}
				if errs != wantErr {
					t.Errorf("stderr differs:\nwant %q\ngot  %q", wantErr, errs)
				}
				if wantStatus := map[bool]int{true: 0, false: 1}[wantErr == ""]; status != wantStatus {
					t.Errorf("exit status %d, want %d", status, wantStatus)
				}
			})
		}
	})
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// realSchemas are the schemas of the QEMU releases in the corpus, by
// reference dump name.
var realSchemas = []struct{ name, path string }{
	{"qmp", "qapi/qapi-schema.json"},
	{"qga", "qga/qapi-schema.json"},
	{"storage-daemon", "storage-daemon/qapi/qapi-schema.json"},
}

// TestReleaseSchemas dumps the schemas of real QEMU releases and compares
// them with the dumps QEMU's front end made of them.
func TestReleaseSchemas(t *testing.T) {
	root := filepath.Join(corpus.Require(t), "qemu")
	versions, err := filepath.Glob(filepath.Join(root, "v*"))
	if err != nil || len(versions) == 0 {
		t.Fatalf("no releases under %s", root)
	}
	compared := 0
	for _, vdir := range versions {
		version := filepath.Base(vdir)
		legacy := version == "v4.2.0"
		strictDocs := version == "v9.2.0" || version == "v10.1.0"
		for _, rs := range realSchemas {
			schema := filepath.Join(vdir, rs.path)
			if _, err := os.Stat(schema); err != nil {
				continue // storage-daemon came with 5.0
			}
			compared++
			t.Run(version+"/"+rs.name, func(t *testing.T) {
				args := []string{"dump", "-nodoc"}
				switch {
				case legacy:
					args = append(args, "-legacy")
				case !strictDocs:
					args = append(args, "-lenient-docs")
				}
				want := readFile(t, filepath.Join(vdir, "reference", rs.name+".dump"))
				got := dumpSchema(t, schema, args...)
				if legacy {
					want, got = legacyComparable(want), legacyComparable(got)
				}
				if got != want {
					t.Errorf("dump differs from QEMU's:\n%s", diff(want, got))
				}
			})
			if !strictDocs {
				continue
			}
			t.Run(version+"/"+rs.name+"/docs", func(t *testing.T) {
				want := readFile(t, filepath.Join(vdir, "reference", rs.name+".docs.dump"))
				got := dumpSchema(t, schema, "dump")
				if got != want {
					t.Errorf("dump with docs differs from QEMU's:\n%s", diff(want, got))
				}
			})
		}
	}
	if compared != 17 {
		t.Errorf("compared %d schemas, want 17", compared)
	}
}

// dumpSchema runs the dump in the schema's directory, as the reference
// dumps were made: module names are relative to it anyway, and include
// paths then read as QEMU printed them.
func dumpSchema(t *testing.T, schema string, args ...string) string {
	t.Helper()
	var out, errs string
	var status int
	inDir(t, filepath.Dir(schema), func() {
		out, errs, status = runCLI(append(args, filepath.Base(schema))...)
	})
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	return out
}

// legacyComparable reduces a QEMU 4.2 style dump to what the reference
// comparison covers: everything from the first module line after the
// built-in block, without 'if' lines (4.2 printed C conditions).
func legacyComparable(dump string) string {
	var b strings.Builder
	modules := 0
	sc := bufio.NewScanner(strings.NewReader(dump))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "module ") {
			modules++
		}
		if modules < 2 || strings.HasPrefix(strings.TrimLeft(line, " "), "if ") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// diff shows the first differing lines of two texts with some context.
func diff(want, got string) string {
	wl := strings.SplitAfter(want, "\n")
	gl := strings.SplitAfter(got, "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	var b strings.Builder
	from := max(i-3, 0)
	b.WriteString("first difference at line " + itoa(i+1) + "\n")
	for k := from; k < i; k++ {
		b.WriteString("  " + wl[k])
	}
	for k := i; k < min(i+5, len(wl)); k++ {
		b.WriteString("- " + wl[k])
	}
	for k := i; k < min(i+5, len(gl)); k++ {
		b.WriteString("+ " + gl[k])
	}
	return b.String()
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}
