// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"
	"testing"
)

// TestCondKeepsUsedTypes: -cond removes a definition only when nothing
// kept uses it; a type a kept definition needs (as a member, a list
// element, a return value, a branch, a union's tag enum, an alternative,
// a base, command or event data) is kept, so that the package builds.
func TestCondKeepsUsedTypes(t *testing.T) {
	schema := `
{ 'struct': 'Member', 'data': {}, 'if': 'CONFIG_A' }
{ 'struct': 'Elem', 'data': {}, 'if': 'CONFIG_A' }
{ 'struct': 'Holder', 'data': { 'm': 'Member', 'l': [ 'Elem' ] } }
{ 'struct': 'Ret', 'data': {}, 'if': 'CONFIG_A' }
{ 'command': 'cmd', 'returns': 'Ret' }
{ 'struct': 'Args', 'data': {}, 'if': 'CONFIG_A' }
{ 'command': 'boxed', 'data': 'Args' }
{ 'struct': 'Data', 'data': { 'x': 'int' }, 'if': 'CONFIG_A' }
{ 'event': 'EV', 'data': 'Data' }
{ 'enum': 'Tag', 'data': [ 'one', 'two' ], 'if': 'CONFIG_A' }
{ 'struct': 'Branch', 'data': {}, 'if': 'CONFIG_A' }
{ 'union': 'Uni', 'base': { 'tag': 'Tag' }, 'discriminator': 'tag', 'data': { 'one': 'Branch' } }
{ 'struct': 'Alt1', 'data': {}, 'if': 'CONFIG_A' }
{ 'alternate': 'Alt', 'data': { 'a': 'Alt1', 'b': 'int' } }
{ 'struct': 'Base', 'data': { 'y': 'int' }, 'if': 'CONFIG_A' }
{ 'struct': 'Derived', 'base': 'Base', 'data': {} }
{ 'struct': 'Deep', 'data': { 'holder': 'Holder' }, 'if': 'CONFIG_A' }
{ 'struct': 'UsesDeep', 'data': { '*d': 'Deep' } }
{ 'struct': 'Unused', 'data': { 'm': 'Member' }, 'if': 'CONFIG_A' }
{ 'command': 'gone', 'data': { 'un': 'Unused' }, 'if': 'CONFIG_A' }
{ 'struct': 'CondMember', 'data': { 'x': { 'type': 'Unused', 'if': 'CONFIG_A' } } }
`
	files := mustTypeCheck(t, schema, Options{Conds: map[string]bool{"CONFIG_A": false}})
	out := string(fileNamed(t, files, "test.go"))
	for _, kept := range []string{"Member", "Elem", "Ret", "Args", "Data", "Tag", "Branch", "Alt1", "Base", "Deep", "Holder"} {
		if !strings.Contains(out, "\ntype "+kept+" ") {
			t.Errorf("type %s used by a kept definition was removed", kept)
		}
	}
	for _, gone := range []string{"Unused", "GoneCommand"} {
		if strings.Contains(out, "\ntype "+gone+" ") {
			t.Errorf("type %s, used only by removed definitions, was kept", gone)
		}
	}
}
