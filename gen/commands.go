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

// argsIsInline reports whether a command's or event's argument object is
// its own inline 'data' (then its members become the type's fields).
var argsIsInline = goview.InlineArgs

// argStruct builds the fields of a command or event type: the inline
// arguments' members, or the named argument type embedded (its JSON
// methods, if any, are promoted, so a boxed union keeps its wire form).
// An argument type whose name Go fixes as a method (a struct
// MarshalJSON) cannot be embedded without hiding that method: it is the
// field Name_, and emitArgJSON gives the type JSON methods encoding it.
func (g *generator) argStruct(u *unit, gd *goview.Def) ([]jen.Code, []field) {
	if gd.Arg == nil {
		fs := fields(gd)
		return g.fieldDecls(u, fs), fs
	}
	if !gd.Arg.Embedded {
		return []jen.Code{jen.Id(gd.Arg.Field).Id(gd.Arg.Type).Id("`json:\"-\"`")}, nil
	}
	return []jen.Code{jen.Id(gd.Arg.Type)}, nil
}

// emitArgJSON gives the type name, whose named argument type is a
// field rather than embedded (see argStruct), JSON methods that encode
// and decode that field as the type.
func (g *generator) emitArgJSON(u *unit, name string, gd *goview.Def) {
	if gd.Arg == nil || gd.Arg.Embedded {
		return
	}
	f := gd.Arg.Field
	u.comment("// MarshalJSON encodes " + f + ", the arguments.")
	u.file.Func().Params(jen.Id("v").Id(name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Qual(jsonPkg, "Marshal").Call(jen.Id("v").Dot(f))))
	u.comment("// UnmarshalJSON decodes the arguments into " + f + ".")
	u.file.Func().Params(jen.Id("v").Op("*").Id(name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Return(jen.Qual(jsonPkg, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("v").Dot(f))))
}

func (g *generator) emitCommand(u *unit, cmd *model.Command) error {
	name := g.goName(cmd)
	gd := g.view.Lookup(cmd)
	decls, fs := g.argStruct(u, gd)
	lists := requiredLists(fs)
	extraName := gd.Extra
	extra := extraName != ""
	if extra {
		decls = append(decls, extraDecl(u, cmd, extraName))
	}
	first := fmt.Sprintf("%s is the QMP command %s, holding its arguments.", name, cmd.Name)
	c := g.defComment(first, cmd)
	if cmd.Ret != nil {
		c.para("Its reply decodes into " + g.typeString(cmd.Ret) + " (see " + g.id("CommandSpec") + ".NewResult).")
	}
	if !cmd.SuccessResponse {
		c.para("QEMU sends no reply when it succeeds.")
	}
	if extra {
		extraDoc(c, extraName)
	}
	decls = append(decls, noCompare(u, gd)...)
	u.file.Add(c.declCode(u).Type().Id(name).Struct(decls...))
	switch {
	case extra:
		g.emitExtraMarshal(u, name, cmd, lists, extraName)
	case len(lists) > 0:
		g.emitListFix(u, name, lists)
	}
	g.emitArgJSON(u, name, gd)
	// A pointer receiver: a value receiver would make the compiler add a
	// wrapper method for the pointer type of every command type too.
	spec := g.method("CommandSpec")
	if cmd.Ret != nil {
		u.comment("// " + spec + " describes the command; its NewResult returns a new *" + g.typeString(cmd.Ret) + ".")
	} else {
		u.comment("// " + spec + " describes the command; its NewResult returns nil: the command returns nothing.")
	}
	u.file.Func().Params(jen.Op("*").Id(name)).Id(spec).Params().Id(g.id("CommandSpec")).Block(
		jen.Return(jen.Id("qapiCommandSpecs").Index(jen.Lit(g.commandIndex(cmd)))))
	return nil
}

// commandIndex is the index of cmd's entry in the table of specs.
func (g *generator) commandIndex(cmd *model.Command) int {
	for i, c := range g.commands {
		if c == cmd {
			return i
		}
	}
	panic("gen: command " + cmd.Name + " is not in the table of specs") // kept commands are
}

// specLit is the CommandSpec literal of a command without its type, as
// gofmt prints it: {Name: "query-status", SuccessResponse: true, result:
// qapiElem((*StatusInfo)(nil))}. It is
// text so that the Commands table can bypass go/format (see listBody).
func (g *generator) specLit(cmd *model.Command) string {
	// Fields in declaration order.
	var b strings.Builder
	b.WriteString("{Name: ")
	b.WriteString(strconv.Quote(cmd.Name))
	flag := func(key string, on bool) {
		if on {
			b.WriteString(", " + key + ": true")
		}
	}
	flag("AllowOOB", cmd.AllowOOB)
	flag("AllowPreconfig", cmd.AllowPreconfig)
	flag("SuccessResponse", cmd.SuccessResponse)
	gd := g.view.Lookup(cmd)
	flag("Deprecated", gd.Deprecated)
	flag("Unstable", gd.Unstable)
	if cmd.Ret != nil {
		b.WriteString(", result: qapiElem((*" + g.typeString(cmd.Ret) + ")(nil))")
	}
	b.WriteByte('}')
	return b.String()
}

func (g *generator) emitEvent(u *unit, ev *model.Event) error {
	name := g.goName(ev)
	gd := g.view.Lookup(ev)
	decls, fs := g.argStruct(u, gd)
	lists := requiredLists(fs)
	c := g.defComment(fmt.Sprintf("%s is the data of the QMP event %s.", name, ev.Name), ev)
	u.file.Add(c.declCode(u).Type().Id(name).Struct(decls...))
	if len(lists) > 0 {
		g.emitListFix(u, name, lists)
	}
	g.emitArgJSON(u, name, gd)
	u.comment(fmt.Sprintf("// %s returns %q.", g.method("EventName"), ev.Name))
	u.file.Func().Params(jen.Id(name)).Id(g.method("EventName")).Params().String().Block(jen.Return(strLit(ev.Name)))
	return nil
}

// emitRegistry emits the schema-wide tables: Commands, Events and the
// event decoders.
func (g *generator) emitRegistry(u *unit) {
	// The tables are variables that the functions copy: a function
	// returning a long literal costs go/format much more.
	specs := make([]string, len(g.commands))
	for i, c := range g.commands {
		specs[i] = g.specLit(c)
	}
	// An array: a command's CommandSpec indexes it with a constant, which
	// needs no bounds check.
	u.file.Var().Id("qapiCommandSpecs").Op("=").Index(jen.Op("...")).Id(g.id("CommandSpec")).Values(u.listBody(specs)...)
	u.comment("// " + g.id("Commands") + " returns the specs of the package's commands, in schema order.")
	u.file.Func().Id(g.id("Commands")).Params().Index().Id(g.id("CommandSpec")).Block(
		jen.Return(jen.Qual("slices", "Clone").Call(jen.Id("qapiCommandSpecs").Index(jen.Op(":")))))

	events := make([]string, len(g.events))
	for i, e := range g.events {
		events[i] = strconv.Quote(e.Name)
	}
	u.file.Var().Id("qapiEventNames").Op("=").Index().String().Values(u.listBody(events)...)
	u.comment("// " + g.id("Events") + " returns the names of the package's events, in schema order.")
	u.file.Func().Id(g.id("Events")).Params().Index().String().Block(
		jen.Return(jen.Qual("slices", "Clone").Call(jen.Id("qapiEventNames"))))

	var cases []jen.Code
	for _, e := range g.events {
		name := g.goName(e)
		cases = append(cases, jen.Case(strLit(e.Name)).Block(
			jen.Return(jen.Id("qapiDecodeEventData").Call(jen.Id("data"), jen.New(jen.Id(name)), jen.Id("strict")))))
	}
	body := []jen.Code{}
	if len(cases) > 0 {
		body = append(body, jen.Switch(jen.Id("name")).Block(cases...))
	}
	body = append(body, jen.Return(jen.Id(g.id("UnknownEvent")).Values(jen.Dict{
		jen.Id("Name"): jen.Id("name"),
		jen.Id("Data"): jen.Append(jen.Qual(jsonPkg, "RawMessage").Call(jen.Nil()), jen.Id("data").Op("...")),
	}), jen.Nil()))
	u.file.Func().Id("decodeEvent").Params(jen.Id("name").String(), jen.Id("data").Qual(jsonPkg, "RawMessage"), jen.Id("strict").Bool()).
		Params(jen.Id(g.id("Event")), jen.Error()).Block(body...)

	u.comment("// "+g.id("DecodeEvent")+" decodes the data of the event called name into its type",
		"// (the type named after the event, with suffix Event). An event this package",
		"// does not know decodes to an "+g.id("UnknownEvent")+" holding the raw data, without error.")
	u.file.Func().Id(g.id("DecodeEvent")).Params(jen.Id("name").String(), jen.Id("data").Qual(jsonPkg, "RawMessage")).
		Params(jen.Id(g.id("Event")), jen.Error()).Block(jen.Return(jen.Id("decodeEvent").Call(jen.Id("name"), jen.Id("data"), jen.False())))
	u.comment("// "+g.id("DecodeEventStrict")+" is "+g.id("DecodeEvent")+" with "+g.id("DecodeStrict")+"'s checking: a member",
		"// the event's type does not know is an error.")
	u.file.Func().Id(g.id("DecodeEventStrict")).Params(jen.Id("name").String(), jen.Id("data").Qual(jsonPkg, "RawMessage")).
		Params(jen.Id(g.id("Event")), jen.Error()).Block(jen.Return(jen.Id("decodeEvent").Call(jen.Id("name"), jen.Id("data"), jen.True())))
}
