// SPDX-License-Identifier: Apache-2.0

// Package doc parses QAPI documentation comments ("##" blocks) line by
// line, and holds the result: a body, member and feature descriptions, and
// tagged sections, each with the position it starts at.
package doc

import "github.com/qapi-gen/qapi-gen/source"

// Kind is the kind of a doc section.
type Kind int

// Section kinds. Note and Example only occur in Legacy mode: QEMU before
// 9.2 wrote "Note:" and "Example:" sections; 10.1 rejects them.
const (
	Plain Kind = iota
	Member
	Feature
	Returns
	Errors
	Since
	TODO
	Note
	Example
)

// String is the kind's name as QEMU prints it in dumps and messages
// ("Plain", "Returns", "Todo", ...).
func (k Kind) String() string {
	switch k {
	case Plain:
		return "Plain"
	case Member:
		return "Member"
	case Feature:
		return "Feature"
	case Returns:
		return "Returns"
	case Errors:
		return "Errors"
	case Since:
		return "Since"
	case TODO:
		return "Todo"
	case Note:
		return "Note"
	case Example:
		return "Example"
	}
	return "Unknown"
}

// Line is one raw comment line of a doc block, as the lexer saw it.
type Line struct {
	Info *source.Info // the line's position
	Col  int          // 1-based column of the '#', tabs expanded as QEMU does
	Text string       // the whole comment, from '#' to end of line, without the newline
	// NotComment marks the token that ended an unterminated block (or EOF):
	// Text is then "" and Info/Col give that token's position.
	NotComment bool
}

// Options select how Parse reads a block.
type Options struct {
	// Legacy accepts the doc conventions of QEMU 4.2 ... 9.1 schemas:
	// "Note:"/"Example:" sections, unindented continuation lines, and
	// undocumented members (see Doc.ConnectMember).
	Legacy bool
}

// Section is a piece of a doc comment.
type Section struct {
	Info *source.Info // where the section starts
	Kind Kind
	Name string // member or feature name, for Member and Feature sections
	Text string // text without the tag, lines joined by '\n', trimmed of blank lines
	// Tag is the tag as written for Legacy sections ("Notes", "Example").
	Tag string
	// Connected reports whether a Member or Feature section was matched with
	// a member or feature of the definition (set by Connect*).
	Connected bool
	// Stub marks sections inserted for undocumented members or returns.
	Stub bool
}

// Doc is a parsed doc comment block: either a definition's documentation
// (Symbol set) or free-form documentation.
type Doc struct {
	Info   *source.Info // the "##" line that opens the block
	Symbol string       // "" for free-form documentation

	// All holds every section in textual order (with stubs inserted where
	// QEMU inserts them); All[0] is the body.
	All []*Section
	// Args and Features map names to their descriptions; ArgOrder and
	// FeatureOrder keep the order they were written in, followed by the
	// names of member stubs in the order they were connected.
	Args         map[string]*Section
	ArgOrder     []string
	Features     map[string]*Section
	FeatureOrder []string
	// Returns, Errors and Since point into All when written in the block.
	// A stub added by EnsureReturns is not recorded in Returns (as in QEMU).
	Returns, Errors, Since *Section
	// Sections holds the sections other than the body, members and
	// features, in textual order. Returns stubs are not included.
	Sections []*Section

	// Legacy records Options.Legacy: the block was read leniently, and the
	// checks that run later (ConnectMember, CheckExpr) are lenient too.
	Legacy bool
}

// Body is the doc's first, untagged section.
func (d *Doc) Body() *Section { return d.All[0] }
