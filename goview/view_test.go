// SPDX-License-Identifier: Apache-2.0

package goview_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/gen/names"
	"github.com/qapi-gen/qapi-gen/goview"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/source"
)

func build(t *testing.T, schema string, opts goview.Options) *goview.View {
	t.Helper()
	v, err := buildErr(t, schema, opts)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func buildErr(t *testing.T, schema string, opts goview.Options) (*goview.View, error) {
	t.Helper()
	s, err := frontend.LoadBytes("test.json", []byte(schema), frontend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return goview.Build(s, opts)
}

// def is the declaration named name (Go), failing when there is none.
func def(t *testing.T, v *goview.View, name string) *goview.Def {
	t.Helper()
	for _, d := range v.Defs {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("no declaration %s", name)
	return nil
}

// fields lists d's fields as "Name Type json-name omit".
func fields(d *goview.Def) []string {
	var out []string
	for _, f := range d.Fields {
		out = append(out, f.Name+" "+f.Type.String()+" "+f.JSON+f.Omit)
	}
	return out
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s:\ngot  %q\nwant %q", what, got, want)
	}
}

const namesSchema = `
{ 'enum': 'Color', 'data': [ 'red', 'dark-blue' ] }
{ 'struct': 'Node', 'data': { 'node-name': 'str', '*next': 'Node', 'list': [ 'int' ],
  '*raw': [ 'uint8' ], '*blob': 'any', '*gone': 'null', '*choice': 'Alt',
  'self': 'Loop', 'marshal-json': 'int' } }
{ 'struct': 'Loop', 'data': { 'back': 'Node' } }
{ 'alternate': 'Alt', 'data': { 'n': 'Node', 'i': 'int', 'z': 'null', 'l': [ 'str' ] } }
{ 'union': 'Uni', 'base': { 'color': 'Color', 'red': 'int' }, 'discriminator': 'color',
  'data': { 'red': 'Node' } }
{ 'command': 'read-byte', 'data': { 'count': 'int' }, 'returns': [ 'Node' ] }
{ 'command': 'getfd', 'data': { 'fdname': 'str' } }
{ 'command': 'device-add', 'data': { 'driver': 'str' }, 'gen': false }
{ 'command': 'boxed', 'data': 'Uni', 'boxed': true }
{ 'event': 'NODE_GONE', 'data': { 'node': 'str' } }
`

// TestNames checks the Go names and types of every kind of definition.
func TestNames(t *testing.T) {
	v := build(t, namesSchema, goview.Options{CommandMethods: []string{"CommandSpec"}, EventMethods: []string{"EventName"}})
	var decls []string
	for _, d := range v.Defs {
		decls = append(decls, d.Kind.String()+" "+d.Name)
	}
	same(t, "declarations", decls, []string{"enum QType", "enum Color", "struct Node", "struct Loop", "alternate Alt",
		"union Uni", "command ReadByteCommand", "command GetfdCommand", "command DeviceAddCommand",
		"command BoxedCommand", "event NodeGoneEvent"})

	color := def(t, v, "Color")
	var consts []string
	for _, val := range color.Values {
		consts = append(consts, val.Const+"="+val.Wire)
	}
	same(t, "Color values", consts, []string{"ColorRed=red", "ColorDarkBlue=dark-blue"})
	if color.ValuesName != "ColorValues" {
		t.Errorf("Color's list is %q", color.ValuesName)
	}

	// A required member whose struct would contain itself is a pointer;
	// a member named like a method Go fixes takes '_'.
	same(t, "Node fields", fields(def(t, v, "Node")), []string{
		"NodeName string node-name", "Next *Node next,omitempty", "List []int64 list",
		"Raw *Uint8List raw,omitempty", "Blob Any blob,omitempty", "Gone OptionalNull gone,omitzero",
		"Choice Alt choice,omitzero", "Self *Loop self", "MarshalJSON_ int64 marshal-json"})
	same(t, "Node methods", def(t, v, "Node").Methods, []string{"MarshalJSON"}) // the required list
	if f := def(t, v, "Node").Fields[7]; !f.Recursive || f.Optional {
		t.Errorf("Node.Self: recursive %v, optional %v", f.Recursive, f.Optional)
	}
	same(t, "Loop fields", fields(def(t, v, "Loop")), []string{"Back *Node back"})

	var alts []string
	for _, b := range def(t, v, "Alt").Branches {
		alts = append(alts, b.Name+" "+b.Type.String())
	}
	same(t, "Alt alternatives", alts, []string{"N *Node", "I *int64", "Z bool", "L []string"})

	// A branch yields to a member of its name.
	uni := def(t, v, "Uni")
	var branches []string
	for _, b := range uni.Branches {
		branches = append(branches, b.Name+" "+b.Type.String()+" "+b.Tag)
	}
	same(t, "Uni branches", branches, []string{"Red_ *Node ColorRed"})
	same(t, "Uni bare", uni.Bare, []string{"dark-blue"})
	if uni.Tag == nil || uni.Tag.Name != "Color" {
		t.Errorf("Uni's tag is %+v", uni.Tag)
	}

	// go vet checks ReadByte by name: the method takes '_'.
	rb := def(t, v, "ReadByteCommand")
	if rb.Method != "ReadByte_" || rb.Result == nil || rb.Result.String() != "[]Node" || rb.TakesFile || rb.Extra != "" {
		t.Errorf("read-byte: method %q, result %v, file %v, extra %q", rb.Method, rb.Result, rb.TakesFile, rb.Extra)
	}
	same(t, "read-byte fields", fields(rb), []string{"Count int64 count"})
	if !def(t, v, "GetfdCommand").TakesFile {
		t.Error("getfd takes no file")
	}
	if da := def(t, v, "DeviceAddCommand"); da.Extra != "Extra" {
		t.Errorf("device_add's extra field is %q", da.Extra)
	}
	boxed := def(t, v, "BoxedCommand")
	if boxed.Arg == nil || *boxed.Arg != (goview.Arg{Field: "Uni", Type: "Uni", Embedded: true}) || boxed.Fields != nil {
		t.Errorf("boxed: arg %+v, fields %v", boxed.Arg, fields(boxed))
	}
	same(t, "boxed methods", boxed.Methods, []string{"CommandSpec"})

	// The inline arguments are the command's type.
	s := rb.Def.(*model.Command)
	if v.Lookup(s.Arg) != rb || v.Declares(s.Arg) || !v.Declares(s) {
		t.Error("read-byte's arguments are not its type's")
	}
}

// TestTypeExpr checks the structure of type expressions, not only their
// text: gen renders a pointer as an operator and its element.
func TestTypeExpr(t *testing.T) {
	v := build(t, namesSchema, goview.Options{})
	next := def(t, v, "Node").Fields[1].Type
	if next.Kind != goview.Pointer || next.Elem.Kind != goview.Named || next.Elem.Name != "Node" {
		t.Errorf("*Node is %+v", next)
	}
	list := def(t, v, "Node").Fields[2].Type
	if list.Kind != goview.Slice || list.Elem.Kind != goview.Builtin || list.Elem.Name != "int64" {
		t.Errorf("[]int64 is %+v", list)
	}
	uni := def(t, v, "Uni").Branches[0].Type
	if uni.Kind != goview.Pointer || uni.Elem.String() != "Node" {
		t.Errorf("branch type is %+v", uni)
	}
}

// TestOwnNamesYield: the package's own identifiers, the lists of enum
// values and the methods of all command types yield to schema names.
func TestOwnNamesYield(t *testing.T) {
	schema := `
{ 'enum': 'Color', 'data': [ 'red' ] }
{ 'struct': 'ColorValues', 'data': { 'a': 'int' } }
{ 'struct': 'Client', 'data': { '*blob': 'any' } }
{ 'command': 'cmd', 'data': { 'command-name': 'str' } }
`
	v := build(t, schema, goview.Options{Own: []string{"Client", "Any", "Other"}, CommandMethods: []string{"CommandName", "NewResult"}})
	for _, c := range [][2]string{{v.Own("Client"), "Client_"}, {v.Own("Any"), "Any"}, {v.Own("Other"), "Other"},
		{def(t, v, "Color").ValuesName, "ColorValues_"},
		{v.Method("CommandName"), "CommandName_"}, {v.Method("NewResult"), "NewResult"}} {
		if c[0] != c[1] {
			t.Errorf("got %s, want %s", c[0], c[1])
		}
	}
	same(t, "cmd methods", def(t, v, "CmdCommand").Methods, []string{"CommandName_", "NewResult"})
}

// TestClashes checks that a Go-level clash is an error at the later
// name's line, and that package-level names are claimed before the
// names within types (of two clashes, that is the one reported).
func TestClashes(t *testing.T) {
	const pragma = "{ 'pragma': { 'member-name-exceptions': [ 'Struct1', 'Alt1' ] } }\n"
	renames := func(text string) *names.Renames {
		rs, err := names.ParseRenames("r.txt", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	for _, c := range []struct {
		schema string
		rs     *names.Renames
		want   string
	}{
		{"{ 'struct': 'VncInfo', 'data': {} }\n{ 'struct': 'VNCInfo', 'data': {} }\n", nil,
			"test.json:2: struct 'VNCInfo' maps to Go identifier VNCInfo, which struct 'VncInfo' already uses in the package"},
		{"{ 'enum': 'Color', 'data': [ 'red' ] }\n{ 'struct': 'ColorRed', 'data': {} }\n", nil,
			"test.json:2: struct 'ColorRed' maps to Go identifier ColorRed, which value 'red' of enum 'Color' already uses in the package"},
		{pragma + "{ 'struct': 'Struct1', 'data': { 'foo-bar': 'int',\n 'fooBar': 'str' } }\n", nil,
			"test.json:2: member 'fooBar' maps to Go identifier FooBar, which member 'foo-bar' already uses in struct Struct1"},
		{"{ 'alternate': 'Alt1', 'data': { 'e': 'int',\n 'a': 'bool' } }\n", renames("Alt1.a E\n"),
			"test.json:1: alternative 'a' maps to Go identifier E, which alternative 'e' already uses in alternate Alt1"},
		{"{ 'enum': 'Kind', 'data': [ 'a' ] }\n{ 'struct': 'Sub', 'data': {} }\n" +
			"{ 'union': 'Uni', 'base': { 'e': 'Kind' }, 'discriminator': 'e',\n  'data': { 'a': 'Sub' } }\n", renames("Uni.a E\n"),
			"test.json:3: branch 'a' maps to Go identifier E, which member 'e' already uses in union Uni"},
		{pragma + "{ 'struct': 'Struct1', 'data': { 'foo-bar': 'int',\n 'fooBar': 'str' } }\n" +
			"{ 'struct': 'VncInfo', 'data': {} }\n{ 'struct': 'VNCInfo', 'data': {} }\n", nil,
			"test.json:5: struct 'VNCInfo' maps to Go identifier VNCInfo, which struct 'VncInfo' already uses in the package"},
	} {
		_, err := buildErr(t, c.schema, goview.Options{Renames: c.rs})
		var se *source.Error
		if !errors.As(err, &se) {
			t.Errorf("%s: got %v, want a *source.Error", c.schema, err)
			continue
		}
		if want := c.want + "; " + goview.RenameHint; !strings.HasSuffix(err.Error(), want) {
			t.Errorf("got  %v\nwant %s", err, want)
		}
	}
}

// TestRenames: the user's names replace generated ones, and clash like
// them.
func TestRenames(t *testing.T) {
	schema := "{ 'struct': 'Drv', 'data': { 'node-name': 'str', 'cpu': 'int' } }\n{ 'command': 'do-it', 'data': { 'x': 'Drv' } }\n"
	rs, err := names.ParseRenames("r.txt", []byte("Drv Driver\nDrv.cpu CPUCount\ndo-it Run\n"))
	if err != nil {
		t.Fatal(err)
	}
	v := build(t, schema, goview.Options{Renames: rs})
	same(t, "Driver fields", fields(def(t, v, "Driver")), []string{"NodeName string node-name", "CPUCount int64 cpu"})
	if m := def(t, v, "RunCommand").Method; m != "Run" {
		t.Errorf("do-it's method is %q", m)
	}
	if f := def(t, v, "RunCommand").Fields[0]; f.Type.String() != "Driver" {
		t.Errorf("x is a %s", f.Type)
	}
	rs, err = names.ParseRenames("r.txt", []byte("Drv.cpu NodeName\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = buildErr(t, schema, goview.Options{Renames: rs})
	if err == nil || !strings.Contains(err.Error(), "test.json:1: member 'cpu' maps to Go identifier NodeName, which member 'node-name' already uses in struct Drv") {
		t.Errorf("got %v", err)
	}
}

// TestConditions: what a false condition excludes is not in the view,
// unless a kept definition uses it.
func TestConditions(t *testing.T) {
	schema := `
{ 'enum': 'Ee', 'data': [ 'a', { 'name': 'b', 'if': 'CONFIG_B' } ] }
{ 'struct': 'Gone', 'data': { 'x': 'int' }, 'if': 'CONFIG_B' }
{ 'struct': 'Used', 'data': { 'x': 'int' }, 'if': 'CONFIG_B' }
{ 'struct': 'Holder', 'data': { 'used': 'Used', 'm': { 'type': 'int', 'if': 'CONFIG_B' } } }
{ 'union': 'Uni', 'base': { 'e': 'Ee' }, 'discriminator': 'e', 'data': { 'a': 'Holder', 'b': 'Holder' } }
{ 'alternate': 'Alt', 'data': { 'i': 'int', 's': { 'type': 'Holder', 'if': 'CONFIG_B' } } }
{ 'command': 'c', 'if': 'CONFIG_B' }
{ 'command': 'old', 'features': [ { 'name': 'deprecated', 'if': 'CONFIG_B' }, 'unstable' ] }
`
	all := build(t, schema, goview.Options{})
	v := build(t, schema, goview.Options{Conds: model.Config{"CONFIG_B": false}})
	if len(all.Defs) != 9 || len(all.Commands) != 2 { // QType too
		t.Fatalf("without -cond: %d declarations, %d commands", len(all.Defs), len(all.Commands))
	}
	var decls []string
	for _, d := range v.Defs {
		decls = append(decls, d.Name)
	}
	same(t, "declarations", decls, []string{"QType", "Ee", "Used", "Holder", "Uni", "Alt", "OldCommand"})
	if len(v.Commands) != 1 {
		t.Errorf("commands %v", v.Commands)
	}
	if old := def(t, all, "OldCommand"); !old.Deprecated || !old.Unstable {
		t.Errorf("without -cond: deprecated %v, unstable %v", old.Deprecated, old.Unstable)
	}
	if old := def(t, v, "OldCommand"); old.Deprecated || !old.Unstable {
		t.Errorf("with CONFIG_B false: deprecated %v, unstable %v", old.Deprecated, old.Unstable)
	}
	same(t, "Holder fields", fields(def(t, v, "Holder")), []string{"Used Used used"})
	if vals := def(t, v, "Ee").Values; len(vals) != 1 || vals[0].Const != "EeA" {
		t.Errorf("E values %+v", vals)
	}
	if bs := def(t, v, "Uni").Branches; len(bs) != 1 || bs[0].Name != "A" {
		t.Errorf("U branches %+v", bs)
	}
	if bs := def(t, v, "Alt").Branches; len(bs) != 1 || bs[0].Name != "I" {
		t.Errorf("A alternatives %+v", bs)
	}
	if !v.Allows(nil) || v.Allows(&model.Cond{Kind: model.CondName, Name: "CONFIG_B"}) {
		t.Error("Allows does not follow the -cond values")
	}
}

// TestNoCompare checks which struct types get the field that keeps ==
// off them: those == would compare otherwise, with fields, except
// events'.
func TestNoCompare(t *testing.T) {
	v := build(t, `
{ 'enum': 'Color', 'data': [ 'red', 'blue' ] }
{ 'struct': 'Plain', 'data': { 'name': 'str', '*color': 'Color', '*next': 'Plain' } }
{ 'struct': 'HoldsPlain', 'data': { 'p': 'Plain' } }
{ 'struct': 'HoldsArray', 'data': { 'l': ['str'] } }
{ 'struct': 'HoldsAny', 'data': { 'a': 'any' } }
{ 'struct': 'HoldsNull', 'data': { '*n': 'null', 'b': 'bool' } }
{ 'struct': 'HoldsBytes', 'data': { 'b': ['uint8'] } }
{ 'alternate': 'Alt', 'data': { 's': 'str', 'p': 'Plain' } }
{ 'alternate': 'AltArray', 'data': { 'p': 'Plain', 'l': ['str'] } }
{ 'struct': 'HoldsAlt', 'data': { 'a': 'Alt' } }
{ 'union': 'Uni', 'base': { 'kind': 'Color' }, 'discriminator': 'kind',
  'data': { 'red': 'Plain' } }
{ 'command': 'inline-args', 'data': { 'x': 'int' } }
{ 'command': 'no-args' }
{ 'command': 'boxed-args', 'data': 'Plain' }
{ 'command': 'union-args', 'data': 'Uni', 'boxed': true }
{ 'event': 'SOME_EVENT', 'data': { 'x': 'int' } }
`, goview.Options{})
	want := map[string]bool{
		"Plain": true, "HoldsPlain": false, "HoldsArray": false, "HoldsAny": false,
		"HoldsNull": true, "HoldsBytes": false, "Alt": true, "AltArray": false,
		"HoldsAlt": false, "Uni": false, "Color": false,
		"InlineArgsCommand": true, "NoArgsCommand": false, "BoxedArgsCommand": false,
		"UnionArgsCommand": false, "SomeEventEvent": false,
	}
	for name, w := range want {
		if got := def(t, v, name).NoCompare; got != w {
			t.Errorf("%s: NoCompare %v, want %v", name, got, w)
		}
	}
}
