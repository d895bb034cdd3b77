// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"fmt"
	gocomment "go/doc/comment"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"
	"github.com/qapi-gen/qapi-gen/doc"
	"github.com/qapi-gen/qapi-gen/model"
)

// comment collects the paragraphs of a Go doc comment. It is emitted one
// "//" line at a time, each line cleaned of anything that could end the
// comment or upset the Go scanner, so no doc text can break the output.
type comment struct{ lines []string }

// para adds a paragraph (which may span lines, and which fromRST,
// joinIndented and rstLists turn from QAPI's reStructuredText into Go doc
// form); an empty text adds nothing.
func (c *comment) para(text string) {
	c.text(rstLists(joinIndented(fromRST(text))))
}

// text adds a paragraph as written (but cleaned), without reading it as
// reStructuredText.
func (c *comment) text(text string) {
	text = strings.Trim(text, "\n")
	if strings.TrimSpace(text) == "" {
		return
	}
	if len(c.lines) > 0 {
		c.lines = append(c.lines, "")
	}
	for _, l := range strings.Split(text, "\n") {
		c.lines = append(c.lines, cleanLine(l))
	}
}

// labelled adds "Label: text" as a paragraph; when text starts with a
// list, "Label:" is a paragraph of its own, before the list.
func (c *comment) labelled(label, text string) {
	if strings.TrimSpace(text) == "" {
		c.para(label + ".")
		return
	}
	text = strings.TrimLeft(dedentHanging(text), " ")
	if listItem(text) {
		c.para(label + ":")
		c.para(text)
		return
	}
	c.para(label + ": " + text)
}

// codeBlock adds "Label:" and the text of an old-style example under it:
// QMP transcripts ("-> ..." and "<- ..." lines, or indented ones, up to a
// blank line) as code blocks, tab-indented the way gofmt prints them, and
// the other lines (titles such as "1. Change a medium", also right before
// a transcript) as text.
func (c *comment) codeBlock(label, text string) {
	lines := dedent(strings.Split(strings.Trim(text, "\n"), "\n"))
	if len(lines) == 1 && strings.TrimSpace(lines[0]) == "" {
		c.para(label + ".")
		return
	}
	c.para(label + ":")
	for len(lines) > 0 {
		n := 0
		for n < len(lines) && strings.TrimSpace(lines[n]) != "" {
			n++
		}
		run := lines[:n]
		if n == 0 {
			lines = lines[1:]
			continue
		}
		lines = lines[n:]
		title := 0
		for title < len(run) && !transcriptLine(run[title]) {
			title++
		}
		if title > 0 {
			c.text(strings.Join(run[:title], "\n"))
			run = run[title:]
		}
		if len(run) == 0 {
			continue
		}
		c.lines = append(c.lines, "")
		for _, l := range run {
			c.lines = append(c.lines, "\t"+cleanLine(l))
		}
	}
}

// transcriptLine reports whether l starts (or continues) a QMP
// transcript in an example: "-> ", "<- ", a JSON object (an event, in
// some examples) or indented.
func transcriptLine(l string) bool {
	return strings.HasPrefix(l, "->") || strings.HasPrefix(l, "<-") || strings.HasPrefix(l, "{") || indented(l)
}

// dedentHanging undoes the hanging indent QAPI descriptions use
// ("@member: first line" then indented continuation lines), which Go doc
// would otherwise show as a code block. It removes the indentation the
// continuation lines share (all lines', when the text starts on an
// indented line) and keeps any deeper, meaningful indentation. A tab
// that starts a continuation line (QEMU 4.2 has some) indents like
// spaces to the next multiple of 8.
func dedentHanging(text string) string {
	text = strings.Trim(text, "\n")
	lines := strings.Split(text, "\n")
	from := 1
	if indentOf(lines[0]) > 0 {
		from = 0
	}
	for i := 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "\t") {
			lines[i] = expandLeadingTabs(lines[i])
		}
	}
	common := -1
	for _, l := range lines[from:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if n := indentOf(l); common < 0 || n < common {
			common = n
		}
	}
	if common <= 0 {
		return text
	}
	for i := from; i < len(lines); i++ {
		if len(lines[i]) >= common {
			lines[i] = lines[i][common:]
		} else {
			lines[i] = strings.TrimLeft(lines[i], " ")
		}
	}
	return strings.Join(lines, "\n")
}

// expandLeadingTabs replaces the tabs among l's leading white space by
// spaces, to the next multiple of 8.
func expandLeadingTabs(l string) string {
	var b strings.Builder
	i := 0
	for ; i < len(l) && (l[i] == ' ' || l[i] == '\t'); i++ {
		if l[i] == ' ' {
			b.WriteByte(' ')
			continue
		}
		b.WriteString(strings.Repeat(" ", 8-b.Len()%8))
	}
	return b.String() + l[i:]
}

func indentOf(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }

// code renders the comment in front of a struct field or constant. The
// text goes into the unit's doc table and the code gets a one-line
// marker in its place (see unit.doc). gofmt leaves such comments as they
// are (it only indents them).
func (c *comment) code(u *unit) *jen.Statement {
	if len(c.lines) == 0 {
		return jen.Null()
	}
	var b strings.Builder
	for i, l := range c.lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("//")
		if l != "" {
			b.WriteByte(' ')
			b.WriteString(l)
		}
	}
	return u.doc(b.String())
}

// declCode renders the comment of a top-level declaration, like code,
// in the canonical form gofmt gives doc comments (go/doc/comment): gofmt
// reformats those on every run, so the text must be a fixed point.
func (c *comment) declCode(u *unit) *jen.Statement {
	if len(c.lines) == 0 {
		return jen.Null()
	}
	dotHeadings(c.lines)
	return u.doc(commentLines(canonicalDoc(strings.Join(c.lines, "\n"))))
}

// commentLines turns doc text as go/doc/comment prints it (no comment
// markers, a final newline) into "//" lines the way gofmt writes them:
// "//" for a blank line, "//\t" before code, "// " before anything else.
func commentLines(text string) string {
	var b strings.Builder
	b.Grow(len(text) + 3*strings.Count(text, "\n") + 3)
	for len(text) > 0 {
		l, rest, _ := strings.Cut(text, "\n")
		text = rest
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		switch {
		case l == "":
			b.WriteString("//")
		case l[0] == '\t':
			b.WriteString("//")
			b.WriteString(l)
		default:
			b.WriteString("// ")
			b.WriteString(l)
		}
	}
	return b.String()
}

// canonicalDoc returns doc text (without comment markers) as gofmt
// prints it, with a final newline: go/doc/comment's parse and print.
//
// gofmt reformats the comment it finds in the file, so the result must
// be a fixed point of parse+print. One round is, except around indented
// blocks (code or lists), where the printer's blank-line separation can
// read differently the second time: two neighbouring blocks merge, and a
// lone line after a block becomes a heading. Only for those shapes go on
// until the text stops changing.
//
// Most doc text is plain paragraphs, which print as they are: plainDoc
// recognises them and saves the parse.
func canonicalDoc(text string) string {
	if plainDoc(text) {
		return text + "\n"
	}
	return reformatDoc(text)
}

// reformatDoc is canonicalDoc without the shortcut for plain text.
//
// A lone line such as "QEMU error classes" reads as a heading to Go doc,
// which prints it as "# QEMU error classes". QAPI never means a heading
// there, so such a line gets a full stop instead, and the text is
// reformatted again.
func reformatDoc(text string) string {
	out := fixedPoint(text)
	for i := 0; i < 4 && strings.Contains("\n"+out, "\n# "); i++ {
		lines := strings.Split(out, "\n")
		for j, l := range lines {
			if h, ok := strings.CutPrefix(l, "# "); ok {
				lines[j] = h + "."
			}
		}
		out = fixedPoint(strings.Join(lines, "\n"))
	}
	return out
}

// fixedPoint is go/doc/comment's parse and print, repeated while it
// changes the text (see canonicalDoc).
func fixedPoint(text string) string {
	var p gocomment.Parser
	var pr gocomment.Printer
	d := p.Parse(text)
	out := string(pr.Comment(d))
	if !mayChangeAgain(d.Content) {
		return out
	}
	for i := 0; i < 4; i++ {
		next := string(pr.Comment(p.Parse(out)))
		if next == out {
			break
		}
		out = next
	}
	return out
}

// plainDoc reports whether go/doc/comment prints text as it is (with a
// final newline). It is conservative: it accepts only paragraphs of
// unindented lines and code blocks already in printed form (lines
// indented by one tab, at least one of them by exactly one, no list
// marker), separated by single blank lines, where no line could start a
// heading ("# ", or an old-style one: a lone line that looks like a title)
// or a link definition ("[text]: URL"). Nor is text with two backquotes
// or two single quotes in a row, which become typographic quotes.
func plainDoc(text string) bool {
	if text == "" || text[len(text)-1] == '\n' {
		return false
	}
	if strings.Contains(text, "``") || strings.Contains(text, "''") {
		return false
	}
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		blankBefore := i == 0 || lines[i-1] == ""
		switch {
		case l == "":
			if blankBefore {
				return false // a leading blank line, or two in a row
			}
		case l[0] == '\t':
			// A code block: blank lines around it, the tab the printer
			// puts, and nothing that starts a list.
			if i == 0 || !blankBefore {
				return false // at the start, go/doc/comment unindents it
			}
			exact := false
			for ; i < len(lines) && lines[i] != "" && lines[i][0] == '\t'; i++ {
				code := lines[i][1:]
				exact = exact || code != "" && code[0] != ' ' && code[0] != '\t'
				if listItem(code) {
					return false
				}
			}
			if !exact || i < len(lines) && lines[i] != "" {
				return false
			}
		case l[0] == ' ' || l[0] == '[' || l[0] == '#':
			return false
		default:
			lone := blankBefore && (i+1 == len(lines) || lines[i+1] == "")
			if lone && mayBeHeading(l) {
				return false
			}
		}
	}
	return true
}

// listItem reports whether go/doc/comment would read l, indented, as a
// list item: a bullet (-, *, + or •) or a number followed by '.' or ')',
// then white space and text.
func listItem(l string) bool {
	l = strings.TrimSpace(l)
	var rest string
	switch {
	case strings.HasPrefix(l, "•"):
		rest = l[len("•"):]
	case l != "" && strings.IndexByte("*+-", l[0]) >= 0:
		rest = l[1:]
	case l != "" && l[0] >= '0' && l[0] <= '9':
		n := 1
		for n < len(l) && l[n] >= '0' && l[n] <= '9' {
			n++
		}
		if n >= len(l) || l[n] != '.' && l[n] != ')' {
			return false
		}
		rest = l[n+1:]
	default:
		return false
	}
	return rest != "" && (rest[0] == ' ' || rest[0] == '\t') && strings.TrimSpace(rest) != ""
}

// mayBeHeading reports whether go/doc/comment would take l, alone in its
// paragraph, for an old-style heading: it starts with an upper-case
// letter, ends with a letter or digit, has none of the punctuation a
// heading cannot have, an apostrophe only in "'s" at the end of a word,
// and a full stop only inside a word ("2.1").
func mayBeHeading(l string) bool {
	first, _ := utf8.DecodeRuneInString(l)
	last, _ := utf8.DecodeLastRuneInString(l)
	if !unicode.IsUpper(first) || !unicode.IsLetter(last) && !unicode.IsDigit(last) ||
		strings.ContainsAny(l, ";:!?+*/=[]{}_^°&§~%#@<\">\\") {
		return false
	}
	for rest := l; ; {
		var ok bool
		if _, rest, ok = strings.Cut(rest, "'"); !ok {
			break
		}
		if rest != "s" && !strings.HasPrefix(rest, "s ") {
			return false
		}
	}
	for rest := l; ; {
		var ok bool
		if _, rest, ok = strings.Cut(rest, "."); !ok {
			break
		}
		if rest == "" || rest[0] == ' ' {
			return false
		}
	}
	return true
}

// dotHeadings ends with a full stop each line of lines that go/doc/comment
// would read as an old-style heading: a lone line like "QEMU error
// classes" between blank lines, with a paragraph after it. QAPI means a
// sentence there, never a heading.
func dotHeadings(lines []string) {
	for i := 1; i+2 < len(lines); i++ {
		if lines[i] != "" && lines[i-1] == "" && lines[i+1] == "" && !indented(lines[i+2]) && !indented(lines[i]) &&
			mayBeHeading(strings.TrimSpace(lines[i])) {
			lines[i] += "."
		}
	}
}

func indented(l string) bool { return l != "" && (l[0] == ' ' || l[0] == '\t') }

// mayChangeAgain reports the block shapes a second parse+print round can
// change: an indented block followed by another one, or by a paragraph of
// a single line.
func mayChangeAgain(blocks []gocomment.Block) bool {
	for i := 1; i < len(blocks); i++ {
		switch blocks[i-1].(type) {
		case *gocomment.Code, *gocomment.List:
		default:
			continue
		}
		switch b := blocks[i].(type) {
		case *gocomment.Code, *gocomment.List:
			return true
		case *gocomment.Paragraph:
			if singleLine(b.Text) {
				return true
			}
		}
	}
	return false
}

// singleLine reports whether paragraph text has no line break.
func singleLine(text []gocomment.Text) bool {
	for _, t := range text {
		if p, ok := t.(gocomment.Plain); ok && strings.Contains(string(p), "\n") {
			return false
		}
	}
	return true
}

// cleanLine makes one line of doc text safe inside a // comment: invalid
// UTF-8, control characters (a carriage return would end the line for
// some tools), the byte order mark and Unicode line separators become
// spaces; trailing white space goes.
func cleanLine(l string) string {
	if plainLine(l) {
		return l // the common case: printable ASCII, nothing to do
	}
	if !utf8.ValidString(l) {
		l = strings.ToValidUTF8(l, "\uFFFD")
	}
	l = strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return r
		case r == '\uFEFF' || r == '\u2028' || r == '\u2029' || r == 0x85:
			return ' '
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, l)
	return strings.TrimRightFunc(l, unicode.IsSpace)
}

// plainLine reports whether cleanLine leaves l as it is because it is
// printable ASCII (tabs allowed) without trailing white space.
func plainLine(l string) bool {
	for i := 0; i < len(l); i++ {
		if c := l[i]; (c < ' ' || c > '~') && c != '\t' {
			return false
		}
	}
	return l == "" || l[len(l)-1] != ' ' && l[len(l)-1] != '\t'
}

// docOf is the doc comment describing d: its own, or its owner's for
// implicit types (a command's inline arguments are documented there).
func docOf(d model.Definition) *doc.Doc {
	if d == nil {
		return nil
	}
	c := d.Common()
	if c.Doc != nil {
		return c.Doc
	}
	if c.Implicit != nil && c.Implicit.Owner != nil {
		return docOf(c.Implicit.Owner)
	}
	return nil
}

// schemaDoc is dd, or nil when the options leave the schema's doc text
// out (NoDoc): every use of doc text goes through it.
func (g *generator) schemaDoc(dd *doc.Doc) *doc.Doc {
	if g.opts.NoDoc {
		return nil
	}
	return dd
}

// defComment builds the doc comment of a definition: a first sentence
// naming the Go identifier, the body, the tagged sections in the order
// written, and notes for features and the condition.
func (g *generator) defComment(first string, d model.Definition) *comment {
	c := &comment{}
	c.para(first)
	dc := d.Common()
	dd := g.schemaDoc(dc.Doc)
	if dd != nil {
		if len(dd.All) > 0 {
			c.para(g.linkRefs(d, dd.Body().Text))
		}
		for _, s := range dd.All[1:] {
			if s.Stub {
				continue
			}
			switch s.Kind {
			case doc.Plain:
				c.para(g.linkRefs(d, s.Text))
			case doc.Returns, doc.Errors, doc.Since, doc.TODO:
				c.labelled(s.Kind.String(), g.linkRefs(d, s.Text))
			case doc.Note:
				tag := s.Tag
				if tag == "" {
					tag = s.Kind.String()
				}
				c.labelled(tag, g.linkRefs(d, s.Text))
			case doc.Example:
				// The "Example:" sections of QEMU before 9.1: the text
				// is QMP, meant to be shown as written.
				tag := s.Tag
				if tag == "" {
					tag = s.Kind.String()
				}
				c.codeBlock(tag, s.Text)
			}
		}
	}
	g.featureNotes(c, dc.Features, dd, d, "definition")
	if dc.If != nil {
		c.para("Only available when " + dc.If.Expr() + " holds in the QEMU build.")
	}
	return c
}

// featureNotes adds the notes for features: other features are listed,
// "unstable" gets a note, and "deprecated" the Go "Deprecated:" paragraph
// (last, so tools show it as such). dd is the doc describing them, that
// of definition ctx.
func (g *generator) featureNotes(c *comment, fs []*model.Feature, dd *doc.Doc, ctx model.Definition, what string) {
	desc := func(name string) string {
		if dd == nil || dd.Features == nil {
			return ""
		}
		if s := dd.Features[name]; s != nil && !s.Stub {
			return g.linkRefs(ctx, dedentHanging(s.Text))
		}
		return ""
	}
	var deprecated *model.Feature
	for _, f := range fs {
		if !g.view.Allows(f.If) {
			continue
		}
		switch f.Name {
		case "deprecated":
			deprecated = f
		case "unstable":
			text := "this " + what + " is unstable (an experimental or debugging interface; it may change or go away)."
			if d := desc(f.Name); d != "" {
				text = d
			}
			c.labelled("Unstable", text)
		default:
			c.labelled("Feature "+f.Name, desc(f.Name))
		}
		if f.If != nil {
			c.para("(Feature " + f.Name + " only when " + f.If.Expr() + ".)")
		}
	}
	if deprecated != nil {
		text := "this " + what + " is deprecated."
		if d := desc("deprecated"); d != "" {
			text = d
		}
		c.labelled("Deprecated", text)
	}
}

// memberComment is the doc comment of a struct field for member m, whose
// description lives in the doc of the definition declaring it.
func (g *generator) memberComment(m *model.Member) *comment {
	c := &comment{}
	dd := g.schemaDoc(docOf(m.DefinedIn))
	if dd != nil && dd.Args != nil {
		if s := dd.Args[m.Name]; s != nil && !s.Stub {
			c.para(g.linkRefs(m.DefinedIn, dedentHanging(s.Text)))
		}
	}
	if m.Optional {
		c.para("Optional.")
	}
	g.featureNotes(c, m.Features, dd, m.DefinedIn, "member")
	if m.If != nil {
		c.para("Only when " + m.If.Expr() + ".")
	}
	return c
}

// valueComment is the doc comment of the constant for value m of enum e.
func (g *generator) valueComment(e *model.Enum, m *model.EnumMember) *comment {
	c := &comment{}
	dd := g.schemaDoc(e.Doc)
	if dd != nil && dd.Args != nil {
		if s := dd.Args[m.Name]; s != nil && !s.Stub {
			c.para(g.linkRefs(e, dedentHanging(s.Text)))
		}
	}
	g.featureNotes(c, m.Features, dd, e, "value")
	if m.If != nil {
		c.para("Only when " + m.If.Expr() + ".")
	}
	return c
}

// methodComment starts the doc comment of the Client method running cmd:
// what it runs and the command's summary, the first paragraph of its
// doc, with a link to the command type, which has the whole doc.
func (g *generator) methodComment(cmd *model.Command, method, typ string) *comment {
	c := &comment{}
	summary := g.summary(cmd)
	if summary == "" {
		c.para(fmt.Sprintf("%s runs the command %s (see [%s]).", method, cmd.Name, typ))
		return c
	}
	c.para(fmt.Sprintf("%s runs the command %s: %s", method, cmd.Name, sentence(summary)))
	if cmd.Arg != nil {
		c.para(fmt.Sprintf("See [%s] for the arguments and the whole documentation.", typ))
	} else {
		c.para(fmt.Sprintf("See [%s] for the whole documentation.", typ))
	}
	return c
}

// summary is the first paragraph of d's doc when it is prose (not a
// list, a directive or a literal block), references linked; "" when
// there is none.
func (g *generator) summary(d model.Definition) string {
	dd := g.schemaDoc(d.Common().Doc)
	if dd == nil || len(dd.All) == 0 {
		return ""
	}
	first, _, _ := strings.Cut(strings.Trim(dd.Body().Text, "\n"), "\n\n")
	first = strings.TrimSpace(first)
	if first == "" || strings.HasPrefix(first, "..") || strings.HasPrefix(first, "=") ||
		listItem(first) || strings.HasSuffix(first, ":") {
		return ""
	}
	for _, l := range strings.Split(first, "\n") {
		if indented(l) || strings.TrimSpace(l) == "" {
			return ""
		}
	}
	return g.linkRefs(d, first)
}
