// SPDX-License-Identifier: Apache-2.0

package model

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/parser"
)

// loadMem loads a schema from in-memory files; the main file is "dir/main.json".
func loadMem(t *testing.T, files map[string]string, opts LoadOptions) (*Schema, error) {
	t.Helper()
	opts.ReadFile = func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return Load("dir/main.json", opts)
}

func TestCondString(t *testing.T) {
	obj := func(k string, v parser.Value) *parser.Object {
		return &parser.Object{Keys: []string{k}, Values: []parser.Value{v}}
	}
	for _, tc := range []struct {
		v      parser.Value
		legacy bool
		want   string
	}{
		{"CONFIG_X", false, "CONFIG_X"},
		{obj("all", []parser.Value{"A", "B"}), false, "{'all': ['A', 'B']}"},
		{obj("not", obj("any", []parser.Value{obj("not", "A"), "B"})), false, "{'not': {'any': [{'not': 'A'}, 'B']}}"},
		{"defined(X)", true, "['defined(X)']"},
		{[]parser.Value{"defined(A)", "B"}, true, "['defined(A)', 'B']"},
		{[]parser.Value{"it's"}, true, `["it's"]`},
	} {
		if got := newCond(tc.v, tc.legacy).String(); got != tc.want {
			t.Errorf("cond %v: got %s, want %s", tc.v, got, tc.want)
		}
	}
	if newCond(nil, false) != nil || newCond([]parser.Value{}, true) != nil {
		t.Error("absent condition is not nil")
	}
}

func TestCName(t *testing.T) {
	for in, want := range map[string]string{
		"a-b": "a_b", "x.y": "x_y", "int": "q_int", "unix": "q_unix", "1x": "q_1x", "ok": "ok", "é": "_",
	} {
		if got := cName(in); got != want {
			t.Errorf("cName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestImplicitTypesAndModules(t *testing.T) {
	s, err := loadMem(t, map[string]string{
		"dir/main.json": `
{ 'include': 'sub/types.json' }
{ 'union': 'Un', 'base': { 'kind': 'Kind' }, 'discriminator': 'kind',
  'data': { 'a': 'Sub' } }
{ 'command': 'do-it', 'data': { 'list': ['Sub'] }, 'returns': 'Sub' }
`,
		"dir/sub/types.json": `
{ 'enum': 'Kind', 'data': [ 'a', 'b' ] }
{ 'struct': 'Sub', 'data': { 'x': 'int' } }
`,
	}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range s.Modules {
		names = append(names, m.Name)
	}
	if got := strings.Join(names, " "); got != "./builtin main.json sub/types.json" {
		t.Errorf("modules: %s", got)
	}
	un := s.Lookup("Un").(*Object)
	base := un.Base
	if base == nil || base.Name != "q_obj_Un-base" || base.Implicit.Role != ImplicitBase || base.Implicit.Owner != Definition(un) {
		t.Fatalf("inline base: %+v", base)
	}
	if len(un.Branches.Variants) != 2 || un.Branches.Variants[1].Type.Common().Name != "q_empty" {
		t.Errorf("branches: %+v", un.Branches.Variants)
	}
	list := s.Lookup("SubList").(*Array)
	if list.Element != s.Lookup("Sub") || list.Module.Name != "sub/types.json" || list.Implicit.Role != ImplicitArray {
		t.Errorf("array: %+v", list)
	}
	cmd := s.Lookup("do-it").(*Command)
	if cmd.Arg.Name != "q_obj_do-it-arg" || cmd.Arg.Implicit.Owner != Definition(cmd) || cmd.Ret != s.Lookup("Sub") {
		t.Errorf("command: %+v", cmd)
	}
	// The array is defined where first used: before the argument type.
	var order []string
	for _, e := range s.Modules[1].Entities {
		if d, ok := e.(Definition); ok {
			order = append(order, d.Common().Name)
		}
	}
	if got := strings.Join(order, " "); got != "q_obj_Un-base Un q_obj_do-it-arg do-it" {
		t.Errorf("main module order: %s", got)
	}
}

func TestLegacySimpleUnion(t *testing.T) {
	s, err := loadMem(t, map[string]string{
		"dir/main.json": `
{ 'struct': 'Sss', 'data': { 'a': 'int' }, 'if': 'defined(X)' }
{ 'union': 'Uuu', 'data': { 'one': 'Sss', 'two': ['int'] } }
`,
	}, LoadOptions{Legacy: true})
	if err != nil {
		t.Fatal(err)
	}
	u := s.Lookup("Uuu").(*Object)
	if u.Branches.Tag.Name != "type" || u.Branches.Tag.Type.Common().Name != "UuuKind" {
		t.Fatalf("tag: %+v", u.Branches.Tag)
	}
	w := u.Branches.Variants[0].Type.(*Object)
	if w.Name != "q_obj_Sss-wrapper" || w.Implicit.Role != ImplicitWrapper || w.If.String() != "['defined(X)']" {
		t.Errorf("wrapper: %+v", w)
	}
	if k := s.Lookup("UuuKind").(*Enum); k.Implicit.Role != ImplicitKind || k.Implicit.Owner != Definition(u) {
		t.Errorf("kind enum: %+v", k)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ schema, want string }{
		{`{ 'struct': 'Aaa', 'base': 'Aaa', 'data': {} }`,
			"dir/main.json: In struct 'Aaa':\ndir/main.json:1: object Aaa contains itself"},
		{`{ 'command': 'cmd', 'data': { 'a': 'Nope' } }`,
			"dir/main.json: In command 'cmd':\ndir/main.json:1: parameter 'a' uses unknown type 'Nope'"},
		{"{ 'enum': 'Enu', 'data': [ 'a' ] }\n{ 'struct': 'Enu', 'data': {} }",
			"dir/main.json: In struct 'Enu':\ndir/main.json:2: 'Enu' is already defined\n" +
				"dir/main.json: In enum 'Enu':\ndir/main.json:1: previous definition"},
	} {
		_, err := loadMem(t, map[string]string{"dir/main.json": tc.schema}, LoadOptions{})
		if err == nil || err.Error() != tc.want {
			t.Errorf("schema %s:\ngot  %v\nwant %s", tc.schema, err, tc.want)
		}
	}
}

func TestPyRepr(t *testing.T) {
	// Python: repr('a\x01\x85\u00a0\u2028b') == "'a\\x01\\x85\\xa0\\u2028b'"
	if got, want := pyRepr("a\x01\u0085\u00a0\u2028b"), `'a\x01\x85\xa0\u2028b'`; got != want {
		t.Errorf("pyRepr: got %s, want %s", got, want)
	}
}
