// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"
	"unicode"
)

// QAPI doc text is reStructuredText (QEMU renders it with Sphinx). Go doc
// has no directives and no inline literals, and reads rST's forms wrongly:
// the indented continuation of ".. note::" becomes a code block, and
// “literal“ becomes typographic quotes. fromRST rewrites the forms QEMU's
// schemas use into Go doc conventions:
//
//   - ".. note:: text" and the other admonitions become a "Note: text"
//     paragraph, with the indented rest of the directive as its text;
//     ".. admonition:: Title" becomes "Title: ...";
//
//   - ".. qmp-example::" becomes an "Example:" paragraph ("Example: Title."
//     with a :title: option) followed by the example as a code block; in
//     an :annotated: example the prose is text and the literal blocks are
//     code;
//
//   - "text::" (rST's literal block marker) reads "text:", and "::" alone
//     is dropped;
//
//   - “literal“ becomes `literal`.
//
//   - ".. table:: Title" becomes "Title:" and the table as a code block.
//
// Other directives are left as they are.
func fromRST(text string) string {
	if !strings.Contains(text, "..") && !strings.Contains(text, "``") && !strings.Contains(text, "::") {
		return text // the common case
	}
	text = strings.ReplaceAll(text, "``", "`")
	lines := strings.Split(text, "\n")
	var out []string
	for i := 0; i < len(lines); {
		name, arg, ok := directive(lines[i])
		if !ok {
			out = appendProse(out, lines[i])
			i++
			continue
		}
		// The directive's body: the indented or blank lines after it.
		end := i + 1
		for end < len(lines) && (strings.TrimSpace(lines[end]) == "" || indentOf(lines[end]) > 0) {
			end++
		}
		for end > i+1 && strings.TrimSpace(lines[end-1]) == "" {
			end-- // trailing blank lines separate, they do not belong
		}
		body := lines[i+1 : end]
		switch {
		case name == "qmp-example":
			out = append(out, example(body)...)
		case admonitions[name] != "" || name == "admonition" && arg != "":
			out = append(out, admonition(name, arg, body)...)
		case name == "table":
			out = append(out, table(arg, body)...)
		default:
			out = append(out, lines[i:end]...)
		}
		i = end
	}
	return strings.Join(out, "\n")
}

// joinIndented unindents the lines indented right under a line of text
// (no blank line between): they continue it. rST reads them so (or as a
// definition, which reads as well joined); Go doc would show them as a
// code block. Schemas before QEMU 6.2 indent so in their tables of
// members ("@size      Size of the disk" then indented lines). A literal
// block needs a blank line before it, and fromRST's code blocks start
// with a tab, so neither is touched; nor are lines that do not start
// like words (ASCII art: "+-----", "10   50").
func joinIndented(text string) string {
	if !strings.Contains(text, "\n ") {
		return text
	}
	lines := strings.Split(text, "\n")
	inText := false // the previous line is (or continues) text
	for i, l := range lines {
		switch {
		case strings.TrimSpace(l) == "" || l[0] == '\t':
			inText = false
		case l[0] == ' ':
			t := strings.TrimLeft(l, " ")
			if inText && (unicode.IsLetter(rune(t[0])) || t[0] == '(' || t[0] == '\'' || t[0] == '"') {
				lines[i] = t
			} else {
				inText = false
			}
		default:
			inText = true
		}
	}
	return strings.Join(lines, "\n")
}

// rstLists turns rST's lists into Go doc lists. In rST an item starts at
// the text's margin with a bullet ("-", "*", "+") or a number ("1.",
// "2)") and continues on indented lines; Go doc reads such an item as a
// paragraph and its continuation as a code block. Go doc wants the items
// indented and the continuation lines more so. Unindented lines right
// after an item continue it too (older schemas write them so), and an
// item's second paragraph (after a blank line, indented to the item's
// text) joins its first: a Go doc list item is one paragraph. Lines
// indented otherwise after a blank line are a block of their own (the
// literal blocks of an annotated example), and tab-indented lines are
// code blocks that fromRST made, never continuation. A list followed by
// such a block stays as written: Go doc would read the block as part of
// the list.
func rstLists(text string) string {
	if !strings.Contains(text, "- ") && !strings.Contains(text, ". ") &&
		!strings.Contains(text, "* ") && !strings.Contains(text, "+ ") && !strings.Contains(text, ") ") {
		return text // the common case: no list marker at all
	}
	lines := strings.Split(text, "\n")
	out := make([]string, 0, len(lines))
	orig := make([]string, 0, len(lines)) // the line each line of out comes from
	conv := make([]bool, 0, len(lines))   // whether it is part of a list
	add := func(l, from string, inList bool) {
		out, orig, conv = append(out, l), append(orig, from), append(conv, inList)
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if indented(l) || !listItem(l) {
			add(l, l, false)
			continue
		}
		add("  "+l, l, true)
		column := itemColumn(l)
		for i+1 < len(lines) {
			next := lines[i+1]
			switch {
			case next == "" || strings.TrimSpace(next) == "":
				j := i + 1
				for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
					j++
				}
				if j < len(lines) && indentOf(lines[j]) == column && !listItem(lines[j]) && !transcriptLine(strings.TrimSpace(lines[j])) {
					i = j - 1 // a second paragraph of the item
					continue
				}
			case next[0] == ' ', !indented(next) && !listItem(next) && !isDirective(next):
				add("    "+strings.TrimSpace(next), next, true)
				i++
				continue
			}
			break
		}
	}
	// Undo the lists that an indented block follows.
	for i := 0; i < len(out); {
		if !conv[i] {
			i++
			continue
		}
		end := i
		for end < len(out) && (conv[end] || strings.TrimSpace(out[end]) == "") {
			end++
		}
		if end < len(out) && indented(out[end]) {
			copy(out[i:end], orig[i:end])
		}
		i = end
	}
	return strings.Join(out, "\n")
}

// itemColumn is the column where the text of list item l starts (a tab
// after the marker counts as one column).
func itemColumn(l string) int {
	n := strings.IndexAny(l, " \t")
	if n < 0 {
		return len(l)
	}
	return n + len(l[n:]) - len(strings.TrimLeft(l[n:], " \t"))
}

// isDirective reports an rST directive line (".. name::").
func isDirective(l string) bool {
	_, _, ok := directive(l)
	return ok
}

// admonitions maps the rST admonition directives to their Go doc labels.
var admonitions = map[string]string{
	"note": "Note", "warning": "Warning", "caution": "Caution", "important": "Important",
	"tip": "Tip", "hint": "Hint", "attention": "Attention", "danger": "Danger",
	"error": "Error", "seealso": "See also",
}

// directive parses an unindented ".. name:: argument" line.
func directive(l string) (name, arg string, ok bool) {
	rest, ok := strings.CutPrefix(l, ".. ")
	if !ok {
		return "", "", false
	}
	name, arg, ok = strings.Cut(rest, "::")
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return "", "", false
	}
	return name, strings.TrimSpace(arg), true
}

// admonition turns a note-like directive into a labelled paragraph; the
// body, dedented, continues it (and may add paragraphs).
func admonition(name, arg string, body []string) []string {
	label := admonitions[name]
	if name == "admonition" {
		label, arg = arg, ""
	}
	body = dedent(body)
	first := label + ":"
	if arg != "" {
		first += " " + arg
	} else if len(body) > 0 && body[0] != "" {
		first += " " + body[0]
		body = body[1:]
	}
	return append([]string{first}, body...)
}

// example turns a qmp-example directive into an "Example:" paragraph and
// the example itself.
func example(body []string) []string {
	title, annotated := "", false
	for len(body) > 0 {
		opt, ok := strings.CutPrefix(strings.TrimSpace(body[0]), ":")
		if !ok {
			break
		}
		if t, ok := strings.CutPrefix(opt, "title:"); ok {
			title = strings.TrimSpace(t)
		}
		annotated = annotated || strings.HasPrefix(opt, "annotated:")
		body = body[1:]
	}
	head := "Example:"
	if title != "" {
		head = "Example: " + sentence(title)
	}
	for len(body) > 0 && strings.TrimSpace(body[0]) == "" {
		body = body[1:]
	}
	out := []string{head, ""}
	if !annotated {
		// A code block, in the form gofmt prints it.
		for _, l := range dedent(body) {
			if l != "" {
				l = "\t" + l
			}
			out = append(out, l)
		}
		return out
	}
	// Prose at the body's indentation becomes text; deeper lines stay
	// indented, so they remain code.
	for _, l := range dedent(body) {
		out = appendProse(out, l)
	}
	return out
}

// appendProse appends a line of text, reading rST's literal block marker:
// "text::" is "text:", and "::" alone is nothing.
func appendProse(out []string, l string) []string {
	switch {
	case indentOf(l) > 0 || !strings.HasSuffix(l, "::"):
		return append(out, l)
	case strings.TrimSpace(l) == "::":
		return out
	}
	return append(out, strings.TrimSuffix(l, ":"))
}

// table turns a table directive into its title and the table itself,
// kept as written (a code block), without the directive's options.
func table(title string, body []string) []string {
	for len(body) > 0 && (strings.HasPrefix(strings.TrimSpace(body[0]), ":") || strings.TrimSpace(body[0]) == "") {
		body = body[1:]
	}
	head := "Table:"
	if title != "" {
		head = strings.TrimRight(title, ".:") + ":"
	}
	return append([]string{head, ""}, body...)
}

// sentence ends s with a full stop unless it ends with punctuation.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

// dedent removes the indentation the non-blank lines share.
func dedent(lines []string) []string {
	common := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if n := indentOf(l); common < 0 || n < common {
			common = n
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		switch {
		case common <= 0:
			out[i] = l
		case len(l) >= common:
			out[i] = l[common:]
		default: // a blank line shorter than the indentation
			out[i] = ""
		}
	}
	return out
}
