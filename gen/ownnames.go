// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"
)

// The generator's own identifiers yield to the schema's (see package
// goview): these are the lists of them.

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
func ownLists(opts Options) [][]string {
	lists := [][]string{helperNames(), builtinNames, clientNames, wireNames}
	if opts.Server {
		lists = append(lists, serverNames)
	}
	return lists
}

// id is the identifier the package uses for its own package-level name.
func (g *generator) id(name string) string { return g.view.Own(name) }

// ownText replaces in fixed doc text the words that are own identifiers
// which yielded to schema names by the names they took.
func (g *generator) ownText(text string) string {
	var pairs []string
	for _, list := range ownLists(g.opts) {
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
func (g *generator) method(name string) string { return g.view.Method(name) }
