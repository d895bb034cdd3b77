// SPDX-License-Identifier: Apache-2.0

package goview

import (
	"github.com/qapi-gen/qapi-gen/gen/names"
	"github.com/qapi-gen/qapi-gen/model"
)

// TypeKind is the form of a Go type expression.
type TypeKind int

const (
	// Named is a type the package declares: a schema definition's, or
	// one of the package's own (Any, Null, Uint8List, OptionalNull).
	Named TypeKind = iota
	// Builtin is a predeclared Go type: string, int64, bool, ...
	Builtin
	// Pointer is *Elem.
	Pointer
	// Slice is []Elem.
	Slice
	// EmptyStruct is struct{}.
	EmptyStruct
)

// Type is a Go type expression of the generated package.
type Type struct {
	Kind TypeKind
	Name string // Named and Builtin: the identifier
	Elem *Type  // Pointer and Slice
}

// String is the type in Go syntax, as the package spells it.
func (t Type) String() string {
	switch t.Kind {
	case Pointer:
		return "*" + t.Elem.String()
	case Slice:
		return "[]" + t.Elem.String()
	case EmptyStruct:
		return "struct{}"
	}
	return t.Name
}

// Ptr is *t.
func (t Type) Ptr() Type { return Type{Kind: Pointer, Elem: &t} }

func named(name string) Type   { return Type{Kind: Named, Name: name} }
func builtin(name string) Type { return Type{Kind: Builtin, Name: name} }

// builtinTypes are the Go types of QAPI's built-in types; 'any' and
// 'null' are the package's own Any and Null.
var builtinTypes = map[string]string{
	"str": "string", "number": "float64", "int": "int64", "int64": "int64",
	"int8": "int8", "int16": "int16", "int32": "int32", "uint8": "uint8",
	"uint16": "uint16", "uint32": "uint32", "uint64": "uint64", "size": "uint64",
	"bool": "bool",
}

// TypeOf is the Go type of values of t.
func (vw *View) TypeOf(t model.Type) Type {
	switch t := t.(type) {
	case *model.Builtin:
		switch t.Name {
		case "any":
			return named(vw.Own("Any"))
		case "null":
			return named(vw.Own("Null"))
		}
		if n, ok := builtinTypes[t.Name]; ok {
			return builtin(n)
		}
		return named(names.Exported(t.Name))
	case *model.Array:
		if b, ok := t.Element.(*model.Builtin); ok && b.Name == "uint8" {
			// encoding/json would write a []uint8 as a base64 string.
			return named(vw.Own("Uint8List"))
		}
		e := vw.TypeOf(t.Element)
		return Type{Kind: Slice, Elem: &e}
	case *model.Object:
		if t.IsBuiltinEmpty() {
			return Type{Kind: EmptyStruct}
		}
	}
	if d := vw.byDef[t]; d != nil {
		return named(d.Name)
	}
	// Not reached for kept users: keptDefinitions keeps what they use.
	return named(vw.declName(t))
}

// fieldType is the Go type of member m's field and its JSON tag options:
// the one place that decides it. Optional members tell absent from
// present: pointers (omitempty), except 'any' (Any is nil when absent),
// alternates (a value whose IsZero reports absence, with omitzero, so
// that a JSON null branch survives) and 'null' (OptionalNull, a bool with
// omitzero). A required member whose struct would contain itself
// (recursive) is a pointer too.
func (vw *View) fieldType(m *model.Member, recursive bool) (Type, string) {
	t := vw.TypeOf(m.Type)
	if !m.Optional {
		if recursive {
			return t.Ptr(), ""
		}
		return t, ""
	}
	switch mt := m.Type.(type) {
	case *model.Builtin:
		switch mt.Name {
		case "any":
			return t, ",omitempty"
		case "null":
			// A pointer cannot tell a present JSON null from absence.
			return named(vw.Own("OptionalNull")), ",omitzero"
		}
	case *model.Alternate:
		return t, ",omitzero"
	}
	return t.Ptr(), ",omitempty"
}

// alternativeType is the Go type of an alternate's field for alternative
// type t: a bool for JSON null, the slice for an array, a pointer
// otherwise (nil when another alternative is in use).
func (vw *View) alternativeType(t model.Type) Type {
	switch t.JSONType() {
	case "null":
		return builtin("bool")
	case "array":
		return vw.TypeOf(t)
	}
	return vw.TypeOf(t).Ptr()
}
