// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// Doc comments are half of the generated text, and go/format spends more
// time on comment lines than on code. gofmt does not change them
// (declCode gives the top-level ones gofmt's canonical form; the others
// gofmt only indents), so go/format does not need to see them: the unit
// keeps each comment's text in a table and the code gets a one-line
// marker comment instead; after formatting, expandDocs puts the text back
// in place of each marker, with the marker's indentation. gofmt lays code
// out the same whatever the length of a comment block between two lines
// of code, so the result is what formatting the full text would give
// (TestDocMarkersMatchFullFormat checks this on every schema of the
// corpus). The one-element-per-line bodies of the value tables go through
// the same table (see listBody).

// docMarker starts a marker line; the index into unit.docs follows.
const docMarker = "// qapi-gen-doc "

// doc stores a comment's "//" lines and returns the marker standing for
// them in the code.
func (u *unit) doc(lines string) *jen.Statement {
	return jen.Comment(u.marker(lines)).Line()
}

// marker stores a comment and returns its marker.
func (u *unit) marker(lines string) string {
	u.docs = append(u.docs, lines)
	return docMarker + strconv.Itoa(len(u.docs)-1)
}

// comment adds a top-level comment of fixed text ("//" lines) to the
// file, through the doc table as well.
func (u *unit) comment(lines ...string) {
	u.file.Comment(u.marker(strings.Join(lines, "\n")))
}

// listBody is the body of a composite literal that has one element per
// line, each given in the form gofmt prints it (an identifier, a string
// literal, a one-line literal of constants): a marker, expanded after
// formatting as a doc comment is. gofmt would print these lines
// unchanged, but it prints every element of a multi-line list twice, the
// second time to measure it for alignment, which for the enum value lists
// and the command table of QEMU's schema is a visible part of the run.
func (u *unit) listBody(elems []string) []jen.Code {
	if len(elems) == 0 {
		return nil
	}
	return []jen.Code{jen.Line().Comment(u.marker(strings.Join(elems, ",\n") + ",")).Line()}
}

// expandDocs replaces each marker line of src with the comment it stands
// for, every line of it indented as the marker was. Each comment must be
// used exactly once: anything else is a bug in the generator.
func expandDocs(src []byte, docs []string) ([]byte, error) {
	size := len(src)
	for _, d := range docs {
		size += len(d) + 8*strings.Count(d, "\n")
	}
	out := make([]byte, 0, size)
	used := make([]bool, len(docs))
	marker := []byte(docMarker)
	for {
		i := bytes.Index(src, marker)
		if i < 0 {
			break
		}
		lineStart := bytes.LastIndexByte(src[:i], '\n') + 1
		indent := src[lineStart:i]
		if len(bytes.Trim(indent, "\t ")) != 0 {
			return nil, fmt.Errorf("doc marker after code on line %q", lineOf(src, i))
		}
		numStart := i + len(marker)
		numEnd := numStart
		for numEnd < len(src) && src[numEnd] >= '0' && src[numEnd] <= '9' {
			numEnd++
		}
		n, err := strconv.Atoi(string(src[numStart:numEnd]))
		for numEnd < len(src) && (src[numEnd] == ' ' || src[numEnd] == '\t') {
			numEnd++ // unformatted text may have blanks before the newline
		}
		if err != nil || n >= len(docs) || used[n] || numEnd < len(src) && src[numEnd] != '\n' {
			return nil, fmt.Errorf("bad or repeated doc marker %q", lineOf(src, i))
		}
		used[n] = true
		out = append(out, src[:lineStart]...)
		text := docs[n]
		for {
			l, rest, more := strings.Cut(text, "\n")
			out = append(out, indent...)
			out = append(out, l...)
			if !more {
				break
			}
			out = append(out, '\n')
			text = rest
		}
		src = src[numEnd:]
	}
	out = append(out, src...)
	for n, ok := range used {
		if !ok {
			return nil, fmt.Errorf("doc comment %d lost: its marker is not in the output", n)
		}
	}
	return out, nil
}

// lineOf is the line of src holding offset i, for error messages.
func lineOf(src []byte, i int) string {
	start := bytes.LastIndexByte(src[:i], '\n') + 1
	end := bytes.IndexByte(src[i:], '\n')
	if end < 0 {
		return string(src[start:])
	}
	return string(src[start : i+end])
}
