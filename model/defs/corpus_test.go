// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/parser"
)

// exprStageCases are the cases of QEMU's front-end test suite whose
// expected error comes from the expression checker (determined by running
// QEMU's own parser and checker on each case separately). Every other case
// that parses must pass Check.
var exprStageCases = strings.Fields(`
allow-preconfig-test alternate-base alternate-branch-if-invalid alternate-clash
alternate-data-invalid alternate-empty alternate-invalid-dict args-array-empty
args-bad-boxed args-boxed-anon args-invalid args-member-array-bad args-member-case
bad-data bad-ident bad-if-all bad-if-empty-list bad-if-empty bad-if-key bad-if-keys
bad-if-list bad-if-not bad-if bad-type-bool bad-type-dict doc-bad-symbol
doc-invalid-return doc-invalid-return2 doc-missing double-type enum-bad-member
enum-bad-name enum-bad-prefix enum-dict-member-unknown enum-dict-no-name enum-if-invalid
enum-member-case enum-missing-data enum-wrong-data event-boxed-empty event-case
event-member-invalid-dict event-nest-struct features-bad-type features-if-invalid
features-missing-name features-name-bad-type features-no-list features-unknown-key
missing-type nested-struct-data-invalid-dict nested-struct-data oob-coroutine oob-test
reserved-command-q reserved-enum-q reserved-member-has reserved-member-q
reserved-member-u reserved-member-underscore reserved-type-list returns-array-bad
returns-dict struct-data-invalid struct-data-typename struct-member-if-invalid
struct-member-invalid-dict struct-member-invalid type-bypass-bad-gen type-case
union-array-branch union-bad-discriminator union-base-no-discriminator
union-branch-if-invalid union-branch-invalid-dict union-inline-invalid-dict
union-invalid-data union-no-base unknown-expr-key
`)

// caseNames lists the cases of dir: those in its CASES file, or else
// every .json file (QEMU's own test directory has no CASES file).
func caseNames(t *testing.T, dir string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "CASES"))
	if errors.Is(err, os.ErrNotExist) {
		names, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range names {
			names[i] = filepath.Base(n)
		}
		return names
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			names = append(names, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

// legacyExprStageCases are the same for QEMU 4.2's test suite and
// checker, whose cases are not in the shared corpus: the legacy test runs
// only when QAPI_LEGACY_CASES_DIR names QEMU 4.2's tests/qapi-schema.
var legacyExprStageCases = strings.Fields(`
allow-preconfig-test alternate-array alternate-base alternate-branch-if-invalid
alternate-empty alternate-invalid-dict args-array-empty args-bad-boxed args-boxed-anon
args-invalid args-member-array-bad args-member-case bad-data bad-ident bad-if-empty-list
bad-if-empty bad-if-list bad-if bad-type-bool bad-type-dict doc-bad-symbol
doc-invalid-return doc-missing double-type enum-bad-member enum-bad-name enum-bad-prefix
enum-dict-member-unknown enum-if-invalid enum-member-case enum-missing-data
enum-wrong-data event-boxed-empty event-member-invalid-dict event-nest-struct
features-bad-type features-if-invalid features-missing-name features-name-bad-type
features-no-list features-unknown-key flat-union-array-branch
flat-union-bad-discriminator flat-union-inline-invalid-dict flat-union-inline
flat-union-no-base missing-type nested-struct-data-invalid-dict nested-struct-data
oob-test reserved-command-q reserved-enum-q reserved-member-has reserved-member-q
reserved-member-u reserved-member-underscore reserved-type-kind reserved-type-list
returns-array-bad returns-dict struct-data-invalid struct-member-if-invalid
struct-member-invalid-dict struct-member-invalid type-bypass-bad-gen
union-base-no-discriminator union-branch-case union-branch-if-invalid
union-branch-invalid-dict union-optional-branch unknown-expr-key
`)

// legacyLaterMessages are the QEMU 4.2 cases whose error message the
// later legacy releases (5.0 to 6.1) changed, with the message legacy
// mode reports: the 6.1 key lists include the keys added since 4.2.
var legacyLaterMessages = map[string]string{
	"alternate-base": "alternate-base.json: In alternate 'Alt':\n" +
		"alternate-base.json:4: alternate has unknown key 'base'\n" +
		"Valid keys are 'alternate', 'data', 'features', 'if'.\n",
}

// TestQEMUCases runs Check on QEMU 10.1's front-end test cases: the cases
// that fail in the expression checker must fail with QEMU's exact message,
// the others that parse must pass. QAPI_CASES_DIR overrides the case
// directory (to run QEMU's complete suite, for instance).
func TestQEMUCases(t *testing.T) {
	dir := os.Getenv("QAPI_CASES_DIR")
	if dir == "" {
		dir = filepath.Join(corpus.Require(t), "qapi-schema-tests")
	}
	runCases(t, dir, false, exprStageCases, nil)
}

// TestLegacyQEMUCases does the same in legacy mode for QEMU 4.2's suite.
func TestLegacyQEMUCases(t *testing.T) {
	dir := os.Getenv("QAPI_LEGACY_CASES_DIR")
	if dir == "" {
		t.Skip("QAPI_LEGACY_CASES_DIR (QEMU 4.2's tests/qapi-schema) not set")
	}
	runCases(t, dir, true, legacyExprStageCases, legacyLaterMessages)
}

// runCases checks the cases of dir; a case in exprStage must fail with
// the message of its .err file, or with its entry in messages if any.
func runCases(t *testing.T, dir string, legacy bool, exprStage []string, messages map[string]string) {
	names := caseNames(t, dir)
	if len(names) == 0 {
		t.Fatalf("no cases in %s", dir)
	}
	readFile := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) }
	var parsed, failed int
	for _, name := range names {
		base := strings.TrimSuffix(name, ".json")
		sch, err := parser.Parse(name, parser.Options{ReadFile: readFile, Legacy: legacy})
		if err != nil {
			continue // a parse-stage case: the parser's tests cover it
		}
		parsed++
		_, err = Check(sch.Exprs, Options{Legacy: legacy})
		if !slices.Contains(exprStage, base) {
			if err != nil {
				t.Errorf("%s: unexpected error:\n%v", name, err)
			}
			continue
		}
		failed++
		want, rerr := os.ReadFile(filepath.Join(dir, base+".err"))
		if rerr != nil {
			t.Fatal(rerr)
		}
		if m, ok := messages[base]; ok {
			want = []byte(m)
		}
		if err == nil {
			t.Errorf("%s: no error, want:\n%s", name, want)
		} else if got := err.Error() + "\n"; got != string(want) {
			t.Errorf("%s: error\n%s\nwant:\n%s", name, got, want)
		}
	}
	if failed == 0 {
		t.Errorf("no expression-stage case found among %d parsed cases", parsed)
	}
	t.Logf("%d cases parsed, %d fail in the expression checker", parsed, failed)
}

// withoutComments reads a schema file with every comment line blanked,
// so that doc conventions older than the checker play no part.
func withoutComments(name string) ([]byte, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), "#") {
			lines[i] = ""
		}
	}
	return []byte(strings.Join(lines, "\n")), nil
}

// TestReleaseSchemas checks the real schemas of QEMU releases: all must
// pass, 4.2 in legacy mode. Releases before 9.2 wrote doc comments that
// QEMU 10.1 rejects, so they are checked without comments (and so without
// the doc-required pragma), as the reference dumps were made.
func TestReleaseSchemas(t *testing.T) {
	root := filepath.Join(corpus.Require(t), "qemu")
	files := []string{"qapi/qapi-schema.json", "qga/qapi-schema.json", "storage-daemon/qapi/qapi-schema.json"}
	versions := []string{"v4.2.0", "v6.2.0", "v7.2.0", "v8.2.0", "v9.2.0", "v10.1.0"}
	checked := 0
	for _, v := range versions {
		for _, f := range files {
			path := filepath.Join(root, v, f)
			if _, err := os.Stat(path); err != nil {
				continue // storage-daemon is absent from old releases
			}
			legacy := v == "v4.2.0"
			t.Run(v+"/"+f, func(t *testing.T) {
				opts := parser.Options{Legacy: legacy}
				oldDocs := v != "v4.2.0" && v < "v9.2.0"
				if oldDocs {
					opts.ReadFile = withoutComments
				}
				sch, err := parser.Parse(path, opts)
				if err != nil {
					t.Fatalf("parse: %v", err)
				}
				if oldDocs {
					sch.Pragma.DocRequired = false
				}
				defs, err := Check(sch.Exprs, Options{Legacy: legacy})
				if err != nil {
					t.Fatalf("check: %v", err)
				}
				if len(defs) != len(sch.Exprs) || len(defs) < 50 {
					t.Errorf("got %d definitions for %d expressions", len(defs), len(sch.Exprs))
				}
			})
			checked++
		}
	}
	if checked == 0 {
		t.Fatalf("no release schema found under %s", root)
	}
}
