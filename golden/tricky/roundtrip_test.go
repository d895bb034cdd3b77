package tricky

// Hand-written wire fixtures for the forms that are easy to get wrong.
// This file is not generated: regenerating the package keeps it.

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// sameJSON compares two JSON texts by value (member order and spacing do
// not matter, numbers compare by their text).
func sameJSON(t *testing.T, want, got []byte) {
	t.Helper()
	norm := func(b []byte) any {
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatalf("invalid JSON %s: %v", b, err)
		}
		return v
	}
	if !reflect.DeepEqual(norm(want), norm(got)) {
		t.Errorf("JSON differs\nwant %s\ngot  %s", want, got)
	}
}

// roundTrip decodes wire strictly into v, encodes it again and requires
// the same JSON back.
func roundTrip[T any](t *testing.T, wire string) T {
	t.Helper()
	var v T
	if err := DecodeStrict([]byte(wire), &v); err != nil {
		t.Fatalf("DecodeStrict: %v", err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	sameJSON(t, []byte(wire), out)
	return v
}

func TestNestedUnions(t *testing.T) {
	wire := `{"shape":"group","name":"g","kind":"pair","label":"L",
	  "left":{"shape":"circle","radius":1.5},
	  "right":{"shape":"group","kind":"many","members":[
	    {"shape":"square","side":2,"tags":["a"]},
	    {"shape":"blank"}]}}`
	f := roundTrip[Figure](t, wire)
	if f.Shape != ShapeGroup || f.Group == nil || f.Circle != nil {
		t.Fatalf("wrong branch: %+v", f)
	}
	if *f.Name != "g" || f.Group.Kind != GroupKindPair || *f.Group.Label != "L" {
		t.Errorf("base members: %+v / %+v", f, f.Group)
	}
	p := f.Group.Pair
	if p == nil || p.Left.Circle == nil || p.Left.Circle.Radius != 1.5 {
		t.Fatalf("left: %+v", p)
	}
	many := p.Right.Group.Many
	if many == nil || len(many.Members) != 2 || many.Members[0].Square.Side != 2 {
		t.Fatalf("right: %+v", p.Right.Group)
	}
	blank := many.Members[1]
	if blank.Shape != ShapeBlank || blank.UnknownBranch() != nil {
		t.Errorf("branchless value: %+v", blank)
	}
}

func TestUnknownDiscriminator(t *testing.T) {
	wire := `{"shape":"hexagon","name":"h","sides":6,"nested":{"big":123456789012345678901234567890}}`
	f := roundTrip[Figure](t, wire)
	if f.Shape.Known() || f.Shape != "hexagon" {
		t.Errorf("shape %q known=%v", f.Shape, f.Shape.Known())
	}
	raw := f.UnknownBranch()
	if string(raw["sides"]) != "6" || !strings.Contains(string(raw["nested"]), "123456789012345678901234567890") {
		t.Errorf("raw members: %s", raw)
	}
	if _, ok := raw["name"]; ok {
		t.Error("base member kept among the raw branch members")
	}
}

const holderWire = `{
  "values":["fast",1.5,true,{"shape":"circle","radius":2},[1,2,3],null,"brand-new-mode"],
  "maybe":null,
  "name":null,
  "names":["x",null],
  "choice":7,
  "figures":[{"shape":"blank"}],
  "blob":{"big":123456789012345678901234567890,"tiny":1e-400,"list":[18446744073709551615]},
  "extra":null,
  "mode":"turbo",
  "count":18446744073709551615,
  "size":0}`

func TestAlternatesAndAny(t *testing.T) {
	h := roundTrip[Holder](t, holderWire)
	v := h.Values
	if len(v) != 7 || *v[0].Mode != ModeFast || *v[1].Num != 1.5 || !*v[2].Flag ||
		v[3].Figure.Circle.Radius != 2 || !reflect.DeepEqual(v[4].List, []int64{1, 2, 3}) ||
		!v[5].None || *v[6].Mode != "brand-new-mode" {
		t.Errorf("values: %+v", v)
	}
	if !h.Maybe.None || h.Maybe.IsZero() {
		t.Errorf("maybe: null must decode as present null, got %+v", h.Maybe)
	}
	if !h.Name.N || h.Names[0].S == nil || *h.Names[0].S != "x" || !h.Names[1].N {
		t.Errorf("StrOrNull: %+v %+v", h.Name, h.Names)
	}
	if h.Choice.Count == nil || *h.Choice.Count != 7 {
		t.Errorf("choice: %+v", h.Choice)
	}
	if want := `{"big":123456789012345678901234567890,"tiny":1e-400,"list":[18446744073709551615]}`; string(h.Blob) != want {
		t.Errorf("any changed:\nwant %s\ngot  %s", want, h.Blob)
	}
	if string(h.Extra) != "null" {
		t.Errorf("optional any present as null: got %q", h.Extra)
	}
	if h.Mode == nil || h.Mode.Known() || *h.Count != 18446744073709551615 {
		t.Errorf("mode/count: %v %v", h.Mode, h.Count)
	}
}

func TestAbsentOptionals(t *testing.T) {
	wire := `{"values":[],"names":[],"choice":"safe","figures":[],"blob":1,"size":5}`
	h := roundTrip[Holder](t, wire)
	if !h.Maybe.IsZero() || !h.Name.IsZero() || h.Extra != nil || h.Mode != nil || h.Count != nil {
		t.Errorf("absent members decoded as present: %+v", h)
	}
	// Required lists left nil still encode as [].
	out, err := json.Marshal(Holder{Choice: ModeOrCount{Mode: ptr(ModeSafe)}, Blob: Any("1"), Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, []byte(wire), out)
}

func TestAlternateErrors(t *testing.T) {
	var m ModeOrCount
	if err := json.Unmarshal([]byte(`true`), &m); err == nil {
		t.Error("a boolean decoded into ModeOrCount")
	}
	if _, err := json.Marshal(ModeOrCount{}); err == nil {
		t.Error("an empty alternate encoded without error")
	}
	if err := json.Unmarshal([]byte(` "safe"`), &m); err != nil || *m.Mode != ModeSafe || m.Count != nil {
		t.Errorf("string: %+v %v", m, err)
	}
}

func TestStrictDecoding(t *testing.T) {
	wire := `{"shape":"group","kind":"many","members":[{"shape":"circle","radius":1,"colour":"red"}]}`
	var f Figure
	if err := json.Unmarshal([]byte(wire), &f); err != nil {
		t.Fatalf("lenient decoding: %v", err)
	}
	err := DecodeStrict([]byte(wire), &f)
	if err == nil || !strings.Contains(err.Error(), `"colour"`) || !strings.Contains(err.Error(), "members[0]") {
		t.Errorf("strict decoding: got %v, want an unknown member error naming members[0].colour", err)
	}
	if err := DecodeStrict([]byte(`{"values":[],"names":[],"choice":1,"figures":[],"blob":{"anything":1},"size":1,"Size":2}`), new(Holder)); err == nil {
		t.Error("a member differing only in case was accepted")
	}
}

func TestEvents(t *testing.T) {
	e, err := DecodeEventStrict("FIGURE_DRAWN", json.RawMessage(`{"figure":{"shape":"square","side":3},"took":5}`))
	if err != nil {
		t.Fatal(err)
	}
	fd, ok := e.(FigureDrawnEvent)
	if !ok || fd.Figure.Square.Side != 3 || *fd.Took != 5 || fd.EventName() != "FIGURE_DRAWN" {
		t.Errorf("FIGURE_DRAWN: %#v", e)
	}
	e, err = DecodeEventStrict("FIGURE_CHANGED", json.RawMessage(`{"shape":"circle","radius":9}`))
	if err != nil {
		t.Fatal(err)
	}
	if fc, ok := e.(FigureChangedEvent); !ok || fc.Circle.Radius != 9 {
		t.Errorf("boxed FIGURE_CHANGED: %#v", e)
	}
	if e, err := DecodeEvent("RESET", nil); err != nil || e.EventName() != "RESET" {
		t.Errorf("RESET: %#v %v", e, err)
	}
	e, err = DecodeEvent("FROM_THE_FUTURE", json.RawMessage(`{"a":1}`))
	if u, ok := e.(UnknownEvent); err != nil || !ok || u.Name != "FROM_THE_FUTURE" || string(u.Data) != `{"a":1}` {
		t.Errorf("unknown event: %#v %v", e, err)
	}
	if _, err := DecodeEventStrict("FIGURE_DRAWN", json.RawMessage(`{"figure":{"shape":"blank"},"when":1}`)); err == nil {
		t.Error("strict event decoding accepted an unknown member")
	}
}

func TestCommands(t *testing.T) {
	var c Command = &DrawCommand{Figure: Figure{Shape: ShapeCircle, Circle: &Circle{Radius: 1}}}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, []byte(`{"figure":{"shape":"circle","radius":1}}`), out)
	if spec := c.CommandSpec(); spec.Name != "draw" || !spec.AllowOOB || !spec.SuccessResponse || spec.Deprecated {
		t.Errorf("spec: %+v", spec)
	}
	if _, ok := c.CommandSpec().NewResult().(*Holder); !ok {
		t.Errorf("NewResult: %T", c.CommandSpec().NewResult())
	}
	boxed := DrawBoxedCommand{Figure{Shape: ShapeSquare, Square: &Square{Side: 4}}}
	out, err = json.Marshal(boxed)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, []byte(`{"shape":"square","side":4}`), out)
	if r := (&StopCommand{}).CommandSpec().NewResult(); r != nil {
		t.Errorf("stop returns nothing, NewResult gave %T", r)
	}
	if s := (&StopCommand{}).CommandSpec(); s.SuccessResponse || !s.Deprecated {
		t.Errorf("stop spec: %+v", s)
	}
	if _, ok := (&ListFiguresCommand{}).CommandSpec().NewResult().(*[]Figure); !ok {
		t.Error("list-figures result type")
	}
	if n := len(Commands()); n != 4 {
		t.Errorf("Commands() has %d entries, want 4", n)
	}
}

func ptr[T any](v T) *T { return &v }

func TestNullAndBytes(t *testing.T) {
	wire := `{"bytes":[0,255],"more":[],"nothing":null,"maybe-nothing":null,"nothings":[null,null]}`
	r := roundTrip[Raw](t, wire)
	if !reflect.DeepEqual(r.Bytes, Uint8List{0, 255}) || r.More == nil || len(*r.More) != 0 ||
		!bool(r.MaybeNothing) || len(r.Nothings) != 2 {
		t.Errorf("decoded: %+v", r)
	}
	// Absent optional members stay absent; nil required lists encode as [].
	out, err := json.Marshal(Raw{})
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, []byte(`{"bytes":[],"nothing":null,"nothings":[]}`), out)
	for _, bad := range []string{
		`{"bytes":"AP8=","nothing":null,"nothings":[]}`, // base64 is not a list
		`{"bytes":[],"nothing":0,"nothings":[]}`,
		`{"bytes":[],"nothing":null,"maybe-nothing":false,"nothings":[]}`,
		`{"bytes":[],"nothing":null,"nothings":[{}]}`,
	} {
		if err := json.Unmarshal([]byte(bad), new(Raw)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
