// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"

	"github.com/qapi-gen/qapi-gen/model"
)

// QAPI doc text names members and definitions as "@name". linkRefs turns
// each reference it can resolve into a Go doc link to the generated
// identifier: a member of the definition being documented links to its
// field ([Type.Field]), a value of the enum being documented to its
// constant, a definition to its type, and a command to its Client method
// (its type without a client). A reference to something not generated
// (left out by a condition, or no name of the schema) stays as written.
func (g *generator) linkRefs(ctx model.Definition, text string) string {
	if strings.IndexByte(text, '@') < 0 {
		return text
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '@')
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		j := i + 1
		for j < len(text) && isRefByte(text[j]) {
			j++
		}
		for j > i+1 && text[j-1] == '-' { // "@foo-" ends a phrase
			j--
		}
		link := ""
		if j > i+1 && (i == 0 || !isWordByte(text[i-1])) {
			link = g.refLink(ctx, text[i+1:j])
		}
		if link == "" {
			b.WriteString(text[:j])
		} else {
			b.WriteString(text[:i])
			b.WriteString("[" + link + "]")
		}
		text = text[j:]
	}
}

// isRefByte reports the bytes of a name after '@' (QEMU's doc generator
// reads "@" followed by word characters and '-').
func isRefByte(c byte) bool { return c == '-' || isWordByte(c) }

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// refLink is the doc link target for "@name" in the doc of ctx, or "".
func (g *generator) refLink(ctx model.Definition, name string) string {
	if l := g.memberLink(ctx, name); l != "" {
		return l
	}
	d := g.s.Lookup(name)
	if d == nil {
		return ""
	}
	goName := g.goName(d)
	if goName == "" {
		return ""
	}
	if cmd, ok := d.(*model.Command); ok && !g.opts.NoClient {
		return "Client." + g.methodName(cmd)
	}
	return goName
}

// memberLink links name as a member (or enum value, or alternative) of
// ctx, or returns "".
func (g *generator) memberLink(ctx model.Definition, name string) string {
	var members []*model.Member
	holder := ""
	switch d := ctx.(type) {
	case *model.Object:
		members, holder = d.Members, g.holderName(d)
	case *model.Command:
		members, holder = g.argFields(d.Arg, d)
	case *model.Event:
		members, holder = g.argFields(d.Arg, d)
	case *model.Enum:
		if g.goName(d) == "" {
			return ""
		}
		for _, m := range d.Members {
			if m.Name == name && g.view.Allows(m.If) {
				return g.enumConst(d, m.Name)
			}
		}
		return ""
	case *model.Alternate:
		typ := g.goName(d)
		if typ == "" {
			return ""
		}
		for _, v := range d.Alternatives {
			if v.Name == name && g.view.Allows(v.If) {
				return typ + "." + g.branchName(d, v)
			}
		}
		return ""
	}
	if holder == "" {
		return ""
	}
	for _, m := range members {
		if m.Name == name && g.view.Allows(m.If) {
			return holder + "." + g.fieldName(m)
		}
	}
	return ""
}

// argFields are the members of a command's or event's arguments and the
// Go type that declares their fields: the command or event type for
// inline arguments, the named type otherwise (whose fields the command
// type only promotes, and Go doc links only to declared fields).
func (g *generator) argFields(arg *model.Object, owner model.Definition) ([]*model.Member, string) {
	if arg == nil {
		return nil, ""
	}
	if argsIsInline(arg) {
		return arg.Members, g.goName(owner)
	}
	return arg.Members, g.holderName(arg)
}

// holderName is the Go type declaring the fields of object o: its own,
// or its owner's for an implicit type flattened into it (a union's inline
// base), "" when there is none.
func (g *generator) holderName(o *model.Object) string {
	if n := g.goName(o); n != "" {
		return n
	}
	if o.Implicit != nil && o.Implicit.Owner != nil {
		if _, isUnion := o.Implicit.Owner.(*model.Object); isUnion {
			return g.goName(o.Implicit.Owner)
		}
	}
	return ""
}
