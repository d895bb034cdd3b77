// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
)

// readFileIn serves relative names from dir, as if dir were the working
// directory: error messages then name files as QEMU's test suite prints
// them.
func readFileIn(dir string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if name != "" && !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		return os.ReadFile(name)
	}
}

// parseCase parses one case of QEMU's test suite from inside dir and
// returns the error text ("" when it parses).
func parseCase(dir, name string) (string, *Schema) {
	s, err := Parse(name, Options{ReadFile: readFileIn(dir)})
	if err != nil {
		return err.Error(), nil
	}
	return "", s
}

// parseLevelErrors are the cases of the corpus whose expected error is
// found by the schema reader alone (the others fail only in later
// checks, or not at all).
var parseLevelErrors = strings.Fields(`
	bad-type-int doc-bad-indent doc-before-include doc-before-pragma
	doc-duplicate-features doc-duplicated-arg doc-duplicated-return
	doc-duplicated-since doc-empty-arg doc-empty-features doc-empty-section
	doc-empty-symbol doc-interleaved-section doc-invalid-end doc-invalid-end2
	doc-invalid-section doc-invalid-start doc-missing-colon doc-missing-expr
	doc-missing-space doc-no-symbol duplicate-key enum-int-member funny-char
	funny-word ident-with-escape include-before-err include-cycle
	include-extra-junk include-nested-err include-no-file include-non-file
	include-self-cycle leading-comma-list leading-comma-object
	missing-array-rsqb missing-colon missing-comma-list missing-comma-object
	missing-object-member-element missing-schema non-objects pragma-extra-junk
	pragma-non-dict pragma-unknown pragma-value-not-bool
	pragma-value-not-list-of-str pragma-value-not-list quoted-structural-chars
	string-code-point-127 string-code-point-31 trailing-comma-list
	trailing-comma-object unclosed-list unclosed-object unclosed-string
	unknown-escape`)

func TestQEMUCases(t *testing.T) {
	dir := filepath.Join(corpus.Require(t), "qapi-schema-tests")
	list, err := os.ReadFile(filepath.Join(dir, "CASES"))
	if err != nil {
		t.Fatalf("reading case list: %v", err)
	}
	parseLevel := map[string]bool{}
	for _, n := range parseLevelErrors {
		parseLevel[n+".json"] = true
	}
	var errCases, okCases int
	for _, name := range strings.Fields(string(list)) {
		want, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(name, ".json")+".err"))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got, _ := parseCase(dir, name)
		wantText := strings.TrimRight(string(want), "\n")
		switch {
		case parseLevel[name]:
			errCases++
			if got != wantText {
				t.Errorf("%s:\n got: %q\nwant: %q", name, got, wantText)
			}
		case got != "":
			t.Errorf("%s: unexpected parse error %q (expected error: %q)", name, got, wantText)
		default:
			okCases++
		}
	}
	if errCases == 0 || okCases == 0 {
		t.Fatalf("checked %d error cases and %d parsing cases; corpus incomplete?", errCases, okCases)
	}
	t.Logf("%d parse-level error cases, %d cases parsing cleanly", errCases, okCases)
}

// realSchemas lists the real QEMU schemas of the corpus.
func realSchemas(t testing.TB) []string {
	var files []string
	for _, pat := range []string{"qapi/qapi-schema.json", "qga/qapi-schema.json", "storage-daemon/qapi/qapi-schema.json"} {
		m, _ := filepath.Glob(filepath.Join(corpus.Require(t), "qemu", "*", pat))
		files = append(files, m...)
	}
	sort.Strings(files)
	return files
}

// isLegacyVersion reports whether a corpus schema predates QEMU 9.2,
// whose doc comments (Note:/Example: sections) need lenient reading.
func isLegacyVersion(file string) bool {
	for _, v := range []string{"v4.", "v5.", "v6.", "v7.", "v8.", "v9.0", "v9.1"} {
		if strings.Contains(file, string(filepath.Separator)+v) {
			return true
		}
	}
	return false
}

func TestRealSchemas(t *testing.T) {
	files := realSchemas(t)
	if len(files) < 17 {
		t.Fatalf("found %d real schemas, want at least 17", len(files))
	}
	for _, f := range files {
		// 4.2 needs the old language; later releases only lenient docs.
		opts := Options{LenientDocs: isLegacyVersion(f)}
		if strings.Contains(f, string(filepath.Separator)+"v4.") {
			opts = Options{Legacy: true}
		}
		s, err := Parse(f, opts)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if len(s.Exprs) < 20 || len(s.Docs) < 20 {
			t.Errorf("%s: only %d expressions and %d docs", f, len(s.Exprs), len(s.Docs))
		}
	}
}

// TestDumpDirectory prints the parse result of every .json file in
// $QAPI_PARSE_DUMP_DIR, for comparison with QEMU's own reader.
func TestDumpDirectory(t *testing.T) {
	dir := os.Getenv("QAPI_PARSE_DUMP_DIR")
	if dir == "" {
		t.Skip("QAPI_PARSE_DUMP_DIR not set")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	out := os.Getenv("QAPI_PARSE_DUMP_OUT")
	var b strings.Builder
	for _, f := range files {
		name := filepath.Base(f)
		got, _ := parseCase(dir, name)
		res, _ := json.Marshal([]string{name, got})
		fmt.Fprintf(&b, "%s\n", res)
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
