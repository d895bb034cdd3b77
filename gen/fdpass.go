// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"github.com/dave/jennifer/jen"
)

func (g *generator) anyTakesFile() bool {
	for _, cmd := range g.commands {
		if g.takesFile(cmd) {
			return true
		}
	}
	return false
}

func fileParam() *jen.Statement { return jen.Id("file").Op("*").Qual("os", "File") }

// emitFileCore emits what the methods of file-taking commands call: the
// interface *qmp.Conn implements for passing descriptors, and
// executeWithFile with its generic form.
func (g *generator) emitFileCore(f *jen.File) {
	cmdArgsResult := []jen.Code{ctxParam(), jen.Id("command").String(), jen.List(jen.Id("args"), jen.Id("result")).Any()}
	g.decl(f, `
fileExecutor is implemented by *qmp.Conn: ExecuteWithFiles sends the
descriptors of files with the command (which needs a Unix socket).`).Type().Id("fileExecutor").Interface(
		jen.Id("ExecuteWithFiles").Params(append(cmdArgsResult, jen.Id("files").Op("...").Op("*").Qual("os", "File"))...).Error())

	g.decl(f, `
executeWithFile runs a command that takes a file descriptor, sending the
descriptor of file with it. The Executor must implement ExecuteWithFiles,
as *qmp.Conn does.`).Func().Params(jen.Id("c").Op("*").Id(g.id("Client"))).Id("executeWithFile").Params(append(cmdArgsResult, fileParam())...).Error().Block(
		jen.If(jen.Id("file").Op("==").Nil()).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("%s: no file given: the command takes a file descriptor"), jen.Id("command")))),
		jen.List(jen.Id("fx"), jen.Id("ok")).Op(":=").Id("c").Dot("x").Assert(jen.Id("fileExecutor")),
		jen.If(jen.Op("!").Id("ok")).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("%s: the Executor (%T) cannot pass file descriptors; use a *qmp.Conn on a Unix socket"), jen.Id("command"), jen.Id("c").Dot("x")))),
		jen.Return(jen.Id("fx").Dot("ExecuteWithFiles").Call(jen.Id("ctx"), jen.Id("command"), jen.Id("args"), jen.Id("c").Dot("wrap").Call(jen.Id("result")), jen.Id("file"))),
	)
}
