package firstday_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snippets returns the regions between "// snippet" and "// end snippet"
// lines of the Go files in dir, each with the indentation of its marker
// removed.
func snippets(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var region []string
		indent, in := "", false
		for _, l := range strings.Split(string(b), "\n") {
			trimmed := strings.TrimLeft(l, "\t")
			switch {
			case trimmed == "// snippet":
				indent, in, region = l[:len(l)-len(trimmed)], true, nil
			case trimmed == "// end snippet" && in:
				out[strings.Join(region, "\n")] = true
				in = false
			case in:
				region = append(region, strings.TrimPrefix(l, indent))
			}
		}
	}
	return out
}

// goBlocks returns the ```go blocks of a Markdown file, with the line
// each starts on.
func goBlocks(t *testing.T, path string) map[int]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]string{}
	var block []string
	start := 0
	for i, l := range strings.Split(string(b), "\n") {
		switch {
		case start == 0 && strings.TrimSpace(l) == "```go":
			start, block = i+1, nil
		case start != 0 && strings.TrimSpace(l) == "```":
			out[start] = strings.Join(block, "\n")
			start = 0
		case start != 0:
			block = append(block, l)
		}
	}
	return out
}

// TestDocSnippets requires each Go snippet of README.md and docs/*.md to
// be code that compiles: a snippet region of this package's examples,
// character for character. A snippet of only comment lines (a
// //go:generate directive) has nothing to compile. Declaration outlines
// are fenced as text, not go.
func TestDocSnippets(t *testing.T) {
	regions := snippets(t, ".")
	if len(regions) == 0 {
		t.Fatal("no snippet regions in the examples")
	}
	docs, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	examples, err := filepath.Glob("../../examples/*/README.md")
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, examples...)
	checked := 0
	for _, doc := range append([]string{"../../README.md"}, docs...) {
		for line, block := range goBlocks(t, doc) {
			if onlyComments(block) {
				continue
			}
			checked++
			if !regions[block] {
				t.Errorf("%s:%d: this Go snippet is not a snippet region of golden/firstday's examples "+
					"(copy it from there, or add it there so that it compiles):\n%s", doc, line, block)
			}
		}
	}
	if checked == 0 {
		t.Error("no Go snippets found in README.md and docs/")
	}
}

func onlyComments(block string) bool {
	for _, l := range strings.Split(block, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "//") {
			return false
		}
	}
	return true
}
