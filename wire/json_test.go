package wire

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// A reply decodes the same whether given whole or as its bare array,
// and encoding then decoding gives the same schema back.
func TestDecodeForms(t *testing.T) {
	s := debianReply(t)
	bare, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	whole := append(append([]byte(`{"return": `), bare...), '}')
	var lines bytes.Buffer
	if err := s.Write(&lines); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"bare": bare, "whole": whole, "lines": lines.Bytes()} {
		got, err := Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got.Entries, s.Entries) {
			t.Errorf("%s: the re-decoded schema differs", name)
		}
	}
	if n := strings.Count(lines.String(), "\n"); n != len(s.Entries)+2 {
		t.Errorf("Write: %d lines for %d entries, want one a line", n, len(s.Entries))
	}
	if len(s.Entries) != 1051 || s.Lookup("query-status") == nil || s.Command("query-status") == nil ||
		s.Event("query-status") != nil || s.Event("SHUTDOWN") == nil || s.Lookup("nonexistent") != nil {
		t.Errorf("lookups on the 7.2 reply: %d entries", len(s.Entries))
	}
}

// Every field of every meta-type survives encoding, with QEMU's keys.
func TestEncodeKeys(t *testing.T) {
	entries := []*SchemaInfo{
		{Name: "cmd", MetaType: MetaCommand, Features: []string{"deprecated"}, Command: &CommandInfo{ArgType: "0", RetType: "1", AllowOOB: true}},
		{Name: "EV", MetaType: MetaEvent, Event: &EventInfo{ArgType: "0"}},
		{Name: "0", MetaType: MetaObject, Features: []string{}, Object: &ObjectInfo{
			Members:  []Member{{Name: "a", Type: "int"}, {Name: "b", Type: "2", Optional: true, Features: []string{"unstable"}}},
			Tag:      "a",
			Variants: []Variant{{Case: "x", Type: "1"}},
		}},
		{Name: "1", MetaType: MetaObject, Object: &ObjectInfo{}},
		{Name: "2", MetaType: MetaEnum, Enum: &EnumInfo{Members: []EnumMember{{Name: "v"}, {Name: "w", Features: []string{"deprecated"}}}}},
		{Name: "3", MetaType: MetaAlternate, Alternate: &AlternateInfo{Members: []AlternateMember{{Type: "int"}, {Type: "[int]"}}}},
		{Name: "[int]", MetaType: MetaArray, Array: &ArrayInfo{ElementType: "int"}},
		{Name: "int", MetaType: MetaBuiltin, Builtin: &BuiltinInfo{JSONType: "int"}},
	}
	s, err := New(entries)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := s.Write(&b); err != nil {
		t.Fatal(err)
	}
	want := `[
  {"name":"cmd","meta-type":"command","arg-type":"0","ret-type":"1","allow-oob":true,"features":["deprecated"]},
  {"name":"EV","meta-type":"event","arg-type":"0"},
  {"name":"0","meta-type":"object","members":[{"name":"a","type":"int"},{"name":"b","type":"2","default":null,"features":["unstable"]}],"tag":"a","variants":[{"case":"x","type":"1"}],"features":[]},
  {"name":"1","meta-type":"object","members":[]},
  {"name":"2","meta-type":"enum","members":[{"name":"v"},{"name":"w","features":["deprecated"]}],"values":["v","w"]},
  {"name":"3","meta-type":"alternate","members":[{"type":"int"},{"type":"[int]"}]},
  {"name":"[int]","meta-type":"array","element-type":"int"},
  {"name":"int","meta-type":"builtin","json-type":"int"}
]
`
	if b.String() != want {
		t.Errorf("Write:\n%s\nwant:\n%s", b.String(), want)
	}
	back, err := Decode(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	// Decoding gives empty lists where the encoder wrote none.
	entries[3].Object.Members = nil
	if !reflect.DeepEqual(back.Entries, entries) {
		for i := range entries {
			if !reflect.DeepEqual(back.Entries[i], entries[i]) {
				t.Errorf("entry %d decodes as %+v, want %+v", i, back.Entries[i], entries[i])
			}
		}
	}
}

// Names a hostile reply may carry still encode as valid JSON that
// decodes to the same strings (invalid UTF-8 aside).
func TestEncodeStrings(t *testing.T) {
	for _, name := range []string{"a\"b", `a\b`, "tab\there", "nl\n\x00\x1f", "é€😀", "<&>", "\u2028"} {
		s, err := New([]*SchemaInfo{{Name: name, MetaType: MetaBuiltin, Builtin: &BuiltinInfo{JSONType: "string"}}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := s.MarshalJSON()
		var back []struct{ Name string }
		if err := json.Unmarshal(b, &back); err != nil || len(back) != 1 || back[0].Name != name {
			t.Errorf("%q encodes as %s: %v %+v", name, b, err, back)
		}
	}
	s, _ := New([]*SchemaInfo{{Name: "bad\xffutf8", MetaType: "future"}})
	b, _ := s.MarshalJSON()
	if !json.Valid(b) || !strings.Contains(string(b), `bad\ufffdutf8`) {
		t.Errorf("invalid UTF-8 encodes as %s", b)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{``, "want an array"},
		{`{"return": 5}`, "want an array"},
		{`{"QMP": {}}`, `no "return" member`},
		{`{"error": {"class": "CommandNotFound", "desc": "no such command"}}`, "query-qmp-schema failed: CommandNotFound: no such command"},
		{`[{"name": "a", "meta-type": "builtin"}, {"meta-type": "enum"}]`, "entry 1 has no name"},
		{`[{"name": "a", "meta-type": "builtin"}, {"name": "a", "meta-type": "enum"}]`, `entry 1: duplicate name "a"`},
		{`[{"name": "a", "meta-type": "object", "members": [{"name": 1}]}]`, "entry 0: json: cannot unmarshal number"},
		{`[{"name": "a", "meta-type": "command", "arg-type": ["x"]}]`, "entry 0"},
		{`[{"name": "a", "features": "deprecated"}]`, "entry 0"},
		{`[null]`, "entry 0 has no name"},
		{`[{"name": "a"}] trailing`, "want an array"},
	} {
		s, err := Decode([]byte(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Decode(%s) = %v, %v; want an error with %q", c.data, s, err, c.want)
		}
	}
}

// A reply of QEMU before 6.2 lists enum values without "members"; a
// meta-type this package does not know is kept, without content; keys
// it does not know are ignored.
func TestDecodeOlderAndNewer(t *testing.T) {
	s, err := Decode([]byte(`[
		{"name": "e", "meta-type": "enum", "values": ["a", "b"]},
		{"name": "f", "meta-type": "future", "shape": {"x": 1}},
		{"name": "c", "meta-type": "command", "arg-type": "e", "ret-type": "e", "new-key": [1, 2]}]`))
	if err != nil {
		t.Fatal(err)
	}
	if e := s.Lookup("e").Enum; e == nil || !e.ValuesOnly || !reflect.DeepEqual(e.Members, []EnumMember{{Name: "a"}, {Name: "b"}}) {
		t.Errorf("legacy enum: %+v", s.Lookup("e"))
	}
	if b, _ := s.Lookup("e").MarshalJSON(); string(b) != `{"name":"e","meta-type":"enum","values":["a","b"]}` {
		t.Errorf("legacy enum encodes as %s", b)
	}
	if f := s.Lookup("f"); f.MetaType != "future" || f.Builtin != nil || f.Object != nil || f.Enum != nil {
		t.Errorf("unknown meta-type: %+v", f)
	}
	checkProbes(t, s, []probeCase{
		{"c/arg-type/^a", "true"},
		{"c/arg-type/^a/$deprecated", "false"},
		{"c/arg-type/^z", "false"},
		{"f/x", "false"},
		{"f", "true"},
	})
}

// Entries missing the lists libvirt reads make its traversal fail as a
// malformed schema, when it gets to read them. (For a built-in type
// without json-type libvirt fails without a message; Probe gives the
// malformed-schema one.)
func TestProbeMalformedEntries(t *testing.T) {
	s := mustDecode(t, `[{"name":"c","meta-type":"command","arg-type":"o","ret-type":"o"},
		{"name":"o","meta-type":"object","members":[{"name":"e","type":"e"},{"name":"a","type":"a"},{"name":"b","type":"b"}]},
		{"name":"e","meta-type":"enum"},{"name":"a","meta-type":"alternate"},{"name":"b","meta-type":"builtin"}]`)
	checkProbes(t, s, []probeCase{
		{"c/arg-type/e", "true"},
		{"c/arg-type/e/^x", "error: malformed QAPI schema when querying '^x' of 'c/arg-type/e/^x'"},
		{"c/arg-type/e/^x/$f", "false"},
		{"c/arg-type/e/x", "false"},
		{"c/arg-type/a", "true"},
		{"c/arg-type/a/x", "error: malformed QAPI schema when querying 'a' of 'c/arg-type/a/x'"},
		{"c/arg-type/b/!int", "error: malformed QAPI schema when querying '!int' of 'c/arg-type/b/!int'"},
	})
}

// A name that does not start with a letter is written after one
// character, which is dropped whatever it is; a type that the reply
// names but lacks is a malformed schema.
func TestProbeOddNames(t *testing.T) {
	s, err := New([]*SchemaInfo{
		{Name: "c", MetaType: MetaCommand, Command: &CommandInfo{ArgType: "o", RetType: "missing"}},
		{Name: "o", MetaType: MetaObject, Object: &ObjectInfo{Members: []Member{{Name: "1st", Type: "str"}, {Name: "x", Type: "o", Optional: true}}}},
		{Name: "str", MetaType: MetaBuiltin, Builtin: &BuiltinInfo{JSONType: "string"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkProbes(t, s, []probeCase{
		{"c/arg-type/ 1st", "true"},
		{"c/arg-type/_1st", "true"},
		{"c/arg-type/1st", "false"},
		{"c/arg-type/*x/*x/ 1st/!string", "true"},
		{"c/arg-type/* 1st", "false"},
		{"c/ret-type", "error: malformed QAPI schema when querying 'ret-type' of 'c/ret-type'"},
		{"o/x/x", "true"},
	})
}
