// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"fmt"
	"strconv"

	"github.com/dave/jennifer/jen"
	"github.com/qapi-gen/qapi-gen/gen/names"
	"github.com/qapi-gen/qapi-gen/model"
)

const jsonPkg = "encoding/json"

// emitModule emits the module's definitions in definition order.
func (g *generator) emitModule(u *unit, m *model.Module) error {
	for _, e := range m.Entities {
		d, ok := e.(model.Definition)
		if !ok || !g.kept(d) {
			continue
		}
		var err error
		switch d := d.(type) {
		case *model.Enum:
			g.emitEnum(u, d)
		case *model.Object:
			if d.Branches != nil {
				err = g.emitUnion(u, d)
			} else {
				err = g.emitStruct(u, d)
			}
		case *model.Alternate:
			err = g.emitAlternate(u, d)
		case *model.Command:
			err = g.emitCommand(u, d)
		case *model.Event:
			err = g.emitEvent(u, d)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// typeExpr is the Go type of values of t, as one token (jennifer writes
// an Id as is; gofmt sees the same source as from nested tokens).
func (g *generator) typeExpr(t model.Type) *jen.Statement {
	return jen.Id(g.typeString(t))
}

// typeString is the Go type of values of t in Go syntax.
func (g *generator) typeString(t model.Type) string {
	switch t := t.(type) {
	case *model.Builtin:
		return g.id(builtinType(t.Name))
	case *model.Array:
		if b, ok := t.Element.(*model.Builtin); ok && b.Name == "uint8" {
			// encoding/json would write a []uint8 as a base64 string.
			return g.id("Uint8List")
		}
		return "[]" + g.typeString(t.Element)
	case *model.Object:
		if t.Implicit != nil && t.Implicit.Role == model.ImplicitBuiltin && t.IsEmpty() {
			return "struct{}"
		}
	}
	if name, ok := g.goName[t]; ok {
		return name
	}
	// Not reached for kept users: keptDefinitions keeps what they use.
	return g.declName(t)
}

func builtinType(name string) string {
	switch name {
	case "str":
		return "string"
	case "number":
		return "float64"
	case "int", "int64":
		return "int64"
	case "int8", "int16", "int32", "uint8", "uint16", "uint32", "uint64", "bool":
		return name
	case "size":
		return "uint64"
	case "any":
		return "Any"
	case "null":
		return "Null"
	}
	return names.Exported(name)
}

// emitEnum emits a string type, a constant per value, the list of values
// and Known. Values the package does not know decode without error.
func (g *generator) emitEnum(u *unit, e *model.Enum) {
	name := g.goName[e]
	c := g.defComment(fmt.Sprintf("%s is the QAPI enum %s.", name, e.Name), e)
	u.file.Add(c.declCode(u).Type().Id(name).String())

	var consts []jen.Code
	var values []string
	for _, m := range e.Members {
		if !g.conds.holds(m.If) {
			continue
		}
		id := g.enumConst(e, m.Name)
		mc := g.valueComment(e, m)
		consts = append(consts, mc.code(u).Id(id).Id(name).Op("=").Add(strLit(m.Name)))
		values = append(values, id)
	}
	if len(consts) > 0 {
		u.file.Const().Defs(consts...)
	}
	list := g.valuesName[e]
	u.comment(fmt.Sprintf("// %s lists the values of %s this package knows, in schema order.", list, name))
	u.file.Var().Id(list).Op("=").Index().Id(name).Values(u.listBody(values)...)
	u.comment(fmt.Sprintf("// Known reports whether v is one of %s.", list))
	u.file.Func().Params(jen.Id("v").Id(name)).Id("Known").Params().Bool().Block(
		jen.Return(jen.Id("qapiKnown").Call(jen.Id(list), jen.Id("v"))))
	g.emitErrorClass(u, e)
}

// field is a struct field for a member.
type field struct {
	m      *model.Member
	goName string
	// recursive: the member's type holds the member's struct as a value
	// (see findRecursion), so the field is a pointer even if required.
	recursive bool
}

// fields gives the kept members their field names in sc.
func (g *generator) fields(ms []*model.Member, sc *scope, owner model.Definition) ([]field, error) {
	var out []field
	for _, m := range ms {
		if !g.conds.holds(m.If) {
			continue
		}
		id := g.fieldName(m)
		info := m.Info
		if info == nil {
			info = owner.Pos()
		}
		if err := sc.claim(id, "member '"+m.Name+"'", info); err != nil {
			return nil, err
		}
		o, _ := owner.(*model.Object)
		out = append(out, field{m: m, goName: id, recursive: g.recursive[memberKey{o, m}]})
	}
	return out, nil
}

// fieldType is the Go type and JSON tag options of a member's field.
// Optional members tell absent from present: pointers (omitempty), except
// 'any' (Any is nil when absent), alternates (a value whose IsZero
// reports absence, with omitzero, so that a JSON null branch survives)
// and 'null' (OptionalNull, a bool with omitzero).
func (g *generator) fieldType(f field) (*jen.Statement, string) {
	m := f.m
	t := g.typeExpr(m.Type)
	if !m.Optional {
		if f.recursive {
			return jen.Op("*").Add(t), ""
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
			return jen.Id(g.id("OptionalNull")), ",omitzero"
		}
	case *model.Alternate:
		return t, ",omitzero"
	}
	return jen.Op("*").Add(t), ",omitempty"
}

// fieldDecls renders struct fields with their docs.
func (g *generator) fieldDecls(u *unit, fs []field) []jen.Code {
	var out []jen.Code
	for _, f := range fs {
		out = append(out, g.memberComment(f.m).code(u).Add(g.fieldDecl(f)))
	}
	return out
}

// fieldDecl is the declaration of f: name, type and JSON tag.
func (g *generator) fieldDecl(f field) *jen.Statement {
	t, opt := g.fieldType(f)
	return jen.Id(f.goName).Add(t).Id(jsonTag(f.m.Name + opt))
}

// strLit is a Go string literal, as jen.Lit writes it (%#v is
// strconv.Quote for strings) without going through fmt.
func strLit(s string) *jen.Statement { return jen.Id(strconv.Quote(s)) }

// jsonTag is the struct tag `json:"value"`, written as jennifer's Tag
// writes it, but without building a map per field.
func jsonTag(value string) string {
	tag := "json:" + strconv.Quote(value)
	if strconv.CanBackquote(tag) {
		return "`" + tag + "`"
	}
	return strconv.Quote(tag)
}

// requiredLists are the fields of required array members: nil must
// encode as [] (QEMU rejects null), so their type gets a MarshalJSON.
func requiredLists(fs []field) []field {
	var out []field
	for _, f := range fs {
		if _, ok := f.m.Type.(*model.Array); ok && !f.m.Optional {
			out = append(out, f)
		}
	}
	return out
}

func (g *generator) emitStruct(u *unit, o *model.Object) error {
	name := g.goName[o]
	sc := newScope("struct " + name)
	fs, err := g.fields(o.Members, sc, o)
	if err != nil {
		return err
	}
	lists := requiredLists(fs)
	first := fmt.Sprintf("%s is the QAPI struct %s.", name, o.Name)
	if o.Implicit != nil && o.Implicit.Role == model.ImplicitWrapper {
		first = fmt.Sprintf("%s is the branch type that wraps a value as member \"data\" in simple unions.", name)
	}
	c := g.defComment(first, o)
	u.file.Add(c.declCode(u).Type().Id(name).Struct(g.fieldDecls(u, fs)...))
	if len(lists) > 0 {
		g.emitListFix(u, name, lists)
	}
	return nil
}

// emitListFix emits a MarshalJSON that encodes nil required lists as [].
func (g *generator) emitListFix(u *unit, name string, lists []field) {
	var body []jen.Code
	body = append(body, jen.Type().Id("plain").Id(name))
	for _, f := range lists {
		body = append(body, jen.If(jen.Id("v").Dot(f.goName).Op("==").Nil()).Block(
			jen.Id("v").Dot(f.goName).Op("=").Add(g.typeExpr(f.m.Type)).Values(),
		))
	}
	body = append(body, jen.Return(jen.Qual(jsonPkg, "Marshal").Call(jen.Id("plain").Call(jen.Id("v")))))
	u.comment("// MarshalJSON encodes v; a nil required list encodes as [] rather than null.")
	u.file.Func().Params(jen.Id("v").Id(name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(body...)
}
