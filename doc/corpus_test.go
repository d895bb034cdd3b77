// SPDX-License-Identifier: Apache-2.0

package doc

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/source"
)

// schemaFiles lists the .json files of a release's schemas.
func schemaFiles(t testing.TB, release string) []string {
	var files []string
	for _, pattern := range []string{"qapi/*.json", "qga/*.json", "storage-daemon/qapi/*.json"} {
		m, err := filepath.Glob(filepath.Join(corpus.Require(t), "qemu", release, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("no schema files for %s", release)
	}
	return files
}

// splitBlocks is a deliberately small stand-in for the lexer: a line whose
// first non-blank characters are "##" opens a block (outside one), comment
// lines continue it, a "##" line closes it, and any other non-blank line
// ends it unclosed. Blank lines are skipped, as the lexer skips them.
// (Columns ignore tabs.)
func splitBlocks(file string, src string) [][]Line {
	var blocks [][]Line
	var cur []Line
	var last Line
	for i, raw := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimLeft(raw, " \t")
		if trimmed == "" {
			continue
		}
		info := &source.Info{File: file, Line: i + 1, Pragma: &source.Pragma{}}
		line := Line{Info: info, Col: len(raw) - len(trimmed) + 1, Text: trimmed}
		last = Line{Info: info, Col: len(raw) + 1, NotComment: true}
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "##"):
			cur = []Line{line}
		case cur == nil:
		case trimmed[0] != '#':
			line.Text, line.NotComment = "", true
			blocks = append(blocks, append(cur, line))
			cur = nil
		default:
			cur = append(cur, line)
			if strings.HasPrefix(trimmed, "##") {
				blocks = append(blocks, cur)
				cur = nil
			}
		}
	}
	if cur != nil {
		// QEMU reports the end of the file just after the last line.
		blocks = append(blocks, append(cur, last))
	}
	return blocks
}

// strictErrors parses every block of a release both ways. Legacy must
// accept all; the strict errors are returned, grouped by message (with
// names and numbers kept, as they are part of the message), for the report.
func parseRelease(t *testing.T, release string) (blocks int, strict map[string][]string) {
	strict = map[string][]string{}
	for _, f := range schemaFiles(t, release) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(filepath.Join(corpus.Require(t), "qemu"), f)
		for _, b := range splitBlocks(rel, string(src)) {
			blocks++
			if _, err := Parse(b, Options{Legacy: true}); err != nil {
				t.Errorf("legacy: %v", err)
			}
			if _, err := Parse(b, Options{}); err != nil {
				var se *source.Error
				if !errors.As(err, &se) {
					t.Fatalf("not a *source.Error: %v", err)
				}
				strict[genericMessage(se.Msg)] = append(strict[genericMessage(se.Msg)], err.Error())
			}
		}
	}
	return blocks, strict
}

// genericMessage drops quoted names and numbers so that messages group.
func genericMessage(msg string) string {
	var b strings.Builder
	quoted := false
	for _, r := range msg {
		switch {
		case r == '\'':
			quoted = !quoted
			b.WriteRune(r)
		case quoted:
		case r >= '0' && r <= '9':
			b.WriteRune('N')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestLegacyReleases(t *testing.T) {
	for _, release := range []string{"v4.2.0", "v6.2.0", "v7.2.0", "v8.2.0"} {
		t.Run(release, func(t *testing.T) {
			blocks, strict := parseRelease(t, release)
			if blocks < 100 {
				t.Fatalf("only %d doc blocks found", blocks)
			}
			var msgs []string
			for m := range strict {
				msgs = append(msgs, m)
			}
			sort.Strings(msgs)
			for _, m := range msgs {
				t.Logf("strict: %4d x %s (first: %s)", len(strict[m]), m, strict[m][0])
			}
			t.Logf("%d blocks", blocks)
		})
	}
}

// Modern schemas are valid in strict mode, and legacy mode reads them the
// same way, except where a continuation line is not indented (legacy mode
// keeps it in the description, 10.1 starts a plain section with it) and
// where a tag line directly follows body text (legacy mode starts the
// section, as QEMU before 9.2 did; 9.2 keeps the line in the body).
func TestModernReleases(t *testing.T) {
	knownDiffs := map[string]bool{
		"v10.1.0/qapi/audio.json:70":       true,
		"v9.2.0/qga/qapi-schema.json:1906": true,
	}
	for _, release := range []string{"v9.2.0", "v10.1.0"} {
		t.Run(release, func(t *testing.T) {
			n := 0
			for _, f := range schemaFiles(t, release) {
				src, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				rel, _ := filepath.Rel(filepath.Join(corpus.Require(t), "qemu"), f)
				for _, b := range splitBlocks(rel, string(src)) {
					n++
					strict, err := Parse(b, Options{})
					if err != nil {
						t.Errorf("strict: %v", err)
						continue
					}
					legacy, err := Parse(b, Options{Legacy: true})
					if err != nil {
						t.Errorf("legacy: %v", err)
						continue
					}
					if s, l := dumpString(strict), dumpString(legacy); (s != l) != knownDiffs[b[0].Info.Loc()] {
						t.Errorf("%s: legacy and strict (dis)agree unexpectedly:\n--- strict\n%s--- legacy\n%s", b[0].Info.Loc(), s, l)
					}
				}
			}
			t.Logf("%d blocks", n)
		})
	}
}

func dumpString(d *Doc) string {
	var b strings.Builder
	_ = d.WriteDump(&b)
	return b.String()
}
