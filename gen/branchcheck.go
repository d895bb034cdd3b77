// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"github.com/dave/jennifer/jen"
)

// Encoding a union or an alternate that is set inconsistently is an
// error, never a silent choice: a union whose discriminator selects one
// branch while another branch field is set would drop that branch, and an
// alternate with two alternatives set would send just one of them.

// branchList is the []qapiBranch literal the checks take: for each
// branch its tag value (unions; "" for alternates), its field's name and
// whether it is set.
func branchList(bs []branch, tagValue func(branch) string, set func(branch) *jen.Statement) *jen.Statement {
	var elems []jen.Code
	for _, b := range bs {
		elems = append(elems, jen.Values(strLit(tagValue(b)), strLit(b.goName), set(b)))
	}
	return jen.Index().Id("qapiBranch").ValuesFunc(func(g *jen.Group) {
		for _, e := range elems {
			g.Line().Add(e)
		}
		g.Line()
	})
}

// unionBranchCheck is the statement of a union's MarshalJSON that fails
// when a branch other than the one tag selects is set.
func unionBranchCheck(typeName, tagField string, bs []branch) jen.Code {
	if len(bs) == 0 {
		return jen.Null()
	}
	list := branchList(bs, func(b branch) string { return b.v.Name },
		func(b branch) *jen.Statement { return jen.Id("v").Dot(b.goName).Op("!=").Nil() })
	return jen.If(jen.Err().Op(":=").Id("qapiCheckUnion").Call(strLit(typeName), strLit(tagField),
		jen.String().Call(jen.Id("v").Dot(tagField)), list), jen.Err().Op("!=").Nil()).Block(
		jen.Return(jen.Nil(), jen.Err()))
}

// alternateBranchCheck is the statement of an alternate's MarshalJSON
// that fails when more than one alternative is set; set is the
// condition "b is set".
func alternateBranchCheck(typeName string, bs []branch, set func(branch) *jen.Statement) jen.Code {
	if len(bs) < 2 {
		return jen.Null()
	}
	list := branchList(bs, func(branch) string { return "" }, set)
	return jen.If(jen.Err().Op(":=").Id("qapiCheckAlternate").Call(strLit(typeName), list), jen.Err().Op("!=").Nil()).Block(
		jen.Return(jen.Nil(), jen.Err()))
}
