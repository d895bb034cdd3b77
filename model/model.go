// SPDX-License-Identifier: Apache-2.0

// Package model is the checked QAPI schema: every definition with its
// types resolved, members flattened, implicit types made explicit and all
// of QEMU's semantic checks passed. It does not know where the schema came
// from (source files or a live QEMU's introspection), and the generators
// read only this.
//
// Build turns the typed definitions of package defs into a Schema; Load
// runs the whole front end (parse, check, build) on a schema file.
package model

import (
	"github.com/qapi-gen/qapi-gen/doc"
	"github.com/qapi-gen/qapi-gen/model/cond"
	"github.com/qapi-gen/qapi-gen/source"
)

// Schema is a checked schema.
type Schema struct {
	// Modules in the order QEMU visits them: the built-in module first,
	// then the main file, then each included file in the order its first
	// include directive appears.
	Modules []*Module
	// Entities lists every entity (definitions and include directives)
	// in definition order, built-ins first. Implicit types come right
	// before the definition that first needed them.
	Entities []Entity
	// Docs holds every doc comment block in source order.
	Docs []*doc.Doc
	// FeatureNames lists every feature name used in the schema, once,
	// in order of first use; QEMU's special features "deprecated" and
	// "unstable" always come first.
	FeatureNames []string
	// Legacy is set when the schema was built with Options.Legacy (the
	// language of QEMU before 6.2).
	Legacy bool

	byName map[string]Definition
}

// Lookup returns the definition (type, command or event) named name, or nil.
func (s *Schema) Lookup(name string) Definition { return s.byName[name] }

// LookupType returns the type named name, or nil when there is no such
// type (a command or event of that name does not count).
func (s *Schema) LookupType(name string) Type {
	t, _ := s.byName[name].(Type)
	return t
}

// BuiltinModuleName is the name of the module holding the built-in types.
const BuiltinModuleName = "./builtin"

// Module is one schema file, or the built-in module.
type Module struct {
	// Name is BuiltinModuleName for the built-in module, else the file
	// name relative to the directory of the schema's main file.
	Name     string
	Builtin  bool
	Entities []Entity // in definition order, include directives among them
}

// Entity is a definition or an include directive.
type Entity interface {
	// Pos is where the entity was defined: nil for built-ins; for
	// implicit types the definition that first caused them.
	Pos() *source.Info
	// InModule is the module the entity belongs to. An array type
	// belongs to its element type's module.
	InModule() *Module
}

// Include is an include directive.
type Include struct {
	Info   *source.Info
	Module *Module // the module the directive stands in
	Sub    *Module // the module it includes
}

// Pos implements Entity.
func (i *Include) Pos() *source.Info { return i.Info }

// InModule implements Entity.
func (i *Include) InModule() *Module { return i.Module }

// Definition is a type, command or event.
type Definition interface {
	Entity
	// Common gives access to what every definition has.
	Common() *Def
	// Meta is QEMU's word for the kind: "enum", "struct", "union",
	// "alternate", "array", "built-in", "command", "event".
	Meta() string
}

// Def holds what every definition has.
type Def struct {
	Name     string
	Info     *source.Info // nil for built-ins; for implicit types, the place that caused them
	Module   *Module
	If       *Cond // nil when unconditional
	Features []*Feature
	Doc      *doc.Doc // nil when undocumented (and for implicit types)
	// Implicit is set for types QEMU makes up (argument types, inline
	// bases, array types, q_empty, QType, legacy simple-union wrappers
	// and tag enums); nil for everything written in the schema and for
	// the built-in types proper (str, int, ...).
	Implicit *Implicit
}

// Common implements Definition.
func (d *Def) Common() *Def { return d }

// Pos implements Entity.
func (d *Def) Pos() *source.Info { return d.Info }

// InModule implements Entity.
func (d *Def) InModule() *Module { return d.Module }

// HasFeature reports whether the definition has the feature name.
func (d *Def) HasFeature(name string) bool { return hasFeature(d.Features, name) }

func hasFeature(fs []*Feature, name string) bool {
	for _, f := range fs {
		if f.Name == name {
			return true
		}
	}
	return false
}

// ImplicitRole tells why QEMU made up an implicit type.
type ImplicitRole int

// The roles of implicit types. The names QEMU gives them (and that
// dumps print) are shown for an owner named X and element type T.
const (
	ImplicitBuiltin ImplicitRole = iota // q_empty, QType and the built-in types' arrays
	ImplicitArgs                        // q_obj_X-arg: a command's or event's inline 'data'
	ImplicitBase                        // q_obj_X-base: a union's inline 'base'
	ImplicitArray                       // TList, for a use of ['T'] in the schema
	ImplicitWrapper                     // legacy simple union branch type: q_obj_T-wrapper
	ImplicitKind                        // legacy simple union tag enum: XKind
)

// Implicit describes an implicit type and the definition that owns it.
type Implicit struct {
	Role ImplicitRole
	// Owner is the command, event or union that caused the type: for
	// Args, Base and Kind the one definition using it; for Wrapper the
	// first union using it (wrappers are shared). Nil for Builtin and
	// Array types (arrays are shared by all users).
	Owner Definition
}

// Type is a definition that is a type.
type Type interface {
	Definition
	// JSONType is the JSON type of the wire form: "string", "number",
	// "int", "boolean", "null", "object", "array" or "value" (any).
	JSONType() string
}

// Builtin is a built-in type: str, number, int, int8...uint64, size, bool,
// null, any.
type Builtin struct {
	Def
	JSON string // see Type.JSONType
}

// Meta implements Definition.
func (*Builtin) Meta() string { return "built-in" }

// JSONType implements Type.
func (b *Builtin) JSONType() string { return b.JSON }

// Enum is an enumeration.
type Enum struct {
	Def
	Members []*EnumMember
	// Prefix is the 'prefix' given; HasPrefix tells an empty prefix from
	// none (QEMU derives C constant names from the type name only when
	// there is none).
	Prefix    string
	HasPrefix bool

	byName map[string]*EnumMember // set by Build once Members is complete
}

// Member returns the member named name, or nil. A union looks up each
// branch in its tag enum, so in a schema built by Build this is a map
// lookup; an Enum made otherwise is searched.
func (e *Enum) Member(name string) *EnumMember {
	if e.byName != nil {
		return e.byName[name]
	}
	for _, m := range e.Members {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// indexMembers makes Member a map lookup.
func (e *Enum) indexMembers() {
	e.byName = make(map[string]*EnumMember, len(e.Members))
	for _, m := range e.Members {
		if _, dup := e.byName[m.Name]; !dup {
			e.byName[m.Name] = m
		}
	}
}

// Meta implements Definition.
func (*Enum) Meta() string { return "enum" }

// JSONType implements Type.
func (*Enum) JSONType() string { return "string" }

// EnumMember is a value of an enum.
type EnumMember struct {
	Name     string
	Info     *source.Info
	If       *Cond
	Features []*Feature
}

// HasFeature reports whether the value has the feature name.
func (m *EnumMember) HasFeature(name string) bool { return hasFeature(m.Features, name) }

// Array is a list type, implicitly defined by ['T'].
type Array struct {
	Def     // Def.If is the element type's condition
	Element Type

	elemName string // until resolved by the builder
}

// Meta implements Definition.
func (*Array) Meta() string { return "array" }

// JSONType implements Type.
func (*Array) JSONType() string { return "array" }

// Object is a struct or union.
type Object struct {
	Def
	Base    *Object   // nil when there is none
	Local   []*Member // members defined here (a union has none, except a legacy simple union's tag)
	Members []*Member // all members on the wire: base's, then local
	// Branches is set for unions: the tag member and one variant per tag
	// value that has a branch.
	Branches *Branches

	baseName string     // until resolved by the builder
	state    checkState // progress of the builder's check
}

// Meta implements Definition.
func (o *Object) Meta() string {
	if o.Branches != nil {
		return "union"
	}
	return "struct"
}

// JSONType implements Type.
func (*Object) JSONType() string { return "object" }

// IsEmpty reports whether the object has no members and no branches
// (q_empty and empty structs).
func (o *Object) IsEmpty() bool { return len(o.Members) == 0 && o.Branches == nil }

// IsBuiltinEmpty reports whether o is q_empty, the built-in empty object.
func (o *Object) IsBuiltinEmpty() bool {
	return o.Implicit != nil && o.Implicit.Role == ImplicitBuiltin && o.IsEmpty()
}

// HasConditionalMembers reports whether any member on the wire has a
// condition.
func (o *Object) HasConditionalMembers() bool {
	for _, m := range o.Members {
		if m.If != nil {
			return true
		}
	}
	return false
}

// Branches are a union's variants, selected by a tag member.
type Branches struct {
	Tag *Member // a member of the union's base (legacy simple union: its own 'type')
	// Variants has one entry per branch written in the schema, in order,
	// then (for unions with a discriminator) one per remaining tag value,
	// with type q_empty and the value's condition.
	Variants []*Variant

	tagName string // the discriminator, until resolved by the builder
}

// Member is a member of an object (or the implicit tag of an alternate).
type Member struct {
	Name     string
	Type     Type
	Optional bool
	Info     *source.Info
	If       *Cond
	Features []*Feature
	// DefinedIn is the definition that declares the member (the base for
	// inherited members).
	DefinedIn Definition

	typeName string // until resolved by the builder
}

// HasFeature reports whether the member has the feature name.
func (m *Member) HasFeature(name string) bool { return hasFeature(m.Features, name) }

// Variant is a union branch or an alternative of an alternate.
type Variant struct {
	Name string // tag value (union) or alternative name (alternate)
	Type Type
	Info *source.Info
	If   *Cond
	// DefinedIn is the union or alternate; for a union's branches
	// added for tag values without a branch, the type declaring the tag.
	DefinedIn Definition

	typeName string // until resolved by the builder
}

// HasOwnType reports whether a union branch has a type of its own:
// QEMU gives the tag values without one a branch of the built-in empty
// object (q_empty), which adds no members.
func (v *Variant) HasOwnType() bool {
	o, ok := v.Type.(*Object)
	return !ok || !o.IsBuiltinEmpty()
}

// Alternate is a type whose wire form is one of several JSON types.
type Alternate struct {
	Def
	// Tag is QEMU's implicit tag member "type" of type QType, which
	// tells in generated C which alternative is present.
	Tag          *Member
	Alternatives []*Variant
}

// Meta implements Definition.
func (*Alternate) Meta() string { return "alternate" }

// JSONType implements Type.
func (*Alternate) JSONType() string { return "value" }

// Command is a QMP command.
type Command struct {
	Def
	Arg             *Object // nil, an object (maybe implicit), or with Boxed maybe a union
	Ret             Type    // nil when the command returns nothing
	Gen             bool
	SuccessResponse bool
	Boxed           bool
	AllowOOB        bool
	AllowPreconfig  bool
	Coroutine       bool

	argName, retName string // until resolved by the builder
}

// Meta implements Definition.
func (*Command) Meta() string { return "command" }

// Event is a QMP event.
type Event struct {
	Def
	Arg   *Object // nil, or an object (maybe implicit, maybe a union when Boxed)
	Boxed bool

	argName string // until resolved by the builder
}

// Meta implements Definition.
func (*Event) Meta() string { return "event" }

// Feature is a feature flag of a definition, member or enum value.
type Feature struct {
	Name string
	Info *source.Info
	If   *Cond

	definedIn string // name of the definition, member or value it belongs to (for messages)
}

// Special reports whether QEMU gives the feature a meaning of its own.
func (f *Feature) Special() bool { return f.Name == "deprecated" || f.Name == "unstable" }

// Cond is an 'if' condition (see package cond, where the type lives so
// that the expression checks can produce it); a nil *Cond means
// unconditional.
type Cond = cond.Cond

// CondKind is the operator of a condition.
type CondKind = cond.Kind

// The kinds of conditions.
const (
	CondName   = cond.Name   // a configuration symbol: Name
	CondAll    = cond.All    // all of Args
	CondAny    = cond.Any    // any of Args
	CondNot    = cond.Not    // not Args[0]
	CondLegacy = cond.Legacy // QEMU before 6.2: a C preprocessor expression in Name
)

// Config gives configuration symbols a value, as a build configuration
// does; see cond.Config and Cond.MayHold.
type Config = cond.Config
