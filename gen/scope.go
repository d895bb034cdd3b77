package gen

import (
	"strings"

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

// Identifiers the generator adds itself (helpers, methods, lists of enum
// values) yield to the schema's: schema names map to identifiers without
// '_' (package names), so an added identifier whose name a schema name
// already has in its scope takes the name with a trailing '_', which no
// schema name can take. Names Go fixes (goFixed) cannot move; a schema
// name that maps to one of those gets the '_' instead.

// yield claims the generated identifier name in sc, or name + "_" when a
// schema name has it (more '_' while taken: a union branch that yielded
// to a member may have name + "_"), and returns the one it claimed.
func (sc *scope) yield(name, desc string) string {
	for {
		if _, taken := sc.owner[name]; !taken {
			break
		}
		name += "_"
	}
	sc.owner[name] = desc
	return name
}

// goFixed are method names whose meaning Go fixes: encoding/json calls
// MarshalJSON and UnmarshalJSON, and IsZero for omitzero. The generated
// types that have them cannot rename them, so a field of that name would
// not build.
var goFixed = map[string]bool{"MarshalJSON": true, "UnmarshalJSON": true, "IsZero": true}

// vetChecked are the method names go vet's stdmethods analyzer checks by
// name alone: a Client method of one of these names (command
// 'read-byte') would fail go vet.
var vetChecked = map[string]bool{
	"As": true, "Format": true, "GobDecode": true, "GobEncode": true, "Is": true,
	"MarshalJSON": true, "MarshalXML": true, "ReadByte": true, "ReadFrom": true,
	"ReadRune": true, "Scan": true, "Seek": true, "UnmarshalJSON": true,
	"UnmarshalXML": true, "UnreadByte": true, "UnreadRune": true, "Unwrap": true,
	"WriteByte": true, "WriteTo": true,
}

// FieldName is the Go field of a member, union branch or alternative
// named name: its exported name, with a trailing '_' when that is a
// name Go fixes as a method (goFixed).
func FieldName(name string) string {
	id := names.Exported(name)
	if goFixed[id] {
		id += "_"
	}
	return id
}

// clientMethodName is the Client method of a command: its exported name,
// with a trailing '_' when go vet checks methods of that name.
func clientMethodName(command string) string {
	id := names.Exported(command)
	if vetChecked[id] {
		id += "_"
	}
	return id
}

// Generated package-level identifiers of qapi_builtin.go and client.go;
// those of qapi.go are read from its source (helperNames).
var (
	builtinNames = []string{"Commands", "Events", "DecodeEvent", "DecodeEventStrict"}
	clientNames  = []string{"Client", "NewClient", "Executor", "ClientOption", "Strict",
		"EventSource", "EventStream", "TimedEvent", "SubscribeEvents"}
)

// Generated methods whose names every command or event type shares (the
// Command and Event interfaces): they yield to a field of any one of them.
var (
	commandMethods = []string{"CommandName", "CommandSpec", "NewResult"}
	eventMethods   = []string{"EventName"}
)

// id is the identifier the package uses for its own package-level name.
func (g *generator) id(name string) string {
	if r, ok := g.ownPkg[name]; ok {
		return r
	}
	return name
}

// ownText replaces in fixed doc text the words that are own identifiers
// which yielded to schema names by the names they took.
func (g *generator) ownText(text string) string {
	var pairs []string
	for _, list := range [][]string{helperNames(), builtinNames, clientNames} {
		for _, n := range list {
			if r := g.id(n); r != n {
				pairs = append(pairs, n, r)
			}
		}
	}
	if len(pairs) == 0 {
		return text
	}
	var b strings.Builder
	for len(text) > 0 {
		i := strings.IndexFunc(text, isIdentRune)
		if i < 0 {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		text = text[i:]
		j := strings.IndexFunc(text, func(r rune) bool { return !isIdentRune(r) })
		if j < 0 {
			j = len(text)
		}
		word := text[:j]
		for k := 0; k < len(pairs); k += 2 {
			if pairs[k] == word {
				word = pairs[k+1]
				break
			}
		}
		b.WriteString(word)
		text = text[j:]
	}
	return b.String()
}

func isIdentRune(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// method is the name of a generated method shared by all command or all
// event types.
func (g *generator) method(name string) string {
	if r, ok := g.ownMethod[name]; ok {
		return r
	}
	return name
}

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
		s:      s,
		opts:   opts,
		conds:  condSet(opts.Conds),
		goName: make(map[model.Definition]string, len(s.Entities)),
		pkg:    &scope{what: "the package", owner: make(map[string]string, 4*len(s.Entities))},
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
				if err := g.pkg.claim(enumConst(name, m.Name), "value '"+m.Name+"' of "+desc, mi); err != nil {
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

// nameOwn names the generator's own identifiers, once every schema name
// has its own: they yield to schema names (see yield).
func (g *generator) nameOwn() {
	g.ownPkg = map[string]string{}
	for _, list := range [][]string{helperNames(), builtinNames, clientNames} {
		for _, n := range list {
			g.ownPkg[n] = g.pkg.yield(n, "the generated helpers")
		}
	}
	g.valuesName = map[*model.Enum]string{}
	for _, e := range g.s.Entities {
		if en, ok := e.(*model.Enum); ok && g.kept(en) {
			g.valuesName[en] = g.pkg.yield(g.goName[en]+"Values", "the list of values of "+describe(en))
		}
	}
	// The methods of the Command and Event interfaces yield to a field of
	// any command or event type.
	g.ownMethod = map[string]string{}
	cmds, evs := newScope("the command types"), newScope("the event types")
	for _, c := range g.commands {
		g.argFieldNames(c.Arg, cmds)
	}
	for _, e := range g.events {
		g.argFieldNames(e.Arg, evs)
	}
	for _, m := range commandMethods {
		g.ownMethod[m] = cmds.yield(m, "the generated methods")
	}
	for _, m := range eventMethods {
		g.ownMethod[m] = evs.yield(m, "the generated methods")
	}
}

// argFieldNames records in sc the fields of a command's or event's type
// (see argStruct), those an embedded argument type promotes included: a
// method of the command type would hide them.
func (g *generator) argFieldNames(arg *model.Object, sc *scope) {
	if arg == nil {
		return
	}
	if !argsIsInline(arg) {
		f, _ := argField(g.embeddedName(arg))
		sc.owner[f] = "the embedded argument type"
	}
	for _, m := range arg.Members {
		if g.conds.holds(m.If) {
			sc.owner[FieldName(m.Name)] = "a member"
		}
	}
	if arg.Branches != nil {
		for _, v := range arg.Branches.Variants {
			if g.conds.holds(v.If) {
				sc.owner[FieldName(v.Name)] = "a branch"
			}
		}
	}
}

// declName is the Go identifier of a definition's declaration.
func (g *generator) declName(d model.Definition) string {
	c := d.Common()
	switch d.(type) {
	case *model.Command:
		return names.Exported(c.Name) + "Command"
	case *model.Event:
		return names.Exported(c.Name) + "Event"
	}
	if c.Implicit != nil {
		switch c.Implicit.Role {
		case model.ImplicitWrapper:
			if o, ok := d.(*model.Object); ok && len(o.Members) == 1 {
				return wrappedName(o.Members[0].Type) + "Wrapper"
			}
		case model.ImplicitKind:
			if c.Implicit.Owner != nil {
				return names.Exported(c.Implicit.Owner.Common().Name) + "Kind"
			}
		}
	}
	return names.Exported(c.Name)
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

// enumConst is the Go constant for an enum value.
func enumConst(typeName, value string) string {
	return typeName + names.Suffix(value)
}
