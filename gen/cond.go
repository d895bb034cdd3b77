package gen

import (
	"regexp"
	"strings"

	"github.com/qapi-gen/qapi-gen/model"
)

// condSet holds the configuration symbols given with -cond. Conditions
// are evaluated in three-valued logic: a symbol not in the set is
// unknown, and only a condition that is false whatever the unknown
// symbols are leaves its definition out. Without -cond flags everything
// is generated.
type condSet map[string]bool

type tristate int

const (
	unknown tristate = iota
	no
	yes
)

// holds reports whether c may hold (is not known to be false).
func (cs condSet) holds(c *model.Cond) bool { return cs.eval(c) != no }

func (cs condSet) eval(c *model.Cond) tristate {
	if c == nil {
		return yes
	}
	switch c.Kind {
	case model.CondName:
		return cs.symbol(c.Name)
	case model.CondAll:
		r := yes
		for _, a := range c.Args {
			switch cs.eval(a) {
			case no:
				return no
			case unknown:
				r = unknown
			}
		}
		return r
	case model.CondAny:
		r := no
		for _, a := range c.Args {
			switch cs.eval(a) {
			case yes:
				return yes
			case unknown:
				r = unknown
			}
		}
		return r
	case model.CondNot:
		if len(c.Args) != 1 {
			return unknown
		}
		switch cs.eval(c.Args[0]) {
		case yes:
			return no
		case no:
			return yes
		}
		return unknown
	case model.CondLegacy:
		// C preprocessor expressions, understood in the forms QEMU's
		// schemas use: "defined(X)", "!defined(X)", a bare symbol.
		if m := legacyDefined.FindStringSubmatch(c.Name); m != nil {
			name := m[2]
			if name == "" {
				name = m[3]
			}
			v := cs.symbol(name)
			if m[1] == "!" && v != unknown {
				v = 3 - v // yes <-> no
			}
			return v
		}
	}
	return unknown
}

var legacyDefined = regexp.MustCompile(`^\s*(!?)\s*(?:defined\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)|([A-Za-z_][A-Za-z0-9_]*))\s*$`)

func (cs condSet) symbol(name string) tristate {
	v, ok := cs[name]
	switch {
	case !ok:
		return unknown
	case v:
		return yes
	}
	return no
}

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
