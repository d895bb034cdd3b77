// Package model is the checked QAPI schema: every definition with its
// types resolved, members flattened, implicit types made explicit and all
// of QEMU's semantic checks passed. It does not know where the schema came
// from (source files or a live QEMU's introspection), and the generators
// read only this.
package model

import (
	"github.com/qapi-gen/qapi-gen/doc"
	"github.com/qapi-gen/qapi-gen/source"
)

// Schema is a checked schema.
type Schema struct {
	// Modules in the order QEMU visits them: the built-in module first,
	// then each file in the order it was first seen.
	Modules []*Module
	// Entities lists every entity (definitions and include directives)
	// in definition order, built-ins first.
	Entities []Entity
	// Docs holds every doc comment block in source order.
	Docs []*doc.Doc

	byName map[string]Definition
}

// Lookup returns the definition (type, command or event) named name, or nil.
func (s *Schema) Lookup(name string) Definition { return s.byName[name] }

// Module is one schema file, or the built-in module.
type Module struct {
	// Name is "./builtin" for the built-in module, else the file name as
	// QEMU prints it (relative to the directory the schema was read from).
	Name     string
	Builtin  bool
	Entities []Entity // in definition order, include directives among them
}

// Entity is a definition or an include directive.
type Entity interface {
	Pos() *source.Info // nil for built-ins
	InModule() *Module
}

// Include is an include directive.
type Include struct {
	Info   *source.Info
	Module *Module // the module the directive stands in
	Sub    *Module // the module it includes
}

func (i *Include) Pos() *source.Info { return i.Info }
func (i *Include) InModule() *Module { return i.Module }

// Definition is a type, command or event.
type Definition interface {
	Entity
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
	// bases, array types, q_empty, QType, legacy simple-union wrappers).
	Implicit *Implicit
}

func (d *Def) Common() *Def      { return d }
func (d *Def) Pos() *source.Info { return d.Info }
func (d *Def) InModule() *Module { return d.Module }
func (d *Def) HasFeature(name string) bool {
	for _, f := range d.Features {
		if f.Name == name {
			return true
		}
	}
	return false
}

// ImplicitRole tells why QEMU made up an implicit type.
type ImplicitRole int

const (
	ImplicitBuiltin ImplicitRole = iota // q_empty, QType, built-in arrays
	ImplicitArgs                        // q_obj_CMD-arg, q_obj_EVENT-arg
	ImplicitBase                        // q_obj_UNION-base (inline union base)
	ImplicitArray                       // FooList
	ImplicitWrapper                     // legacy simple union branch: q_obj_T-wrapper
	ImplicitKind                        // legacy simple union tag enum: UNIONKind
)

// Implicit describes an implicit type and the definition that owns it.
type Implicit struct {
	Role  ImplicitRole
	Owner Definition // the command, event or union that caused it; nil for built-ins
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
	JSON string
}

func (*Builtin) Meta() string       { return "built-in" }
func (b *Builtin) JSONType() string { return b.JSON }

// Enum is an enumeration.
type Enum struct {
	Def
	Members []*EnumMember
	Prefix  string // the 'prefix' given, or ""
}

func (*Enum) Meta() string     { return "enum" }
func (*Enum) JSONType() string { return "string" }

// EnumMember is a value of an enum.
type EnumMember struct {
	Name     string
	Info     *source.Info
	If       *Cond
	Features []*Feature
}

// Array is a list type, implicitly defined by ['T'].
type Array struct {
	Def
	Element Type
}

func (*Array) Meta() string     { return "array" }
func (*Array) JSONType() string { return "array" }

// Object is a struct or union.
type Object struct {
	Def
	Base    *Object   // nil when there is none
	Local   []*Member // members defined here (a union has none)
	Members []*Member // all members on the wire: base's, then local
	// Branches is set for unions: the tag member and one variant per tag
	// value that has a branch.
	Branches *Branches
}

func (o *Object) Meta() string {
	if o.Branches != nil {
		return "union"
	}
	return "struct"
}
func (*Object) JSONType() string { return "object" }

// Branches are a union's variants, selected by a tag member.
type Branches struct {
	Tag      *Member
	Variants []*Variant
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
}

// Variant is a union branch or an alternative of an alternate.
type Variant struct {
	Name string // tag value (union) or alternative name (alternate)
	Type Type
	Info *source.Info
	If   *Cond
}

// Alternate is a type whose wire form is one of several JSON types.
type Alternate struct {
	Def
	Alternatives []*Variant
}

func (*Alternate) Meta() string     { return "alternate" }
func (*Alternate) JSONType() string { return "value" }

// Command is a QMP command.
type Command struct {
	Def
	Arg             Type // nil, an *Object (maybe implicit), or with Boxed a union
	Ret             Type // nil when the command returns nothing
	Gen             bool
	SuccessResponse bool
	Boxed           bool
	AllowOOB        bool
	AllowPreconfig  bool
	Coroutine       bool
}

func (*Command) Meta() string { return "command" }

// Event is a QMP event.
type Event struct {
	Def
	Arg   Type // nil, or an *Object (maybe implicit, maybe a union when Boxed)
	Boxed bool
}

func (*Event) Meta() string { return "event" }

// Feature is a feature flag of a definition, member or enum value.
type Feature struct {
	Name string
	Info *source.Info
	If   *Cond
}

// Special reports whether QEMU gives the feature a meaning of its own.
func (f *Feature) Special() bool { return f.Name == "deprecated" || f.Name == "unstable" }

// CondKind is the operator of a condition.
type CondKind int

const (
	CondName   CondKind = iota // a configuration symbol: Name
	CondAll                    // all of Args
	CondAny                    // any of Args
	CondNot                    // not Args[0]
	CondLegacy                 // QEMU before 6.2: a C preprocessor expression in Name
)

// Cond is an 'if' condition. A nil *Cond means unconditional.
type Cond struct {
	Kind CondKind
	Name string
	Args []*Cond
}
