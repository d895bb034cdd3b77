// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"bytes"
	gocomment "go/doc/comment"
	"go/format"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/model"
)

// TestCanonicalDocStable checks that canonicalDoc gives a fixed point of
// go/doc/comment's parse+print (what gofmt does to a doc comment) for the
// doc comment of every definition of every schema of the corpus, so that
// generated files are gofmt-clean after one round of formatting.
func TestCanonicalDocStable(t *testing.T) {
	checked, multi, plain := 0, 0, 0
	for _, cs := range corpusSchemas(t) {
		s, err := frontend.Load(cs.file, frontend.Options{Legacy: cs.legacy, LenientDocs: true})
		if err != nil {
			t.Errorf("front end rejects %s: %v", cs.file, err)
			continue
		}
		g := newGenerator(s, Options{Package: "p"})
		if err := g.nameAll(); err != nil {
			t.Errorf("%s: %v", cs.id, err)
			continue
		}
		for _, e := range s.Entities {
			d, ok := e.(model.Definition)
			if !ok {
				continue
			}
			c := g.defComment("X is the thing.", d)
			text := strings.Join(c.lines, "\n")
			got := canonicalDoc(text)
			if plainDoc(text) {
				plain++
				if slow := reformatDoc(text); slow != got {
					t.Errorf("%s: doc of %s is not plain after all:\n%q\nprints as\n%q", cs.id, d.Common().Name, text, slow)
				}
			}
			var p gocomment.Parser
			var pr gocomment.Printer
			if again := string(pr.Comment(p.Parse(got))); again != got {
				t.Errorf("%s: doc of %s is not stable:\n%q\nbecomes\n%q", cs.id, d.Common().Name, got, again)
			}
			if mayChangeAgain(p.Parse(text).Content) {
				multi++
			}
			checked++
		}
	}
	// Old schemas have numbered notes that need more than one round: the
	// test must see that case.
	if checked < 1000 || multi == 0 || plain < checked/2 || plain == checked {
		t.Errorf("checked %d doc comments, %d needing several rounds, %d plain; want > 1000, > 0 and between half and all",
			checked, multi, plain)
	}
	t.Logf("%d doc comments, %d needing several rounds, %d plain", checked, multi, plain)
}

// TestHelpersFileFormatted checks that qapi.go, which Generate copies
// from qapirt without running go/format on it, is gofmt-clean.
func TestHelpersFileFormatted(t *testing.T) {
	src := helpersFile(Options{Package: "somepkg", Source: "x.json"})
	out, err := format.Source(src)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, src) {
		t.Error("qapi.go is not gofmt-clean: run gofmt on gen/qapirt/helpers.go")
	}
}

func TestDedentHanging(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"one line", "one line"},
		{"first\n    second\n    third", "first\nsecond\nthird"},
		{"first\n    second\n\n      deeper\n    back", "first\nsecond\n\n  deeper\nback"},
		{"\n    - item one\n    - item two", "- item one\n- item two"},
		{"first\nnot indented\n    indented", "first\nnot indented\n    indented"},
		{"first\n\tsecond\n\t  deeper", "first\nsecond\n  deeper"},
	} {
		if got := dedentHanging(tc.in); got != tc.want {
			t.Errorf("dedentHanging(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzPlainDoc checks plainDoc's promise: text it calls plain prints as
// it is.
func FuzzPlainDoc(f *testing.F) {
	for _, seed := range []string{
		"One paragraph.", "Two\nlines.\n\nAnd a second paragraph.", "Heading\n\nText.\n\nMore text.",
		"Text.\n\nHeading\n\nMore text.", "See [Foo].\n[Foo]: https://example.com", "- not a list\n1. nor this",
		"A\n\n\nB", "Since: 7.2", "Text\n    code",
		"A:\n\n\t-> {\n\t     \"x\": 1 }\n\nSince: 2.0", "A\n\n\t- b\n\t c", "A\n\n\t b\n\n\tc\n\nD",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Split(text, "\n")
		for i, l := range lines {
			lines[i] = cleanLine(l)
		}
		text = strings.Join(lines, "\n")
		if plainDoc(text) {
			if got := reformatDoc(text); got != text+"\n" {
				t.Errorf("plainDoc(%q) is true, but it prints as %q", text, got)
			}
		}
	})
}

func TestPlainDoc(t *testing.T) {
	for _, tc := range []struct {
		text  string
		plain bool
	}{
		{"One paragraph.", true},
		{"Two\nlines.\n\nAnd a second paragraph.", true},
		{"Text.\n\nHeading\n\nMore text.", false}, // an old-style heading
		{"Text.\n\nSince: 7.2\n\nMore text.", true},
		{"Text\n\n\nafter two blank lines", false},
		{"Text\n    code", false},
		{"Text:\n\n\t-> { \"execute\": \"x\",\n\t     \"arguments\": {} }\n\nSince: 1.0", true},
		{"Text:\n\n\t  only deeper lines", false},
		{"Text:\n\n\t- a list item", false},
		{"Text:\n\t-> right after text", false},
		{"Text:\n\n\t-> code\nthen text", false},
		{"[Foo]: https://example.com", false},
		{"# Heading", false},
		{"trailing blank\n", false},
		{"", false},
	} {
		if got := plainDoc(tc.text); got != tc.plain {
			t.Errorf("plainDoc(%q) = %v, want %v", tc.text, got, tc.plain)
		}
		if tc.plain {
			if got := reformatDoc(tc.text); got != tc.text+"\n" {
				t.Errorf("%q prints as %q", tc.text, got)
			}
		}
	}
}

// TestCodeBlock: an old-style "Example:" section keeps its QMP transcript
// as a code block, relative indentation included, and its titles as text,
// also a title right above the transcript (QEMU 7.2's blockdev-add) and a
// transcript that is a bare JSON event.
func TestCodeBlock(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1. Do it\n\n-> { \"execute\": \"x\",\n     \"arguments\": {} }\n<- { \"return\": {} }\n\n2. Again\n\n    -> { \"execute\": \"y\" }",
			"1. Do it\n\n\t-> { \"execute\": \"x\",\n\t     \"arguments\": {} }\n\t<- { \"return\": {} }\n\n2. Again\n\n\t-> { \"execute\": \"y\" }\n"},
		{"1.\n-> { \"execute\": \"x\",\n     \"arguments\": {} }\n<- { \"return\": {} }\n\n2.\n{ \"event\": \"E\" }",
			"1.\n\n\t-> { \"execute\": \"x\",\n\t     \"arguments\": {} }\n\t<- { \"return\": {} }\n\n2.\n\n\t{ \"event\": \"E\" }\n"},
	} {
		c := &comment{}
		c.para("X is the thing.")
		c.codeBlock("Examples", tc.in)
		got := canonicalDoc(strings.Join(c.lines, "\n"))
		if want := "X is the thing.\n\nExamples:\n\n" + tc.want; got != want {
			t.Errorf("got\n%q\nwant\n%q", got, want)
		}
	}
}

// TestLabelledList: a section that starts with a list gets its label as
// a paragraph of its own and the list as a Go doc list.
func TestLabelledList(t *testing.T) {
	c := &comment{}
	c.para("X is the thing.")
	c.labelled("Notes", "1. The 'query-migrate' command should be used\n   to check progress\n\n2. All default to false")
	got := canonicalDoc(strings.Join(c.lines, "\n"))
	want := "X is the thing.\n\nNotes:\n\n 1. The 'query-migrate' command should be used\n    to check progress\n\n 2. All default to false\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
