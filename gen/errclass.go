// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"github.com/dave/jennifer/jen"
	"github.com/qapi-gen/qapi-gen/goview"
	"github.com/qapi-gen/qapi-gen/model"
)

// emitErrorClass gives the error-class enum the methods that make its
// values targets of errors.Is on a *qmp.Error: Error, so that a value is
// an error, and QMPErrorClass, which the runtime's Error.Is matches. The
// methods need no import, so -no-client output keeps to the standard
// library.
func (g *generator) emitErrorClass(u *unit, e *model.Enum) {
	if e.Name != goview.ErrorClassEnum {
		return
	}
	name := g.goName(e)
	recv := jen.Params(jen.Id("v").Id(name))
	ret := jen.Block(jen.Return(jen.String().Call(jen.Id("v"))))
	u.comment("// Error returns the class's name. It makes a class a target of errors.Is:",
		"// errors.Is(err, v) reports whether err is a *qmp.Error of class v.")
	u.file.Func().Add(recv).Id("Error").Params().String().Add(ret)
	u.comment("// QMPErrorClass returns the class's name; *qmp.Error's Is method matches it.")
	u.file.Func().Add(recv.Clone()).Id("QMPErrorClass").Params().String().Add(ret.Clone())
}
