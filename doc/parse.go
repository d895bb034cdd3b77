// SPDX-License-Identifier: Apache-2.0

package doc

import (
	"fmt"
	"strings"

	"github.com/qapi-gen/qapi-gen/source"
)

// Parse parses one doc block. lines[0] is the opening "##" line; the last
// line is the closing line that starts with "##" or, when the block is not
// closed, a NotComment line positioned at the token that ended it.
//
// Errors are *source.Error. Those QEMU reports with a column (syntax
// errors found while reading a line) carry the line's Col; the others
// (duplicates, empty sections) have Col 0. When a block has several
// problems, the one QEMU reports first is returned.
func Parse(lines []Line, opts Options) (*Doc, error) {
	if len(lines) == 0 {
		return nil, &source.Error{Msg: "documentation comment must end with '##'"}
	}
	p := &blockParser{lines: lines, cur: lines[0], legacy: opts.Legacy}
	if lines[0].Text != "##" {
		return nil, p.syntaxError("junk after '##' at start of documentation comment")
	}
	d := &Doc{
		Info:     lines[0].Info,
		Args:     map[string]*Section{},
		Features: map[string]*Section{},
		Legacy:   opts.Legacy,
	}
	d.All = []*Section{{Info: d.Info, Kind: Plain}}
	p.doc = d

	first, err := p.read()
	if err != nil {
		return nil, err
	}
	if !first.end && len(first.text) > 0 && first.text[0] == '@' {
		err = p.parseDefinition(first)
	} else {
		err = p.parseFreeForm(first)
	}
	if err != nil {
		return nil, err
	}
	p.pending.flush()
	if err := d.finish(); err != nil {
		return nil, err
	}
	return d, nil
}

// docLine is one line of a block as the section logic sees it: the text
// after "# " with trailing whitespace removed, or the end of the block.
type docLine struct {
	text string
	end  bool // the closing "##"
}

func (l docLine) blank() bool { return !l.end && l.text == "" }

// blockParser walks the lines of one block. cur is the line read last:
// syntax errors point at it, and new sections start at it.
type blockParser struct {
	lines  []Line
	next   int
	cur    Line
	legacy bool
	doc    *Doc
	// pending collects the text of the section being written: doc
	// blocks grow line by line, and appending to a string would copy the
	// whole section for every line.
	pending pendingText
}

type pendingText struct {
	s *Section
	b strings.Builder
}

// target directs further text to s, storing what was collected for the
// previous section first.
func (pt *pendingText) target(s *Section) {
	if pt.s == s {
		return
	}
	pt.flush()
	pt.s = s
	pt.b.WriteString(s.Text)
}

// flush stores the collected text in its section.
func (pt *pendingText) flush() {
	if pt.s != nil {
		pt.s.Text = pt.b.String()
		pt.s = nil
		pt.b.Reset()
	}
}

func (p *blockParser) syntaxError(msg string) *source.Error {
	return &source.Error{Info: p.cur.Info, Col: p.cur.Col, Msg: msg}
}

func (p *blockParser) semError(msg string) *source.Error {
	return &source.Error{Info: p.cur.Info, Msg: msg}
}

// read advances to the next line and checks its comment syntax.
func (p *blockParser) read() (docLine, error) {
	p.next++
	if p.next >= len(p.lines) {
		// The caller broke the contract (no closing line); report the
		// block as unterminated at the last line we have.
		p.cur = p.lines[len(p.lines)-1]
		return docLine{}, p.syntaxError("documentation comment must end with '##'")
	}
	p.cur = p.lines[p.next]
	t := p.cur.Text
	switch {
	case p.cur.NotComment || t == "" || t[0] != '#':
		return docLine{}, p.syntaxError("documentation comment must end with '##'")
	case len(t) >= 2 && t[1] == '#':
		if t != "##" {
			return docLine{}, p.syntaxError("junk after '##' at end of documentation comment")
		}
		return docLine{end: true}, nil
	case t == "#":
		return docLine{}, nil
	case t[1] != ' ':
		return docLine{}, p.syntaxError("missing space after #")
	}
	return docLine{text: trimRightSpace(t[2:])}, nil
}

// skipBlank reads past blank lines, starting with l.
func (p *blockParser) skipBlank(l docLine) (docLine, error) {
	var err error
	for l.blank() && err == nil {
		l, err = p.read()
	}
	return l, err
}

// appendText adds a line to the section being written (the last one).
func (p *blockParser) appendText(text string) {
	p.pending.target(p.doc.All[len(p.doc.All)-1])
	p.pending.b.WriteString(text)
	p.pending.b.WriteByte('\n')
}

// parseFreeForm reads a block that documents no definition: every line
// goes into the body, and member descriptions are not allowed.
func (p *blockParser) parseFreeForm(l docLine) error {
	p.startParagraph()
	var err error
	for !l.end {
		if name, _, ok := p.atNameColon(l.text); ok {
			return p.syntaxError(fmt.Sprintf("'@%s:' not allowed in free-form documentation", name))
		}
		p.appendText(l.text)
		if l, err = p.read(); err != nil {
			return err
		}
	}
	return nil
}

// parseDefinition reads a block documenting a definition: the "@symbol:"
// line, then paragraphs of the body, member descriptions, an optional
// "Features:" part, and tagged or plain sections. Descriptions must all
// come before the first tagged section.
func (p *blockParser) parseDefinition(l docLine) error {
	if l.text[len(l.text)-1] != ':' {
		return p.syntaxError("line should end with ':'")
	}
	p.doc.Symbol = l.text[1 : len(l.text)-1]
	if p.doc.Symbol == "" {
		return p.syntaxError("name required after '@'")
	}
	descriptionsDone := false
	var err error
	if l, err = p.read(); err != nil {
		return err
	}
	for {
		if l, err = p.skipBlank(l); err != nil {
			return err
		}
		if l.end {
			return nil
		}
		if l.text == "Features:" {
			if len(p.doc.FeatureOrder) > 0 {
				return p.syntaxError("duplicated 'Features:' line")
			}
			if l, err = p.read(); err != nil {
				return err
			}
			if l, err = p.skipBlank(l); err != nil {
				return err
			}
			if l, err = p.descriptions(l, Feature); err != nil {
				return err
			}
			if len(p.doc.FeatureOrder) == 0 {
				return p.syntaxError("feature descriptions expected")
			}
			descriptionsDone = true
		} else if name, _, ok := p.atNameColon(l.text); ok {
			if descriptionsDone {
				return p.syntaxError(fmt.Sprintf("description of '@%s:' follows a section", name))
			}
			if l, err = p.descriptions(l, Member); err != nil {
				return err
			}
			descriptionsDone = true
		} else if word, kind, rest, ok := sectionTag(l.text); ok {
			if l, err = p.taggedSection(word, kind, rest); err != nil {
				return err
			}
			descriptionsDone = true
		} else {
			p.startParagraph()
			p.appendText(l.text)
			if l, err = p.paragraph(); err != nil {
				return err
			}
		}
	}
}

// descriptions reads consecutive "@name: text" descriptions of members or
// features, starting at l, and returns the first line after them.
func (p *blockParser) descriptions(l docLine, kind Kind) (docLine, error) {
	var err error
	for !l.end {
		name, rest, ok := p.atNameColon(l.text)
		if !ok {
			break
		}
		if err := p.startDescription(kind, name); err != nil {
			return l, err
		}
		if rest != "" {
			p.appendText(rest)
		}
		if l, err = p.indentedText(rest == ""); err != nil {
			return l, err
		}
	}
	return l, nil
}

// taggedSection starts a "Tag: text" section and reads its text.
func (p *blockParser) taggedSection(word string, kind Kind, rest string) (docLine, error) {
	switch kind {
	case Note:
		if !p.legacy {
			return docLine{}, p.syntaxError(fmt.Sprintf("The '%s' section is no longer supported. "+
				"Please use rST's '.. note::' or '.. admonition:: notes' directives, "+
				"or another suitable admonition instead.", word))
		}
	case Example:
		if !p.legacy {
			return docLine{}, p.syntaxError(fmt.Sprintf("The '%s' section is no longer supported. "+
				"Please use the '.. qmp-example::' directive, or other suitable markup instead.", word))
		}
	}
	if err := p.startTagged(kind, word); err != nil {
		return docLine{}, err
	}
	if rest != "" {
		p.appendText(rest)
	}
	if p.legacy && (kind == Note || kind == Example) {
		// Old notes and examples ran up to the next tag, blank lines and
		// unindented paragraphs included.
		return p.legacyText()
	}
	return p.indentedText(rest == "")
}

// paragraph reads the rest of a plain paragraph: lines up to a blank line
// or the end of the block, which it returns.
//
// In legacy mode the paragraph also ends at a line that starts a part
// (a description, a tagged section, "Features:"): QEMU before 9.2 looked
// at every line of the body for those.
func (p *blockParser) paragraph() (docLine, error) {
	for {
		l, err := p.read()
		if err != nil || l.end || l.blank() {
			return l, err
		}
		if p.legacy && p.startsPart(l.text) {
			return l, nil
		}
		p.appendText(l.text)
	}
}

// indentedText reads the continuation of a description or tagged section
// and returns the first line that is not part of it. Continuation lines
// are indented; the indentation of the first one sets the minimum for the
// others. Blank lines belong to the section.
//
// The section also ends at a "@name:" line, and at a line indented less
// than the minimum once two lines have been taken; a less indented line
// right after the first one is an error. (That is QEMU 10.1's rule,
// reproduced as is.)
//
// In legacy mode, unindented lines continue the section as long as no
// blank line separates them from its text, and also when the tag line had
// no text of its own (the old "Example:" layout); "@name:", tag and
// "Features:" lines still end it, and there are no indentation errors.
func (p *blockParser) indentedText(headerOnly bool) (docLine, error) {
	l, err := p.read()
	sawBlank := false
	for err == nil && l.blank() {
		p.appendText("")
		sawBlank = true
		l, err = p.read()
	}
	if err != nil || l.end {
		return l, err
	}
	if p.legacy {
		return p.continueLegacy(l, headerOnly || !sawBlank, false)
	}
	indent := indentOf(l.text)
	if indent == 0 {
		return l, nil
	}
	p.appendText(l.text)
	tookTwo := false
	for {
		if l, err = p.read(); err != nil || l.end {
			return l, err
		}
		if _, _, ok := p.atNameColon(l.text); ok {
			return l, nil
		}
		if l.text != "" && indentOf(l.text) < indent {
			if tookTwo {
				return l, nil
			}
			return l, p.syntaxError(fmt.Sprintf("unexpected de-indent (expected at least %d spaces)", indent))
		}
		p.appendText(l.text)
		tookTwo = true
	}
}

// legacyText reads the text of a legacy Note or Example section, which
// runs up to the next part of the doc.
func (p *blockParser) legacyText() (docLine, error) {
	l, err := p.read()
	if err != nil {
		return l, err
	}
	return p.continueLegacy(l, true, true)
}

// continueLegacy is indentedText's legacy rule, starting at line l. glued
// reports whether l may continue the section even if unindented; with
// toNextPart, any line that does not start a new part does.
func (p *blockParser) continueLegacy(l docLine, glued, toNextPart bool) (docLine, error) {
	var err error
	for {
		if l.end || p.startsPart(l.text) {
			return l, nil
		}
		if l.text != "" && !glued && !toNextPart && indentOf(l.text) == 0 {
			return l, nil
		}
		p.appendText(l.text)
		glued = l.text != ""
		if l, err = p.read(); err != nil {
			return l, err
		}
	}
}

// startsPart reports whether a line begins a new part of a definition's
// doc in legacy mode: a description, a tagged section or "Features:".
func (p *blockParser) startsPart(text string) bool {
	if _, _, ok := p.atNameColon(text); ok {
		return true
	}
	if _, _, _, ok := sectionTag(text); ok {
		return true
	}
	return text == "Features:"
}
