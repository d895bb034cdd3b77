// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"github.com/qapi-gen/qapi-gen/model"
)

// Commands declared with 'gen': false take more members than the schema
// lists: QEMU's handler reads its arguments itself (device_add takes any
// property of the device, netdev_add before QEMU 5.0 those of the
// backend). Their command types get a field Extra whose members are
// encoded after the declared ones; a member of Extra that the command
// declares is an error when encoding, so that no value is sent twice.
// (The field's name yields to a member's: see goview.Def.Extra.)

// extraDoc is the paragraph of the command type's doc about Extra.
func extraDoc(c *comment, field string) {
	c.para("The command takes members beyond those declared here (its schema has\n" +
		"'gen': false): put them in " + field + ".")
}

// extraDecl is the Extra field's declaration, with its doc comment.
func extraDecl(u *unit, cmd *model.Command, field string) jen.Code {
	c := &comment{}
	c.para(fmt.Sprintf("%s holds the members beyond the declared ones that %s\n"+
		"takes (for example a device's properties), by name. They are encoded\n"+
		"after the declared members; a declared member's name is an error.\n"+
		"Decoding leaves %s nil.", field, cmd.Name, field))
	return jen.Line().Add(c.code(u)).Id(field).Map(jen.String()).Any().Id("`json:\"-\"`")
}

// emitExtraMarshal emits the MarshalJSON of a command type with Extra: the
// declared members (nil required lists as []), then Extra's.
func (g *generator) emitExtraMarshal(u *unit, name string, cmd *model.Command, lists []field, extraName string) {
	body := []jen.Code{jen.Type().Id("plain").Id(name), jen.Id("p").Op(":=").Id("plain").Call(jen.Id("v"))}
	for _, f := range lists {
		body = append(body, jen.If(jen.Id("p").Dot(f.goName).Op("==").Nil()).Block(
			jen.Id("p").Dot(f.goName).Op("=").Add(g.typeExpr(f.m.Type)).Values()))
	}
	declared := []jen.Code{strLit(name), jen.Id("p"), jen.Id("v").Dot(extraName)}
	for _, m := range cmd.Arg.Members {
		if g.view.Allows(m.If) {
			declared = append(declared, strLit(m.Name))
		}
	}
	body = append(body, jen.Return(jen.Id("qapiWithExtra").Call(declared...)))
	u.comment("// MarshalJSON encodes the declared members, then those of " + extraName + ".")
	u.file.Func().Params(jen.Id("v").Id(name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(body...)
}
