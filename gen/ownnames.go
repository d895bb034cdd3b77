// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"

	"github.com/qapi-gen/qapi-gen/gen/names"
	"github.com/qapi-gen/qapi-gen/model"
)

// Identifiers the generator adds itself (helpers, methods, lists of enum
// values) yield to the schema's: schema names map to identifiers without
// '_' (see package names), so an added identifier whose name a schema name
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
		"EventSource", "EventStream", "TimedEvent", "SubscribeEvents", "WaitEvent"}
)

// Generated methods whose names every command or event type shares (the
// Command and Event interfaces): they yield to a field of any one of them.
var (
	commandMethods = []string{"CommandSpec"}
	eventMethods   = []string{"EventName"}
)

// descName is the package-level variable describing the union or
// alternate typeName for the code all of them share (kind is "union" or
// "alternate"). It is unexported, so no schema name can take it, and the
// helpers of qapi.go have no name starting with either kind.
func descName(kind, typeName string) string { return kind + typeName }

// ownLists are the lists of the package-level identifiers the generator
// adds with the options given.
func (g *generator) ownLists() [][]string {
	lists := [][]string{helperNames(), builtinNames, clientNames, wireNames}
	if g.opts.Server {
		lists = append(lists, serverNames)
	}
	return lists
}

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
	for _, list := range g.ownLists() {
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

// nameOwn names the generator's own identifiers, once every schema name
// has its own: they yield to schema names (see yield).
func (g *generator) nameOwn() {
	g.ownPkg = map[string]string{}
	for _, list := range g.ownLists() {
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
