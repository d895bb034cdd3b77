// SPDX-License-Identifier: Apache-2.0

package doc

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
)

var memberStub = regexp.MustCompile(`(?m)^    arg=[^\n]*\n\n`)

// TestSuiteDocs parses the doc blocks of QEMU's own doc test cases and
// compares with the doc part of the expected output (the part after the
// model dump), or with the expected error where the error is one the doc
// parser raises. Cases whose docs need the model (member stubs, checks
// against definitions) are left to the model's conformance test.
func TestSuiteDocs(t *testing.T) {
	dir := filepath.Join(corpus.Require(t), "qapi-schema-tests")
	cases := []struct{ name, wantErr string }{
		{"doc-good", ""},
		{"doc-bad-indent", "doc-bad-indent.json:7:1: unexpected de-indent (expected at least 2 spaces)"},
		{"doc-duplicate-features", "doc-duplicate-features.json:9:1: duplicated 'Features:' line"},
		{"doc-duplicated-arg", "doc-duplicated-arg.json:6: 'a' parameter name duplicated"},
		{"doc-duplicated-return", "doc-duplicated-return.json:8: duplicated 'Returns' section"},
		{"doc-duplicated-since", "doc-duplicated-since.json:8: duplicated 'Since' section"},
		{"doc-empty-arg", "doc-empty-arg.json:5: invalid parameter name"},
		{"doc-empty-features", "doc-empty-features.json:8:1: feature descriptions expected"},
		{"doc-empty-section", "doc-empty-section.json:6: text required after 'Errors:'"},
		{"doc-empty-symbol", "doc-empty-symbol.json:4:1: name required after '@'"},
		{"doc-interleaved-section", "doc-interleaved-section.json:15:1: description of '@foobar:' follows a section"},
		{"doc-invalid-end", "doc-invalid-end.json:5:2: documentation comment must end with '##'"},
		{"doc-invalid-end2", "doc-invalid-end2.json:5:1: junk after '##' at end of documentation comment"},
		{"doc-invalid-section", "doc-invalid-section.json:5:1: '@note:' not allowed in free-form documentation"},
		{"doc-invalid-start", "doc-invalid-start.json:3:1: junk after '##' at start of documentation comment"},
		{"doc-missing-colon", "doc-missing-colon.json:4:1: line should end with ':'"},
		{"doc-missing-space", "doc-missing-space.json:5:1: missing space after #"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := c.name + ".json"
			src, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Skipf("case not in corpus: %v", err)
			}
			if c.wantErr != "" {
				if want, err := os.ReadFile(filepath.Join(dir, c.name+".err")); err == nil &&
					strings.TrimSpace(string(want)) != c.wantErr {
					t.Fatalf("%s.err is %q, the table says %q", c.name, want, c.wantErr)
				}
			}
			var got strings.Builder
			var gotErr string
			for _, b := range splitBlocks(file, string(src)) {
				d, err := Parse(b, Options{})
				if err != nil {
					gotErr = err.Error()
					break
				}
				_ = d.WriteDump(&got)
			}
			if gotErr != c.wantErr {
				t.Fatalf("error %q, want %q", gotErr, c.wantErr)
			}
			if c.wantErr != "" {
				return
			}
			out, err := os.ReadFile(filepath.Join(dir, c.name+".out"))
			if err != nil {
				t.Fatal(err)
			}
			want := string(out)
			if i := strings.Index(want, "\ndoc "); i >= 0 {
				want = want[i+1:]
			}
			// Member stubs come from connecting the model; written
			// descriptions are never empty, so empty ones are stubs.
			want = memberStub.ReplaceAllString(want, "")
			if got.String() != want {
				t.Errorf("got:\n%s\nwant:\n%s", got.String(), want)
			}
		})
	}
}
