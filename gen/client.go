// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/qapi-gen/qapi-gen/model"
)

// runtimePath is the package of the QMP runtime. client.go is the only
// generated file that may import it (for events); the other files need
// only the standard library, and -no-client leaves client.go out.
const runtimePath = "github.com/qapi-gen/qapi-gen/qmp"

// emitClient emits client.go: a typed client with one method per command
// and, when the schema has events, a typed event stream.
//
// Commands run through the Executor interface, which *qmp.Conn and
// *qmp.Agent implement; the other runtime features are found by interface
// assertion (ExecuteOOB) or through a result wrapper (strict decoding)
// that the runtime's Decoder interface honours, so the client works on
// any Executor.
func (g *generator) emitClient(u *unit) {
	f := u.file
	f.ImportName(runtimePath, "qmp")
	g.emitClientCore(f)
	for _, cmd := range g.commands {
		f.Add(g.clientMethod(u, cmd))
	}
	if len(g.events) > 0 {
		g.emitEventStream(f)
		g.emitWaitEvent(f)
		g.emitJobs(f)
	}
}

// decl starts a top-level declaration in f with fixed doc text; the
// caller chains the declaration onto the statement it returns. The text
// names the package's own identifiers as they are named (see yield).
func (g *generator) decl(f *jen.File, text string) *jen.Statement {
	s := docComment(g.ownText(text))
	f.Add(s)
	return s
}

// docComment renders fixed doc text, one "// " line per line of text.
func docComment(text string) *jen.Statement {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = "//"
		} else {
			lines[i] = "// " + l
		}
	}
	return jen.Comment(strings.Join(lines, "\n")).Line()
}

// noInline is the directive that keeps the compiler from inlining the
// function it precedes (after its doc comment).
func noInline() *jen.Statement { return jen.Comment("//").Line().Comment("//go:noinline").Line() }

func ctxParam() *jen.Statement { return jen.Id("ctx").Qual("context", "Context") }

// emitClientCore emits the Executor interface, Client, its options and
// the helpers its methods call.
func (g *generator) emitClientCore(f *jen.File) {
	cmdArgsResult := func() []jen.Code {
		return []jen.Code{ctxParam(), jen.Id("command").String(), jen.List(jen.Id("args"), jen.Id("result")).Any()}
	}
	g.decl(f, `
Executor runs commands; *qmp.Conn and *qmp.Agent implement it. Execute
decodes the command's return value into result (nil to discard it);
ExecuteNoResponse sends a command QEMU does not answer on success.`).Type().Id(g.id("Executor")).Interface(
		jen.Id("Execute").Params(cmdArgsResult()...).Error(),
		jen.Id("ExecuteNoResponse").Params(ctxParam(), jen.Id("command").String(), jen.Id("args").Any()).Error(),
	)

	g.decl(f, `
Client has one method per command of the schema. It is safe for
concurrent use when its Executor is.`).Type().Id(g.id("Client")).Struct(
		jen.Id("x").Id(g.id("Executor")),
		jen.Id("oob").Id("oobExecutor").Comment("x, when it can run commands out of band"),
		jen.Id("strict").Bool(),
	)

	g.decl(f, `ClientOption configures NewClient (and SubscribeEvents).`).Type().Id(g.id("ClientOption")).Func().Params(jen.Op("*").Id("clientOptions"))
	g.decl(f, `clientOptions holds what the options set.`).Type().Id("clientOptions").Struct(jen.Id("strict").Bool())

	g.decl(f, `
Strict makes decoding strict: a member of a reply (or of an event's data)
that the package's types do not know is an error, as with DecodeStrict.
Without it such members are ignored, so that the replies of a newer QEMU
still decode.`).Func().Id(g.id("Strict")).Params().Id(g.id("ClientOption")).Block(
		jen.Return(jen.Func().Params(jen.Id("o").Op("*").Id("clientOptions")).Block(
			jen.Id("o").Dot("strict").Op("=").True())))

	g.decl(f, `
NewClient returns a Client running commands on x. A command the schema
allows out of band is sent with x's ExecuteOOB when x has one and its
OOBEnabled reports true (a *qmp.Conn dialled with qmp.WithOOB() on a
server that offers it); otherwise, and for every other command, with
Execute.`).Func().Id(g.id("NewClient")).Params(jen.Id("x").Id(g.id("Executor")), jen.Id("opts").Op("...").Id(g.id("ClientOption"))).Op("*").Id(g.id("Client")).Block(
		jen.Var().Id("o").Id("clientOptions"),
		jen.For(jen.List(jen.Id("_"), jen.Id("opt")).Op(":=").Range().Id("opts")).Block(jen.Id("opt").Call(jen.Op("&").Id("o"))),
		jen.Id("c").Op(":=").Op("&").Id(g.id("Client")).Values(jen.Dict{
			jen.Id("x"):      jen.Id("x"),
			jen.Id("strict"): jen.Id("o").Dot("strict"),
		}),
		jen.List(jen.Id("c").Dot("oob"), jen.Id("_")).Op("=").Id("x").Assert(jen.Id("oobExecutor")),
		jen.Return(jen.Id("c")),
	)

	g.decl(f, `oobExecutor is implemented by *qmp.Conn.`).Type().Id("oobExecutor").Interface(
		jen.Id("ExecuteOOB").Params(cmdArgsResult()...).Error(),
		jen.Id("OOBEnabled").Params().Bool(),
	)

	callArgs := []jen.Code{jen.Id("ctx"), jen.Id("command"), jen.Id("args")}
	// Every command's method calls execute or executeOOB: inlined, their
	// bodies would be compiled once per command.
	g.decl(f, `
execute runs a command that answers, decoding its return value into
result (nil to discard it).`).Add(noInline()).Func().Params(jen.Id("c").Op("*").Id(g.id("Client"))).Id("execute").Params(cmdArgsResult()...).Error().Block(
		jen.Return(jen.Id("c").Dot("x").Dot("Execute").Call(append(callArgs, jen.Id("c").Dot("wrap").Call(jen.Id("result")))...)))

	if g.anyOOB() {
		g.decl(f, `executeOOB is execute for a command the schema allows out of band.`).Add(noInline()).Func().Params(jen.Id("c").Op("*").Id(g.id("Client"))).Id("executeOOB").Params(cmdArgsResult()...).Error().Block(
			jen.If(jen.Id("c").Dot("oob").Op("!=").Nil().Op("&&").Id("c").Dot("oob").Dot("OOBEnabled").Call()).Block(
				jen.Return(jen.Id("c").Dot("oob").Dot("ExecuteOOB").Call(append(callArgs, jen.Id("c").Dot("wrap").Call(jen.Id("result")))...))),
			jen.Return(jen.Id("c").Dot("execute").Call(append(callArgs, jen.Id("result"))...)),
		)
	}

	if g.anyTakesFile() {
		g.emitFileCore(f)
	}

	g.decl(f, `wrap returns the result to pass to the Executor.`).Func().Params(jen.Id("c").Op("*").Id(g.id("Client"))).Id("wrap").Params(jen.Id("result").Any()).Any().Block(
		jen.If(jen.Id("c").Dot("strict").Op("&&").Id("result").Op("!=").Nil()).Block(
			jen.Return(jen.Op("&").Id("strictResult").Values(jen.Id("result")))),
		jen.Return(jen.Id("result")),
	)

	g.decl(f, `
strictResult decodes a return value with DecodeStrict. It is both a
qmp.Decoder and a json.Unmarshaler, so any Executor that decodes through
either decodes strictly.`).Type().Id("strictResult").Struct(jen.Id("v").Any())
	dataParam := jen.Id("data").Index().Byte()
	recv := func() *jen.Statement { return jen.Params(jen.Id("r").Op("*").Id("strictResult")) }
	strictBody := jen.Block(jen.Return(jen.Id(g.id("DecodeStrict")).Call(jen.Id("data"), jen.Id("r").Dot("v"))))
	g.decl(f, `DecodeQMP implements qmp.Decoder.`).Func().Add(recv()).Id("DecodeQMP").Params(dataParam.Clone()).Error().Add(strictBody.Clone())
	g.decl(f, `UnmarshalJSON implements json.Unmarshaler.`).Func().Add(recv()).Id("UnmarshalJSON").Params(dataParam.Clone()).Error().Add(strictBody.Clone())
	g.decl(f, `
Result returns the value the return value is decoded into, for an
Executor that wraps another and inspects results.`).Func().Add(recv()).Id("Result").Params().Any().Block(jen.Return(jen.Id("r").Dot("v")))
}

// usesOOB reports whether cmd's method may send it out of band. A command
// without a success response never is: the runtime has no out-of-band
// variant of ExecuteNoResponse.
func usesOOB(cmd *model.Command) bool { return cmd.AllowOOB && cmd.SuccessResponse }

func (g *generator) anyOOB() bool {
	for _, cmd := range g.commands {
		if usesOOB(cmd) {
			return true
		}
	}
	return false
}

// clientMethod is the Client method running cmd.
func (g *generator) clientMethod(u *unit, cmd *model.Command) jen.Code {
	typ := g.goName(cmd)
	method := g.methodName(cmd)
	params := []jen.Code{ctxParam()}
	var args jen.Code = jen.Nil()
	if cmd.Arg != nil {
		params = append(params, jen.Id("args").Id(typ))
		args = jen.Id("args")
	}
	c := g.methodComment(cmd, method, typ)
	execute := "execute"
	if usesOOB(cmd) {
		execute = "executeOOB"
		c.para("It is sent out of band when the Executor has out-of-band execution enabled.")
	}
	var extraArgs []jen.Code
	if g.takesFile(cmd) {
		execute = "executeWithFile"
		params = append(params, fileParam())
		extraArgs = append(extraArgs, jen.Id("file"))
		c.para("The command takes a file descriptor: the descriptor of file is sent with it\n" +
			"(SCM_RIGHTS), which needs an Executor with ExecuteWithFiles, such as a\n" +
			"*qmp.Conn on a Unix socket. QEMU gets a duplicate: close file when done with it.")
	}
	if g.view.Lookup(cmd).Deprecated {
		c.para("Deprecated: see [" + typ + "].")
	}
	call := func(result jen.Code) *jen.Statement {
		return jen.Id("c").Dot(execute).Call(append([]jen.Code{jen.Id("ctx"), jen.Lit(cmd.Name), args, result}, extraArgs...)...)
	}
	var body []jen.Code
	var results jen.Code
	switch {
	case !cmd.SuccessResponse:
		results = jen.Error()
		body = []jen.Code{jen.Return(jen.Id("c").Dot("x").Dot("ExecuteNoResponse").Call(jen.Id("ctx"), jen.Lit(cmd.Name), args))}
	case cmd.Ret == nil:
		results = jen.Error()
		body = []jen.Code{jen.Return(call(jen.Nil()))}
	default:
		// Not a generic helper's call: each result type would be an
		// instance of its own.
		results = jen.Params(g.typeExpr(cmd.Ret), jen.Error())
		body = []jen.Code{
			jen.Var().Id("r").Add(g.typeExpr(cmd.Ret)),
			jen.Err().Op(":=").Add(call(jen.Op("&").Id("r"))),
			jen.Return(jen.Id("r"), jen.Err()),
		}
	}
	return c.declCode(u).Func().Params(jen.Id("c").Op("*").Id(g.id("Client"))).Id(method).Params(params...).Add(results).Block(body...)
}

// emitEventStream emits the typed event subscription: SubscribeEvents,
// EventStream, EventSource and TimedEvent. It decodes in the caller's
// goroutine (Next), so it adds no goroutine to the runtime's.
func (g *generator) emitEventStream(f *jen.File) {
	g.decl(f, `EventSource is what SubscribeEvents subscribes to; *qmp.Conn implements it.`).Type().Id(g.id("EventSource")).Interface(
		jen.Id("Subscribe").Params(jen.Id("buffer").Int()).Op("*").Qual(runtimePath, "Subscription"))

	g.decl(f, `TimedEvent is an event with the time the server emitted it.`).Type().Id(g.id("TimedEvent")).Struct(
		jen.Id("Event").Id(g.id("Event")),
		jen.Comment("Timestamp is the server's clock when it emitted the event (the zero"),
		jen.Comment("time if it sent none)."),
		jen.Id("Timestamp").Qual("time", "Time"),
	)

	g.decl(f, `
EventStream delivers the events of one subscription as typed values. Next
may be called while another goroutine calls Close.`).Type().Id(g.id("EventStream")).Struct(
		jen.Id("sub").Op("*").Qual(runtimePath, "Subscription"),
		jen.Id("decode").Func().Params(jen.String(), jen.Qual("encoding/json", "RawMessage")).Params(jen.Id(g.id("Event")), jen.Error()),
	)

	g.decl(f, `
SubscribeEvents subscribes to the events of src: every event received from
now on, in order (see qmp.Conn.Subscribe for buffer and back-pressure). The
events decode with DecodeEvent, or with DecodeEventStrict given Strict().
Close the stream when no longer reading it.`).Func().Id(g.id("SubscribeEvents")).Params(
		jen.Id("src").Id(g.id("EventSource")), jen.Id("buffer").Int(), jen.Id("opts").Op("...").Id(g.id("ClientOption")),
	).Op("*").Id(g.id("EventStream")).Block(
		jen.Var().Id("o").Id("clientOptions"),
		jen.For(jen.List(jen.Id("_"), jen.Id("opt")).Op(":=").Range().Id("opts")).Block(jen.Id("opt").Call(jen.Op("&").Id("o"))),
		jen.Id("s").Op(":=").Op("&").Id(g.id("EventStream")).Values(jen.Dict{
			jen.Id("sub"):    jen.Id("src").Dot("Subscribe").Call(jen.Id("buffer")),
			jen.Id("decode"): jen.Id(g.id("DecodeEvent")),
		}),
		jen.If(jen.Id("o").Dot("strict")).Block(jen.Id("s").Dot("decode").Op("=").Id(g.id("DecodeEventStrict"))),
		jen.Return(jen.Id("s")),
	)

	timed := func(ev jen.Code) *jen.Statement {
		return jen.Id(g.id("TimedEvent")).Values(jen.Dict{
			jen.Id("Event"):     ev,
			jen.Id("Timestamp"): jen.Id("ev").Dot("Timestamp"),
		})
	}
	g.decl(f, `
Next returns the next event, waiting until one arrives, ctx ends (the
error is ctx.Err()) or the stream ends: then the error is io.EOF, after
Close or once the connection ended and every event received before was
delivered (the connection's Err says why it ended).

An event this package does not know is an UnknownEvent, without error.
An event whose data does not decode is returned as an UnknownEvent holding
the data, with an error naming the event; the stream goes on.`).Func().Params(jen.Id("s").Op("*").Id(g.id("EventStream"))).Id("Next").Params(ctxParam()).Params(jen.Id(g.id("TimedEvent")), jen.Error()).Block(
		jen.Select().Block(
			jen.Case(jen.List(jen.Id("ev"), jen.Id("ok")).Op(":=").Op("<-").Id("s").Dot("sub").Dot("Events").Call()).Block(
				jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Id(g.id("TimedEvent")).Values(), jen.Qual("io", "EOF"))),
				jen.List(jen.Id("typed"), jen.Err()).Op(":=").Id("s").Dot("decode").Call(jen.Id("ev").Dot("Name"), jen.Id("ev").Dot("Data")),
				jen.If(jen.Err().Op("!=").Nil()).Block(
					jen.Id("raw").Op(":=").Id(g.id("UnknownEvent")).Values(jen.Dict{
						jen.Id("Name"): jen.Id("ev").Dot("Name"),
						jen.Id("Data"): jen.Id("ev").Dot("Data"),
					}),
					jen.Return(timed(jen.Id("raw")), jen.Qual("fmt", "Errorf").Call(jen.Lit("event %s: %w"), jen.Id("ev").Dot("Name"), jen.Err())),
				),
				jen.Return(timed(jen.Id("typed")), jen.Nil()),
			),
			jen.Case(jen.Op("<-").Id("ctx").Dot("Done").Call()).Block(
				jen.Return(jen.Id(g.id("TimedEvent")).Values(), jen.Id("ctx").Dot("Err").Call())),
		),
	)

	g.decl(f, `Close ends the subscription; events not yet returned by Next are dropped.`).Func().Params(jen.Id("s").Op("*").Id(g.id("EventStream"))).Id("Close").Params().Block(
		jen.Id("s").Dot("sub").Dot("Close").Call())
}
