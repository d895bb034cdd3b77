package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/qapi-gen/qapi-gen/wire"
)

// comparer compares one type pair for one direction. The rules, from
// QEMU's "Compatibility considerations": in the input direction, adding
// optional members, enum values, union and alternate branches, making a
// member optional and turning a type into an alternate of it are
// compatible, and removing any of them, adding a required member or
// making one required is breaking; in the output direction adding
// members, values and branches is compatible, removing values, branches
// and optional members is too (they are no longer sent), and removing a
// required member or making one optional is breaking.
type comparer struct {
	pd       *pairDiff
	dir      Direction
	old, new *wire.Schema
}

func (c *comparer) local(suffix, kind string, breaking bool, format string, args ...any) {
	c.pd.locals = append(c.pd.locals, local{suffix: suffix, kind: kind, breaking: breaking, msg: fmt.Sprintf(format, args...)})
}

func (c *comparer) follow(comp, old, new string) {
	c.pd.edges = append(c.pd.edges, edge{comp: comp, key: pairKey{old, new, c.dir}})
}

func (c *comparer) input() bool { return c.dir == Input }

func (c *comparer) compare(o, n *wire.SchemaInfo) {
	c.pd.locals = append(c.pd.locals, featureChanges(o.Features, n.Features, "the type "+c.describe(c.new, n))...)
	switch {
	case o.Alternate != nil || n.Alternate != nil:
		c.alternate(o, n)
	case o.Object != nil && n.Object != nil:
		c.object(o.Object, n.Object)
	case o.Enum != nil && n.Enum != nil:
		c.enum(o.Enum, n.Enum)
	case o.Array != nil && n.Array != nil:
		c.follow("", o.Array.ElementType, n.Array.ElementType)
	case o.Builtin != nil && n.Builtin != nil && o.Name == n.Name:
	default:
		c.typeChange(o, n)
	}
}

// typeChange handles a pair of different kinds of types: breaking, unless
// the new type takes every value of the old one (input) or only values of
// it (output).
func (c *comparer) typeChange(o, n *wire.SchemaInfo) {
	ok, nk := domain(o), domain(n)
	wider := nk == "value" && ok != "value" || ok == "int" && nk == "number" || ok == "enum" && nk == "str"
	narrower := ok == "value" && nk != "value" || ok == "number" && nk == "int" || ok == "str" && nk == "enum"
	from, to := c.describe(c.old, o), c.describe(c.new, n)
	switch {
	case wider && c.input():
		c.local("", "type-widened", false, "type widened from %s to %s", from, to)
	case narrower && !c.input():
		c.local("", "type-narrowed", false, "type narrowed from %s to %s", from, to)
	default:
		c.local("", "type-changed", true, "type changed from %s to %s", from, to)
	}
}

// domain names the values a type takes, for typeChange: a built-in's
// name ("str", "int", "number", "value" for any), or the meta-type.
func domain(si *wire.SchemaInfo) string {
	if si.Builtin != nil {
		switch si.Builtin.JSONType {
		case "string":
			return "str"
		case "boolean":
			return "bool"
		}
		return si.Builtin.JSONType
	}
	return string(si.MetaType)
}

// describe names a type in messages: its name when the wire has it
// (built-ins, arrays, unmasked names), else its meta-type.
func (c *comparer) describe(s *wire.Schema, si *wire.SchemaInfo) string {
	return describeDepth(s, si, 0)
}

// describeDepth is describe for a type nested in depth arrays; a reply
// may make an array its own element, so the nesting is bounded.
func describeDepth(s *wire.Schema, si *wire.SchemaInfo, depth int) string {
	switch {
	case si.Builtin != nil:
		return "'" + si.Name + "'"
	case si.Array != nil:
		if e := s.Lookup(si.Array.ElementType); e != nil && depth < 8 {
			return "array of " + describeDepth(s, e, depth+1)
		}
		return "array"
	case masked(si.Name):
		return string(si.MetaType)
	}
	return fmt.Sprintf("%s '%s'", si.MetaType, si.Name)
}

// masked reports a type name that the binary replaced by a number.
func masked(name string) bool {
	return name != "" && strings.Trim(name, "0123456789") == ""
}

func (c *comparer) object(o, n *wire.ObjectInfo) {
	newMembers := map[string]*wire.Member{}
	for i := range n.Members {
		newMembers[n.Members[i].Name] = &n.Members[i]
	}
	oldMembers := map[string]bool{}
	tag := o.Tag != "" && o.Tag == n.Tag
	if o.Tag != n.Tag && o.Tag != "" && n.Tag != "" {
		c.local("", "union-tag-changed", true, "union tag changed from '%s' to '%s'", o.Tag, n.Tag)
	}
	for _, m := range o.Members {
		oldMembers[m.Name] = true
		comp := component(m.Name)
		nm := newMembers[m.Name]
		if nm == nil {
			msg := fmt.Sprintf("%s '%s' was removed", memberWord(m.Optional), m.Name)
			if cases := branchesWith(c.new, n, m.Name); len(cases) > 0 {
				msg += fmt.Sprintf(" (it is now in union branch%s '%s' only)", plural(cases), strings.Join(cases, "', '"))
			}
			c.local(comp, "member-removed", c.input() || !m.Optional, "%s", msg)
			continue
		}
		switch {
		case !m.Optional && nm.Optional:
			c.local(comp, "member-became-optional", !c.input(), "member '%s' became optional", m.Name)
		case m.Optional && !nm.Optional:
			c.local(comp, "member-became-required", c.input(), "member '%s' became required", m.Name)
		}
		// A path cannot ask about a member's own features (a feature
		// component after a member asks about its type): the change is
		// reported at the member.
		for _, l := range featureChanges(m.Features, nm.Features, "member '"+m.Name+"'") {
			l.suffix = comp
			c.pd.locals = append(c.pd.locals, l)
		}
		if tag && m.Name == o.Tag {
			continue // its values are the variants, compared below
		}
		c.follow(comp, m.Type, nm.Type)
	}
	for _, m := range n.Members {
		if oldMembers[m.Name] {
			continue
		}
		comp := component(m.Name)
		if m.Optional {
			c.local(comp, "member-added-optional", false, "optional member '%s' was added", m.Name)
		} else {
			c.local(comp, "member-added-required", c.input(), "required member '%s' was added", m.Name)
		}
	}
	newVariants := map[string]string{}
	for _, v := range n.Variants {
		newVariants[v.Case] = v.Type
	}
	oldVariants := map[string]bool{}
	for _, v := range o.Variants {
		oldVariants[v.Case] = true
		nt, ok := newVariants[v.Case]
		if !ok {
			c.local("+"+v.Case, "branch-removed", c.input(), "union branch '%s' was removed", v.Case)
			continue
		}
		c.follow("+"+v.Case, v.Type, nt)
	}
	for _, v := range n.Variants {
		if !oldVariants[v.Case] {
			c.local("+"+v.Case, "branch-added", false, "union branch '%s' was added", v.Case)
		}
	}
}

// branchesWith lists the cases of obj whose branch has a member name.
func branchesWith(s *wire.Schema, obj *wire.ObjectInfo, name string) []string {
	var out []string
	for _, v := range obj.Variants {
		if t := s.Lookup(v.Type); t != nil && t.Object != nil && member(t.Object, name) != nil {
			out = append(out, v.Case)
		}
	}
	return out
}

func member(obj *wire.ObjectInfo, name string) *wire.Member {
	for i := range obj.Members {
		if obj.Members[i].Name == name {
			return &obj.Members[i]
		}
	}
	return nil
}

func plural(list []string) string {
	if len(list) > 1 {
		return "es"
	}
	return ""
}

func memberWord(optional bool) string {
	if optional {
		return "optional member"
	}
	return "required member"
}

// component is a member's path component: a name that does not start
// with a letter is written after a space, which Probe skips.
func component(name string) string {
	if name != "" && !isLetter(name[0]) {
		return " " + name
	}
	return name
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func (c *comparer) enum(o, n *wire.EnumInfo) {
	newValues := map[string]*wire.EnumMember{}
	for i := range n.Members {
		newValues[n.Members[i].Name] = &n.Members[i]
	}
	oldValues := map[string]bool{}
	for _, v := range o.Members {
		oldValues[v.Name] = true
		nv := newValues[v.Name]
		if nv == nil {
			c.local("^"+v.Name, "enum-value-removed", c.input(), "enum value '%s' was removed", v.Name)
			continue
		}
		for _, l := range featureChanges(v.Features, nv.Features, "enum value '"+v.Name+"'") {
			l.suffix = "^" + v.Name + "/" + l.suffix
			c.pd.locals = append(c.pd.locals, l)
		}
	}
	for _, v := range n.Members {
		if !oldValues[v.Name] {
			c.local("^"+v.Name, "enum-value-added", false, "enum value '%s' was added", v.Name)
		}
	}
}

// alternate compares types of which one at least is an alternate. A
// plain type counts as an alternate of itself; branches are matched by
// the JSON type that selects them.
func (c *comparer) alternate(o, n *wire.SchemaInfo) {
	ob, nb := c.branches(c.old, o), c.branches(c.new, n)
	for _, b := range ob {
		if nt, ok := find(nb, b.json); ok {
			c.follow("", b.typ, nt)
			continue
		}
		if n.Alternate == nil {
			c.local("", "type-narrowed", !c.input(), "type narrowed from alternate to its %s branch", nb[0].json)
			return
		}
		c.local("", "alternate-branch-removed", c.input(), "alternate branch for JSON %s was removed", b.json)
	}
	for _, b := range nb {
		if _, ok := find(ob, b.json); ok {
			continue
		}
		if o.Alternate == nil {
			c.local("", "type-became-alternate", !c.input(), "type became an alternate that also takes JSON %s", b.json)
			continue
		}
		c.local("", "alternate-branch-added", !c.input(), "alternate branch for JSON %s was added", b.json)
	}
}

type branch struct{ json, typ string }

func find(bs []branch, json string) (string, bool) {
	for _, b := range bs {
		if b.json == json {
			return b.typ, true
		}
	}
	return "", false
}

func (c *comparer) branches(s *wire.Schema, si *wire.SchemaInfo) []branch {
	if si.Alternate == nil {
		return []branch{{jsonKind(si), si.Name}}
	}
	var out []branch
	for _, m := range si.Alternate.Members {
		if t := s.Lookup(m.Type); t != nil {
			out = append(out, branch{jsonKind(t), m.Type})
		}
	}
	return out
}

// jsonKind is the JSON type that selects an alternate's branch; enums and
// strings share "string", integers and numbers "number", as QEMU's
// alternates tell them apart.
func jsonKind(si *wire.SchemaInfo) string {
	switch {
	case si.Object != nil:
		return "object"
	case si.Array != nil:
		return "array"
	case si.Enum != nil:
		return "string"
	case si.Builtin != nil:
		switch si.Builtin.JSONType {
		case "int", "number":
			return "number"
		}
		return si.Builtin.JSONType
	}
	return string(si.MetaType)
}

// featureChanges compares feature lists; what names the owner.
func featureChanges(old, new []string, what string) []local {
	var out []local
	for _, f := range old {
		if !slices.Contains(new, f) {
			out = append(out, local{suffix: "$" + f, kind: "feature-removed", msg: fmt.Sprintf("%s lost feature '%s'", what, f)})
		}
	}
	for _, f := range new {
		if !slices.Contains(old, f) {
			out = append(out, local{suffix: "$" + f, kind: "feature-added", msg: fmt.Sprintf("%s gained feature '%s'", what, f)})
		}
	}
	return out
}
