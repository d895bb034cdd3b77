// SPDX-License-Identifier: Apache-2.0

// Package introspect computes, from a checked schema, the wire view a
// QEMU binary built from it reports in query-qmp-schema: the SchemaInfo
// list QEMU's generator compiles in, with the same entries in the same
// order, type names masked and numbered the way QEMU numbers them, and
// the conditions of one build configuration applied.
package introspect

import (
	"fmt"
	"strconv"

	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/wire"
)

// Options control Build.
type Options struct {
	// Unmask keeps the real type names instead of numbers (QEMU's
	// generator option -u).
	Unmask bool
	// Config is the build configuration: what its conditions exclude
	// (definitions, members, enum values, branches, features) is left
	// out. The empty Config keeps everything.
	Config model.Config
}

// Build returns the wire view of s. QEMU lists the commands and events
// first, in the order it visits the schema's modules, then every type
// they use, directly or not, in the order of first use; all integer
// types stand for "int". Type names become numbers in the order they
// are first used. Numbers are handed out before the configuration
// applies, as QEMU's generator runs before the build selects what to
// compile, so a configuration leaves gaps in the numbering.
func Build(s *model.Schema, opts Options) (*wire.Schema, error) {
	b := &builder{
		opts:    opts,
		legacy:  s.Legacy,
		names:   map[string]string{},
		usedSet: map[model.Type]bool{},
	}
	var ok bool
	b.intType = s.LookupType("int")
	b.intList = s.LookupType("intList")
	if b.empty, ok = s.LookupType("q_empty").(*model.Object); !ok || b.intType == nil || b.intList == nil {
		return nil, fmt.Errorf("introspect: the schema lacks the built-in types")
	}
	for _, e := range visitOrder(s) {
		switch d := e.(type) {
		case *model.Command:
			b.command(d)
		case *model.Event:
			b.event(d)
		}
	}
	// Visiting a type may use further types: the list grows as it goes.
	for i := 0; i < len(b.used); i++ {
		b.typ(b.used[i])
	}
	return wire.New(b.entries)
}

// visitOrder lists the entities in the order QEMU's generator visits
// them: module by module since QEMU 6.2, in definition order before (the
// legacy language's schemas).
func visitOrder(s *model.Schema) []model.Entity {
	if s.Legacy {
		return s.Entities
	}
	var out []model.Entity
	for _, m := range s.Modules {
		out = append(out, m.Entities...)
	}
	return out
}

type builder struct {
	opts    Options
	legacy  bool              // the schema is in the language of QEMU before 6.2
	names   map[string]string // type name -> its number, when masking
	used    []model.Type      // in order of first use
	usedSet map[model.Type]bool
	entries []*wire.SchemaInfo

	intType, intList model.Type
	empty            *model.Object
}

// name returns how the wire names the type called name.
func (b *builder) name(name string) string {
	if b.opts.Unmask {
		return name
	}
	n, ok := b.names[name]
	if !ok {
		n = strconv.Itoa(len(b.names))
		b.names[name] = n
	}
	return n
}

// use records that t is used and returns its wire name.
func (b *builder) use(t model.Type) string {
	if t.JSONType() == "int" {
		t = b.intType
	} else if a, ok := t.(*model.Array); ok && a.Element.JSONType() == "int" {
		t = b.intList
	}
	if !b.usedSet[t] {
		b.usedSet[t] = true
		b.used = append(b.used, t)
	}
	switch t := t.(type) {
	case *model.Builtin:
		return t.Name
	case *model.Array:
		return "[" + b.use(t.Element) + "]"
	}
	return b.name(t.Common().Name)
}

// add appends an entry unless the configuration excludes it.
func (b *builder) add(d *model.Def, si *wire.SchemaInfo) {
	si.Features = b.features(d.Features)
	if d.If.MayHold(b.opts.Config) {
		b.entries = append(b.entries, si)
	}
}

// features lists the features the configuration keeps: nil when there
// are none at all, empty when it excludes them all (QEMU's generator
// emits the list, each feature under its condition).
func (b *builder) features(fs []*model.Feature) []string {
	if len(fs) == 0 {
		return nil
	}
	out := []string{}
	for _, f := range fs {
		if f.If.MayHold(b.opts.Config) {
			out = append(out, f.Name)
		}
	}
	return out
}

func (b *builder) command(c *model.Command) {
	arg, ret := model.Type(b.empty), model.Type(b.empty)
	if c.Arg != nil {
		arg = c.Arg
	}
	if c.Ret != nil {
		ret = c.Ret
	}
	info := &wire.CommandInfo{ArgType: b.use(arg)}
	info.RetType = b.use(ret)
	info.AllowOOB = c.AllowOOB
	b.add(&c.Def, &wire.SchemaInfo{Name: c.Name, MetaType: wire.MetaCommand, Command: info})
}

func (b *builder) event(e *model.Event) {
	arg := model.Type(b.empty)
	if e.Arg != nil {
		arg = e.Arg
	}
	b.add(&e.Def, &wire.SchemaInfo{Name: e.Name, MetaType: wire.MetaEvent, Event: &wire.EventInfo{ArgType: b.use(arg)}})
}

func (b *builder) typ(t model.Type) {
	cfg := b.opts.Config
	switch t := t.(type) {
	case *model.Builtin:
		b.add(&t.Def, &wire.SchemaInfo{Name: t.Name, MetaType: wire.MetaBuiltin, Builtin: &wire.BuiltinInfo{JSONType: t.JSON}})
	case *model.Enum:
		// Enum values have features since QEMU 6.2, when the list of
		// members came beside the plain values.
		info := &wire.EnumInfo{Members: []wire.EnumMember{}, ValuesOnly: b.legacy}
		for _, m := range t.Members {
			if m.If.MayHold(cfg) {
				info.Members = append(info.Members, wire.EnumMember{Name: m.Name, Features: b.features(m.Features)})
			}
		}
		b.add(&t.Def, &wire.SchemaInfo{Name: b.name(t.Name), MetaType: wire.MetaEnum, Enum: info})
	case *model.Array:
		elem := b.use(t.Element)
		b.add(&t.Def, &wire.SchemaInfo{Name: "[" + elem + "]", MetaType: wire.MetaArray, Array: &wire.ArrayInfo{ElementType: elem}})
	case *model.Object:
		info := &wire.ObjectInfo{Members: []wire.Member{}}
		for _, m := range t.Members {
			typ := b.use(m.Type)
			if m.If.MayHold(cfg) {
				info.Members = append(info.Members, wire.Member{Name: m.Name, Type: typ, Optional: m.Optional, Features: b.features(m.Features)})
			}
		}
		if br := t.Branches; br != nil {
			info.Tag = br.Tag.Name
			info.Variants = []wire.Variant{}
			for _, v := range br.Variants {
				typ := b.use(v.Type)
				if v.If.MayHold(cfg) {
					info.Variants = append(info.Variants, wire.Variant{Case: v.Name, Type: typ})
				}
			}
		}
		b.add(&t.Def, &wire.SchemaInfo{Name: b.name(t.Name), MetaType: wire.MetaObject, Object: info})
	case *model.Alternate:
		info := &wire.AlternateInfo{Members: []wire.AlternateMember{}}
		for _, v := range t.Alternatives {
			typ := b.use(v.Type)
			if v.If.MayHold(cfg) {
				info.Members = append(info.Members, wire.AlternateMember{Type: typ})
			}
		}
		b.add(&t.Def, &wire.SchemaInfo{Name: b.name(t.Name), MetaType: wire.MetaAlternate, Alternate: info})
	}
}
