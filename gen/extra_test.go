// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/source"
)

// Only 'gen': false commands with arguments get Extra, and a member that
// maps to Extra is a clash there, reported at the command.
func TestExtraField(t *testing.T) {
	out, err := genString(t, "{ 'command': 'free', 'data': { 'a': 'int' }, 'gen': false }\n"+
		"{ 'command': 'fixed', 'data': { 'a': 'int' } }\n"+
		"{ 'command': 'bare', 'gen': false }\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "Extra map[string]any") != 1 || !strings.Contains(out, "func (v FreeCommand) MarshalJSON()") {
		t.Errorf("want Extra and MarshalJSON on FreeCommand only:\n%s", out)
	}
	_, err = genString(t, "{ 'command': 'free', 'data': { 'extra': 'int' }, 'gen': false }", Options{})
	se, ok := err.(*source.Error)
	if !ok || !strings.HasSuffix(se.Error(), "test.json:1: the field for extra members ('gen': false) maps to Go identifier Extra, which member 'extra' already uses in command type FreeCommand") {
		t.Errorf("member 'extra' of a 'gen': false command: %v", err)
	}
}
