// SPDX-License-Identifier: Apache-2.0

// Package goview is the Go shape of a schema: which definitions the
// generated package declares (the -cond conditions applied) and every
// Go name and type in it. Build works it all out in one pass and reports
// Go-level name clashes at the schema position of the later name; the
// emitters (package gen), the round-trip tests (gen/roundtrip) and the Go
// API comparison (package diff) only read it, so they cannot disagree on
// a name.
//
// Everything that is emitted in order is a slice in schema order; maps
// serve lookups only.
package goview

import (
	"github.com/qapi-gen/qapi-gen/gen/names"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/source"
)

// Options are what the Go names depend on besides the schema.
type Options struct {
	// Conds are the -cond values: definitions, members, branches and
	// enum values whose condition they make false are left out.
	Conds model.Config
	// Renames are the user's Go names (gen -rename FILE).
	Renames *names.Renames
	// Own are the package-level identifiers the generator declares
	// itself (helpers, tables, client), in the order they yield to schema
	// names: an own identifier a schema name has gets a trailing '_'.
	Own []string
	// CommandMethods and EventMethods are the methods every command
	// (event) type has: they yield to a field of any command (event) type.
	CommandMethods, EventMethods []string
}

// Kind is the Go form of a definition.
type Kind int

const (
	Enum      Kind = iota // a string type with a constant per value
	Struct                // a struct (also a legacy simple union's wrapper)
	Union                 // a struct with the base members and a field per branch
	Alternate             // a struct with a field per alternative
	Command               // a struct of the arguments, with a Client method
	Event                 // a struct of the event's data
)

var kindNames = [...]string{"enum", "struct", "union", "alternate", "command", "event"}

func (k Kind) String() string { return kindNames[k] }

// View is the Go shape of one schema with one set of options.
type View struct {
	// Defs are the definitions with a Go declaration, in schema order.
	Defs []*Def
	// Commands and Events are those of Defs that are commands (events).
	Commands, Events []*Def

	s                            *model.Schema
	conds                        model.Config
	renames                      *renames
	keep                         map[model.Definition]bool
	recursive                    map[memberKey]bool
	byDef                        map[model.Definition]*Def // a command's or event's inline arguments map to it
	own                          map[string]string
	ownMethod                    map[string]string
	commandMethods, eventMethods []string
}

// Def is one Go declaration.
type Def struct {
	Def  model.Definition
	Kind Kind
	Name string // the Go identifier
	If   *model.Cond
	// Deprecated and Unstable are set when the definition has the
	// feature of that name (its condition not false).
	Deprecated, Unstable bool

	// Values are an enum's kept values; ValuesName is the list of them.
	Values     []*Value
	ValuesName string

	// Fields are the kept members of a struct or union (base members
	// first, as on the wire), or of a command's or event's inline
	// arguments.
	Fields []*Field
	// Tag is a union's tag field (one of Fields).
	Tag *Field
	// Branches are a union's branches with a type of their own, or an
	// alternate's alternatives, kept ones only.
	Branches []*Branch
	// Bare are the tag values (as on the wire) of a union's values
	// without a branch type of their own.
	Bare []string
	// UnknownBranch is a union's method returning an unknown branch's
	// members.
	UnknownBranch string

	// Arg is the field of a command's or event's named argument type; nil
	// without arguments or for inline ones (see Fields).
	Arg *Arg
	// Extra is the field for a command's undeclared members ('gen':
	// false), "" when it has none.
	Extra string
	// Method is a command's Client (and Handler) method.
	Method string
	// Result is a command's result type; nil when it returns nothing.
	Result *Type
	// TakesFile is set when a command's Client method passes a file.
	TakesFile bool

	// Methods are the methods the type gets, in the order they are
	// emitted.
	Methods []string
	// NoCompare is set for a struct type with fields that == would
	// compare otherwise: it ends in a blank zero-size field of an
	// incomparable type (see markNoCompare).
	NoCompare bool
}

// Field is the Go field of a member.
type Field struct {
	Member *model.Member
	Name   string
	Type   Type   // the field's type (a pointer for most optional members)
	JSON   string // the member's name on the wire
	Omit   string // the JSON tag's options: "", ",omitempty" or ",omitzero"
	// Optional is the member's optionality; Recursive is set for a
	// required member that is a pointer because its struct would contain
	// itself otherwise.
	Optional, Recursive bool
	// RequiredList is set for a required array member: nil must encode
	// as [] (QEMU rejects null), so its type gets a MarshalJSON.
	RequiredList bool
	If           *model.Cond
}

// Branch is the field of a union branch or an alternative.
type Branch struct {
	Variant *model.Variant
	Name    string
	Type    Type   // the field's type
	Tag     string // a union branch's tag constant
	If      *model.Cond
}

// Value is an enum value.
type Value struct {
	Member *model.EnumMember
	Const  string // the Go constant
	Wire   string // the value on the wire
	If     *model.Cond
}

// Arg is the field of a command or event type holding its named
// argument type.
type Arg struct {
	Field    string
	Type     string
	Embedded bool // the field is the type embedded (its JSON methods promoted)
}

// Build works out the Go shape of s. A Go-level name clash (two schema
// names that map to one Go identifier in one scope) is an error at the
// later name's position (a *source.Error), as is a rename that names
// nothing.
func Build(s *model.Schema, opts Options) (*View, error) {
	vw := &View{
		s:              s,
		conds:          opts.Conds,
		byDef:          make(map[model.Definition]*Def, len(s.Entities)),
		commandMethods: opts.CommandMethods,
		eventMethods:   opts.EventMethods,
	}
	rs, err := resolveRenames(s, opts.Renames)
	if err != nil {
		return nil, err
	}
	vw.renames = rs
	vw.keep = vw.keptDefinitions()
	vw.recursive = vw.findRecursion()
	pkg := &scope{what: "the package", owner: make(map[string]string, 4*len(s.Entities))}
	if err := vw.nameDefs(pkg); err != nil {
		return nil, err
	}
	vw.nameOwn(pkg, opts.Own)
	// Names within each type, in the order the files are generated (a
	// file per module, the built-in modules' last), so that of several
	// clashes the one reported is the one generating would meet first.
	for _, builtin := range []bool{false, true} {
		for _, m := range s.Modules {
			if m.Builtin != builtin {
				continue
			}
			for _, e := range m.Entities {
				d, ok := e.(model.Definition)
				if !ok || !vw.Declares(d) {
					continue
				}
				if err := vw.fill(vw.byDef[d]); err != nil {
					return nil, err
				}
			}
		}
	}
	vw.markNoCompare()
	return vw, nil
}

// Allows reports whether condition c may hold with the options' -cond
// values.
func (vw *View) Allows(c *model.Cond) bool { return c.MayHold(vw.conds) }

// Lookup is the declaration holding d: its own, or for a command's or
// event's inline arguments the command's or event's; nil when the package
// declares none.
func (vw *View) Lookup(d model.Definition) *Def { return vw.byDef[d] }

// Declares reports whether the package has a declaration of d's own.
func (vw *View) Declares(d model.Definition) bool {
	gd := vw.byDef[d]
	return gd != nil && gd.Def == d
}

// Name is the Go identifier of the declaration holding d (see Lookup),
// "" for none.
func (vw *View) Name(d model.Definition) string {
	if gd := vw.byDef[d]; gd != nil {
		return gd.Name
	}
	return ""
}

// Own is the identifier the package uses for its own package-level name
// (name itself, or with '_' where a schema name took it).
func (vw *View) Own(name string) string {
	if r, ok := vw.own[name]; ok {
		return r
	}
	return name
}

// Method is the name of a method shared by all command types or all
// event types (Options.CommandMethods, EventMethods).
func (vw *View) Method(name string) string {
	if r, ok := vw.ownMethod[name]; ok {
		return r
	}
	return name
}

// Field is d's field of member m, nil when it has none.
func (d *Def) Field(m *model.Member) *Field {
	for _, f := range d.Fields {
		if f.Member == m {
			return f
		}
	}
	return nil
}

// Branch is d's field of branch or alternative v, nil when it has none.
func (d *Def) Branch(v *model.Variant) *Branch {
	for _, b := range d.Branches {
		if b.Variant == v {
			return b
		}
	}
	return nil
}

// nameDefs names every declaration and claims its name, and those of an
// enum's constants, in the package, in definition order.
func (vw *View) nameDefs(pkg *scope) error {
	for _, e := range vw.s.Entities {
		d, ok := e.(model.Definition)
		if !ok || !vw.keep[d] || !declares(d) {
			continue
		}
		c := d.Common()
		gd := &Def{Def: d, Name: vw.declName(d), If: c.If,
			Deprecated: vw.hasFeature(c.Features, "deprecated"), Unstable: vw.hasFeature(c.Features, "unstable")}
		vw.byDef[d] = gd
		vw.Defs = append(vw.Defs, gd)
		desc := describe(d)
		if err := pkg.claim(gd.Name, desc, d.Pos()); err != nil {
			return err
		}
		switch d := d.(type) {
		case *model.Enum:
			gd.Kind = Enum
			for _, m := range d.Members {
				if !vw.Allows(m.If) {
					continue
				}
				mi := m.Info
				if mi == nil {
					mi = d.Pos()
				}
				v := &Value{Member: m, Const: vw.EnumConst(d, m.Name), Wire: m.Name, If: m.If}
				if err := pkg.claim(v.Const, "value '"+m.Name+"' of "+desc, mi); err != nil {
					return err
				}
				gd.Values = append(gd.Values, v)
			}
		case *model.Object:
			gd.Kind = Struct
			if d.Branches != nil {
				gd.Kind = Union
			}
		case *model.Alternate:
			gd.Kind = Alternate
		case *model.Command:
			gd.Kind = Command
			vw.Commands = append(vw.Commands, gd)
			if InlineArgs(d.Arg) {
				vw.byDef[d.Arg] = gd
			}
		case *model.Event:
			gd.Kind = Event
			vw.Events = append(vw.Events, gd)
			if InlineArgs(d.Arg) {
				vw.byDef[d.Arg] = gd
			}
		}
	}
	return nil
}

// hasFeature reports whether fs has the feature name, its condition not
// false.
func (vw *View) hasFeature(fs []*model.Feature, name string) bool {
	for _, f := range fs {
		if f.Name == name && vw.Allows(f.If) {
			return true
		}
	}
	return false
}

// declName is the Go identifier of a definition's declaration.
func (vw *View) declName(d model.Definition) string {
	c := d.Common()
	switch d.(type) {
	case *model.Command:
		return vw.baseName(d) + "Command"
	case *model.Event:
		return vw.baseName(d) + "Event"
	}
	if c.Implicit != nil {
		switch c.Implicit.Role {
		case model.ImplicitWrapper:
			if o, ok := d.(*model.Object); ok && len(o.Members) == 1 {
				return wrappedName(o.Members[0].Type) + "Wrapper"
			}
		case model.ImplicitKind:
			if c.Implicit.Owner != nil {
				return vw.baseName(c.Implicit.Owner) + "Kind"
			}
		}
	}
	return vw.baseName(d)
}

// wrappedName names the type a legacy simple union branch wraps, the way
// QEMU named the explicit wrappers that replaced them ("StringWrapper").
func wrappedName(t model.Type) string {
	switch t := t.(type) {
	case *model.Builtin:
		if t.Name == "str" {
			return "String"
		}
		return names.Exported(t.Name)
	case *model.Array:
		return wrappedName(t.Element) + "List"
	}
	return names.Exported(t.Common().Name)
}

// nameOwn names the generator's own identifiers, once every schema name
// has its own: they yield to schema names (see yield).
func (vw *View) nameOwn(pkg *scope, own []string) {
	vw.own = make(map[string]string, len(own))
	for _, n := range own {
		vw.own[n] = pkg.yield(n, "the generated helpers")
	}
	for _, d := range vw.Defs {
		if d.Kind == Enum {
			d.ValuesName = pkg.yield(d.Name+"Values", "the list of values of "+describe(d.Def))
		}
	}
	// The methods of the Command and Event interfaces yield to a field of
	// any command or event type.
	vw.ownMethod = map[string]string{}
	cmds, evs := newScope("the command types"), newScope("the event types")
	for _, c := range vw.Commands {
		vw.argFieldNames(c.Def.(*model.Command).Arg, cmds)
	}
	for _, e := range vw.Events {
		vw.argFieldNames(e.Def.(*model.Event).Arg, evs)
	}
	for _, m := range vw.commandMethods {
		vw.ownMethod[m] = cmds.yield(m, "the generated methods")
	}
	for _, m := range vw.eventMethods {
		vw.ownMethod[m] = evs.yield(m, "the generated methods")
	}
}

// argFieldNames records in sc the fields of a command's or event's type,
// those an embedded argument type promotes included: a method of the
// command type would hide them.
func (vw *View) argFieldNames(arg *model.Object, sc *scope) {
	if arg == nil {
		return
	}
	if !InlineArgs(arg) {
		f, _ := argField(vw.TypeOf(arg).String())
		sc.owner[f] = "the embedded argument type"
	}
	for _, m := range arg.Members {
		if vw.Allows(m.If) {
			sc.owner[fieldIdent(m.Name)] = "a member"
		}
	}
	if arg.Branches != nil {
		for _, v := range arg.Branches.Variants {
			if vw.Allows(v.If) {
				sc.owner[fieldIdent(v.Name)] = "a branch"
			}
		}
	}
}

// at is info, or the position of owner when info is nil.
func at(info *source.Info, owner model.Definition) *source.Info {
	if info == nil {
		return owner.Pos()
	}
	return info
}
