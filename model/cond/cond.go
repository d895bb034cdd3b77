// SPDX-License-Identifier: Apache-2.0

// Package cond holds the 'if' conditions of QAPI definitions: their
// typed form, which the expression checks (model/defs) produce from the
// parsed value, their evaluation against a build configuration, and the
// notation QEMU's test harness prints. It sits below both defs and model
// so that the checked model never sees a parser value.
package cond

import (
	"fmt"
	"strings"
	"unicode"
)

// Kind is the operator of a condition.
type Kind int

// The kinds of conditions.
const (
	Name   Kind = iota // a configuration symbol: Cond.Name
	All                // all of Args
	Any                // any of Args
	Not                // not Args[0]
	Legacy             // QEMU before 6.2: a C preprocessor expression in Cond.Name
)

// Cond is an 'if' condition. A nil *Cond means unconditional. Legacy
// conditions are a Legacy, or an All of Legacy for a list of several
// expressions.
type Cond struct {
	Kind Kind
	Name string
	Args []*Cond
}

// IsLegacy reports whether c is a legacy condition (Legacy, or a
// conjunction of them).
func (c *Cond) IsLegacy() bool {
	if c == nil {
		return false
	}
	if c.Kind == Legacy {
		return true
	}
	if c.Kind != All || len(c.Args) == 0 {
		return false
	}
	for _, a := range c.Args {
		if a.Kind != Legacy {
			return false
		}
	}
	return true
}

// String renders the condition as QEMU's test harness prints it: the
// value as written, in Python notation. A symbol prints bare at the top
// level ("CONFIG_X"), objects as dicts ("{'all': ['A', 'B']}"). Legacy
// conditions print as the list QEMU 4.2 kept ("['defined(CONFIG_X)']").
func (c *Cond) String() string {
	if c == nil {
		return ""
	}
	var b strings.Builder
	if c.IsLegacy() {
		b.WriteByte('[')
		if c.Kind == Legacy {
			b.WriteString(pyRepr(c.Name))
		} else {
			for i, a := range c.Args {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(pyRepr(a.Name))
			}
		}
		b.WriteByte(']')
		return b.String()
	}
	if c.Kind == Name {
		return c.Name
	}
	c.writeRepr(&b)
	return b.String()
}

// Expr renders the condition as a C expression, the way documentation
// reads it: "CONFIG_A && !(CONFIG_B || CONFIG_C)". Legacy conditions are
// C expressions already and print as written.
func (c *Cond) Expr() string {
	switch c.Kind {
	case Name, Legacy:
		return c.Name
	case Not:
		if len(c.Args) == 1 {
			return "!" + c.Args[0].operand()
		}
	case All, Any:
		op := " && "
		if c.Kind == Any {
			op = " || "
		}
		parts := make([]string, len(c.Args))
		for i, a := range c.Args {
			parts[i] = a.operand()
		}
		return strings.Join(parts, op)
	}
	return "?"
}

// operand is Expr, in parentheses where an operator would otherwise
// bind it differently.
func (c *Cond) operand() string {
	s := c.Expr()
	if (c.Kind == All || c.Kind == Any) && len(c.Args) > 1 {
		return "(" + s + ")"
	}
	return s
}

// writeRepr writes c as the Python repr of the value it was written as.
func (c *Cond) writeRepr(b *strings.Builder) {
	switch c.Kind {
	case Name, Legacy:
		b.WriteString(pyRepr(c.Name))
	case Not:
		b.WriteString("{'not': ")
		c.Args[0].writeRepr(b)
		b.WriteByte('}')
	case All, Any:
		if c.Kind == All {
			b.WriteString("{'all': [")
		} else {
			b.WriteString("{'any': [")
		}
		for i, a := range c.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			a.writeRepr(b)
		}
		b.WriteString("]}")
	}
}

// pyRepr quotes s as Python's repr() quotes a str.
func pyRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(quote):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100 && !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case !unicode.IsPrint(r) && r < 0x10000:
			fmt.Fprintf(&b, `\u%04x`, r)
		case !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}
