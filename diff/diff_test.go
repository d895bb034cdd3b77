// SPDX-License-Identifier: Apache-2.0

package diff

import (
	"fmt"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/introspect"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/wire"
)

func load(t testing.TB, schema string) (*model.Schema, *wire.Schema) {
	t.Helper()
	m, err := frontend.LoadBytes("t.json", []byte(schema), frontend.Options{Auto: true})
	if err != nil {
		t.Fatalf("schema:\n%s\n%v", schema, err)
	}
	w, err := introspect.Build(m, introspect.Options{Unmask: true})
	if err != nil {
		t.Fatal(err)
	}
	return m, w
}

func wireDiff(t *testing.T, old, new string) []Change {
	t.Helper()
	_, ow := load(t, old)
	_, nw := load(t, new)
	return Wire(ow, nw).Changes
}

// entry renders a change without its message, for comparisons.
func entry(c Change) string {
	return fmt.Sprintf("%s %s %s %s", c.Path, c.Direction, c.Severity, c.Change)
}

func entries(cs []Change) string {
	var out []string
	for _, c := range cs {
		out = append(out, entry(c))
	}
	return strings.Join(out, "\n")
}

// TestWireRules checks each rule on a small pair of schemas: the whole
// list of changes, path, direction, severity and kind.
func TestWireRules(t *testing.T) {
	const point = "{ 'struct': 'Point', 'data': { 'x': 'int', '*y': 'int' } }\n"
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"command added and removed",
			"{ 'command': 'a' }", "{ 'command': 'b' }",
			[]string{"a input breaking command-removed", "b input compatible command-added"}},
		{"event added and removed",
			"{ 'event': 'GONE' }", "{ 'event': 'NEW' }",
			[]string{"GONE output compatible event-removed", "NEW output compatible event-added"}},
		{"input members",
			"{ 'command': 'c', 'data': { 'keep': 'int', 'gone': 'int', 'opt': 'int', '*req': 'int' } }",
			"{ 'command': 'c', 'data': { 'keep': 'int', '*opt': 'int', 'req': 'int', 'new': 'int', '*new-opt': 'int' } }",
			[]string{
				"c/arg-type/gone input breaking member-removed",
				"c/arg-type/new input breaking member-added-required",
				"c/arg-type/new-opt input compatible member-added-optional",
				"c/arg-type/opt input compatible member-became-optional",
				"c/arg-type/req input breaking member-became-required",
			}},
		{"output members",
			"{ 'struct': 'Ret', 'data': { 'gone': 'int', '*gone-opt': 'int', 'opt': 'int', '*req': 'int' } }\n{ 'command': 'c', 'returns': 'Ret' }",
			"{ 'struct': 'Ret', 'data': { '*opt': 'int', 'req': 'int', 'new': 'int' } }\n{ 'command': 'c', 'returns': 'Ret' }",
			[]string{
				"c/ret-type/gone output breaking member-removed",
				"c/ret-type/gone-opt output compatible member-removed",
				"c/ret-type/new output compatible member-added-required",
				"c/ret-type/opt output breaking member-became-optional",
				"c/ret-type/req output compatible member-became-required",
			}},
		{"enum values both ways",
			"{ 'enum': 'Color', 'data': [ 'a', 'b' ] }\n{ 'command': 'c', 'data': { 'e': 'Color' } }\n{ 'event': 'EV', 'data': { 'e': 'Color' } }",
			"{ 'enum': 'Color', 'data': [ 'a', 'c' ] }\n{ 'command': 'c', 'data': { 'e': 'Color' } }\n{ 'event': 'EV', 'data': { 'e': 'Color' } }",
			[]string{
				"EV/arg-type/e/^b output compatible enum-value-removed",
				"EV/arg-type/e/^c output compatible enum-value-added",
				"c/arg-type/e/^b input breaking enum-value-removed",
				"c/arg-type/e/^c input compatible enum-value-added",
			}},
		{"union branches both ways",
			"{ 'enum': 'Sel', 'data': [ 'p', 'q' ] }\n" + point +
				"{ 'union': 'Choice', 'base': { 'kind': 'Sel' }, 'discriminator': 'kind', 'data': { 'p': 'Point', 'q': 'Point' } }\n" +
				"{ 'command': 'c', 'data': 'Choice', 'boxed': true, 'returns': 'Choice' }",
			"{ 'enum': 'Sel', 'data': [ 'p', 'r' ] }\n" + point +
				"{ 'union': 'Choice', 'base': { 'kind': 'Sel' }, 'discriminator': 'kind', 'data': { 'p': 'Point', 'r': 'Point' } }\n" +
				"{ 'command': 'c', 'data': 'Choice', 'boxed': true, 'returns': 'Choice' }",
			[]string{
				"c/arg-type/+q input breaking branch-removed",
				"c/arg-type/+r input compatible branch-added",
				"c/ret-type/+q output compatible branch-removed",
				"c/ret-type/+r output compatible branch-added",
			}},
		{"type became an alternate of itself",
			"{ 'command': 'c', 'data': { 'v': 'int' }, 'returns': 'Ret' }\n{ 'struct': 'Ret', 'data': { 'v': 'int' } }",
			point + "{ 'alternate': 'Alt', 'data': { 'n': 'int', 'p': 'Point' } }\n{ 'command': 'c', 'data': { 'v': 'Alt' }, 'returns': 'Ret' }\n{ 'struct': 'Ret', 'data': { 'v': 'Alt' } }",
			[]string{
				"c/arg-type/v input compatible type-became-alternate",
				"c/ret-type/v output breaking type-became-alternate",
			}},
		{"alternate branches",
			point + "{ 'alternate': 'Alt', 'data': { 'n': 'int', 'p': 'Point' } }\n{ 'command': 'c', 'data': { 'v': 'Alt' } }",
			point + "{ 'alternate': 'Alt', 'data': { 'n': 'number', 'l': [ 'int' ] } }\n{ 'command': 'c', 'data': { 'v': 'Alt' } }",
			[]string{
				"c/arg-type/v input breaking alternate-branch-removed",
				"c/arg-type/v input compatible alternate-branch-added",
				"c/arg-type/v input compatible type-widened",
			}},
		{"built-in types",
			"{ 'command': 'c', 'data': { 'a': 'int', 'b': 'str', 'd': 'number' }, 'returns': 'Ret' }\n{ 'struct': 'Ret', 'data': { 'a': 'number', 'b': 'str' } }",
			"{ 'enum': 'Color', 'data': [ 'x' ] }\n{ 'command': 'c', 'data': { 'a': 'number', 'b': 'int', 'd': 'int' }, 'returns': 'Ret' }\n{ 'struct': 'Ret', 'data': { 'a': 'int', 'b': 'Color' } }",
			[]string{
				"c/arg-type/a input compatible type-widened",
				"c/arg-type/b input breaking type-changed",
				"c/arg-type/d input breaking type-changed",
				"c/ret-type/a output compatible type-narrowed",
				"c/ret-type/b output compatible type-narrowed",
			}},
		{"features",
			"{ 'enum': 'Color', 'data': [ 'a' ] }\n{ 'struct': 'Thing', 'data': { 'm': 'int' } }\n" +
				"{ 'command': 'c', 'data': { 'e': 'Color', 's': 'Thing' }, 'features': [ 'unstable' ] }",
			"{ 'enum': 'Color', 'data': [ { 'name': 'a', 'features': [ 'deprecated' ] } ] }\n{ 'struct': 'Thing', 'data': { 'm': { 'type': 'int', 'features': [ 'deprecated' ] } }, 'features': [ 'f' ] }\n" +
				"{ 'command': 'c', 'data': { 'e': 'Color', 's': 'Thing' }, 'features': [ 'deprecated' ] }",
			[]string{
				"c/$deprecated input compatible feature-added",
				"c/$unstable input compatible feature-removed",
				"c/arg-type/s/$f input compatible feature-added",
				"c/arg-type/s/m input compatible feature-added",
				"c/arg-type/e/^a/$deprecated input compatible feature-added",
			}},
		{"out-of-band",
			"{ 'command': 'a', 'allow-oob': true }\n{ 'command': 'b' }",
			"{ 'command': 'a' }\n{ 'command': 'b', 'allow-oob': true }",
			[]string{"a input breaking oob-removed", "b input compatible oob-added"}},
		{"renames and refactorings are invisible",
			"{ 'struct': 'Old', 'data': { 'a': 'int', 'b': 'str' } }\n{ 'command': 'c', 'data': { 'o': 'Old' }, 'returns': 'Old' }",
			"{ 'struct': 'Base', 'data': { 'a': 'int' } }\n{ 'struct': 'New', 'base': 'Base', 'data': { 'b': 'str' } }\n{ 'command': 'c', 'data': { 'o': 'New' }, 'returns': 'New' }",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := entries(wireDiff(t, tt.old, tt.new))
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("changes:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestWirePaths checks that a change is listed once per command or event
// that reaches it, under its shortest path, and that recursive types end.
func TestWirePaths(t *testing.T) {
	old := "{ 'struct': 'Leaf', 'data': { 'v': 'int' } }\n" +
		"{ 'struct': 'Mid', 'data': { 'leaf': 'Leaf' } }\n" +
		"{ 'struct': 'Tree', 'data': { '*kids': [ 'Tree' ], 'leaf': 'Leaf' } }\n" +
		"{ 'command': 'deep', 'data': { 'mid': 'Mid', 'leaf': 'Leaf' } }\n" +
		"{ 'command': 'tree', 'data': { 't': 'Tree' } }\n" +
		"{ 'event': 'EV', 'data': { 'mid': 'Mid' } }\n"
	new := strings.Replace(old, "'data': { 'v': 'int' }", "'data': { 'v': 'int', 'w': 'int' }", 1)
	got := entries(wireDiff(t, old, new))
	want := strings.Join([]string{
		"EV/arg-type/mid/leaf/w output compatible member-added-required",
		"deep/arg-type/leaf/w input breaking member-added-required",
		"tree/arg-type/t/leaf/w input breaking member-added-required",
	}, "\n")
	if got != want {
		t.Errorf("changes:\n%s\nwant:\n%s", got, want)
	}
}

// TestWirePathsProbe checks that paths are probe paths: the path of an
// addition holds in the new schema only, that of a removal in the old.
func TestWirePathsProbe(t *testing.T) {
	old := "{ 'enum': 'Color', 'data': [ 'a', 'b' ] }\n{ 'struct': 'Thing', 'data': { 'e': 'Color', 'gone': 'int' } }\n" +
		"{ 'command': 'c', 'data': { 's': 'Thing' }, 'features': [ 'unstable' ] }\n{ 'command': 'x' }"
	new := "{ 'enum': 'Color', 'data': [ 'a', 'n' ] }\n{ 'struct': 'Thing', 'data': { 'e': 'Color', 'new': 'int' } }\n" +
		"{ 'command': 'c', 'data': { 's': 'Thing' }, 'features': [ 'deprecated' ] }\n{ 'command': 'y' }"
	_, ow := load(t, old)
	_, nw := load(t, new)
	cs := Wire(ow, nw).Changes
	if len(cs) != 8 {
		t.Fatalf("got %d changes, want 8:\n%s", len(cs), entries(cs))
	}
	for _, c := range cs {
		inOld, inNew := ow.Has(c.Path), nw.Has(c.Path)
		added := strings.Contains(c.Change, "-added")
		if added && (inOld || !inNew) || !added && (!inOld || inNew) {
			t.Errorf("%s: probe old %v, new %v", entry(c), inOld, inNew)
		}
	}
}

// TestGoAPI checks the Go API changes on a small pair of schemas.
func TestGoAPI(t *testing.T) {
	old := "{ 'enum': 'Color', 'data': [ 'red', 'blue' ] }\n" +
		"{ 'struct': 'OldName', 'data': { 'a': 'int' } }\n" +
		"{ 'struct': 'Thing', 'data': { 'gone': 'int', 'req': 'str', '*opt': 'str', 'n': 'int', 'r': 'OldName' } }\n" +
		"{ 'command': 'query-thing', 'returns': 'Thing' }\n" +
		"{ 'command': 'drop-me' }\n"
	new := "{ 'enum': 'Color', 'data': [ 'red' ] }\n" +
		"{ 'struct': 'NewName', 'data': { 'a': 'int' } }\n" +
		"{ 'struct': 'Thing', 'data': { '*req': 'str', 'opt': 'str', 'n': 'number', 'r': 'NewName' } }\n" +
		"{ 'command': 'query-thing', 'data': { '*verbose': 'bool' }, 'returns': 'Thing' }\n"
	om, ow := load(t, old)
	nm, nw := load(t, new)
	res := Wire(ow, nw)
	if res.Renames["OldName"] != "NewName" {
		t.Errorf("renames %v, want OldName -> NewName", res.Renames)
	}
	api, err := GoAPI(om, nm, res.Renames)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range api {
		got = append(got, c.Change+" "+c.Name)
	}
	want := []string{
		"method-changed Client.QueryThing",
		"constant-removed ColorBlue",
		"type-removed DropMeCommand",
		"type-renamed OldName",
		"field-removed Thing.Gone",
		"field-type-changed Thing.N",
		"field-no-longer-pointer Thing.Opt",
		"field-became-pointer Thing.Req",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Go API changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWireHostile compares replies whose types refer to themselves (an
// array its own element, an alternate among its own alternatives, an
// object member of its own type) or to types they lack: the comparison
// ends, and says what it can.
func TestWireHostile(t *testing.T) {
	old, err := wire.Decode([]byte(`[
		{"name": "c", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
		{"name": "0", "meta-type": "object", "members": [{"name": "a", "type": "2"}, {"name": "m", "type": "9"}, {"name": "r", "type": "1"}]},
		{"name": "1", "meta-type": "array", "element-type": "1"},
		{"name": "2", "meta-type": "alternate", "members": [{"type": "2"}, {"type": "0"}]}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	new, err := wire.Decode([]byte(`[
		{"name": "c", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
		{"name": "0", "meta-type": "object", "members": [{"name": "a", "type": "2"}, {"name": "b", "type": "0"}, {"name": "r", "type": "2"}]},
		{"name": "1", "meta-type": "array", "element-type": "3"},
		{"name": "3", "meta-type": "array", "element-type": "1"},
		{"name": "2", "meta-type": "builtin", "json-type": "int"}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]*wire.Schema{{old, new}, {new, old}, {old, old}} {
		res := Wire(pair[0], pair[1])
		if len(res.Changes) == 0 && pair[0] != pair[1] {
			t.Errorf("no change found between different replies")
		}
	}
	got := entries(Wire(old, new).Changes)
	for _, want := range []string{"c/arg-type/m input breaking member-removed", "c/arg-type/b input breaking member-added-required",
		"c/arg-type/r input breaking type-changed"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}
