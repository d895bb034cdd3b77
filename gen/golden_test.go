// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
)

var update = flag.Bool("update", false, "rewrite golden/ from the schemas")

// goldenSchemas are the schemas whose output is committed under
// golden/NAME/ (a package of this module, so go build/vet/test check it),
// generated with opts.
var goldenSchemas = []struct {
	name, file string
	opts       Options
}{
	{"everything", "../schema/everything.json", Options{}},
	{"example", "../schema/example.json", Options{}},
	{"examplenodoc", "../schema/example.json", Options{NoDoc: true, Source: "example.json"}},
	{"tricky", "testdata/tricky.json", Options{}},
	{"firstday", "testdata/firstday.json", Options{Server: true}},
}

func generateFile(t testing.TB, file, pkg string, legacy bool, opts Options) []File {
	t.Helper()
	s, err := frontend.Load(file, frontend.Options{Legacy: legacy, LenientDocs: true})
	if err != nil {
		t.Fatalf("loading %s: %v", file, err)
	}
	opts.Package = pkg
	if opts.Source == "" {
		opts.Source = filepath.Base(file)
	}
	files, err := Generate(s, opts)
	if err != nil {
		t.Fatalf("generating %s: %v", file, err)
	}
	return files
}

// TestGolden fails when golden/ is stale; go test ./gen -update (or
// make golden) rewrites it.
func TestGolden(t *testing.T) {
	for _, gs := range goldenSchemas {
		t.Run(gs.name, func(t *testing.T) {
			if _, err := os.Stat(gs.file); err != nil {
				t.Skipf("schema %s not present: %v", gs.file, err)
			}
			files := generateFile(t, gs.file, gs.name, false, gs.opts)
			dir := filepath.Join("..", "golden", gs.name)
			if *update {
				st, err := WriteDir(dir, files)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: written %v, removed %v", dir, st.Written, st.Removed)
				return
			}
			c, err := CheckDir(dir, files)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range c.Lines(dir) {
				t.Errorf("%s (run go test ./gen -update)", l)
			}
		})
	}
}

// TestDeterministic generates twice and requires identical bytes.
func TestDeterministic(t *testing.T) {
	a := generateFile(t, "testdata/tricky.json", "p", false, Options{})
	b := generateFile(t, "testdata/tricky.json", "p", false, Options{})
	if len(a) != len(b) {
		t.Fatal("different file sets")
	}
	names := make([]string, len(a))
	for i := range a {
		names[i] = a[i].Name
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Content, b[i].Content) {
			t.Errorf("%s differs between runs", a[i].Name)
		}
		if !bytes.HasPrefix(a[i].Content, []byte(Header+"\n// Source: ")) {
			t.Errorf("%s lacks the header", a[i].Name)
		}
	}
	sort.Strings(names)
	if got := strings.Join(names, " "); got != "client.go qapi.go qapi_builtin.go qapi_schema.go tricky.go" {
		t.Errorf("files: %s", got)
	}
}
