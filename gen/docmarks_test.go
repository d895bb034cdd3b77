// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
)

// TestDocMarkersMatchFullFormat checks the premise of the doc markers:
// formatting the code with markers and then putting the comments in
// gives exactly what go/format gives for the code with its comments. It
// runs on every schema of the corpus and on the project's own schemas.
func TestDocMarkersMatchFullFormat(t *testing.T) {
	type schemaFile struct {
		file   string
		legacy bool
	}
	var files []schemaFile
	for _, cs := range corpusSchemas(t) {
		files = append(files, schemaFile{cs.file, cs.legacy})
	}
	own, err := filepath.Glob(filepath.Join("..", "schema", "*.json"))
	if err != nil || len(own) == 0 {
		t.Fatalf("no schemas in ../schema (%v)", err)
	}
	for _, f := range own {
		if !strings.HasSuffix(f, "-sub.json") { // included by everything.json
			files = append(files, schemaFile{file: f})
		}
	}
	var mu sync.Mutex
	units, docs := 0, 0
	for _, sf := range files {
		s, err := frontend.Load(sf.file, frontend.Options{Legacy: sf.legacy, LenientDocs: true})
		if err != nil {
			t.Errorf("front end rejects %s: %v", sf.file, err)
			continue
		}
		_, err = generate(s, Options{Package: "p", Source: filepath.Base(sf.file)}, func(u *unit) (File, error) {
			// renderUnit drops the code tree: render the raw text first.
			raw, err := renderRaw(u)
			if err != nil {
				return File{}, err
			}
			got, err := renderUnit(u)
			if err != nil {
				return got, err
			}
			full, err := expandDocs(raw, u.docs)
			if err != nil {
				return got, err
			}
			want, err := format.Source(full)
			if err != nil {
				return got, err
			}
			if !bytes.Equal(got.Content, want) {
				t.Errorf("%s: %s differs from go/format of the full text:\n%s",
					sf.file, got.Name, firstDiff(got.Content, want))
			}
			mu.Lock() // runPool calls this from its workers
			units++
			docs += len(u.docs)
			mu.Unlock()
			return got, nil
		})
		if err != nil {
			t.Errorf("%s: %v", sf.file, err)
		}
	}
	// Every file must have been compared, most comments with it: QEMU
	// 10.1's QMP schema alone has over 5000.
	if units < 18*10 || docs < 20000 {
		t.Errorf("compared %d files with %d doc comments; want more than 180 and 20000", units, docs)
	}
	t.Logf("%d files, %d doc comments", units, docs)
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(g) && i < len(w); i++ {
		if !bytes.Equal(g[i], w[i]) {
			return fmt.Sprintf("line %d:\n got %q\nwant %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("lengths differ: %d lines, want %d", len(g), len(w))
}

func TestExpandDocsErrors(t *testing.T) {
	docs := []string{"// one", "// two\n//\n// lines"}
	good := "package p\n\n" + docMarker + "0\ntype A int\n\ntype B struct {\n\t" + docMarker + "1\n\tX int\n}\n"
	out, err := expandDocs([]byte(good), docs)
	want := "package p\n\n// one\ntype A int\n\ntype B struct {\n\t// two\n\t//\n\t// lines\n\tX int\n}\n"
	if err != nil || string(out) != want {
		t.Errorf("expandDocs = %q, %v; want %q", out, err, want)
	}
	for _, bad := range []string{
		"var x = 1 " + docMarker + "0\n" + docMarker + "1\n",      // after code
		docMarker + "0\n" + docMarker + "0\n" + docMarker + "1\n", // repeated
		docMarker + "0\n",                     // doc 1 lost
		docMarker + "0\n" + docMarker + "7\n", // out of range
		docMarker + "x\n",                     // no number
	} {
		if _, err := expandDocs([]byte(bad), docs); err == nil {
			t.Errorf("expandDocs(%q) succeeded", bad)
		}
	}
}
