// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"github.com/qapi-gen/qapi-gen/gen/names"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/source"
)

// scope is a Go name space (the package, or one struct's fields and
// methods). Claiming a name twice is the error QAPI authors see when two
// schema names map to one Go identifier.
type scope struct {
	what  string            // "package", "struct Foo"
	owner map[string]string // Go identifier -> what claimed it
}

func newScope(what string) *scope { return &scope{what: what, owner: map[string]string{}} }

// claim records that desc uses ident; info is desc's position.
func (sc *scope) claim(ident, desc string, info *source.Info) error {
	if prev, ok := sc.owner[ident]; ok {
		return source.Errorf(info, "%s maps to Go identifier %s, which %s already uses in %s; %s",
			desc, ident, prev, sc.what, RenameHint)
	}
	sc.owner[ident] = desc
	return nil
}

// RenameHint ends the message of a clash between two schema names: the
// way out is to give one of them another Go name.
const RenameHint = "rename one of them with a -rename file"

// generator holds the state of one Generate call.
type generator struct {
	s     *model.Schema
	opts  Options
	conds condSet
	// goName maps each emitted definition to its Go identifier.
	goName map[model.Definition]string
	pkg    *scope
	// commands and events in schema order, for the tables.
	commands []*model.Command
	events   []*model.Event
	// renames are the user's names (Options.Renames), resolved by nameAll.
	renames *renames
	// recursive are the required members that are pointers because their
	// struct would contain itself otherwise.
	recursive map[memberKey]bool
	// ownPkg and ownMethod map the generator's own identifiers to the
	// names they take (see yield); valuesName is each enum's list of values.
	ownPkg, ownMethod map[string]string
	valuesName        map[*model.Enum]string
	// keep are the definitions left in by the conditions (keptDefinitions).
	keep map[model.Definition]bool
	// render turns an emitted unit into its file (renderUnit).
	render func(*unit) (File, error)
}

func newGenerator(s *model.Schema, opts Options) *generator {
	g := &generator{
		s:       s,
		opts:    opts,
		conds:   condSet(opts.Conds),
		goName:  make(map[model.Definition]string, len(s.Entities)),
		renames: &renames{},
		pkg:     &scope{what: "the package", owner: make(map[string]string, 4*len(s.Entities))},
	}
	g.keep = g.keptDefinitions()
	g.recursive = g.findRecursion()
	return g
}

// describe names a schema entity for messages: "struct 'Foo'".
func describe(d model.Definition) string {
	return d.Meta() + " '" + d.Common().Name + "'"
}

// kept reports whether d is generated at all: it is kept (its condition
// may hold, or a kept definition uses it) and it has a Go declaration of
// its own.
func (g *generator) kept(d model.Definition) bool {
	c := d.Common()
	if !g.keep[d] {
		return false
	}
	switch d := d.(type) {
	case *model.Builtin, *model.Array:
		return false
	case *model.Object:
		if c.Implicit == nil {
			return true
		}
		// Inline arguments become the command or event type; inline
		// bases are flattened into their union; q_empty is struct{}.
		return c.Implicit.Role == model.ImplicitWrapper
	case *model.Enum, *model.Alternate:
		return true
	case *model.Command, *model.Event:
		_ = d
		return true
	}
	return false
}

// nameAll gives every generated definition its Go name and claims the
// package-level identifiers, in definition order.
func (g *generator) nameAll() error {
	rs, err := resolveRenames(g.s, g.opts.Renames)
	if err != nil {
		return err
	}
	g.renames = rs
	for _, e := range g.s.Entities {
		d, ok := e.(model.Definition)
		if !ok || !g.kept(d) {
			continue
		}
		name := g.declName(d)
		g.goName[d] = name
		info := d.Pos()
		desc := describe(d)
		if err := g.pkg.claim(name, desc, info); err != nil {
			return err
		}
		switch d := d.(type) {
		case *model.Enum:
			for _, m := range d.Members {
				if !g.conds.holds(m.If) {
					continue
				}
				mi := m.Info
				if mi == nil {
					mi = info
				}
				if err := g.pkg.claim(g.enumConst(d, m.Name), "value '"+m.Name+"' of "+desc, mi); err != nil {
					return err
				}
			}
		case *model.Command:
			g.commands = append(g.commands, d)
		case *model.Event:
			g.events = append(g.events, d)
		}
		// The implicit argument type of a command or event is the
		// command's or event's type.
		switch d := d.(type) {
		case *model.Command:
			if d.Arg != nil && d.Arg.Implicit != nil && d.Arg.Implicit.Role == model.ImplicitArgs {
				g.goName[d.Arg] = name
			}
		case *model.Event:
			if d.Arg != nil && d.Arg.Implicit != nil && d.Arg.Implicit.Role == model.ImplicitArgs {
				g.goName[d.Arg] = name
			}
		}
	}
	g.nameOwn()
	return nil
}

// declName is the Go identifier of a definition's declaration.
func (g *generator) declName(d model.Definition) string {
	c := d.Common()
	switch d.(type) {
	case *model.Command:
		return g.baseName(d) + "Command"
	case *model.Event:
		return g.baseName(d) + "Event"
	}
	if c.Implicit != nil {
		switch c.Implicit.Role {
		case model.ImplicitWrapper:
			if o, ok := d.(*model.Object); ok && len(o.Members) == 1 {
				return wrappedName(o.Members[0].Type) + "Wrapper"
			}
		case model.ImplicitKind:
			if c.Implicit.Owner != nil {
				return g.baseName(c.Implicit.Owner) + "Kind"
			}
		}
	}
	return g.baseName(d)
}

// wrappedName names the type a legacy simple union branch wraps, the way
// QEMU named the explicit wrappers that replaced them ("StringWrapper").
func wrappedName(t model.Type) string {
	switch t := t.(type) {
	case *model.Builtin:
		if t.Name == "str" {
			return "String"
		}
		return names.Exported(t.Name)
	case *model.Array:
		return wrappedName(t.Element) + "List"
	}
	return names.Exported(t.Common().Name)
}
