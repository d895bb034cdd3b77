package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"github.com/qapi-gen/qapi-gen/gen/names"
)

// emitClient emits client.go: a typed client with one method per command.
// It runs commands through an interface that the qmp package's *Conn and
// *Agent implement, so the generated package still needs only the
// standard library.
func (g *generator) emitClient(u *unit) {
	ctx := func() *jen.Statement { return jen.Id("ctx").Qual("context", "Context") }
	u.file.Comment("// Executor runs commands; *qmp.Conn and *qmp.Agent implement it. Execute")
	u.file.Comment("// decodes the command's return value into result (nil to discard it);")
	u.file.Comment("// ExecuteNoResponse sends a command QEMU does not answer on success.")
	u.file.Type().Id("Executor").Interface(
		jen.Id("Execute").Params(ctx(), jen.Id("command").String(), jen.List(jen.Id("args"), jen.Id("result")).Any()).Error(),
		jen.Id("ExecuteNoResponse").Params(ctx(), jen.Id("command").String(), jen.Id("args").Any()).Error(),
	)
	u.file.Comment("// Client has one method per command of the schema.")
	u.file.Type().Id("Client").Struct(jen.Id("x").Id("Executor"))
	u.file.Comment("// NewClient returns a Client running commands on x.")
	u.file.Func().Id("NewClient").Params(jen.Id("x").Id("Executor")).Op("*").Id("Client").Block(
		jen.Return(jen.Op("&").Id("Client").Values(jen.Id("x").Op(":").Id("x"))))

	for _, cmd := range g.commands {
		typ := g.goName[cmd]
		method := names.Exported(cmd.Name)
		params := []jen.Code{ctx()}
		var args jen.Code = jen.Nil()
		if cmd.Arg != nil {
			params = append(params, jen.Id("args").Id(typ))
			args = jen.Id("args")
		}
		c := &comment{}
		c.para(fmt.Sprintf("%s runs the command %s (see %s).", method, cmd.Name, typ))
		if g.hasFeature(cmd.Features, "deprecated") {
			c.para("Deprecated: see " + typ + ".")
		}
		var body []jen.Code
		var results jen.Code
		switch {
		case !cmd.SuccessResponse:
			results = jen.Error()
			body = []jen.Code{jen.Return(jen.Id("c").Dot("x").Dot("ExecuteNoResponse").Call(jen.Id("ctx"), jen.Lit(cmd.Name), args))}
		case cmd.Ret == nil:
			results = jen.Error()
			body = []jen.Code{jen.Return(jen.Id("c").Dot("x").Dot("Execute").Call(jen.Id("ctx"), jen.Lit(cmd.Name), args, jen.Nil()))}
		default:
			results = jen.Params(g.typeExpr(cmd.Ret), jen.Error())
			body = []jen.Code{
				jen.Var().Id("r").Add(g.typeExpr(cmd.Ret)),
				jen.Err().Op(":=").Id("c").Dot("x").Dot("Execute").Call(jen.Id("ctx"), jen.Lit(cmd.Name), args, jen.Op("&").Id("r")),
				jen.Return(jen.Id("r"), jen.Err()),
			}
		}
		u.file.Add(c.declCode().Func().Params(jen.Id("c").Op("*").Id("Client")).Id(method).Params(params...).Add(results).Block(body...))
	}
}
