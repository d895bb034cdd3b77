// SPDX-License-Identifier: Apache-2.0

package qapirt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestPtr(t *testing.T) {
	v := 7
	p := Ptr(v)
	v = 8
	if *p != 7 {
		t.Errorf("Ptr shares its argument: *p = %d", *p)
	}
	if a, b := Ptr("x"), Ptr("x"); a == b {
		t.Error("two Ptr calls returned one pointer")
	}
}

func TestMustAny(t *testing.T) {
	type literal struct{ A Any }
	l := literal{A: MustAny(map[string]int{"size": 1})}
	if got := l.A.String(); got != `{"size":1}` {
		t.Errorf("MustAny = %s", got)
	}
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "chan int") {
			t.Errorf("MustAny of a channel: recovered %v, want a panic naming the type", r)
		}
	}()
	MustAny(make(chan int))
}

// DecodeStrict rejects members the types lack and required members the
// input lacks, at any depth; absent optional members are fine.
func TestDecodeStrictMembers(t *testing.T) {
	type inner struct {
		Name string  `json:"name"`
		Note *string `json:"note,omitempty"`
	}
	type outer struct {
		ID    int64   `json:"id"`
		Inner inner   `json:"inner"`
		List  []inner `json:"list"`
		Opt   *inner  `json:"opt,omitempty"`
	}
	for _, tc := range []struct{ in, err string }{
		{`{"id": 1, "inner": {"name": "a"}, "list": []}`, ""},
		{`{"id": 1, "inner": {"name": "a", "note": "n"}, "list": [{"name": "b"}], "opt": {"name": "c"}}`, ""},
		{`{"inner": {"name": "a"}, "list": []}`, `required member "id" missing at top level`},
		{`{"id": 1, "inner": {}, "list": []}`, `required member "name" missing at inner`},
		{`{"id": 1, "inner": {"name": "a"}, "list": [{"note": "x"}]}`, `required member "name" missing at list[0]`},
		{`{"id": 1, "inner": {"name": "a"}, "list": [], "opt": {}}`, `required member "name" missing at opt`},
		{`{"id": 1, "inner": {"name": "a"}}`, `required member "list" missing at top level`},
		{`{"id": 1, "inner": {"name": "a", "x": 1}, "list": []}`, `unknown member "x" at inner`},
	} {
		var v outer
		err := DecodeStrict([]byte(tc.in), &v)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.in, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want one saying %s", tc.in, err, tc.err)
		}
	}
}

// members decodes a JSON object for comparison (nil for invalid input).
func members(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("not a JSON object: %s: %v", data, err)
	}
	return m
}

func TestSplitUnion(t *testing.T) {
	for _, tc := range []struct {
		in, base, rest string
	}{
		{`{"type":"a","name":"n","Name":"N","x":1}`, `{"type":"a","name":"n"}`, `{"Name":"N","x":1}`},
		{" \n{ \"x\" : [1, {\"}\": \"]\"}] ,\t\"type\":\"a\" , \"s\":\"q\\\"}{\" }\r\n", `{"type":"a"}`, `{"x":[1,{"}":"]"}],"s":"q\"}{"}`},
		{`{"n\u0061me":true,"NAME":false}`, `{"name":true}`, `{"NAME":false}`},
		{`{"x":{"type":"inner"},"type":"outer"}`, `{"type":"outer"}`, `{"x":{"type":"inner"}}`},
		{`{"a":-1.5e3,"b":null,"c":true,"type":false}`, `{"type":false}`, `{"a":-1.5e3,"b":null,"c":true}`},
		{`{}`, `{}`, `{}`},
		{` null `, `{}`, `{}`},
	} {
		base, rest, err := qapiSplitUnion([]byte(tc.in), "type", "name")
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(members(t, base), members(t, []byte(tc.base))) || !reflect.DeepEqual(members(t, rest), members(t, []byte(tc.rest))) {
			t.Errorf("%s: base %s rest %s, want %s and %s", tc.in, base, rest, tc.base, tc.rest)
		}
	}
	for _, bad := range []string{`[1]`, `"s"`, `{"a":}`, `{"a":1`, ``, `{"a":1}x`} {
		if _, _, err := qapiSplitUnion([]byte(bad), "type"); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestMembers(t *testing.T) {
	if m, err := qapiMembers([]byte("{}")); m != nil || err != nil {
		t.Errorf("{}: %v %v", m, err)
	}
	m, err := qapiMembers([]byte(`{"a":[1, 2]}`))
	if err != nil || !bytes.Equal(m["a"], []byte("[1, 2]")) {
		t.Errorf("members %s, %v", m, err)
	}
}

// FuzzSplitUnion: for any JSON object, the two parts hold exactly its
// members, split by exact name.
func FuzzSplitUnion(f *testing.F) {
	f.Add([]byte(`{"type":"a","Type":1,"x":{"type":[]}}`))
	f.Add([]byte(` { "t\u0079pe" : "s\"}" } `))
	f.Fuzz(func(t *testing.T, data []byte) {
		var all map[string]json.RawMessage
		if json.Unmarshal(data, &all) != nil || all == nil || !bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{")) {
			return
		}
		base, rest, err := qapiSplitUnion(data, "type")
		if err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		var b, r map[string]json.RawMessage
		if err := json.Unmarshal(base, &b); err != nil {
			t.Fatalf("base %s: %v", base, err)
		}
		if err := json.Unmarshal(rest, &r); err != nil {
			t.Fatalf("rest %s: %v", rest, err)
		}
		for k, v := range all {
			part := r
			if k == "type" {
				part = b
			}
			if got, ok := part[k]; !ok || !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(v)) {
				t.Fatalf("%s: member %q is %s in its part, want %s", data, k, got, v)
			}
		}
		if len(b)+len(r) != len(all) {
			t.Fatalf("%s: %d+%d members, want %d", data, len(b), len(r), len(all))
		}
	})
}

// TestIn checks qapiIn, which every enum's Known calls with its values
// as one space-separated string.
func TestIn(t *testing.T) {
	const values = "red dark-blue x.y"
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"red", true}, {"dark-blue", true}, {"x.y", true},
		{"green", false}, {"", false}, {"Red", false}, {"re", false}, {"dark", false},
		{"blue", false}, {"red dark-blue", false}, {" ", false}, {"d", false},
	} {
		if got := qapiIn(values, c.v); got != c.want {
			t.Errorf("qapiIn(%q, %q) = %v, want %v", values, c.v, got, c.want)
		}
	}
	if qapiIn("", "") || qapiIn("", "red") {
		t.Error("qapiIn on no values reports true")
	}
}

// sameMembersSlow is the verdict of DecodeStrict's thorough comparison of
// two valid JSON values.
func sameMembersSlow(t *testing.T, in, out []byte) bool {
	t.Helper()
	var a, b any
	if err := qapiDecodeGeneric(in, &a); err != nil {
		t.Fatalf("%s: %v", in, err)
	}
	if err := qapiDecodeGeneric(out, &b); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	return qapiSameMembers(a, b, "") == nil
}

// qapiSameShape, DecodeStrict's fast path, never passes what the
// thorough comparison rejects, and passes the usual case: a reply as QEMU
// spaces and orders it against the compact encoding of its decoded value.
func TestSameShape(t *testing.T) {
	for _, tc := range []struct {
		in, out string
		fast    bool // the fast path settles it
	}{
		{`{"status": "running", "singlestep": false, "running": true}`, `{"running":true,"singlestep":false,"status":"running"}`, true},
		{` {"a": [{"x": 1, "y": [2]}, {"x": {}}], "b": {"c": null}} `, `{"b":{"c":null},"a":[{"y":[3],"x":1},{"x":{}}]}`, true},
		{`[{"a": 1}, {"b": 2}]`, `[{"a":1},{"b":2}]`, true},
		{`{"s": "a \"}{\" string", "n": -1.5e3}`, `{"n":-1500,"s":"x"}`, true},
		{`{"a": {"b": 1}}`, `{"a":[1]}`, true},        // kinds differ: not compared
		{`{"a": [{"b": 1}, 2]}`, `{"a":[{}]}`, false}, // lengths differ: not compared (the fast path looks, unsure)
		{`{}`, `{}`, true},
		{`"s"`, `"t"`, true},
		{`{"a": 1, "x": 2}`, `{"a":1}`, true},       // unknown member x
		{`{"a": 1}`, `{"a":1,"b":2}`, true},         // required member b missing
		{`{"a": 1, "b": 2}`, `{"a":1,"c":2}`, true}, // same count, other names
		{`{"a": {"x": 1}}`, `{"a":{}}`, true},       // deeper
		{`[{"a": 1}]`, `[{"b":1}]`, true},           // inside an array
		{`{"a": 1, "a": 2}`, `{"a":2}`, false},      // a repeated key
		{`{"a": 1, "a": 2, "b": 3}`, `{"a":2,"b":3,"b":4}`, false},
		{`{"a": {"x": 1}, "a": {}}`, `{"a":{},"a":{"x":1}}`, true}, // the last value counts
		{`{"a": {"x": 1}, "a": {}}`, `{"a":{"x":1},"a":{"x":1}}`, true},
		{`{"\u0061": 1}`, `{"a":1}`, false}, // an escaped key
		{`{"a<b": 1}`, `{"a\u003cb":1}`, false},
		{`{"é": 1}`, `{"é":1}`, false}, // not ASCII
		{big(20, 3, ""), big(20, 1, ""), true},
		{big(20, 3, `, "k3": {"x": 1}`), big(20, 1, `, "k3": {}`), true},
		{big(20, 3, `, "k3": {}`), big(20, 1, `, "k3": {"x": 1}`), true},
		{big(20, 3, `, "k3": {}`), big(20, 1, `, "k3": {}`), true}, // encoding/json escapes <
	} {
		slow := sameMembersSlow(t, []byte(tc.in), []byte(tc.out))
		fast := qapiSameShape([]byte(tc.in), []byte(tc.out))
		if fast && !slow {
			t.Errorf("%s against %s: fast path passes what the comparison rejects", tc.in, tc.out)
		}
		if tc.fast && fast != slow {
			t.Errorf("%s against %s: fast path says %v, the comparison %v", tc.in, tc.out, fast, slow)
		}
	}
}

// big is an object of n members with keys k0... in the order of stepping
// by step (mod n), and extra after them.
func big(n, step int, extra string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `"k%d": {}`, i*step%n)
	}
	return b.String() + extra + "}"
}

// FuzzSameShape: for any two JSON values, the fast path never passes
// what the thorough comparison rejects; against the encoding of its own
// decoded value a value with plain keys passes it.
func FuzzSameShape(f *testing.F) {
	f.Add([]byte(`{"a": [1, {"b": {}}], "c": "}"}`), []byte(`{"c":"","a":[1,{"b":{}}]}`))
	f.Add([]byte(`[{"a":1},{"a":2,"a":3}]`), []byte(`[{"a":1},{"a":3}]`))
	f.Fuzz(func(t *testing.T, in, out []byte) {
		if !json.Valid(in) || !json.Valid(out) {
			return
		}
		if qapiSameShape(in, out) && !sameMembersSlow(t, in, out) {
			t.Fatalf("%s against %s: fast path passes what the comparison rejects", in, out)
		}
		var v any
		if err := qapiDecodeGeneric(in, &v); err != nil {
			t.Fatal(err)
		}
		again, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !qapiSameShape(in, again) && plainKeys(t, in) {
			t.Fatalf("%s against its own encoding %s: the fast path does not pass it", in, again)
		}
	})
}

// plainKeys reports whether every key of data is ASCII written without
// escapes, with no object repeating one, and encodes back unescaped.
func plainKeys(t *testing.T, data []byte) bool {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object bool
		key    bool // the next string token is a key
		keys   map[string]bool
	}
	var stack []*frame
	for {
		start := d.InputOffset()
		tok, err := d.Token()
		if err != nil {
			return true
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		isKey := top != nil && top.object && top.key
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{':
				stack = append(stack, &frame{object: true, key: true, keys: map[string]bool{}})
				continue
			case '[':
				stack = append(stack, &frame{})
				continue
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			if isKey {
				q, _ := json.Marshal(tok)
				raw := bytes.TrimLeft(data[start:d.InputOffset()], " \t\r\n,{")
				if top.keys[tok] || !bytes.Equal(raw, q) || strings.ContainsFunc(tok, func(r rune) bool { return r >= 0x80 }) {
					return false
				}
				top.keys[tok] = true
				top.key = false
				continue
			}
		}
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].key = true
		}
	}
}

// The fast path allocates nothing for a reply of ordinary size: that is
// what makes strict decoding cheap.
func TestSameShapeAllocs(t *testing.T) {
	in := []byte(`{"status": "running", "singlestep": false, "running": true, "list": [{"a": 1}, {"a": 2}]}`)
	out := []byte(`{"running":true,"singlestep":false,"status":"running","list":[{"a":1},{"a":2}]}`)
	if n := testing.AllocsPerRun(100, func() { qapiSameShape(in, out) }); n != 0 {
		t.Errorf("%v allocations per call, want 0", n)
	}
}
