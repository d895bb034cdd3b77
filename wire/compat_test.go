package wire

import (
	"fmt"
	"strings"
	"testing"
)

func mustDecode(t *testing.T, data string) *Schema {
	t.Helper()
	s, err := Decode([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// compatBase is a client's schema: a command with an argument of every
// shape, its reply, and an event.
const compatBase = `[
{"name":"cmd","meta-type":"command","arg-type":"0","ret-type":"1","allow-oob":true},
{"name":"EV","meta-type":"event","arg-type":"1"},
{"name":"gone","meta-type":"command","arg-type":"2","ret-type":"2"},
{"name":"0","meta-type":"object","members":[{"name":"e","type":"3"},{"name":"opt","type":"str","default":null},{"name":"n","type":"number"},{"name":"alt","type":"4"},{"name":"u","type":"5"},{"name":"l","type":"[int]"}]},
{"name":"1","meta-type":"object","members":[{"name":"req","type":"int"},{"name":"maybe","type":"str","default":null},{"name":"u","type":"5"}]},
{"name":"2","meta-type":"object","members":[]},
{"name":"3","meta-type":"enum","members":[{"name":"a"},{"name":"b"}],"values":["a","b"]},
{"name":"4","meta-type":"alternate","members":[{"type":"int"},{"type":"str"}]},
{"name":"5","meta-type":"object","members":[{"name":"kind","type":"3"}],"tag":"kind","variants":[{"case":"a","type":"6"},{"case":"b","type":"2"}]},
{"name":"6","meta-type":"object","members":[{"name":"x","type":"int"}]},
{"name":"[int]","meta-type":"array","element-type":"int"},
{"name":"int","meta-type":"builtin","json-type":"int"},
{"name":"number","meta-type":"builtin","json-type":"number"},
{"name":"str","meta-type":"builtin","json-type":"string"}
]`

// edit returns compatBase with each replacement applied once.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	s := compatBase
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("compatBase lacks %s", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func TestCompare(t *testing.T) {
	for _, c := range []struct {
		name string
		have string
		want []string
	}{
		{"same", compatBase, nil},
		{"renumbered types", strings.NewReplacer(`"6"`, `"66"`, `"5"`, `"55"`).Replace(compatBase), nil},
		{"additions are compatible", edit(t,
			`{"name":"gone"`, `{"name":"new","meta-type":"command","arg-type":"2","ret-type":"2"},{"name":"gone"`,
			`{"name":"opt","type":"str","default":null}`, `{"name":"opt","type":"str","default":null},{"name":"extra","type":"str","default":null}`,
			`{"name":"maybe","type":"str","default":null}`, `{"name":"maybe","type":"str","default":null},{"name":"more","type":"int"}`,
			`"values":["a","b"]`, `"values":["a","b","c"]`,
			`{"name":"l","type":"[int]"}`, `{"name":"l","type":"[int]","features":["deprecated"]}`),
			nil},
		{"the number takes an integer", edit(t, `{"name":"n","type":"number"}`, `{"name":"n","type":"int"}`),
			[]string{"cmd/arg-type/n: type: number sent, int expected"}},
		{"missing command and event", edit(t, `{"name":"gone","meta-type":"command"`, `{"name":"went","meta-type":"command"`, `{"name":"EV"`, `{"name":"EV2"`),
			[]string{"EV: missing: no such event", "gone: missing: no such command"}},
		{"no out of band", edit(t, `"ret-type":"1","allow-oob":true`, `"ret-type":"1"`), []string{"cmd: oob"}},
		{"argument member missing, now required", edit(t,
			`{"name":"opt","type":"str","default":null}`, `{"name":"opt","type":"str"}`,
			`{"name":"l","type":"[int]"}`, `{"name":"l2","type":"[int]"}`),
			[]string{"cmd/arg-type/l: missing", "cmd/arg-type/opt: required", "cmd/arg-type/l2: required"}},
		{"enum value missing", edit(t, `"members":[{"name":"a"},{"name":"b"}],"values":["a","b"]`, `"members":[{"name":"a"}],"values":["a"]`),
			[]string{"cmd/arg-type/e/^b: missing"}},
		{"reply member optional or gone", edit(t,
			`{"name":"req","type":"int"}`, `{"name":"req","type":"int","default":null}`,
			`,{"name":"maybe","type":"str","default":null}`, ``),
			[]string{"cmd/ret-type/req: optional: may be absent"}},
		{"reply member never sent", edit(t, `{"name":"req","type":"int"},`, ``),
			// The event's data is the reply's type: reported once.
			[]string{"cmd/ret-type/req: optional: never sent"}},
		{"new branch sent", edit(t,
			`"variants":[{"case":"a","type":"6"},{"case":"b","type":"2"}]`, `"variants":[{"case":"a","type":"6"},{"case":"b","type":"2"},{"case":"c","type":"2"}]`,
			`"values":["a","b"]`, `"values":["a","b","c"]`),
			[]string{"cmd/ret-type/u/+c: unknown"}},
		{"branch member missing", edit(t, `{"name":"6","meta-type":"object","members":[{"name":"x","type":"int"}]}`, `{"name":"6","meta-type":"object","members":[]}`),
			[]string{"cmd/arg-type/u/+a/x: missing", "cmd/ret-type/u/+a/x: optional: never sent"}},
		{"alternate narrowed", edit(t, `"members":[{"type":"int"},{"type":"str"}]`, `"members":[{"type":"int"}]`),
			[]string{"cmd/arg-type/alt: type: string sent, int expected"}},
		{"alternate became its branch", edit(t, `{"name":"alt","type":"4"}`, `{"name":"alt","type":"str"}`),
			[]string{"cmd/arg-type/alt: type: int sent, string expected"}},
		{"string became enum", edit(t, `{"name":"opt","type":"str","default":null}`, `{"name":"opt","type":"3","default":null}`),
			[]string{"cmd/arg-type/opt: type: any string sent, the peer takes only its enum's values"}},
		{"an argument widened to number", edit(t, `"element-type":"int"`, `"element-type":"number"`), nil},
		{"array element", edit(t, `"element-type":"int"`, `"element-type":"str"`),
			[]string{"cmd/arg-type/l: type: int sent, string expected"}},
		{"tag renamed", edit(t, `"tag":"kind"`, `"tag":"other"`),
			[]string{"cmd/arg-type/u: type: union tag kind, the peer's other", "cmd/ret-type/u: type: union tag kind, the peer's other"}},
		{"reply struct became union", edit(t,
			`{"name":"maybe","type":"str","default":null},{"name":"u","type":"5"}]}`,
			`{"name":"maybe","type":"str","default":null},{"name":"u","type":"5"}],"tag":"req","variants":[{"case":"x","type":"2"}]}`),
			nil},
		{"union became struct", edit(t, `,"tag":"kind","variants":[{"case":"a","type":"6"},{"case":"b","type":"2"}]`, ``),
			[]string{"cmd/arg-type/u: type: union sent, the peer's type has no branches"}},
		{"dangling type", edit(t, `{"name":"e","type":"3"}`, `{"name":"e","type":"99"}`),
			[]string{"cmd/arg-type/e: type: type 99 is missing from the peer's schema"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, i := range Compare(mustDecode(t, compatBase), mustDecode(t, c.have)) {
				got = append(got, i.String())
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("Compare:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// Types used in a loop are compared once.
func TestCompareRecursive(t *testing.T) {
	list := `[{"name":"q","meta-type":"command","arg-type":"0","ret-type":"0"},
		{"name":"0","meta-type":"object","members":[{"name":"next","type":"0","default":null},{"name":"v","type":"%s"}]},
		{"name":"int","meta-type":"builtin","json-type":"int"},{"name":"str","meta-type":"builtin","json-type":"string"}]`
	got := Compare(mustDecode(t, strings.Replace(list, "%s", "int", 1)), mustDecode(t, strings.Replace(list, "%s", "str", 1)))
	if len(got) != 2 || got[0].String() != "q/arg-type/v: type: int sent, string expected" || got[1].String() != "q/ret-type/v: type: string sent, int expected" {
		t.Errorf("recursive type: %v", got)
	}
}

// A hostile reply nesting alternates deeply (each with two branches to
// the next) or in a loop is compared in time linear in its size.
func TestCompareNestedAlternates(t *testing.T) {
	entries := []*SchemaInfo{{Name: "c", MetaType: MetaCommand, Command: &CommandInfo{ArgType: "a0", RetType: "a0"}}}
	const depth = 60
	for i := 0; i < depth; i++ {
		next := fmt.Sprintf("a%d", i+1)
		if i == depth-1 {
			next = "a0" // and back to the first
		}
		entries = append(entries, &SchemaInfo{Name: fmt.Sprintf("a%d", i), MetaType: MetaAlternate,
			Alternate: &AlternateInfo{Members: []AlternateMember{{Type: next}, {Type: next}, {Type: "int"}}}})
	}
	entries = append(entries, &SchemaInfo{Name: "int", MetaType: MetaBuiltin, Builtin: &BuiltinInfo{JSONType: "int"}})
	s, err := New(entries)
	if err != nil {
		t.Fatal(err)
	}
	if got := Compare(s, s); len(got) != 0 {
		t.Errorf("Compare of a schema with itself: %v", got)
	}
}
