// SPDX-License-Identifier: Apache-2.0

package doc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isSpace reports whether r is whitespace the way Python's str.isspace and
// re's \s see it: Go's notion plus the ASCII information separators
// U+001C..U+001F, which Python also counts.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// trimRightSpace removes trailing whitespace (Python's str.rstrip()).
func trimRightSpace(s string) string {
	return strings.TrimRightFunc(s, isSpace)
}

// indentOf counts the leading whitespace characters of s (not bytes: QEMU
// reports the indentation in characters).
func indentOf(s string) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && size <= 1 || !isSpace(r) {
			break
		}
		n++
		s = s[size:]
	}
	return n
}

// atNameColon is atNameColon with the rule of the doc's language. QEMU
// before 9.2 took a line for a description only when its first
// space-separated word was "@name:" (so "@name : text" was plain text).
func (p *blockParser) atNameColon(line string) (name, rest string, ok bool) {
	if !p.legacy {
		return atNameColon(line)
	}
	word, after, _ := strings.Cut(line, " ")
	if len(word) < 2 || word[0] != '@' || word[len(word)-1] != ':' {
		return "", "", false
	}
	return word[1 : len(word)-1], strings.TrimLeft(after, " "), true
}

// atNameColon recognizes a line that starts a description: "@name:"
// followed by optional spaces. It returns the name and the text after the
// spaces. The name may be empty or contain anything but ':'.
func atNameColon(line string) (name, rest string, ok bool) {
	if !strings.HasPrefix(line, "@") {
		return "", "", false
	}
	colon := strings.IndexByte(line, ':')
	if colon < 0 {
		return "", "", false
	}
	return line[1:colon], strings.TrimLeft(line[colon+1:], " "), true
}

// sectionTags are the words that start a tagged section when followed by
// a single ':' (a "::" after the word is rST markup, not a tag).
var sectionTags = []struct {
	word string
	kind Kind
}{
	{"Returns", Returns},
	{"Errors", Errors},
	{"Since", Since},
	{"Notes", Note},
	{"Note", Note},
	{"Examples", Example},
	{"Example", Example},
	{"TODO", TODO},
}

// sectionTag recognizes a line starting a tagged section ("Since: 1.0").
// It returns the tag word as written, its kind and the text after the tag.
func sectionTag(line string) (word string, kind Kind, rest string, ok bool) {
	for _, t := range sectionTags {
		after, found := strings.CutPrefix(line, t.word)
		if !found || !strings.HasPrefix(after, ":") || strings.HasPrefix(after, "::") {
			continue
		}
		return t.word, t.kind, strings.TrimLeft(after[1:], " "), true
	}
	return "", 0, "", false
}
