// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"github.com/qapi-gen/qapi-gen/goview"
	"github.com/qapi-gen/qapi-gen/model"
)

// RenameHint ends the message of a clash between two schema names: the
// way out is to give one of them another Go name.
const RenameHint = goview.RenameHint

// generator holds the state of one Generate call.
type generator struct {
	s    *model.Schema
	opts Options
	// view is the Go shape of the schema: every name and type the
	// emitters use (see package goview).
	view *goview.View
	// commands and events in schema order, for the tables.
	commands []*model.Command
	events   []*model.Event
	// render turns an emitted unit into its file (renderUnit).
	render func(*unit) (File, error)
}

func newGenerator(s *model.Schema, opts Options) *generator {
	return &generator{s: s, opts: opts}
}

// View is the Go shape of the package Generate(s, opts) produces: the
// Go name and type of every definition, member, branch, enum value and
// command, as the generator uses them. Code written against the
// generated package (tests, for one) reads its names there rather than
// repeating the generator's rules.
func View(s *model.Schema, opts Options) (*goview.View, error) {
	return goview.Build(s, viewOptions(opts))
}

// viewOptions are the options of the view of Generate(s, opts).
func viewOptions(opts Options) goview.Options {
	var own []string
	for _, list := range ownLists(opts) {
		own = append(own, list...)
	}
	return goview.Options{
		Conds:          model.Config(opts.Conds),
		Renames:        opts.Renames,
		Own:            own,
		CommandMethods: commandMethods,
		EventMethods:   eventMethods,
	}
}

// nameAll builds the view: every generated definition gets its Go name,
// every name is claimed in its scope.
func (g *generator) nameAll() error {
	v, err := View(g.s, g.opts)
	if err != nil {
		return err
	}
	g.view = v
	for _, d := range v.Commands {
		g.commands = append(g.commands, d.Def.(*model.Command))
	}
	for _, d := range v.Events {
		g.events = append(g.events, d.Def.(*model.Event))
	}
	return nil
}

// kept reports whether d has a Go declaration of its own: it is kept
// (its condition may hold, or a kept definition uses it) and is not
// flattened into another.
func (g *generator) kept(d model.Definition) bool { return g.view.Declares(d) }

// goName is the Go identifier of the declaration holding d, "" for none.
func (g *generator) goName(d model.Definition) string { return g.view.Name(d) }

// The names of members, branches, enum values and commands, read from
// the view.
func (g *generator) fieldName(m *model.Member) string { return g.view.FieldName(m) }
func (g *generator) branchName(owner model.Definition, v *model.Variant) string {
	return g.view.BranchName(owner, v)
}
func (g *generator) enumConst(e model.Type, value string) string { return g.view.EnumConst(e, value) }
func (g *generator) methodName(cmd *model.Command) string        { return g.view.MethodName(cmd) }
func (g *generator) takesFile(cmd *model.Command) bool           { return g.view.Lookup(cmd).TakesFile }
