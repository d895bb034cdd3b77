// SPDX-License-Identifier: Apache-2.0

package doc

import (
	"fmt"
	"strings"

	"github.com/qapi-gen/qapi-gen/source"
)

// startParagraph makes the current line start a plain paragraph: it
// extends the last section when that is plain (the body, or a plain
// section after other sections), separated by an empty line, and starts a
// new plain section otherwise. A plain section that is still empty moves
// its start to the current line, so the body of a doc whose first line is
// text starts at that text.
func (p *blockParser) startParagraph() {
	p.pending.flush()
	d := p.doc
	if last := d.All[len(d.All)-1]; last.Kind == Plain {
		if last.Text == "" {
			last.Info = p.cur.Info
		}
		last.Text += "\n"
		return
	}
	s := &Section{Info: p.cur.Info, Kind: Plain}
	d.All = append(d.All, s)
	d.Sections = append(d.Sections, s)
}

// startTagged starts a tagged section at the current line. Returns,
// Errors and Since may occur once each.
func (p *blockParser) startTagged(kind Kind, word string) error {
	d := p.doc
	s := &Section{Info: p.cur.Info, Kind: kind}
	if kind == Note || kind == Example {
		s.Tag = word
	}
	var slot **Section
	switch kind {
	case Returns:
		slot = &d.Returns
	case Errors:
		slot = &d.Errors
	case Since:
		slot = &d.Since
	}
	if slot != nil {
		if *slot != nil {
			return p.semError(fmt.Sprintf("duplicated '%s' section", kind))
		}
		*slot = s
	}
	d.All = append(d.All, s)
	d.Sections = append(d.Sections, s)
	return nil
}

// startDescription starts the description of a member or feature.
func (p *blockParser) startDescription(kind Kind, name string) error {
	d := p.doc
	if name == "" {
		return p.semError("invalid parameter name")
	}
	names, order := d.Args, &d.ArgOrder
	if kind == Feature {
		names, order = d.Features, &d.FeatureOrder
	}
	if _, dup := names[name]; dup {
		return p.semError(fmt.Sprintf("'%s' parameter name duplicated", name))
	}
	s := &Section{Info: p.cur.Info, Kind: kind, Name: name}
	d.All = append(d.All, s)
	names[name] = s
	*order = append(*order, name)
	return nil
}

// finish trims the sections' surrounding blank lines; every section but a
// plain one needs text.
func (d *Doc) finish() error {
	for _, s := range d.All {
		s.Text = strings.Trim(s.Text, "\n")
		if s.Kind != Plain && s.Text == "" {
			tag := s.Tag
			if tag == "" {
				tag = s.Kind.String()
			}
			return source.Errorf(s.Info, "text required after '%s:'", tag)
		}
	}
	return nil
}
