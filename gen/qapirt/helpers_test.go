// SPDX-License-Identifier: Apache-2.0

package qapirt

import (
	"bytes"
	"encoding/json"
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

func TestKnown(t *testing.T) {
	type color string
	values := []color{"red", "blue"}
	for _, c := range []struct {
		v    color
		want bool
	}{{"red", true}, {"blue", true}, {"green", false}, {"", false}, {"Red", false}} {
		if got := qapiKnown(values, c.v); got != c.want {
			t.Errorf("qapiKnown(%q) = %v, want %v", c.v, got, c.want)
		}
	}
	if qapiKnown(nil, color("red")) {
		t.Error("qapiKnown on no values reports true")
	}
}
