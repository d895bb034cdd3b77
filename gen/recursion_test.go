// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"regexp"
	"strings"
	"testing"
)

// TestRecursiveTypes: QEMU accepts structs that contain themselves through
// required members (its C members of struct type are pointers); the Go
// package must build, with pointers where a value would contain itself.
func TestRecursiveTypes(t *testing.T) {
	for _, tc := range []struct {
		name, schema string
		ptr, value   []string // fields that must be pointers / stay values
	}{
		{"direct", "{ 'struct': 'Node', 'data': { 'next': 'Node', 'n': 'int' } }",
			[]string{"Next *Node"}, nil},
		{"through another struct", "{ 'struct': 'Aa', 'data': { 'b': 'Bb' } }\n{ 'struct': 'Bb', 'data': { 'a': 'Aa', 'c': 'Cc' } }\n{ 'struct': 'Cc', 'data': {} }",
			[]string{"B *Bb", "A *Aa"}, []string{"C Cc"}},
		{"through a base", "{ 'struct': 'Dd', 'base': 'Ee', 'data': {} }\n{ 'struct': 'Ee', 'data': { 'd': 'Dd' } }",
			[]string{"D *Dd"}, nil},
		{"through a union base", "{ 'enum': 'Tt', 'data': [ 'x' ] }\n{ 'struct': 'Xx', 'data': {} }\n" +
			"{ 'union': 'Uu', 'base': { 'type': 'Tt', 'self': 'Uu', 'w': 'Ww' }, 'discriminator': 'type', 'data': { 'x': 'Xx' } }\n" +
			"{ 'struct': 'Ww', 'data': { 'uu': 'Uu' } }",
			[]string{"Self *Uu", "W *Ww", "Uu *Uu"}, nil},
		{"through a command's data", "{ 'struct': 'Rr', 'data': { 'r': 'Rr' } }\n{ 'command': 'cmd', 'data': 'Rr', 'returns': 'Rr' }",
			[]string{"R *Rr"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := mustTypeCheck(t, tc.schema, Options{})
			out := string(fileNamed(t, files, "test.go"))
			for _, want := range append(tc.ptr, tc.value...) {
				if !hasField(out, want) {
					t.Errorf("no field %q in\n%s", want, out)
				}
			}
		})
	}
}

// hasField reports whether src declares the field "Name Type" (aligned
// by gofmt, so with any run of spaces between).
func hasField(src, field string) bool {
	name, typ, _ := strings.Cut(field, " ")
	return regexp.MustCompile(`(?m)^\t` + regexp.QuoteMeta(name) + ` +` + regexp.QuoteMeta(typ) + `( |$)`).MatchString(src)
}

func fileNamed(t testing.TB, files []File, name string) []byte {
	t.Helper()
	for _, f := range files {
		if f.Name == name {
			return f.Content
		}
	}
	t.Fatalf("no %s generated", name)
	return nil
}
