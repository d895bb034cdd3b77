// SPDX-License-Identifier: Apache-2.0

package goview

import (
	"github.com/qapi-gen/qapi-gen/gen/names"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/source"
)

// renames are the user's renames (Options.Renames) resolved against the
// schema: by definition, and by the definition that declares a member,
// branch, alternative or enum value and its name.
type renames struct {
	defs  map[model.Definition]string
	parts map[partKey]string
}

type partKey struct {
	owner model.Definition
	name  string
}

// resolveRenames resolves every rename of opts against s. A rename that
// names nothing in the schema is an error at its line, so that a typo
// does not go unnoticed.
func resolveRenames(s *model.Schema, rs *names.Renames) (*renames, error) {
	out := &renames{defs: map[model.Definition]string{}, parts: map[partKey]string{}}
	if rs == nil {
		return out, nil
	}
	for _, r := range rs.Entries {
		if d := s.Lookup(r.Key); d != nil {
			if !renamable(d) {
				return nil, source.Errorf(r.Info, "%s has no Go name of its own to rename", describe(d))
			}
			if err := capitalised(r); err != nil {
				return nil, err
			}
			out.defs[d] = r.GoName
			continue
		}
		var owner model.Definition
		var part string
		eachSplit(r.Key, func(def, p string) bool {
			if d := s.Lookup(def); d != nil && renamable(d) && hasPart(d, p) {
				owner, part = d, p
				return true
			}
			return false
		})
		if owner == nil {
			if owner, member := inheritedMember(s, r.Key); owner != nil {
				return nil, source.Errorf(r.Info, "rename of '%s' is unused: member '%s' is declared in %s (rename '%s.%s')",
					r.Key, member, describe(owner), owner.Common().Name, member)
			}
			return nil, source.Errorf(r.Info, "rename of '%s' is unused: the schema has no such definition, member, branch or enum value", r.Key)
		}
		if _, isEnum := owner.(*model.Enum); !isEnum { // an enum value's part may start with a digit
			if err := capitalised(r); err != nil {
				return nil, err
			}
		}
		out.parts[partKey{owner, part}] = r.GoName
	}
	return out, nil
}

// capitalised checks that r's Go name starts with a capital letter.
func capitalised(r names.Rename) error {
	if c := r.GoName[0]; c < 'A' || c > 'Z' {
		return source.Errorf(r.Info, "%q does not start with a capital letter", r.GoName)
	}
	return nil
}

// eachSplit calls f with each way to read key as "Def.part" (QAPI names
// may contain '.', in vendor prefixes), leftmost first, until f returns
// true.
func eachSplit(key string, f func(def, part string) bool) {
	for i := 0; i < len(key); i++ {
		if key[i] == '.' && f(key[:i], key[i+1:]) {
			return
		}
	}
}

// inheritedMember finds, for a key "Def.member" whose member Def has but
// does not declare, the definition declaring it.
func inheritedMember(s *model.Schema, key string) (owner model.Definition, member string) {
	eachSplit(key, func(def, part string) bool {
		d := s.Lookup(def)
		if d == nil {
			return false
		}
		for _, m := range membersOf(d) {
			if d := declarer(m.DefinedIn); m.Name == part && d != nil && renamable(d) {
				owner, member = d, m.Name
				return true
			}
		}
		return false
	})
	return owner, member
}

// membersOf is the members of an object, or of a command's or event's
// arguments; nil for other definitions.
func membersOf(d model.Definition) []*model.Member {
	switch d := d.(type) {
	case *model.Object:
		return d.Members
	case *model.Command:
		if d.Arg != nil {
			return d.Arg.Members
		}
	case *model.Event:
		if d.Arg != nil {
			return d.Arg.Members
		}
	}
	return nil
}

// renamable reports whether d is a definition with a Go name of its own.
func renamable(d model.Definition) bool {
	switch d.(type) {
	case *model.Builtin, *model.Array:
		return false
	}
	return d.Common().Implicit == nil
}

// hasPart reports whether d declares a member, branch, alternative or
// enum value called name.
func hasPart(d model.Definition, name string) bool {
	var vs []*model.Variant
	switch d := d.(type) {
	case *model.Enum:
		for _, m := range d.Members {
			if m.Name == name {
				return true
			}
		}
	case *model.Object:
		if d.Branches != nil {
			vs = d.Branches.Variants
		}
	case *model.Alternate:
		vs = d.Alternatives
	}
	for _, m := range membersOf(d) {
		if m.Name == name && declarer(m.DefinedIn) == d {
			return true
		}
	}
	for _, v := range vs {
		if v.Name == name && v.HasOwnType() {
			return true
		}
	}
	return false
}

// declarer is the definition whose name a member declared in d is
// renamed under: d, or its owner when d is implicit (a command's or
// event's inline arguments, a union's inline base).
func declarer(d model.Definition) model.Definition {
	for d != nil {
		c := d.Common()
		if c.Implicit == nil || c.Implicit.Owner == nil {
			return d
		}
		d = c.Implicit.Owner
	}
	return nil
}

// baseName is the Go name derived from definition d's QAPI name, or the
// user's name for it.
func (vw *View) baseName(d model.Definition) string {
	if n, ok := vw.renames.defs[d]; ok {
		return n
	}
	return names.Exported(d.Common().Name)
}

// FieldName is the Go field of member m (whether or not it is kept).
func (vw *View) FieldName(m *model.Member) string {
	if n, ok := vw.renames.parts[partKey{declarer(m.DefinedIn), m.Name}]; ok {
		return n
	}
	return fieldIdent(m.Name)
}

// BranchName is the Go field of alternative v of owner, or of union
// branch v before it yields to a member (see the union's Branches).
func (vw *View) BranchName(owner model.Definition, v *model.Variant) string {
	if n, ok := vw.renames.parts[partKey{owner, v.Name}]; ok {
		return n
	}
	return fieldIdent(v.Name)
}

// EnumConst is the Go constant for value of enum e.
func (vw *View) EnumConst(e model.Type, value string) string {
	if n, ok := vw.renames.parts[partKey{e, value}]; ok {
		return vw.TypeOf(e).String() + n
	}
	return vw.TypeOf(e).String() + names.Suffix(value)
}

// MethodName is the name of the Client method running cmd.
// Without a rename it is clientMethodName's.
func (vw *View) MethodName(cmd *model.Command) string {
	if n, ok := vw.renames.defs[cmd]; ok {
		return n
	}
	return clientMethodName(cmd.Name)
}
