// SPDX-License-Identifier: Apache-2.0

package qapirt

import (
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
