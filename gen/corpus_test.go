// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/internal/testmod"
)

type corpusSchema struct {
	id     string // Go package directory name
	file   string
	legacy bool
}

// corpusSchemas lists QEMU's real schemas in the corpus (17) and the
// positive test schema of QEMU's test suite.
func corpusSchemas(t testing.TB) []corpusSchema {
	root := corpus.Require(t)
	var out []corpusSchema
	versions, err := os.ReadDir(filepath.Join(root, "qemu"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range versions {
		for _, kind := range []struct{ id, path string }{
			{"qmp", "qapi/qapi-schema.json"},
			{"qga", "qga/qapi-schema.json"},
			{"qsd", "storage-daemon/qapi/qapi-schema.json"},
		} {
			file := filepath.Join(root, "qemu", v.Name(), kind.path)
			if _, err := os.Stat(file); err != nil {
				continue
			}
			id := kind.id + strings.NewReplacer("v", "", ".", "_").Replace(v.Name())
			out = append(out, corpusSchema{id: id, file: file, legacy: v.Name() == "v4.2.0"})
		}
	}
	out = append(out, corpusSchema{id: "qapitest", file: filepath.Join(root, "qapi-schema-tests", "qapi-schema-test.json")})
	return out
}

// TestCorpusCompiles generates a package from each real schema and from
// QEMU's test schema, then runs go build and go vet over all of them.
func TestCorpusCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 18 generated packages; skipped with -short")
	}
	schemas := corpusSchemas(t)
	if len(schemas) != 18 {
		t.Errorf("found %d schemas in the corpus, want 17 QEMU schemas + the test schema", len(schemas))
	}
	dir := t.TempDir()
	if err := testmod.Init(dir, "corpus"); err != nil {
		t.Fatal(err)
	}
	lines := 0
	for _, cs := range schemas {
		s, err := frontend.Load(cs.file, frontend.Options{Legacy: cs.legacy, LenientDocs: true})
		if err != nil {
			// The front end's problem, not the generator's: report it and
			// go on with the other schemas.
			t.Errorf("front end rejects %s: %v", cs.file, err)
			continue
		}
		files, err := Generate(s, Options{Package: cs.id, Source: filepath.Base(cs.file)})
		if err != nil {
			t.Errorf("generating %s: %v", cs.file, err)
			continue
		}
		if _, err := WriteDir(filepath.Join(dir, cs.id), files); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range files {
			n += strings.Count(string(f.Content), "\n")
			// gofmt must leave generated code alone (make vet checks it).
			if again, err := format.Source(f.Content); err != nil || !bytes.Equal(again, f.Content) {
				t.Errorf("%s/%s is not gofmt-clean (%v)", cs.id, f.Name, err)
			}
			// QAPI's text must read as Go doc: no accidental headings, no
			// rST directive or ``literal`` turned into typographic quotes.
			if m := docArtifact.Find(f.Content); m != nil {
				t.Errorf("%s/%s: doc comment line %q reads wrongly as Go doc", cs.id, f.Name, m)
			}
		}
		lines += n
		t.Logf("%-10s %6d lines  (%s)", cs.id, n, cs.file)
	}
	t.Logf("%d lines generated in all", lines)
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		start := time.Now()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, truncate(out))
		}
		t.Logf("go %s: %v", strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
	}
}

// docArtifact matches doc comment lines that show QAPI text read wrongly.
var docArtifact = regexp.MustCompile(`(?m)^\s*// (# |\.\. [a-z-]+::).*$|“|”`)

func truncate(b []byte) string {
	if len(b) > 8000 {
		return string(b[:8000]) + fmt.Sprintf("\n... (%d more bytes)", len(b)-8000)
	}
	return string(b)
}
