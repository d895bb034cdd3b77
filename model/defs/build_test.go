// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"github.com/qapi-gen/qapi-gen/model/cond"
	"reflect"
	"testing"
)

func TestBuildsDefs(t *testing.T) {
	schema := `{ 'include': 'sub.json' }
{ 'enum': 'Color', 'prefix': 'COL', 'data': [ 'red', { 'name': 'green', 'if': 'HAVE_GREEN', 'features': [ 'unstable' ] } ] }
{ 'struct': 'Point', 'base': 'Base', 'data': { 'x': 'int', '*tags': ['str'], 'y': { 'type': 'int', 'features': [ 'deprecated' ] } },
  'features': [ { 'name': 'fancy', 'if': { 'not': 'WINDOWS' } } ] }
{ 'union': 'Shape', 'base': { 'kind': 'Color' }, 'discriminator': 'kind', 'data': { 'red': 'Point', 'green': { 'type': 'Point', 'if': 'X' } } }
{ 'alternate': 'Value', 'data': { 'n': 'int', 'l': ['str'] } }
{ 'command': 'draw', 'data': 'Point', 'boxed': true, 'returns': ['Point'], 'gen': false, 'success-response': false, 'allow-preconfig': true, 'coroutine': true }
{ 'command': 'ping', 'data': { 'count': 'int' }, 'allow-oob': true }
{ 'event': 'DRAWN', 'data': { 'shape': 'Shape' }, 'if': { 'all': [ 'A', 'B' ] } }`
	defs, err := checkText(t, schema, false, map[string]string{"sub.json": "{ 'struct': 'Base', 'data': {} }"})
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != 9 {
		t.Fatalf("got %d defs, want 9", len(defs))
	}
	if inc := defs[0].(*Include); inc.File != "sub.json" || inc.Header().Meta != "include" {
		t.Errorf("include: %+v", inc)
	}
	if h := defs[1].Header(); h.Meta != "struct" || h.Name != "Base" || h.Info.File != "sub.json" {
		t.Errorf("included struct: %+v", h)
	}

	color := defs[2].(*Enum)
	if color.Name != "Color" || !color.HasPrefix || color.Prefix != "COL" || len(color.Members) != 2 ||
		color.Members[1].If.String() != "HAVE_GREEN" || color.Members[1].Features[0].Name != "unstable" {
		t.Errorf("enum: %+v", color)
	}

	point := defs[3].(*Struct)
	wantMembers := []*Member{
		{Name: "x", Type: TypeRef{Name: "int"}},
		{Name: "tags", Optional: true, Type: TypeRef{Name: "str", Array: true}},
		{Name: "y", Type: TypeRef{Name: "int"}, Features: []*Feature{{Name: "deprecated"}}},
	}
	if point.Base != "Base" || !reflect.DeepEqual(point.Members, wantMembers) {
		t.Errorf("struct members: %+v", point.Members)
	}
	if f := point.Features; len(f) != 1 || f[0].Name != "fancy" || f[0].If == nil {
		t.Errorf("struct features: %+v", f)
	}

	shape := defs[4].(*Union)
	if !shape.HasInlineBase || shape.BaseName != "" || shape.BaseMembers[0].Type.Name != "Color" ||
		shape.Discriminator != "kind" || len(shape.Branches) != 2 || shape.Branches[1].If.String() != "X" {
		t.Errorf("union: %+v", shape)
	}

	value := defs[5].(*Alternate)
	if len(value.Alternatives) != 2 || value.Alternatives[1].Type != (TypeRef{Name: "str", Array: true}) {
		t.Errorf("alternate: %+v", value)
	}

	draw := defs[6].(*Command)
	wantDraw := Command{ArgType: "Point", Returns: &TypeRef{Name: "Point", Array: true}, Boxed: true,
		AllowPreconfig: true, Coroutine: true}
	draw.header = Header{}
	if !reflect.DeepEqual(*draw, wantDraw) {
		t.Errorf("boxed command:\n%+v\nwant\n%+v", *draw, wantDraw)
	}
	ping := defs[7].(*Command)
	if !ping.HasArgs || len(ping.Args) != 1 || !ping.Gen || !ping.SuccessResponse || !ping.AllowOOB || ping.Returns != nil {
		t.Errorf("command: %+v", ping)
	}

	drawn := defs[8].(*Event)
	if !drawn.HasArgs || drawn.Boxed || drawn.Meta != "event" || drawn.If == nil || drawn.If.Kind != cond.All {
		t.Errorf("event: %+v", drawn)
	}
}
