// SPDX-License-Identifier: Apache-2.0

package roundtrip

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/qapi-gen/qapi-gen/goview"
	"github.com/qapi-gen/qapi-gen/model"
)

// value is one test value, built twice from the model: expr is a Go
// expression of the generated package's type, wire is the JSON text QEMU
// expects for it. The two are derived independently (wire never looks at
// the generated code), so the test checks the code against the model.
type value struct {
	expr string
	wire string
}

// mode tells which optional members a value carries.
type mode int

const (
	minimal mode = iota // optional members absent
	full                // every optional member present
	nulls               // like full, but members that can be JSON null are
)

func (m mode) String() string { return [...]string{"absent", "present", "null"}[m] }

// The sample values of the built-in types: extreme where the type allows
// it, so that a conversion through float64 or a narrower integer shows.
var builtinSamples = map[string]string{
	"int":    "-9007199254740993", // not representable as float64
	"int8":   "-128",
	"int16":  "-32768",
	"int32":  "-2147483648",
	"int64":  "-9223372036854775808",
	"uint8":  "255",
	"uint16": "65535",
	"uint32": "4294967295",
	"uint64": "18446744073709551615",
	"size":   "18446744073709551615",
	"number": "1.5",
	"bool":   "true",
}

// sampleString needs JSON escaping of several kinds.
const sampleString = "s \"quoted\" back\\slash <&> \u00e9 \u2028\t"

// sampleAny is the value used for 'any': numbers no Go number type holds,
// nesting of every JSON type. It is compact, so the generated Any keeps
// exactly these bytes however it was decoded.
const sampleAny = `{"big":18446744073709551615,"neg":-9223372036854775809,"tiny":1e-400,` +
	`"list":[1,"two",null,true,{"deep":[[]]}],"empty":{}}`

// builder builds values of a schema's types, named as the generated
// package names them (its goview.View).
type builder struct {
	view *goview.View
	cost map[model.Type]int
	err  error // the first type without a Go name
}

// id is the generated package's name for its own identifier name.
func (b *builder) id(name string) string { return b.view.Own(name) }

// goType is the Go type of values of t.
func (b *builder) goType(t model.Type) string {
	b.declared(t)
	return b.view.TypeOf(t).String()
}

// declared checks that the package declares the type of t (the
// view's names are those of kept definitions).
func (b *builder) declared(t model.Type) {
	switch t := t.(type) {
	case *model.Builtin:
		return
	case *model.Array:
		b.declared(t.Element)
		return
	case *model.Object:
		if t.IsBuiltinEmpty() {
			return
		}
	}
	if b.view.Lookup(t) == nil {
		b.fail("no Go name for %s %s", t.Meta(), t.Common().Name)
	}
}

func jsonString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err) // a Go string always encodes
	}
	return string(b)
}

func (b *builder) enumConst(e *model.Enum, value string) string {
	b.declared(e)
	return b.view.EnumConst(e, value)
}

// value builds a value of t with optional members absent. depth bounds
// the nesting: below it lists are empty and every choice (union branch,
// alternative) is the one with the smallest value, which ends recursion.
func (b *builder) value(t model.Type, depth int) (value, bool) {
	if b.cost[t] >= infinite {
		return value{}, false
	}
	switch t := t.(type) {
	case *model.Builtin:
		switch t.Name {
		case "str":
			return value{strconv.Quote(sampleString), jsonString(sampleString)}, true
		case "any":
			return value{b.id("Any") + "(" + strconv.Quote(sampleAny) + ")", sampleAny}, true
		case "null":
			return value{b.id("Null") + "{}", "null"}, true
		}
		s, ok := builtinSamples[t.Name]
		return value{s, s}, ok
	case *model.Enum:
		m := t.Members[0]
		return value{b.enumConst(t, m.Name), jsonString(m.Name)}, true
	case *model.Array:
		if depth > 0 {
			if e, ok := b.value(t.Element, depth-1); ok {
				return value{b.goType(t) + "{" + e.expr + "}", "[" + e.wire + "]"}, true
			}
		}
		return value{b.goType(t) + "{}", "[]"}, true
	case *model.Object:
		return b.objectValue(t, b.cheapestBranch(t), depth, minimal), true
	case *model.Alternate:
		return b.alternateValue(t, b.cheapestAlternative(t, true), depth), true
	}
	return value{}, false
}

// objectValue builds a struct's or union's value; for a union, variant
// is the branch.
func (b *builder) objectValue(o *model.Object, variant *model.Variant, depth int, md mode) value {
	fields, wire := b.members(o, variant, depth, md)
	return value{
		expr: b.goType(o) + "{" + strings.Join(fields, ", ") + "}",
		wire: "{" + strings.Join(wire, ",") + "}",
	}
}

// members builds the Go fields and the wire members of an object value.
// A union's branch members go on the wire next to the base's, with the
// discriminator naming the branch.
func (b *builder) members(o *model.Object, variant *model.Variant, depth int, md mode) (fields, wire []string) {
	var tag *model.Member
	if o.Branches != nil {
		tag = o.Branches.Tag
	}
	for _, m := range o.Members {
		f := b.field(o, m)
		if f == nil {
			continue
		}
		field := f.Name + ": "
		key := jsonString(m.Name) + ":"
		if tag != nil && m.Name == tag.Name && variant != nil {
			e, ok := m.Type.(*model.Enum)
			if !ok {
				b.fail("union %s: tag %s is not an enum", o.Name, m.Name)
				continue
			}
			c := b.enumConst(e, variant.Name)
			if m.Optional {
				c = "rtPtr[" + b.goType(e) + "](" + c + ")"
			}
			fields = append(fields, field+c)
			wire = append(wire, key+jsonString(variant.Name))
			continue
		}
		if m.Optional && md == minimal {
			continue
		}
		v, ok := b.memberValue(f, depth-1, md)
		if !ok {
			if m.Optional {
				continue
			}
			b.fail("%s %s: no value for member %s", o.Meta(), o.Name, m.Name)
			continue
		}
		fields = append(fields, field+v.expr)
		wire = append(wire, key+v.wire)
	}
	if variant == nil || !variant.HasOwnType() {
		return fields, wire
	}
	bo, ok := variant.Type.(*model.Object)
	if !ok {
		b.fail("union %s: branch %s is not an object", o.Name, variant.Name)
		return fields, wire
	}
	bf, bw := b.members(bo, b.cheapestBranch(bo), depth, md)
	fields = append(fields, b.branchField(o, variant)+": &"+b.goType(bo)+"{"+strings.Join(bf, ", ")+"}")
	return fields, append(wire, bw...)
}

// memberValue builds a member's value in the form its field takes.
func (b *builder) memberValue(f *goview.Field, depth int, md mode) (value, bool) {
	m := f.Member
	if m.Optional && md == nulls {
		if v, ok := b.null(m.Type); ok {
			return v, true
		}
	}
	v, ok := b.value(m.Type, depth)
	if a, isAlt := m.Type.(*model.Alternate); isAlt && md != minimal {
		// Present, and not as null: mode nulls covers that.
		if alt := b.cheapestAlternative(a, false); alt != nil {
			v, ok = b.alternateValue(a, alt, depth), true
		}
	}
	if !ok {
		return v, ok
	}
	if t, isNull := m.Type.(*model.Builtin); isNull && t.Name == "null" && m.Optional {
		return value{f.Type.String() + "(true)", "null"}, true // OptionalNull
	}
	v.expr = b.asType(f.Type, m.Type, v.expr)
	return v, true
}

// asType is expr, a value of model type t, as a value of Go type gt: its
// address or a pointer to a copy for a pointer type.
func (b *builder) asType(gt goview.Type, t model.Type, expr string) string {
	if gt.Kind != goview.Pointer {
		return expr
	}
	switch t.(type) {
	case *model.Object, *model.Array:
		return "&" + expr // a composite literal
	}
	return "rtPtr[" + gt.Elem.String() + "](" + expr + ")"
}

// null is a JSON null of t, when t has one: 'any', and alternates with a
// null alternative.
func (b *builder) null(t model.Type) (value, bool) {
	switch t := t.(type) {
	case *model.Builtin:
		if t.Name == "any" {
			return value{b.id("Any") + `("null")`, "null"}, true
		}
	case *model.Alternate:
		for _, alt := range t.Alternatives {
			if alt.Type.JSONType() == "null" {
				return b.alternateValue(t, alt, 0), true
			}
		}
	}
	return value{}, false
}

// alternateValue builds an alternate's value holding alternative alt.
func (b *builder) alternateValue(a *model.Alternate, alt *model.Variant, depth int) value {
	d := b.view.Lookup(a)
	var f *goview.Branch
	if d != nil {
		f = d.Branch(alt)
	}
	if f == nil {
		b.fail("alternate %s: no field for alternative %s", a.Name, alt.Name)
		return value{}
	}
	expr := func(inner string) value {
		return value{expr: d.Name + "{" + f.Name + ": " + inner + "}"}
	}
	if alt.Type.JSONType() == "null" {
		v := expr("true")
		v.wire = "null"
		return v
	}
	inner, ok := b.value(alt.Type, depth-1)
	if !ok {
		b.fail("alternate %s: no value for alternative %s", a.Name, alt.Name)
		return value{}
	}
	v := expr(b.asType(f.Type, alt.Type, inner.expr))
	v.wire = inner.wire
	return v
}

func (b *builder) fail(format string, args ...any) {
	if b.err == nil {
		b.err = fmt.Errorf("roundtrip: "+format, args...)
	}
}

// field is the Go field of member m of object o (a command's or event's
// inline arguments are its type's); nil, after failing, when it has none.
func (b *builder) field(o *model.Object, m *model.Member) *goview.Field {
	if d := b.view.Lookup(o); d != nil {
		if f := d.Field(m); f != nil {
			return f
		}
	}
	b.fail("%s %s: no field for member %s", o.Meta(), o.Name, m.Name)
	return nil
}

// branchField is the Go field of union o's branch v.
func (b *builder) branchField(o *model.Object, v *model.Variant) string {
	if d := b.view.Lookup(o); d != nil {
		if f := d.Branch(v); f != nil {
			return f.Name
		}
	}
	b.fail("union %s: no field for branch %s", o.Name, v.Name)
	return ""
}
