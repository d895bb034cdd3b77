// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"
	"testing"
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
	// A member named extra keeps its name; the generated field yields.
	out, err = genString(t, "{ 'command': 'free', 'data': { 'extra': 'int' }, 'gen': false }", Options{})
	if err != nil || !strings.Contains(out, "Extra_ map[string]any") || !strings.Contains(out, "Extra int64") {
		t.Errorf("member 'extra' of a 'gen': false command: %v\n%s", err, out)
	}
}
