// SPDX-License-Identifier: Apache-2.0

package frontend

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/model"
)

// loadMem loads a schema from in-memory files; the main file is "dir/main.json".
func loadMem(t *testing.T, files map[string]string, opts Options) (*model.Schema, error) {
	t.Helper()
	opts.ReadFile = func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return Load("dir/main.json", opts)
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
	}, Options{})
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
	un := s.Lookup("Un").(*model.Object)
	base := un.Base
	if base == nil || base.Name != "q_obj_Un-base" || base.Implicit.Role != model.ImplicitBase || base.Implicit.Owner != model.Definition(un) {
		t.Fatalf("inline base: %+v", base)
	}
	if len(un.Branches.Variants) != 2 || un.Branches.Variants[1].Type.Common().Name != "q_empty" {
		t.Errorf("branches: %+v", un.Branches.Variants)
	}
	list := s.Lookup("SubList").(*model.Array)
	if list.Element != s.Lookup("Sub") || list.Module.Name != "sub/types.json" || list.Implicit.Role != model.ImplicitArray {
		t.Errorf("array: %+v", list)
	}
	cmd := s.Lookup("do-it").(*model.Command)
	if cmd.Arg.Name != "q_obj_do-it-arg" || cmd.Arg.Implicit.Owner != model.Definition(cmd) || cmd.Ret != s.Lookup("Sub") {
		t.Errorf("command: %+v", cmd)
	}
	// The array is defined where first used: before the argument type.
	var order []string
	for _, e := range s.Modules[1].Entities {
		if d, ok := e.(model.Definition); ok {
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
	}, Options{Legacy: true})
	if err != nil {
		t.Fatal(err)
	}
	u := s.Lookup("Uuu").(*model.Object)
	if u.Branches.Tag.Name != "type" || u.Branches.Tag.Type.Common().Name != "UuuKind" {
		t.Fatalf("tag: %+v", u.Branches.Tag)
	}
	w := u.Branches.Variants[0].Type.(*model.Object)
	if w.Name != "q_obj_Sss-wrapper" || w.Implicit.Role != model.ImplicitWrapper || w.If.String() != "['defined(X)']" {
		t.Errorf("wrapper: %+v", w)
	}
	if k := s.Lookup("UuuKind").(*model.Enum); k.Implicit.Role != model.ImplicitKind || k.Implicit.Owner != model.Definition(u) {
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
		_, err := loadMem(t, map[string]string{"dir/main.json": tc.schema}, Options{})
		if err == nil || err.Error() != tc.want {
			t.Errorf("schema %s:\ngot  %v\nwant %s", tc.schema, err, tc.want)
		}
	}
}
