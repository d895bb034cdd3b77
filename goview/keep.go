// SPDX-License-Identifier: Apache-2.0

package goview

import "github.com/qapi-gen/qapi-gen/model"

// keptDefinitions is the set of definitions the package holds: those
// whose condition may hold, and every type one of them refers to, whatever
// that type's own condition. A user of a removed type would not build;
// QEMU's schemas give users conditions at least as strict as their types'
// (its C would not compile otherwise), so this matters only for schemas
// that do not, or for -cond values whose implications the generator
// cannot know (CONFIG_B implying CONFIG_A in the build).
func (vw *View) keptDefinitions() map[model.Definition]bool {
	keep := map[model.Definition]bool{}
	var work []model.Definition
	add := func(d model.Definition) {
		if d != nil && !keep[d] {
			keep[d] = true
			work = append(work, d)
		}
	}
	for _, e := range vw.s.Entities {
		if d, ok := e.(model.Definition); ok && vw.Allows(d.Common().If) {
			add(d)
		}
	}
	for len(work) > 0 {
		d := work[len(work)-1]
		work = work[:len(work)-1]
		vw.eachUse(d, func(t model.Definition) { add(t) })
	}
	return keep
}

// eachUse calls f with each definition d's Go declaration refers to, in
// the parts of d that are kept.
func (vw *View) eachUse(d model.Definition, f func(model.Definition)) {
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
			if vw.Allows(m.If) {
				typ(m.Type)
			}
		}
		if d.Branches != nil {
			for _, v := range d.Branches.Variants {
				if vw.Allows(v.If) && vw.TagValueKept(d.Branches.Tag, v.Name) {
					typ(v.Type)
				}
			}
		}
	case *model.Alternate:
		for _, v := range d.Alternatives {
			if vw.Allows(v.If) {
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

// TagValueKept reports whether the enum of tag keeps the value name (a
// tag of another type keeps every value).
func (vw *View) TagValueKept(tag *model.Member, name string) bool {
	e, ok := tag.Type.(*model.Enum)
	if !ok {
		return true
	}
	m := e.Member(name)
	return m != nil && vw.Allows(m.If)
}

// declares reports whether kept definition d has a Go declaration of its
// own.
func declares(d model.Definition) bool {
	switch d := d.(type) {
	case *model.Object:
		c := d.Common()
		if c.Implicit == nil {
			return true
		}
		// Inline arguments become the command or event type; inline
		// bases are flattened into their union; q_empty is struct{}.
		return c.Implicit.Role == model.ImplicitWrapper
	case *model.Enum, *model.Alternate, *model.Command, *model.Event:
		return true
	}
	return false
}
