// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"go/ast"
	gocomment "go/doc/comment"
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"unicode"

	"github.com/qapi-gen/qapi-gen/frontend"
)

// TestCorpusNoMisreadCodeBlocks reads the doc comments generated from
// the QMP schemas of the corpus (QEMU 4.2 to 10.1) as Go doc does and checks that no code
// block is really something else, which QAPI's indentation makes of it
// when carried over as it is: a list item or a note, the continuation of
// a sentence, or the rest of a QMP transcript cut from its first line;
// nor has a list taken in a transcript.
// 7.2 has numbered notes (migrate) and numbered examples (blockdev-add),
// 4.2 tables of members with indented continuation lines.
func TestCorpusNoMisreadCodeBlocks(t *testing.T) {
	lists := 0
	for _, cs := range corpusSchemas(t) {
		if !strings.HasPrefix(cs.id, "qmp") {
			continue
		}
		s, err := frontend.Load(cs.file, frontend.Options{Legacy: cs.legacy, LenientDocs: true})
		if err != nil {
			t.Fatal(err)
		}
		files, err := Generate(s, Options{Package: "p", Source: "qapi-schema.json"})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			af, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Content, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			eachDocComment(af, func(name, text string) {
				var p gocomment.Parser
				for _, b := range p.Parse(text).Content {
					switch b := b.(type) {
					case *gocomment.List:
						lists++
						if text := listText(b); strings.Contains(text, "-> {") || strings.Contains(text, "<- {") {
							t.Errorf("%s %s: doc of %s has a list that took in a QMP transcript:\n%s", cs.id, f.Name, name, text)
						}
					case *gocomment.Code:
						if why := misreadCode(b.Text); why != "" {
							t.Errorf("%s %s: doc of %s has a code block that is %s:\n%s", cs.id, f.Name, name, why, b.Text)
						}
					}
				}
			})
		}
	}
	if lists == 0 {
		t.Error("no list in the docs of QEMU 7.2 and 10.1: lists are not rendered as Go doc lists")
	}
}

// listText is the text of a list's items.
func listText(l *gocomment.List) string {
	var b strings.Builder
	for _, item := range l.Items {
		for _, blk := range item.Content {
			if p, ok := blk.(*gocomment.Paragraph); ok {
				for _, t := range p.Text {
					if s, ok := t.(gocomment.Plain); ok {
						b.WriteString(string(s))
					}
				}
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// eachDocComment calls f with the name and text of each doc comment of
// af: declarations', struct fields' and constants'.
func eachDocComment(af *ast.File, f func(name, text string)) {
	ast.Inspect(af, func(n ast.Node) bool {
		var cg *ast.CommentGroup
		name := ""
		switch n := n.(type) {
		case *ast.GenDecl:
			cg = n.Doc
			if len(n.Specs) > 0 {
				if ts, ok := n.Specs[0].(*ast.TypeSpec); ok {
					name = ts.Name.Name
				}
			}
		case *ast.FuncDecl:
			cg, name = n.Doc, n.Name.Name
		case *ast.Field:
			cg = n.Doc
			if len(n.Names) > 0 {
				name = "field " + n.Names[0].Name
			}
		case *ast.ValueSpec:
			cg, name = n.Doc, n.Names[0].Name
		}
		if cg != nil {
			f(name, cg.Text())
		}
		return true
	})
}

// misreadCode says what a code block really is, when it is not code: ""
// for code.
func misreadCode(text string) string {
	first := strings.TrimSpace(strings.SplitN(text, "\n", 2)[0])
	word, _, _ := strings.Cut(first, " ")
	switch {
	case listItem(first):
		return "a list item"
	case strings.HasPrefix(first, "Note"):
		return "a note"
	case strings.HasPrefix(first, `"`) || strings.HasPrefix(first, "'"):
		return "the rest of a QMP transcript"
	case word != "" && strings.IndexFunc(word, func(r rune) bool { return !unicode.IsLower(r) }) < 0 &&
		!strings.ContainsAny(first, `={}[]"|<>`):
		return "the continuation of a sentence"
	}
	return ""
}

func TestMisreadCode(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"-> { \"execute\": \"stop\" }", ""},
		{"logical_vm_size = vm_ram_size - balloon_size", ""},
		{"=============  ========", ""},
		{"1. The first", "a list item"},
		{"- a bullet", "a list item"},
		{"Notes: careful", "a note"},
		{"\"arguments\": {} }", "the rest of a QMP transcript"},
		{"and final result (this information is provided)", "the continuation of a sentence"},
	} {
		if got := misreadCode(tt.in); got != tt.want {
			t.Errorf("misreadCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
