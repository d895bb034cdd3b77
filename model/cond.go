// SPDX-License-Identifier: Apache-2.0

package model

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/qapi-gen/qapi-gen/parser"
)

// newCond converts a validated 'if' value into a condition; nil for none.
// Current conditions are a symbol or a single-key object ('all', 'any',
// 'not'); legacy ones a C expression or a list of them.
func newCond(v parser.Value, legacy bool) *Cond {
	switch v := v.(type) {
	case string:
		if legacy {
			return &Cond{Kind: CondLegacy, Name: v}
		}
		return &Cond{Kind: CondName, Name: v}
	case []parser.Value:
		// Only legacy conditions are lists: all of them must hold.
		var args []*Cond
		for _, e := range v {
			if c := newCond(e, legacy); c != nil {
				args = append(args, c)
			}
		}
		switch len(args) {
		case 0:
			return nil
		case 1:
			return args[0]
		}
		return &Cond{Kind: CondAll, Args: args}
	case *parser.Object:
		if v == nil || v.Len() != 1 {
			return nil
		}
		switch v.Keys[0] {
		case "not":
			return &Cond{Kind: CondNot, Args: []*Cond{newCond(v.Values[0], legacy)}}
		case "all", "any":
			kind := CondAll
			if v.Keys[0] == "any" {
				kind = CondAny
			}
			list, _ := v.Values[0].([]parser.Value)
			c := &Cond{Kind: kind}
			for _, e := range list {
				c.Args = append(c.Args, newCond(e, legacy))
			}
			return c
		}
	}
	return nil
}

// IsLegacy reports whether c is a legacy condition (CondLegacy, or a
// conjunction of them).
func (c *Cond) IsLegacy() bool {
	if c == nil {
		return false
	}
	if c.Kind == CondLegacy {
		return true
	}
	if c.Kind != CondAll || len(c.Args) == 0 {
		return false
	}
	for _, a := range c.Args {
		if a.Kind != CondLegacy {
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
		if c.Kind == CondLegacy {
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
	if c.Kind == CondName {
		return c.Name
	}
	c.writeRepr(&b)
	return b.String()
}

// writeRepr writes c as the Python repr of the value it was written as.
func (c *Cond) writeRepr(b *strings.Builder) {
	switch c.Kind {
	case CondName, CondLegacy:
		b.WriteString(pyRepr(c.Name))
	case CondNot:
		b.WriteString("{'not': ")
		c.Args[0].writeRepr(b)
		b.WriteByte('}')
	case CondAll, CondAny:
		if c.Kind == CondAll {
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
