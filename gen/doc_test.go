package gen

import (
	"bytes"
	gocomment "go/doc/comment"
	"go/format"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/model"
)

// TestCanonicalDocStable checks that canonicalDoc gives a fixed point of
// go/doc/comment's parse+print (what gofmt does to a doc comment) for the
// doc comment of every definition of every schema of the corpus, so that
// generated files are gofmt-clean after one round of formatting.
func TestCanonicalDocStable(t *testing.T) {
	checked, multi := 0, 0
	for _, cs := range corpusSchemas(t) {
		s, err := model.Load(cs.file, model.LoadOptions{Legacy: cs.legacy, LenientDocs: true})
		if err != nil {
			t.Errorf("front end rejects %s: %v", cs.file, err)
			continue
		}
		g := newGenerator(s, Options{Package: "p"})
		for _, e := range s.Entities {
			d, ok := e.(model.Definition)
			if !ok {
				continue
			}
			c := g.defComment("X is the thing.", d)
			text := strings.Join(c.lines, "\n")
			got := canonicalDoc(text)
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
	if checked < 1000 || multi == 0 {
		t.Errorf("checked %d doc comments, %d needing several rounds; want > 1000 and > 0", checked, multi)
	}
	t.Logf("%d doc comments, %d needing several rounds", checked, multi)
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
	} {
		if got := dedentHanging(tc.in); got != tc.want {
			t.Errorf("dedentHanging(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
