// SPDX-License-Identifier: Apache-2.0

package frontend

import (
	"fmt"
	"strings"
	"testing"
)

// orderingCases are schemas whose errors depend on QEMU's order of work
// (the whole schema is parsed before anything is checked): parse errors
// on the line of a definition, which must not print the definition's
// context, and pragma directives after the definitions they affect,
// which QEMU checks with the final settings. Any front end that overlaps
// checking with parsing must keep these. The expected errors are those
// of QEMU 10.1's front end on the same input.
var orderingCases = []struct {
	name, schema, want string
}{
	{"junk on a definition's line",
		"{ 'struct': 'Foo', 'data': {} } 'junk'\n",
		"t.json:1: top-level expression must be an object"},
	{"bad include on a definition's line",
		"{ 'struct': 'Foo', 'data': {} } { 'include': 'missing.json' }\n",
		"t.json:1: can't read include file 'missing.json': No such file or directory"},
	{"bad pragma on a definition's line",
		"{ 'struct': 'Foo', 'data': {} } { 'pragma': { 'doc-required': 'x' } }\n",
		"t.json:1: pragma 'doc-required' must be boolean"},
	{"stray doc on a definition's line",
		"{ 'enum': 'Foo', 'data': [ 'a' ] } ##\n# @Bar:\n##\n",
		"t.json:1: documentation for 'Bar' is not followed by the definition"},
	{"parse error after a check error",
		"{ 'struct': 'foo', 'data': {} } 'junk'\n",
		"t.json:1: top-level expression must be an object"},
	{"check error on a named definition's line",
		"{ 'struct': 'Foo', 'data': {} } { 'junk': 'x' }\n",
		"t.json: In struct 'Foo':\nt.json:1: expression must have exactly one key" +
			" 'enum', 'struct', 'union', 'alternate', 'command', 'event'"},
	{"late doc-required",
		"{ 'enum': 'Enu', 'data': [ 'a' ] }\n{ 'pragma': { 'doc-required': true } }\n",
		"t.json: In enum 'Enu':\nt.json:1: documentation comment required"},
	{"late doc-required on the same line",
		"{ 'struct': 'Foo', 'data': {} } { 'pragma': { 'doc-required': true } }\n",
		"t.json: In struct 'Foo':\nt.json:1: documentation comment required"},
	{"late command-name-exceptions",
		"{ 'command': 'foo_bar' }\n{ 'pragma': { 'command-name-exceptions': [ 'foo_bar' ] } }\n",
		""},
	{"late member-name-exceptions",
		"{ 'struct': 'Str', 'data': { 'Foo_Bar': 'int' } }\n{ 'pragma': { 'member-name-exceptions': [ 'Str' ] } }\n",
		""},
	{"revoked command-name-exceptions",
		"{ 'pragma': { 'command-name-exceptions': [ 'foo_bar' ] } }\n{ 'command': 'foo_bar' }\n" +
			"{ 'pragma': { 'command-name-exceptions': [ 'other' ] } }\n",
		"t.json: In command 'foo_bar':\nt.json:2: name of command must not use uppercase or '_'"},
}

// padding puts definitions in front of a case, so that a checker running
// alongside the parser would have work before the case.
func padding(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "{ 'struct': 'Pad%d', 'data': { 'm': 'int' } }\n", i)
	}
	return b.String()
}

// TestLoadOrdering runs the ordering cases through Load, repeatedly, in
// case the front end ever does work concurrently.
func TestLoadOrdering(t *testing.T) {
	for _, c := range orderingCases {
		for _, pad := range []int{0, 200} {
			t.Run(fmt.Sprintf("%s/%d", c.name, pad), func(t *testing.T) {
				schema := padding(pad) + c.schema
				want := strings.ReplaceAll(c.want, "t.json:1:", fmt.Sprintf("t.json:%d:", pad+1))
				want = strings.ReplaceAll(want, "t.json:2:", fmt.Sprintf("t.json:%d:", pad+2))
				if pad > 0 && strings.HasSuffix(c.want, "documentation comment required") {
					// The padding is undocumented too, and comes first:
					// the late pragma applies to it as well.
					want = "t.json: In struct 'Pad0':\nt.json:1: documentation comment required"
				}
				for range 5 {
					_, err := LoadBytes("t.json", []byte(schema), Options{ReadFile: memFS(nil, nil)})
					got := ""
					if err != nil {
						got = err.Error()
					}
					if got != want {
						t.Fatalf("got error %q, want %q", got, want)
					}
				}
			})
		}
	}
}
