// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/internal/corpus"
)

// TestNoDocLeavesSchemaTextOut generates QEMU 10.1's and 7.2's QMP
// schemas and the doc test schema of QEMU's suite with NoDoc and searches the comments of
// the output for every line of doc text in the schema (all doc blocks,
// definitions' and free-form ones, every section): none may be there.
// The same search over the output with docs must find most lines, so the
// search itself works.
func TestNoDocLeavesSchemaTextOut(t *testing.T) {
	root := corpus.Require(t)
	for _, cs := range []corpusSchema{
		{id: "qmp10", file: filepath.Join(root, "qemu/v10.1.0/qapi/qapi-schema.json")},
		{id: "qmp72", file: filepath.Join(root, "qemu/v7.2.0/qapi/qapi-schema.json")},
		{id: "qga72", file: filepath.Join(root, "qemu/v7.2.0/qga/qapi-schema.json")},
		{id: "docgood", file: filepath.Join(root, "qapi-schema-tests/doc-good.json")},
	} {
		s, err := frontend.Load(cs.file, frontend.Options{LenientDocs: true})
		if err != nil {
			t.Fatal(err)
		}
		var docLines []string
		for _, d := range s.Docs {
			for _, sec := range d.All {
				for _, l := range strings.Split(sec.Text, "\n") {
					// Short lines ("Since: 2.0", "the node", a type's
					// name) could be the generator's words too.
					if l = normalizeSpace(l); len(l) >= 16 && strings.Count(l, " ") >= 2 {
						docLines = append(docLines, l)
					}
				}
			}
		}
		if len(docLines) < 10 {
			t.Fatalf("%s: only %d doc lines: the doc text was not read", cs.id, len(docLines))
		}
		found := func(opts Options) int {
			opts.Package, opts.Source = cs.id, "qapi-schema.json"
			files, err := Generate(s, opts)
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			for _, f := range files {
				text.WriteString(commentText(t, f))
			}
			out := text.String()
			n := 0
			for _, l := range docLines {
				if strings.Contains(out, l) {
					n++
					if opts.NoDoc {
						t.Errorf("%s: with NoDoc, the output has the doc text %q", cs.id, l)
					}
				}
			}
			return n
		}
		if n := found(Options{NoDoc: true}); n != 0 {
			t.Errorf("%s: %d of %d doc lines in the NoDoc output", cs.id, n, len(docLines))
		}
		if n := found(Options{}); n < len(docLines)/2 {
			t.Errorf("%s: the search finds only %d of %d doc lines in the output with docs", cs.id, n, len(docLines))
		}
	}
}

// commentText is the text of all comments of a generated file, each line
// normalised as normalizeSpace does, one a line.
func commentText(t *testing.T, f File) string {
	t.Helper()
	af, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Content, parser.ParseComments)
	if err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	var b strings.Builder
	for _, cg := range af.Comments {
		for _, c := range cg.List {
			b.WriteString(normalizeSpace(strings.TrimPrefix(c.Text, "//")))
			b.WriteByte('\n')
		}
	}
	// String literals too: no doc text may hide in the code.
	ast.Inspect(af, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			b.WriteString(normalizeSpace(lit.Value))
			b.WriteByte('\n')
		}
		return true
	})
	return b.String()
}

// normalizeSpace collapses white space and turns rST's “literal“ into
// Go doc's `literal`, as the doc rendering does.
func normalizeSpace(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "``", "`")), " ")
}
