// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/qapi-gen/qapi-gen/goview"
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
func (g *generator) typeString(t model.Type) string { return g.view.TypeOf(t).String() }

// goType is the code of Go type t: a pointer as the operator and its
// element, anything else as one token (see typeExpr).
func goType(t goview.Type) *jen.Statement {
	if t.Kind == goview.Pointer {
		return jen.Op("*").Add(goType(*t.Elem))
	}
	return jen.Id(t.String())
}

// emitEnum emits a string type, a constant per value, the list of values
// and Known. Values the package does not know decode without error.
func (g *generator) emitEnum(u *unit, e *model.Enum) {
	name := g.goName(e)
	c := g.defComment(fmt.Sprintf("%s is the QAPI enum %s.", name, e.Name), e)
	u.file.Add(c.declCode(u).Type().Id(name).String())

	var consts []jen.Code
	var values, wire []string
	gd := g.view.Lookup(e)
	for _, v := range gd.Values {
		mc := g.valueComment(e, v.Member)
		consts = append(consts, mc.code(u).Id(v.Const).Id(name).Op("=").Add(strLit(v.Wire)))
		values = append(values, v.Const)
		wire = append(wire, v.Wire)
	}
	if len(consts) > 0 {
		u.file.Const().Defs(consts...)
	}
	list := gd.ValuesName
	u.comment(fmt.Sprintf("// %s lists the values of %s this package knows, in schema order.", list, name))
	u.file.Var().Id(list).Op("=").Index().Id(name).Values(u.listBody(values)...)
	u.comment(fmt.Sprintf("// Known reports whether v is one of %s.", list))
	// The values again, as one string constant: Known is then one call of
	// a plain function, where a generic helper over the list costs the
	// compiler an instance per enum (see qapiIn). Enum values never hold
	// a space (the schema's names cannot).
	u.file.Func().Params(jen.Id("v").Id(name)).Id("Known").Params().Bool().Block(
		jen.Return(jen.Id("qapiIn").Call(strLit(strings.Join(wire, " ")), jen.String().Call(jen.Id("v")))))
	g.emitErrorClass(u, e)
}

// field is a struct field for a member.
type field struct {
	m      *model.Member
	goName string
	typ    goview.Type // the field's
	omit   string      // the JSON tag's options
	list   bool        // a required list (see goview.Field.RequiredList)
}

// fields are the fields of the kept members of d, as the view names them.
func fields(d *goview.Def) []field {
	out := make([]field, len(d.Fields))
	for i, f := range d.Fields {
		out[i] = field{m: f.Member, goName: f.Name, typ: f.Type, omit: f.Omit, list: f.RequiredList}
	}
	return out
}

// fieldType is the Go type and JSON tag options of a member's field.
func (g *generator) fieldType(f field) (*jen.Statement, string) { return goType(f.typ), f.omit }

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

// noCompare is the last field of a struct type the view keeps == off
// (goview.Def.NoCompare), or nothing.
func noCompare(u *unit, gd *goview.Def) []jen.Code {
	if !gd.NoCompare {
		return nil
	}
	return []jen.Code{jen.Line().Add(u.doc("// _ makes == on the type a compile error; see the package documentation.")).
		Id("_").Index(jen.Lit(0)).Func().Params()}
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
		if f.list {
			out = append(out, f)
		}
	}
	return out
}

func (g *generator) emitStruct(u *unit, o *model.Object) error {
	name := g.goName(o)
	fs := fields(g.view.Lookup(o))
	lists := requiredLists(fs)
	first := fmt.Sprintf("%s is the QAPI struct %s.", name, o.Name)
	if o.Implicit != nil && o.Implicit.Role == model.ImplicitWrapper {
		first = fmt.Sprintf("%s is the branch type that wraps a value as member \"data\" in simple unions.", name)
	}
	c := g.defComment(first, o)
	u.file.Add(c.declCode(u).Type().Id(name).Struct(append(g.fieldDecls(u, fs), noCompare(u, g.view.Lookup(o))...)...))
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
