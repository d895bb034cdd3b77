// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"github.com/qapi-gen/qapi-gen/model"
)

// serverStem is server.go (gen -server): a typed QMP server, the other
// side of client.go, for fakes of QEMU in tests. It runs on the runtime's
// qmp.Server, which does the protocol; the generated part decodes each
// command's arguments into its type, calls the Handler method of the
// command and encodes what it returns.
const serverStem = "server"

// Package-level identifiers of server.go; they yield to schema names.
var serverNames = []string{"Handler", "UnimplementedHandler", "NewServer", "ServerOption", "WithVersion", "Emit"}

// emitServer emits server.go.
func (g *generator) emitServer(u *unit) {
	f := u.file
	f.ImportName(runtimePath, "qmp")
	g.emitHandler(u)
	g.emitServerCore(f)
	g.emitDispatch(f)
	g.emitServerHelpers(f)
	g.emitEmit(f)
}

func qmpReq() *jen.Statement { return jen.Id("req").Op("*").Qual(runtimePath, "Request") }

// handlerMethod is the Handler method of cmd, as the Client method:
// the arguments as the command type, the return value typed.
func (g *generator) handlerMethod(cmd *model.Command) (params []jen.Code, results jen.Code) {
	params = []jen.Code{ctxParam()}
	if cmd.Arg != nil {
		params = append(params, jen.Id("args").Id(g.goName(cmd)))
	}
	if cmd.Ret != nil && cmd.SuccessResponse {
		return params, jen.Params(g.typeExpr(cmd.Ret), jen.Error())
	}
	return params, jen.Error()
}

// emitHandler emits the Handler interface and UnimplementedHandler.
func (g *generator) emitHandler(u *unit) {
	f := u.file
	var methods []jen.Code
	for _, cmd := range g.commands {
		params, results := g.handlerMethod(cmd)
		line := fmt.Sprintf("%s runs %s.", g.methodName(cmd), cmd.Name)
		if !cmd.SuccessResponse {
			line = fmt.Sprintf("%s runs %s; nothing is sent when it succeeds.", g.methodName(cmd), cmd.Name)
		}
		methods = append(methods, jen.Comment(line), jen.Id(g.methodName(cmd)).Params(params...).Add(results))
	}
	g.decl(f, `
Handler has one method per command of the schema: NewServer calls it
with the command's arguments decoded into the command's type, and sends
what it returns. An error that is (or wraps) a *qmp.Error is sent with its
class and description, for example
&qmp.Error{Class: "DeviceNotFound", Desc: "Device 'x' not found"}; any
other error as a GenericError with its text. ctx ends with the client's
session.

Embed UnimplementedHandler to implement only the commands a test needs.`).Type().Id(g.id("Handler")).Interface(methods...)

	g.decl(f, `
UnimplementedHandler answers every command as QEMU answers a command it
does not have: CommandNotFound. Embed it in a Handler to implement only
some commands. query-qmp-schema, query-commands and query-version that
it answers are answered by NewServer from the schema instead.`).Type().Id(g.id("UnimplementedHandler")).Struct()
	for _, cmd := range g.commands {
		params, results := g.handlerMethod(cmd)
		ret := []jen.Code{jen.Id("serverNotFound").Call(jen.Lit(cmd.Name))}
		if cmd.Ret != nil && cmd.SuccessResponse {
			ret = []jen.Code{g.zeroValue(cmd.Ret), ret[0]}
		}
		f.Comment(fmt.Sprintf("%s answers CommandNotFound.", g.methodName(cmd)))
		f.Func().Params(jen.Id(g.id("UnimplementedHandler"))).Id(g.methodName(cmd)).Params(params...).Add(results).Block(jen.Return(ret...))
	}
}

// zeroValue is the zero value of t's Go type.
func (g *generator) zeroValue(t model.Type) jen.Code {
	return jen.Op("*").New(g.typeExpr(t))
}

// emitServerCore emits NewServer and its options.
func (g *generator) emitServerCore(f *jen.File) {
	g.decl(f, `ServerOption configures NewServer.`).Type().Id(g.id("ServerOption")).Func().Params(jen.Op("*").Id("serverOptions"))
	g.decl(f, `serverOptions holds what the options set.`).Type().Id("serverOptions").Struct(jen.Id("version").Qual(runtimePath, "Version"))
	g.decl(f, `
WithVersion sets the QEMU version the server announces in its greeting
and answers query-version with (default 0.0.0).`).Func().Id(g.id("WithVersion")).Params(jen.Id("v").Qual(runtimePath, "Version")).Id(g.id("ServerOption")).Block(
		jen.Return(jen.Func().Params(jen.Id("o").Op("*").Id("serverOptions")).Block(
			jen.Id("o").Dot("version").Op("=").Id("v"))))

	g.decl(f, `
NewServer returns a QMP server whose commands h runs (see Handler), for
any number of clients (Serve, ServeConn). It checks each command's
arguments as QEMU does: a member the command does not take, a missing
one or one of the wrong type is a GenericError that h never sees. It
offers the "oob" capability and lets the commands the schema allows out
of band run with exec-oob. query-qmp-schema (WireSchema), query-commands
(the schema's commands) and query-version are answered from the schema
when h does not implement them. Emit sends typed events to its clients.`).Func().Id(g.id("NewServer")).Params(jen.Id("h").Id(g.id("Handler")), jen.Id("opts").Op("...").Id(g.id("ServerOption"))).Op("*").Qual(runtimePath, "Server").Block(
		jen.Var().Id("o").Id("serverOptions"),
		jen.For(jen.List(jen.Id("_"), jen.Id("opt")).Op(":=").Range().Id("opts")).Block(jen.Id("opt").Call(jen.Op("&").Id("o"))),
		jen.Return(jen.Op("&").Qual(runtimePath, "Server").Values(jen.Dict{
			jen.Id("Handler"):  jen.Op("&").Id("serverDispatch").Values(jen.Dict{jen.Id("h"): jen.Id("h"), jen.Id("version"): jen.Id("o").Dot("version")}),
			jen.Id("Version"):  jen.Id("o").Dot("version"),
			jen.Id("OOB"):      jen.True(),
			jen.Id("AllowOOB"): jen.Id("serverAllowOOB"),
		})),
	)

	g.decl(f, `serverAllowOOB reports whether the schema allows command out of band.`).Func().Id("serverAllowOOB").Params(jen.Id("command").String()).Bool().Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("c")).Op(":=").Range().Id("qapiCommandSpecs").Index(jen.Op(":"))).Block(
			jen.If(jen.Id("c").Dot("Name").Op("==").Id("command")).Block(jen.Return(jen.Id("c").Dot("AllowOOB")))),
		jen.Return(jen.False()),
	)
}

// emitDispatch emits serverDispatch, the qmp.Handler calling the Handler.
func (g *generator) emitDispatch(f *jen.File) {
	g.decl(f, `serverDispatch runs the commands of a server made by NewServer.`).Type().Id("serverDispatch").Struct(
		jen.Id("h").Id(g.id("Handler")),
		jen.Id("version").Qual(runtimePath, "Version"),
	)

	g.decl(f, `
ServeQMP implements qmp.Handler: it runs the command, and answers the
queries about the server from the schema when the Handler does not.`).Func().Params(jen.Id("d").Op("*").Id("serverDispatch")).Id("ServeQMP").Params(ctxParam(), qmpReq()).Params(jen.Any(), jen.Error()).Block(
		jen.List(jen.Id("ret"), jen.Err()).Op(":=").Id("d").Dot("serve").Call(jen.Id("ctx"), jen.Id("req")),
		jen.Var().Id("nf").Op("*").Id("serverNotFoundError"),
		jen.If(jen.Op("!").Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("nf"))).Block(jen.Return(jen.Id("ret"), jen.Err())),
		jen.If(jen.List(jen.Id("self"), jen.Id("ok")).Op(":=").Qual(runtimePath, "SchemaAnswer").Call(jen.Id("req").Dot("Command"), jen.Id(g.id("WireSchema")).Call(), jen.Id("d").Dot("version")), jen.Id("ok")).Block(
			jen.Return(jen.Id("self"), jen.Nil())),
		jen.Return(jen.Id("ret"), jen.Err()),
	)

	var cases []jen.Code
	for _, cmd := range g.commands {
		cases = append(cases, jen.Case(jen.Lit(cmd.Name)).Block(g.dispatchCase(cmd)...))
	}
	g.decl(f, `serve decodes the arguments and calls the command's Handler method.`).Func().Params(jen.Id("d").Op("*").Id("serverDispatch")).Id("serve").Params(ctxParam(), qmpReq()).Params(jen.Any(), jen.Error()).Block(
		jen.Switch(jen.Id("req").Dot("Command")).Block(cases...),
		jen.Return(jen.Nil(), jen.Id("serverNotFound").Call(jen.Id("req").Dot("Command"))),
	)
}

// dispatchCase is the code running cmd in serve.
func (g *generator) dispatchCase(cmd *model.Command) []jen.Code {
	var body []jen.Code
	call := []jen.Code{jen.Id("ctx")}
	fail := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
	switch {
	case cmd.Arg == nil:
		body = append(body, jen.If(jen.Err().Op(":=").Id("serverNoArgs").Call(jen.Id("req")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())))
	case g.view.Lookup(cmd).Extra != "":
		declared := []jen.Code{jen.Id("req"), jen.Op("&").Id("args"), jen.Op("&").Id("args").Dot(g.view.Lookup(cmd).Extra)}
		for _, m := range cmd.Arg.Members {
			if g.view.Allows(m.If) {
				declared = append(declared, strLit(m.Name))
			}
		}
		body = append(body, jen.Var().Id("args").Id(g.goName(cmd)),
			jen.If(jen.Err().Op(":=").Id("serverDecodeExtra").Call(declared...), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())))
		call = append(call, jen.Id("args"))
	default:
		body = append(body, jen.Var().Id("args").Id(g.goName(cmd)),
			jen.If(jen.Err().Op(":=").Id("serverDecode").Call(jen.Id("req"), jen.Op("&").Id("args")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())))
		call = append(call, jen.Id("args"))
	}
	run := jen.Id("d").Dot("h").Dot(g.methodName(cmd)).Call(call...)
	switch {
	case !cmd.SuccessResponse:
		body = append(body, jen.If(jen.Err().Op(":=").Add(run), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Return(jen.Nil(), jen.Qual(runtimePath, "ErrNoReply")))
	case cmd.Ret == nil:
		body = append(body, jen.Return(jen.Nil(), run))
	default:
		body = append(body, jen.List(jen.Id("ret"), jen.Err()).Op(":=").Add(run), fail)
		if _, isList := cmd.Ret.(*model.Array); isList {
			// QEMU sends an empty list, never null.
			body = append(body, jen.If(jen.Id("ret").Op("==").Nil()).Block(jen.Id("ret").Op("=").Add(g.typeExpr(cmd.Ret)).Values()))
		}
		body = append(body, jen.Return(jen.Id("ret"), jen.Nil()))
	}
	return body
}

// emitServerHelpers emits what serve calls.
func (g *generator) emitServerHelpers(f *jen.File) {
	qmpError := func(class string, desc jen.Code) *jen.Statement {
		return jen.Op("&").Qual(runtimePath, "Error").Values(jen.Dict{jen.Id("Class"): jen.Lit(class), jen.Id("Desc"): desc, jen.Id("Command"): jen.Id("req").Dot("Command")})
	}
	g.decl(f, `
serverNotFoundError is the error of a command the Handler does not
implement: a CommandNotFound worded as QEMU's.`).Type().Id("serverNotFoundError").Struct(jen.Id("command").String())
	g.decl(f, `Error returns the error's text.`).Func().Params(jen.Id("e").Op("*").Id("serverNotFoundError")).Id("Error").Params().String().Block(
		jen.Return(jen.Id("e").Dot("Unwrap").Call().Dot("Error").Call()))
	g.decl(f, `Unwrap returns the *qmp.Error the server sends.`).Func().Params(jen.Id("e").Op("*").Id("serverNotFoundError")).Id("Unwrap").Params().Error().Block(
		jen.Return(jen.Op("&").Qual(runtimePath, "Error").Values(jen.Dict{
			jen.Id("Class"):   jen.Lit("CommandNotFound"),
			jen.Id("Desc"):    jen.Qual("fmt", "Sprintf").Call(jen.Lit("The command %s has not been found"), jen.Id("e").Dot("command")),
			jen.Id("Command"): jen.Id("e").Dot("command"),
		})))
	g.decl(f, `serverNotFound is the error of a command the Handler does not implement.`).Func().Id("serverNotFound").Params(jen.Id("command").String()).Error().Block(
		jen.Return(jen.Op("&").Id("serverNotFoundError").Values(jen.Id("command"))))

	g.decl(f, `serverInvalid is the error of arguments that do not decode.`).Func().Id("serverInvalid").Params(qmpReq(), jen.Err().Error()).Error().Block(
		jen.Return(qmpError("GenericError", jen.Qual("fmt", "Sprintf").Call(jen.Lit("Invalid parameters for %s: %v"), jen.Id("req").Dot("Command"), jen.Err()))))

	g.decl(f, `
serverDecode decodes the arguments of req into v strictly (DecodeStrict),
as QEMU checks them; absent arguments are an empty object.`).Func().Id("serverDecode").Params(qmpReq(), jen.Id("v").Any()).Error().Block(
		jen.Id("data").Op(":=").Index().Byte().Call(jen.Id("req").Dot("Arguments")),
		jen.If(jen.Len(jen.Id("data")).Op("==").Lit(0)).Block(jen.Id("data").Op("=").Index().Byte().Call(jen.Lit("{}"))),
		jen.If(jen.Err().Op(":=").Id(g.id("DecodeStrict")).Call(jen.Id("data"), jen.Id("v")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("serverInvalid").Call(jen.Id("req"), jen.Err()))),
		jen.Return(jen.Nil()),
	)

	g.decl(f, `
serverDecodeExtra decodes the arguments of a command that takes members
beyond its declared ones: those go to extra (left nil when there are none).`).Func().Id("serverDecodeExtra").Params(qmpReq(), jen.Id("v").Any(), jen.Id("extra").Op("*").Map(jen.String()).Any(), jen.Id("declared").Op("...").String()).Error().Block(
		jen.Id("data").Op(":=").Index().Byte().Call(jen.Id("req").Dot("Arguments")),
		jen.If(jen.Len(jen.Id("data")).Op("==").Lit(0)).Block(jen.Id("data").Op("=").Index().Byte().Call(jen.Lit("{}"))),
		jen.Var().Id("all").Map(jen.String()).Any(),
		jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("all")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("serverInvalid").Call(jen.Id("req"), jen.Err()))),
		jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Id("v")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("serverInvalid").Call(jen.Id("req"), jen.Err()))),
		jen.For(jen.List(jen.Id("k"), jen.Id("x")).Op(":=").Range().Id("all")).Block(
			jen.If(jen.Qual("slices", "Contains").Call(jen.Id("declared"), jen.Id("k"))).Block(jen.Continue()),
			jen.If(jen.Op("*").Id("extra").Op("==").Nil()).Block(jen.Op("*").Id("extra").Op("=").Map(jen.String()).Any().Values()),
			jen.Parens(jen.Op("*").Id("extra")).Index(jen.Id("k")).Op("=").Id("x"),
		),
		jen.Return(jen.Nil()),
	)

	g.decl(f, `
serverNoArgs checks that a command without arguments got none, as QEMU
does.`).Func().Id("serverNoArgs").Params(qmpReq()).Error().Block(
		jen.If(jen.Len(jen.Id("req").Dot("Arguments")).Op("==").Lit(0)).Block(jen.Return(jen.Nil())),
		jen.Var().Id("m").Map(jen.String()).Qual("encoding/json", "RawMessage"),
		jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("req").Dot("Arguments"), jen.Op("&").Id("m")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("serverInvalid").Call(jen.Id("req"), jen.Err()))),
		jen.Id("names").Op(":=").Make(jen.Index().String(), jen.Lit(0), jen.Len(jen.Id("m"))),
		jen.For(jen.Id("k").Op(":=").Range().Id("m")).Block(jen.Id("names").Op("=").Append(jen.Id("names"), jen.Id("k"))),
		jen.If(jen.Len(jen.Id("names")).Op(">").Lit(0)).Block(
			jen.Qual("slices", "Sort").Call(jen.Id("names")),
			jen.Return(qmpError("GenericError", jen.Qual("fmt", "Sprintf").Call(jen.Lit("Parameter '%s' is unexpected"), jen.Id("names").Index(jen.Lit(0)))))),
		jen.Return(jen.Nil()),
	)
}

// emitEmit emits Emit, which sends a typed event.
func (g *generator) emitEmit(f *jen.File) {
	var dataless []jen.Code
	for _, ev := range g.events {
		if ev.Arg == nil {
			dataless = append(dataless, jen.Id(g.goName(ev)), jen.Op("*").Id(g.goName(ev)))
		}
	}
	body := []jen.Code{
		jen.If(jen.Id("ev").Op("==").Nil()).Block(jen.Return(jen.Qual("errors", "New").Call(jen.Lit("qapi: Emit of a nil event")))),
	}
	cases := []jen.Code{
		jen.Case(jen.Id(g.id("UnknownEvent"))).Block(
			jen.If(jen.Len(jen.Id("e").Dot("Data")).Op("==").Lit(0)).Block(jen.Return(jen.Id("srv").Dot("Emit").Call(jen.Id("e").Dot("Name"), jen.Nil()))),
			jen.Return(jen.Id("srv").Dot("Emit").Call(jen.Id("e").Dot("Name"), jen.Id("e").Dot("Data")))),
	}
	if len(dataless) > 0 {
		cases = append(cases, jen.Case(dataless...).Block(
			jen.Comment("QEMU sends no data member for an event without data."),
			jen.Return(jen.Id("srv").Dot("Emit").Call(jen.Id("ev").Dot(g.method("EventName")).Call(), jen.Nil()))))
	}
	body = append(body,
		jen.Switch(jen.Id("e").Op(":=").Id("ev").Assert(jen.Type())).Block(cases...),
		jen.Return(jen.Id("srv").Dot("Emit").Call(jen.Id("ev").Dot(g.method("EventName")).Call(), jen.Id("ev"))))
	g.decl(f, `
Emit sends the event ev to every client of srv that completed
negotiation, as QEMU sends it: its data encoded as the schema says (no
data member for an event without data), timestamped now. An
UnknownEvent is sent with its raw data.`).Func().Id(g.id("Emit")).Params(jen.Id("srv").Op("*").Qual(runtimePath, "Server"), jen.Id("ev").Id(g.id("Event"))).Error().Block(body...)
}
