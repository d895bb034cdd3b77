package gen

import (
	"fmt"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/gen/names"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/source"
)

// FuzzGenerate mutates schema text, most of which the front end refuses.
// FuzzSchemaBuilder instead reads its input as choices that build a
// schema from pieces known to be hostile to the generator (names it uses
// itself, names go vet checks, types that contain themselves, nested
// unions, conditions), so that most inputs reach Generate. The checks are
// FuzzGenerate's.

// fuzzWords are the words names are made of.
var fuzzWords = []string{
	"client", "command", "command-name", "command-spec", "new-result", "event-name",
	"unknown-branch", "values", "marshal-json", "unmarshal-json", "is-zero", "read-byte",
	"write-to", "any", "null", "strict", "event", "decode-strict", "unknown", "timed",
	"node", "a", "b", "x-foo", "uint8", "known",
}

// choices reads an input as a stream of small numbers; past its end
// every choice is 0.
type choices struct {
	data []byte
	n    int
}

func (c *choices) pick(n int) int {
	if c.n >= len(c.data) || n <= 1 {
		c.n++
		return 0
	}
	b := int(c.data[c.n])
	c.n++
	return b % n
}

func (c *choices) word() string { return fuzzWords[c.pick(len(fuzzWords))] }

// typeName is a CamelCase name QEMU accepts for a type.
func (c *choices) typeName() string {
	n := names.Exported(c.word())
	if c.pick(2) == 1 {
		n += names.Exported(c.word())
	}
	if strings.HasSuffix(n, "List") || strings.HasSuffix(n, "Kind") || !strings.ContainsAny(n, "abcdefghijklmnopqrstuvwxyz") {
		n += "Ty"
	}
	return n
}

type fuzzDef struct {
	meta, name string
	values     []string // enums
}

// buildSchema turns choices into schema text.
func buildSchema(data []byte) (schema string, falseConds string) {
	c := &choices{data: data}
	defs := make([]fuzzDef, 1+c.pick(8))
	metas := []string{"enum", "struct", "struct", "union", "alternate", "command", "event"}
	for i := range defs {
		defs[i].meta = metas[c.pick(len(metas))]
		switch defs[i].meta {
		case "command":
			defs[i].name = c.word()
		case "event":
			defs[i].name = strings.ToUpper(strings.ReplaceAll(c.word(), "-", "_"))
		default:
			defs[i].name = c.typeName()
		}
		for k := 0; k < i; k++ {
			if strings.EqualFold(defs[k].name, defs[i].name) {
				defs[i].name += strings.Repeat("x", i)
				if defs[i].meta != "command" && defs[i].meta != "event" {
					defs[i].name = names.Exported(defs[i].name)
				}
			}
		}
		if defs[i].meta == "enum" {
			for k := 0; k < 1+c.pick(3); k++ {
				defs[i].values = append(defs[i].values, c.word())
			}
		}
	}
	of := func(meta string) []fuzzDef {
		var out []fuzzDef
		for _, d := range defs {
			if d.meta == meta {
				out = append(out, d)
			}
		}
		return out
	}
	cond := func() string {
		switch c.pick(4) {
		case 1:
			return ", 'if': 'CONFIG_A'"
		case 2:
			return ", 'if': { 'not': 'CONFIG_B' }"
		}
		return ""
	}
	memberType := func() string {
		types := []string{"'str'", "'int'", "'any'", "'null'", "'bool'", "[ 'uint8' ]"}
		for _, d := range defs {
			if d.meta == "enum" || d.meta == "struct" || d.meta == "union" || d.meta == "alternate" {
				types = append(types, "'"+d.name+"'", "[ '"+d.name+"' ]")
			}
		}
		return types[c.pick(len(types))]
	}
	members := func(conds bool) string {
		var ms []string
		for k := 0; k < c.pick(4); k++ {
			name := c.word()
			if c.pick(2) == 1 {
				name = "*" + name
			}
			t := memberType()
			if cd := cond(); cd != "" && conds {
				t = "{ 'type': " + t + cd + " }"
			}
			ms = append(ms, "'"+name+"': "+t)
		}
		return "{ " + strings.Join(ms, ", ") + " }"
	}
	var b strings.Builder
	for _, d := range defs {
		switch d.meta {
		case "enum":
			fmt.Fprintf(&b, "{ 'enum': '%s', 'data': [ '%s' ]%s }\n", d.name, strings.Join(d.values, "', '"), cond())
		case "struct":
			base := ""
			if s := of("struct"); c.pick(3) == 1 {
				base = ", 'base': '" + s[c.pick(len(s))].name + "'"
			}
			fmt.Fprintf(&b, "{ 'struct': '%s'%s, 'data': %s%s }\n", d.name, base, members(true), cond())
		case "union":
			enums, structs := of("enum"), append(of("struct"), of("union")...)
			if len(enums) == 0 || len(structs) == 0 {
				continue
			}
			e := enums[c.pick(len(enums))]
			var branches []string
			for _, v := range e.values {
				if c.pick(2) == 1 {
					branches = append(branches, "'"+v+"': '"+structs[c.pick(len(structs))].name+"'")
				}
			}
			tag := c.word()
			fmt.Fprintf(&b, "{ 'union': '%s', 'base': { '%s': '%s', %s }, 'discriminator': '%s', 'data': { %s }%s }\n",
				d.name, tag, e.name, strings.Trim(members(true), "{ }"), tag, strings.Join(branches, ", "), cond())
		case "alternate":
			var alts []string
			kinds := []string{"'int'", "'bool'", "'null'", "[ 'int' ]", "'str'"}
			for _, o := range append(append(of("struct"), of("union")...), of("enum")...) {
				kinds = append(kinds, "'"+o.name+"'")
			}
			for k := 0; k < 1+c.pick(3); k++ {
				alts = append(alts, "'"+c.word()+"': "+kinds[c.pick(len(kinds))])
			}
			fmt.Fprintf(&b, "{ 'alternate': '%s', 'data': { %s }%s }\n", d.name, strings.Join(alts, ", "), cond())
		case "command", "event":
			// QEMU wants conditional arguments boxed.
			data := members(false)
			objs := append(of("struct"), of("union")...)
			if len(objs) > 0 && c.pick(2) == 1 {
				o := objs[c.pick(len(objs))]
				data = "'" + o.name + "'"
				if o.meta == "union" || c.pick(2) == 1 {
					data += ", 'boxed': true"
				}
			}
			extra := ""
			if d.meta == "command" {
				if s := append(of("struct"), of("union")...); len(s) > 0 && c.pick(2) == 1 {
					extra = ", 'returns': '" + s[c.pick(len(s))].name + "'"
					if c.pick(2) == 1 {
						extra = ", 'returns': [ '" + s[c.pick(len(s))].name + "' ]"
					}
				}
				if c.pick(3) == 1 {
					extra += ", 'allow-oob': true"
				}
			}
			fmt.Fprintf(&b, "{ '%s': '%s', 'data': %s%s%s }\n", d.meta, d.name, data, extra, cond())
		}
	}
	switch c.pick(4) {
	case 1:
		falseConds = "CONFIG_A"
	case 2:
		falseConds = "CONFIG_B"
	case 3:
		falseConds = "CONFIG_A CONFIG_B"
	}
	return b.String(), falseConds
}

func FuzzSchemaBuilder(f *testing.F) {
	for _, seed := range []string{"", "\x05\x01\x02\x03\x04\x05\x06\x07", "\x07\x03\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b",
		"\x03\x01\x12\x00\x01\x02\x03\x01\x12\x13\x01\x02\x01"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		schema, falseConds := buildSchema(data)
		s, err := model.LoadBytes("fuzz.json", []byte(schema), model.LoadOptions{})
		if err != nil {
			return // refused by the front end, as QEMU would
		}
		files, err := Generate(s, Options{Package: "p", Source: "fuzz.json", Conds: allFalse(falseConds)})
		if err != nil {
			if _, ok := err.(*source.Error); !ok {
				t.Fatalf("error without a schema position (%T): %v\nschema:\n%s", err, err, schema)
			}
			return
		}
		if err := typeCheck(files); err != nil {
			t.Fatalf("generated package does not type-check: %v\nschema:\n%s\nfalse: %q", err, schema, falseConds)
		}
	})
}

// TestSchemaBuilderReachesGenerate: the builder's schemas mostly pass the
// front end, or the fuzz target would test little.
func TestSchemaBuilderReachesGenerate(t *testing.T) {
	accepted, n := 0, 300
	for i := 0; i < n; i++ {
		data := make([]byte, 64)
		for j := range data {
			data[j] = byte((i*131 + j*j*7 + i*j) % 251)
		}
		schema, _ := buildSchema(data)
		if _, err := model.LoadBytes("fuzz.json", []byte(schema), model.LoadOptions{}); err == nil {
			accepted++
		}
	}
	t.Logf("%d of %d built schemas accepted", accepted, n)
	if accepted < n/5 {
		t.Errorf("only %d of %d built schemas pass the front end", accepted, n)
	}
}
