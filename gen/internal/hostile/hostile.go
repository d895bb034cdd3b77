// SPDX-License-Identifier: Apache-2.0

// Package hostile builds QAPI schemas from pieces known to be hostile to
// the generator: names it uses itself, names go vet checks, member types
// that make structs contain themselves, unions of unions, alternates,
// boxed and inline command and event data, conditions. The input is read
// as a stream of choices, so that a fuzzer's bytes (or any bytes) give a
// schema the front end mostly accepts; tests of package gen (fuzzing) and
// gen/roundtrip (the wire forms) use it.
package hostile

import (
	"fmt"
	"strings"

	"github.com/qapi-gen/qapi-gen/gen/names"
)

// words are the words names are made of.
var words = []string{
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

func (c *choices) word() string { return words[c.pick(len(words))] }

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

// builtinNames are the built-in types' names, which commands cannot take.
var builtinNames = map[string]bool{"any": true, "null": true, "uint8": true}

type def struct {
	meta, name string
	values     []string // enums
}

// Build turns data, read as a stream of choices, into schema text and a
// list of symbols for -cond to set to false (space-separated).
func Build(data []byte) (schema string, falseConds string) {
	c := &choices{data: data}
	defs := make([]def, 1+c.pick(8))
	metas := []string{"enum", "struct", "struct", "union", "union", "alternate", "command", "event"}
	for i := range defs {
		defs[i].meta = metas[c.pick(len(metas))]
		switch defs[i].meta {
		case "command":
			defs[i].name = c.word()
			if builtinNames[defs[i].name] {
				defs[i].name += "-cmd"
			}
		case "event":
			defs[i].name = strings.ToUpper(strings.ReplaceAll(c.word(), "-", "_"))
		default:
			defs[i].name = c.typeName()
		}
		for k := 0; k < i; k++ {
			if strings.EqualFold(defs[k].name, defs[i].name) {
				switch defs[i].meta {
				case "command":
					defs[i].name += strings.Repeat("x", i)
				case "event":
					defs[i].name += strings.Repeat("X", i)
				default:
					defs[i].name = names.Exported(defs[i].name + strings.Repeat("x", i))
				}
			}
		}
		if defs[i].meta == "enum" {
			seen := map[string]bool{}
			for k := 0; k < 1+c.pick(3); k++ {
				if v := c.word(); !seen[v] {
					seen[v] = true
					defs[i].values = append(defs[i].values, v)
				}
			}
		}
	}
	of := func(meta string) []def {
		var out []def
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
	memberList := func(conds bool) []string {
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
		return ms
	}
	members := func(conds bool) string { return "{ " + strings.Join(memberList(conds), ", ") + " }" }
	var b strings.Builder
	for i, d := range defs {
		switch d.meta {
		case "enum":
			fmt.Fprintf(&b, "{ 'enum': '%s', 'data': [ '%s' ]%s }\n", d.name, strings.Join(d.values, "', '"), cond())
		case "struct":
			base := ""
			var earlier []def // a base defined later could lead back here
			for _, e := range defs[:i] {
				if e.meta == "struct" {
					earlier = append(earlier, e)
				}
			}
			if len(earlier) > 0 && c.pick(3) == 1 {
				base = ", 'base': '" + earlier[c.pick(len(earlier))].name + "'"
			}
			fmt.Fprintf(&b, "{ 'struct': '%s'%s, 'data': %s%s }\n", d.name, base, members(true), cond())
		case "union":
			enums, unions := of("enum"), of("union")
			if len(enums) == 0 {
				continue
			}
			e := enums[c.pick(len(enums))]
			tag := c.word()
			base := []string{"'" + tag + "': '" + e.name + "'"}
			used := map[string]bool{tag: true}
			for _, m := range memberList(true) {
				name := strings.TrimPrefix(strings.Trim(strings.SplitN(m, ":", 2)[0], "'"), "*")
				if !used[name] {
					used[name] = true
					base = append(base, m)
				}
			}
			// Branches: structs of their own, whose members cannot
			// collide with the base's, or now and then another union.
			var branches []string
			for k, v := range e.values {
				switch c.pick(4) {
				case 0:
				case 1:
					if len(unions) > 0 {
						branches = append(branches, "'"+v+"': '"+unions[c.pick(len(unions))].name+"'")
					}
				default:
					var ms []string
					for _, m := range memberList(false) {
						name := strings.TrimPrefix(strings.Trim(strings.SplitN(m, ":", 2)[0], "'"), "*")
						if !used[name] {
							ms = append(ms, m)
						}
					}
					branch := fmt.Sprintf("%sBranch%d", d.name, k)
					fmt.Fprintf(&b, "{ 'struct': '%s', 'data': { %s } }\n", branch, strings.Join(ms, ", "))
					branches = append(branches, "'"+v+"': '"+branch+"'")
				}
			}
			fmt.Fprintf(&b, "{ 'union': '%s', 'base': { %s }, 'discriminator': '%s', 'data': { %s }%s }\n",
				d.name, strings.Join(base, ", "), tag, strings.Join(branches, ", "), cond())
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
				if o.meta == "union" || c.pick(4) != 0 { // conditional members need boxed
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
