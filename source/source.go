// SPDX-License-Identifier: Apache-2.0

// Package source holds what every stage of qapi-gen shares about where a
// piece of schema came from: file and line positions with their include
// chain, the schema-wide pragma settings, and errors that print exactly
// like QEMU's own QAPI front end prints them.
package source

import (
	"fmt"
	"strings"
)

// Pragma holds the settings of the schema's 'pragma' directives. One Pragma
// is shared by every file of a schema: QEMU applies a pragma seen in any
// module to the whole schema.
type Pragma struct {
	// DocRequired makes doc comments mandatory for definitions.
	DocRequired bool
	// CommandNameExceptions lists commands whose names may use '_'.
	CommandNameExceptions []string
	// CommandReturnsExceptions lists commands that may return a
	// non-object type.
	CommandReturnsExceptions []string
	// DocumentationExceptions lists definitions with undocumented members.
	DocumentationExceptions []string
	// MemberNameExceptions lists types whose member names may break the
	// case conventions.
	MemberNameExceptions []string
}

// Info is a position in a schema: a file, a line, the include chain that
// led to the file and, once known, the definition the position belongs
// to. Positions that share a line share one *Info, as in QEMU, so setting
// the definition on an expression's Info names it for all its members.
type Info struct {
	File   string
	Line   int
	Parent *Info   // the include directive that brought File in; nil for the root
	Pragma *Pragma // shared by the whole schema

	// DefnMeta and DefnName name the definition this position is in
	// ("struct", "Foo"); empty outside definitions.
	DefnMeta string
	DefnName string
}

// NewRoot returns the Info for line 1 of the schema's main file.
func NewRoot(file string) *Info {
	return &Info{File: file, Line: 1, Pragma: &Pragma{}}
}

// NewIncluded returns the Info for line 1 of a file included at parent.
func NewIncluded(file string, parent *Info) *Info {
	return &Info{File: file, Line: 1, Parent: parent, Pragma: parent.Pragma}
}

// AtLine returns a copy of i moved to line n.
func (i *Info) AtLine(n int) *Info {
	c := *i
	c.Line = n
	return &c
}

// SetDefn records the definition i belongs to.
func (i *Info) SetDefn(meta, name string) {
	i.DefnMeta, i.DefnName = meta, name
}

// Loc is "file:line".
func (i *Info) Loc() string { return fmt.Sprintf("%s:%d", i.File, i.Line) }

// String renders the position as QEMU's error messages start: the include
// chain, the enclosing definition, then "file:line".
func (i *Info) String() string {
	var b strings.Builder
	i.writeContext(&b)
	b.WriteString(i.Loc())
	return b.String()
}

func (i *Info) writeContext(b *strings.Builder) {
	var chain []*Info
	for p := i.Parent; p != nil; p = p.Parent {
		chain = append(chain, p)
	}
	for k := len(chain) - 1; k >= 0; k-- {
		fmt.Fprintf(b, "In file included from %s:\n", chain[k].Loc())
	}
	if i.DefnName != "" {
		fmt.Fprintf(b, "%s: In %s '%s':\n", i.File, i.DefnMeta, i.DefnName)
	}
}

// Error is a schema error at a position. Its text is exactly QEMU's:
// context lines, then "file:line[:col]: message".
type Error struct {
	Info *Info // nil only for errors with no position (a missing root file)
	Col  int   // 1-based column, 0 when QEMU gives none
	Msg  string
}

// Errorf returns an *Error at info without a column.
func Errorf(info *Info, format string, args ...any) *Error {
	return &Error{Info: info, Msg: fmt.Sprintf(format, args...)}
}

func (e *Error) Error() string {
	if e.Info == nil {
		return e.Msg
	}
	loc := e.Info.String()
	if e.Col > 0 {
		loc += fmt.Sprintf(":%d", e.Col)
	}
	return loc + ": " + e.Msg
}
