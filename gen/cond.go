// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"

	"github.com/qapi-gen/qapi-gen/model"
)

// condSet holds the configuration symbols given with -cond; see
// model.Config for how conditions are evaluated. Without -cond flags
// everything is generated.
type condSet map[string]bool

// holds reports whether c may hold (is not known to be false).
func (cs condSet) holds(c *model.Cond) bool { return c.MayHold(model.Config(cs)) }

// condText renders a condition for a doc note: "CONFIG_A && !CONFIG_B".
func condText(c *model.Cond) string {
	switch c.Kind {
	case model.CondName, model.CondLegacy:
		return c.Name
	case model.CondNot:
		if len(c.Args) == 1 {
			return "!" + condOperand(c.Args[0])
		}
	case model.CondAll, model.CondAny:
		op := " && "
		if c.Kind == model.CondAny {
			op = " || "
		}
		parts := make([]string, len(c.Args))
		for i, a := range c.Args {
			parts[i] = condOperand(a)
		}
		return strings.Join(parts, op)
	}
	return "?"
}

func condOperand(c *model.Cond) string {
	s := condText(c)
	if (c.Kind == model.CondAll || c.Kind == model.CondAny) && len(c.Args) > 1 {
		return "(" + s + ")"
	}
	return s
}

// keptDefinitions is the set of definitions the package holds: those
// whose condition may hold, and every type one of them refers to, whatever
// that type's own condition. A user of a removed type would not build;
// QEMU's schemas give users conditions at least as strict as their types'
// (its C would not compile otherwise), so this matters only for schemas
// that do not, or for -cond values whose implications the generator
// cannot know (CONFIG_B implying CONFIG_A in the build).
func (g *generator) keptDefinitions() map[model.Definition]bool {
	keep := map[model.Definition]bool{}
	var work []model.Definition
	add := func(d model.Definition) {
		if d != nil && !keep[d] {
			keep[d] = true
			work = append(work, d)
		}
	}
	for _, e := range g.s.Entities {
		if d, ok := e.(model.Definition); ok && g.conds.holds(d.Common().If) {
			add(d)
		}
	}
	for len(work) > 0 {
		d := work[len(work)-1]
		work = work[:len(work)-1]
		g.eachUse(d, func(t model.Definition) { add(t) })
	}
	return keep
}

// eachUse calls f with each definition d's Go declaration refers to, in
// the parts of d that are kept.
func (g *generator) eachUse(d model.Definition, f func(model.Definition)) {
	typ := func(t model.Type) {
		if t != nil {
			f(t)
		}
	}
	switch d := d.(type) {
	case *model.Array:
		typ(d.Element)
	case *model.Object:
		if d.Base != nil {
			f(d.Base)
		}
		for _, m := range d.Members {
			if g.conds.holds(m.If) {
				typ(m.Type)
			}
		}
		if d.Branches != nil {
			for _, v := range d.Branches.Variants {
				if g.conds.holds(v.If) && g.tagValueKept(d.Branches.Tag, v.Name) {
					typ(v.Type)
				}
			}
		}
	case *model.Alternate:
		for _, v := range d.Alternatives {
			if g.conds.holds(v.If) {
				typ(v.Type)
			}
		}
	case *model.Command:
		if d.Arg != nil {
			f(d.Arg)
		}
		typ(d.Ret)
	case *model.Event:
		if d.Arg != nil {
			f(d.Arg)
		}
	}
}
