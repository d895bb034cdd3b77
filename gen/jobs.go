// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"github.com/qapi-gen/qapi-gen/model"
)

// Waiting for events and running jobs: every orchestrator writes these by
// hand otherwise. WaitEvent comes with the event stream; RunJob and the
// per-command ...AndWait methods come when the schema has QEMU's job
// interface (query-jobs, job-dismiss, JOB_STATUS_CHANGE: QEMU 3.0 on).

// emitWaitEvent emits WaitEvent, the typed wait on an event stream.
func (g *generator) emitWaitEvent(f *jen.File) {
	g.decl(f, `
WaitEvent reads s until an event of type T arrives that match accepts (nil
accepts any) and returns it; ctx ends the wait (the error is ctx.Err()), so
does the end of the stream (io.EOF).

The events read before it, of other types or rejected by match, are
consumed: they are gone from s, but not from other streams. So that several
waiters do not eat each other's events, give each waiter its own stream
(one SubscribeEvents each, made before the command whose events it waits
for): every stream receives every event.

An event of type T whose data does not decode ends the wait with the
error; other events that do not decode are skipped.`).Func().Id(g.id("WaitEvent")).Types(jen.Id("T").Id(g.id("Event"))).Params(
		ctxParam(), jen.Id("s").Op("*").Id(g.id("EventStream")), jen.Id("match").Func().Params(jen.Id("T")).Bool(),
	).Params(jen.Id("T"), jen.Error()).Block(
		jen.Var().Id("zero").Id("T"),
		jen.For().Block(
			jen.List(jen.Id("ev"), jen.Err()).Op(":=").Id("s").Dot("Next").Call(jen.Id("ctx")),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Comment("Data that did not decode: the event's type tells whether"),
				jen.Comment("the wait is concerned (no data decodes to the zero value)."),
				jen.If(jen.List(jen.Id("u"), jen.Id("ok")).Op(":=").Id("ev").Dot("Event").Assert(jen.Id(g.id("UnknownEvent"))), jen.Id("ok")).Block(
					jen.If(jen.List(jen.Id("typed"), jen.Id("_")).Op(":=").Id(g.id("DecodeEvent")).Call(jen.Id("u").Dot("Name"), jen.Nil()), jen.Op("!").Id("isType").Types(jen.Id("T")).Call(jen.Id("typed"))).Block(
						jen.Continue())),
				jen.Return(jen.Id("zero"), jen.Err())),
			jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("ev").Dot("Event").Assert(jen.Id("T")), jen.Id("ok").Op("&&").Parens(jen.Id("match").Op("==").Nil().Op("||").Id("match").Call(jen.Id("v")))).Block(
				jen.Return(jen.Id("v"), jen.Nil())),
		),
	)
	g.emitIsType(f)
}

// emitIsType emits isType, which WaitEvent uses.
func (g *generator) emitIsType(f *jen.File) {
	g.decl(f, `isType reports whether ev is of type T.`).Func().Id("isType").Types(jen.Id("T").Any()).Params(jen.Id("ev").Id(g.id("Event"))).Bool().Block(
		jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("ev").Assert(jen.Id("T")),
		jen.Return(jen.Id("ok")))
}

// jobAPI is what the job helpers use of the schema, with Go names.
type jobAPI struct {
	queryJobs, dismiss     string // client methods
	dismissType, dismissID string // job-dismiss's type and its field for 'id'
	event                  string // JOB_STATUS_CHANGE's type
	eventID, eventStatus   string // its fields
	concluded, null        string // JobStatus constants
	info                   string // JobInfo's fields: id, error (optional), type
	infoID, infoError      string
	infoType               string // "" without
}

// jobAPI finds the job interface in the schema, or returns nil.
func (g *generator) jobAPI() *jobAPI {
	var query, dismiss *model.Command
	for _, c := range g.commands {
		switch c.Name {
		case "query-jobs":
			query = c
		case "job-dismiss":
			dismiss = c
		}
	}
	var event *model.Event
	for _, e := range g.events {
		if e.Name == "JOB_STATUS_CHANGE" {
			event = e
		}
	}
	if query == nil || dismiss == nil || event == nil || !argsIsInline(dismiss.Arg) || !argsIsInline(event.Arg) {
		return nil
	}
	arr, ok := query.Ret.(*model.Array)
	if !ok {
		return nil
	}
	info, ok := arr.Element.(*model.Object)
	if !ok || info.Branches != nil || g.goName(info) == "" {
		return nil
	}
	a := &jobAPI{
		queryJobs: g.methodName(query), dismiss: g.methodName(dismiss),
		dismissType: g.goName(dismiss), event: g.goName(event), info: g.goName(info),
	}
	var status *model.Member
	var ok1, ok2, ok3, ok4 bool
	a.dismissID, _, ok1 = g.jobField(dismiss.Arg, "id", "str", false)
	a.eventID, _, ok2 = g.jobField(event.Arg, "id", "str", false)
	a.eventStatus, status, ok3 = g.jobField(event.Arg, "status", "", false)
	a.infoID, _, ok4 = g.jobField(info, "id", "str", false)
	var okErr bool
	a.infoError, _, okErr = g.jobField(info, "error", "str", true)
	a.infoType, _, _ = g.jobField(info, "type", "", false)
	if !ok1 || !ok2 || !ok3 || !ok4 || !okErr {
		return nil
	}
	enum, ok := status.Type.(*model.Enum)
	if !ok || !g.view.TagValueKept(status, "concluded") || !g.view.TagValueKept(status, "null") {
		return nil
	}
	a.concluded = g.enumConst(enum, "concluded")
	a.null = g.enumConst(enum, "null")
	if _, isEnum := g.memberType(info, "type").(*model.Enum); !isEnum {
		a.infoType = ""
	}
	return a
}

// jobField finds the kept member name of o, of builtin type typ ("" for
// any type) and the given optionality, and returns its Go field name.
func (g *generator) jobField(o *model.Object, name, typ string, optional bool) (string, *model.Member, bool) {
	for _, m := range o.Members {
		if m.Name != name || !g.view.Allows(m.If) || m.Optional != optional {
			continue
		}
		if b, ok := m.Type.(*model.Builtin); typ != "" && (!ok || b.Name != typ) {
			return "", nil, false
		}
		return g.fieldName(m), m, true
	}
	return "", nil, false
}

func (g *generator) memberType(o *model.Object, name string) model.Type {
	for _, m := range o.Members {
		if m.Name == name {
			return m.Type
		}
	}
	return nil
}

// jobCommands are the commands that start a job under a job ID the
// caller must give (a required 'job-id' string): snapshot-save,
// blockdev-create, ... Commands whose job ID is optional (block-stream,
// drive-mirror) default it to a node's name; they go through RunJob.
func (g *generator) jobCommands() []*model.Command {
	var out []*model.Command
	for _, c := range g.commands {
		if !c.SuccessResponse || !argsIsInline(c.Arg) || g.takesFile(c) {
			continue
		}
		if _, _, ok := g.jobField(c.Arg, "job-id", "str", false); ok {
			out = append(out, c)
		}
	}
	return out
}

// emitJobs emits RunJob and one ...AndWait method per job command, each
// only when its name is not a command's method already.
func (g *generator) emitJobs(f *jen.File) {
	a := g.jobAPI()
	if a == nil {
		return
	}
	methods := map[string]bool{}
	for _, c := range g.commands {
		methods[g.methodName(c)] = true
	}
	if methods["RunJob"] {
		return
	}
	idField := func(v string, field string) *jen.Statement { return jen.Id(v).Dot(field) }
	wrapErr := func(err jen.Code) *jen.Statement {
		return jen.Qual("fmt", "Errorf").Call(jen.Lit("job %s: %w"), jen.Id("id"), err)
	}
	g.decl(f, `
RunJob runs a job to its end: start starts it (typically a call of a job
command such as snapshot-save or blockdev-create given job ID id); RunJob
then waits, on events from src (the *qmp.Conn the client runs on), until
the job concludes, reads its outcome with query-jobs, dismisses it with
job-dismiss and returns the job's error as a *qmp.JobError (nil when it
succeeded). An error of start is returned as is.

The job must need no command to finish (auto-finalize left true; a mirror
job waits for job-complete). A job created with auto-dismiss true has gone
when RunJob looks, and its outcome with it: RunJob then returns nil.`).Func().Params(jen.Id("c").Op("*").Id(g.id("Client"))).Id("RunJob").Params(
		ctxParam(), jen.Id("src").Id(g.id("EventSource")), jen.Id("id").String(), jen.Id("start").Func().Params(jen.Qual("context", "Context")).Error(),
	).Error().Block(
		jen.Id("events").Op(":=").Id(g.id("SubscribeEvents")).Call(jen.Id("src"), jen.Lit(16)),
		jen.Defer().Id("events").Dot("Close").Call(),
		jen.If(jen.Err().Op(":=").Id("start").Call(jen.Id("ctx")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.For().Block(
			jen.List(jen.Id("ev"), jen.Err()).Op(":=").Id(g.id("WaitEvent")).Call(jen.Id("ctx"), jen.Id("events"),
				jen.Func().Params(jen.Id("e").Id(a.event)).Bool().Block(jen.Return(idField("e", a.eventID).Op("==").Id("id")))),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(wrapErr(jen.Err()))),
			jen.Switch(idField("ev", a.eventStatus)).Block(
				jen.Case(jen.Id(a.concluded)).Block(jen.Return(jen.Id("c").Dot("finishJob").Call(jen.Id("ctx"), jen.Id("id")))),
				jen.Case(jen.Id(a.null)).Block(jen.Return(jen.Nil())),
			),
		),
	)

	var jobErr jen.Dict = jen.Dict{
		jen.Id("ID"):   jen.Id("id"),
		jen.Id("Desc"): jen.Op("*").Add(idField("j", a.infoError)),
	}
	if a.infoType != "" {
		jobErr[jen.Id("Type")] = jen.String().Call(idField("j", a.infoType))
	}
	g.decl(f, `finishJob returns the outcome of the concluded job id and dismisses it.`).Func().Params(jen.Id("c").Op("*").Id(g.id("Client"))).Id("finishJob").Params(
		ctxParam(), jen.Id("id").String()).Error().Block(
		jen.List(jen.Id("jobs"), jen.Err()).Op(":=").Id("c").Dot(a.queryJobs).Call(jen.Id("ctx")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(wrapErr(jen.Err()))),
		jen.For(jen.List(jen.Id("_"), jen.Id("j")).Op(":=").Range().Id("jobs")).Block(
			jen.If(idField("j", a.infoID).Op("!=").Id("id")).Block(jen.Continue()),
			jen.Var().Id("jobErr").Error(),
			jen.If(idField("j", a.infoError).Op("!=").Nil()).Block(
				jen.Id("jobErr").Op("=").Op("&").Qual(runtimePath, "JobError").Values(jobErr)),
			jen.If(jen.Err().Op(":=").Id("c").Dot(a.dismiss).Call(jen.Id("ctx"), jen.Id(a.dismissType).Values(jen.Dict{jen.Id(a.dismissID): jen.Id("id")})), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual("errors", "Join").Call(jen.Id("jobErr"), wrapErr(jen.Err())))),
			jen.Return(jen.Id("jobErr")),
		),
		jen.Return(jen.Nil()),
	)

	for _, cmd := range g.jobCommands() {
		method := g.methodName(cmd)
		wait := method + "AndWait"
		if methods[wait] {
			continue
		}
		jobID, _, _ := g.jobField(cmd.Arg, "job-id", "str", false)
		g.decl(f, fmt.Sprintf(`
%s runs the command %s and waits until the job it starts
concludes, as RunJob does with args.%s as the job ID: it returns the job's
error, and dismisses the job.`, wait, cmd.Name, jobID)).Func().Params(jen.Id("c").Op("*").Id(g.id("Client"))).Id(wait).Params(
			ctxParam(), jen.Id("src").Id(g.id("EventSource")), jen.Id("args").Id(g.goName(cmd)),
		).Error().Block(
			jen.Return(jen.Id("c").Dot("RunJob").Call(jen.Id("ctx"), jen.Id("src"), jen.Id("args").Dot(jobID),
				jen.Func().Params(ctxParam()).Error().Block(jen.Return(jen.Id("c").Dot(method).Call(jen.Id("ctx"), jen.Id("args")))))),
		)
	}
}
