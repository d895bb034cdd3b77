// SPDX-License-Identifier: Apache-2.0

package model

import (
	"github.com/qapi-gen/qapi-gen/model/defs"
)

// defineSimpleUnion defines a legacy simple union (QEMU before 6.2): a
// union without discriminator. As QEMU 4.2 did, each branch type T is
// wrapped in an implicit object q_obj_T-wrapper with the single member
// 'data', and the union gets an implicit enum UNIONKind of its branch
// names and a member 'type' of that enum as its tag.
func (b *builder) defineSimpleUnion(d *defs.Union) error {
	o, err := b.unionObject(d) // no discriminator: the tag is made below
	if err != nil {
		return err
	}
	var wrappers []*Object
	for _, br := range d.Branches {
		typ, err := b.typeRef(br.Type, d.Info)
		if err != nil {
			return err
		}
		data := &Member{Name: "data", Info: d.Info, typeName: typ}
		w, err := b.implicitObject(typ, d.Info, nil, ImplicitWrapper, []*Member{data})
		if err != nil {
			return err
		}
		if wrapped := b.lookupType(typ); wrapped != nil && w.Implicit.Owner == nil {
			if b.wrapped == nil {
				b.wrapped = map[*Object]Type{}
			}
			b.wrapped[w] = wrapped
		}
		wrappers = append(wrappers, w)
		o.Branches.Variants = append(o.Branches.Variants, &Variant{
			Name: br.Name, Info: d.Info, If: br.If, DefinedIn: o, typeName: w.Name,
		})
	}
	kind := &Enum{Def: Def{Name: d.Name + "Kind", Info: d.Info, If: o.If, Implicit: &Implicit{Role: ImplicitKind}}}
	for _, v := range o.Branches.Variants {
		kind.Members = append(kind.Members, &EnumMember{Name: v.Name, Info: d.Info, If: v.If})
	}
	if err := b.addDef(kind); err != nil {
		return err
	}
	tag := &Member{Name: "type", Info: d.Info, DefinedIn: o, typeName: kind.Name}
	o.Local = []*Member{tag}
	o.Branches.Tag = tag
	if err := b.addDef(o); err != nil {
		return err
	}
	kind.Implicit.Owner = o
	for _, w := range wrappers {
		own(w, o)
	}
	return nil
}

// settleWrapperConds gives each legacy wrapper type the condition of
// the type it wraps, as QEMU 4.2 did (only when that type was defined
// before the wrapper was made). Array types have their condition only
// after the check, hence this runs then.
func (b *builder) settleWrapperConds() {
	for _, e := range b.s.Entities {
		w, ok := e.(*Object)
		if !ok || w.Implicit == nil || w.Implicit.Role != ImplicitWrapper {
			continue
		}
		if t := b.wrapped[w]; t != nil {
			w.If = t.Common().If
		}
	}
}
