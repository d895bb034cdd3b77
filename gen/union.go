// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"github.com/qapi-gen/qapi-gen/goview"
	"github.com/qapi-gen/qapi-gen/model"
)

// branch is a union branch or an alternate's alternative, as emitted.
type branch struct {
	v      *model.Variant
	goName string
	typ    goview.Type // the field's
	tag    string      // union: the tag constant
}

// branches are the kept branches of union or alternate d, as the view
// names them.
func (g *generator) branches(d *goview.Def) []branch {
	out := make([]branch, len(d.Branches))
	for i, b := range d.Branches {
		out[i] = branch{v: b.Variant, goName: b.Name, typ: b.Type, tag: b.Tag}
	}
	return out
}

// tagValues names the list of values of a union's tag enum.
func (g *generator) tagValues(tag *model.Member) string {
	if e, ok := tag.Type.(*model.Enum); ok {
		return g.view.Lookup(e).ValuesName
	}
	return g.typeString(tag.Type) + "Values"
}

// emitUnion emits a struct with the base members (flattened), one
// pointer field per branch and JSON methods that put the selected
// branch's members next to the base's on the wire.
func (g *generator) emitUnion(u *unit, o *model.Object) error {
	name := g.goName(o)
	gd := g.view.Lookup(o)
	fs := fields(gd)
	tag := o.Branches.Tag
	var tagField field
	if gd.Tag != nil {
		tagField = field{m: gd.Tag.Member, goName: gd.Tag.Name}
	}
	branches := g.branches(gd) // with a type of their own
	bare := gd.Bare            // tag values without one
	unknown := gd.UnknownBranch

	decls := g.fieldDecls(u, fs)
	for _, b := range branches {
		c := &comment{}
		c.para(fmt.Sprintf("%s is the branch for %s %q; set it when %s is %s.",
			b.goName, tag.Name, b.v.Name, tagField.goName, b.tag))
		if b.v.If != nil {
			c.para("Only when " + b.v.If.Expr() + ".")
		}
		decls = append(decls, c.code(u).Id(b.goName).Add(goType(b.typ)).Id("`json:\"-\"`"))
	}
	decls = append(decls, jen.Line().Add(u.doc("// unknown holds the members of a branch this package does not know.")).
		Id("unknown").Map(jen.String()).Qual(jsonPkg, "RawMessage"))
	c := g.defComment(fmt.Sprintf("%s is the QAPI union %s: the members common to all branches, "+
		"then one field per branch; %s selects the branch in use.", name, o.Name, tagField.goName), o)
	u.file.Add(c.declCode(u).Type().Id(name).Struct(decls...))

	// The base members on the wire: X converted to a local type without
	// X's methods encodes and decodes just them (the branch fields are
	// json:"-", unknown is unexported). The rest is code every union
	// shares, driven by the union's description.
	desc := g.unionDesc(u, name, fs, tagField, branches, bare)
	baseType := jen.Type().Id("base").Id(name)

	// MarshalJSON
	var mbody []jen.Code
	mbody = append(mbody, baseType.Clone(), jen.Id("w").Op(":=").Id("base").Call(jen.Id("v")))
	for _, f := range requiredLists(fs) {
		mbody = append(mbody, jen.If(jen.Id("w").Dot(f.goName).Op("==").Nil()).Block(
			jen.Id("w").Dot(f.goName).Op("=").Add(g.typeExpr(f.m.Type)).Values()))
	}
	mbody = append(mbody, jen.Return(jen.Id("qapiMarshalUnion").Call(jen.Op("&").Id(desc), jen.Id("w"), jen.Id("v").Dot("unknown"))))
	u.comment(fmt.Sprintf("// MarshalJSON encodes the base members and those of the branch %s selects.", tagField.goName))
	u.file.Func().Params(jen.Id("v").Id(name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(mbody...)

	// UnmarshalJSON
	u.comment(fmt.Sprintf("// UnmarshalJSON decodes the base members, then the branch %s selects from the", tagField.goName),
		"// other members (names match exactly, as in QEMU); for a value this package",
		"// does not know, it keeps the other members (see "+unknown+").")
	u.file.Func().Params(jen.Id("v").Op("*").Id(name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		baseType.Clone(),
		jen.Return(jen.Id("qapiUnmarshalUnion").Call(jen.Op("&").Id(desc), jen.Id("data"),
			jen.Parens(jen.Op("*").Id("base")).Call(jen.Id("v")), jen.Op("&").Id("v").Dot("unknown"))))

	u.comment("// "+unknown+" returns the members of a branch this package does not know",
		fmt.Sprintf("// (%s holds a value not in %s), as decoded; nil otherwise.", tagField.goName, g.tagValues(tag)))
	u.file.Func().Params(jen.Id("v").Id(name)).Id(unknown).Params().Map(jen.String()).Qual(jsonPkg, "RawMessage").Block(
		jen.Return(jen.Id("v").Dot("unknown")))
	return nil
}

// jsonKind is the qapiJSONKind byte of an alternative's wire form.
func jsonKind(t model.Type) byte {
	switch t.JSONType() {
	case "string":
		return 's'
	case "number", "int":
		return 'd'
	case "boolean":
		return 'b'
	case "null":
		return 'n'
	case "object":
		return 'o'
	case "array":
		return 'a'
	}
	return 0
}

// emitAlternate emits a struct with one field per alternative (a pointer,
// a slice for lists, a bool for null); decoding picks the field by the
// JSON value's type, as QEMU does.
func (g *generator) emitAlternate(u *unit, a *model.Alternate) error {
	name := g.goName(a)
	bs := g.branches(g.view.Lookup(a))
	set := func(b branch) *jen.Statement { // the condition "branch b is set"
		switch jsonKind(b.v.Type) {
		case 'n':
			return jen.Id("v").Dot(b.goName)
		}
		return jen.Id("v").Dot(b.goName).Op("!=").Nil()
	}

	var decls []jen.Code
	for _, b := range bs {
		c := &comment{}
		kind := jsonKind(b.v.Type)
		switch kind {
		case 'n':
			c.para(fmt.Sprintf("%s is set for JSON null.", b.goName))
		case 'a':
			c.para(fmt.Sprintf("%s is the alternative for a JSON array; non-nil when in use.", b.goName))
		default:
			c.para(fmt.Sprintf("%s is the alternative for a JSON %s.", b.goName, kindWord(kind)))
		}
		if b.v.If != nil {
			c.para("Only when " + b.v.If.Expr() + ".")
		}
		decls = append(decls, c.code(u).Id(b.goName).Add(goType(b.typ)))
	}
	decls = append(decls, noCompare(u, g.view.Lookup(a))...)
	c := g.defComment(fmt.Sprintf("%s is the QAPI alternate %s: exactly one field is set "+
		"(the zero value means absent).", name, a.Name), a)
	u.file.Add(c.declCode(u).Type().Id(name).Struct(decls...))

	desc := g.alternateDesc(u, name, bs)
	u.comment("// MarshalJSON encodes the alternative that is set.")
	u.file.Func().Params(jen.Id("v").Id(name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("qapiMarshalAlternate").Call(jen.Op("&").Id(desc), jen.Id("v"))))
	u.comment("// UnmarshalJSON picks the alternative by the JSON value's type, as QEMU does.")
	u.file.Func().Params(jen.Id("v").Op("*").Id(name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Return(jen.Id("qapiUnmarshalAlternate").Call(jen.Op("&").Id(desc), jen.Id("data"), jen.Id("v"))))

	// IsZero
	var zero jen.Code = jen.True()
	if len(bs) > 0 {
		var conds []jen.Code
		for i, b := range bs {
			s := set(b)
			if i > 0 {
				conds = append(conds, jen.Op("||"))
			}
			conds = append(conds, s)
		}
		zero = jen.Op("!").Parens(jen.Add(conds...))
	}
	u.comment("// IsZero reports whether no alternative is set (an absent optional member).")
	u.file.Func().Params(jen.Id("v").Id(name)).Id("IsZero").Params().Bool().Block(jen.Return(zero))
	return nil
}

func kindWord(k byte) string {
	switch k {
	case 's':
		return "string"
	case 'd':
		return "number"
	case 'b':
		return "boolean"
	case 'o':
		return "object"
	}
	return "value"
}

// unionDesc emits the qapiUnion value describing union name (see
// qapirt) and returns its name.
func (g *generator) unionDesc(u *unit, name string, fs []field, tag field, branches []branch, bare []string) string {
	desc := descName("union", name)
	index := 0
	var keys []jen.Code
	for i, f := range fs {
		if f.goName == tag.goName {
			index = i
		}
		keys = append(keys, strLit(f.m.Name))
	}
	var values, fields []jen.Code
	for _, b := range branches {
		values = append(values, strLit(b.v.Name))
		fields = append(fields, strLit(b.goName))
	}
	var bareValues []jen.Code
	for _, v := range bare {
		bareValues = append(bareValues, strLit(v))
	}
	d := jen.Dict{
		jen.Id("typeName"): strLit(name),
		jen.Id("tagField"): strLit(tag.goName),
		jen.Id("tag"):      jen.Lit(index),
		jen.Id("baseKeys"): stringList(keys),
	}
	if len(values) > 0 {
		d[jen.Id("values")] = stringList(values)
		d[jen.Id("fields")] = stringList(fields)
	}
	if len(bareValues) > 0 {
		d[jen.Id("bare")] = stringList(bareValues)
	}
	u.comment("// " + desc + " describes " + name + " to the code every union shares.")
	u.file.Var().Id(desc).Op("=").Id("qapiUnion").Values(d)
	return desc
}

// alternateDesc emits the qapiAlternate value describing alternate name
// (see qapirt) and returns its name.
func (g *generator) alternateDesc(u *unit, name string, bs []branch) string {
	desc := descName("alternate", name)
	var fields []jen.Code
	kinds := make([]byte, 0, len(bs))
	for _, b := range bs {
		fields = append(fields, strLit(b.goName))
		kinds = append(kinds, jsonKind(b.v.Type))
	}
	d := jen.Dict{jen.Id("typeName"): strLit(name)}
	if len(bs) > 0 {
		d[jen.Id("fields")] = stringList(fields)
		d[jen.Id("kinds")] = strLit(string(kinds))
	}
	u.comment("// " + desc + " describes " + name + " to the code every alternate shares.")
	u.file.Var().Id(desc).Op("=").Id("qapiAlternate").Values(d)
	return desc
}

func stringList(elems []jen.Code) *jen.Statement { return jen.Index().String().Values(elems...) }
