// SPDX-License-Identifier: Apache-2.0

package introspect

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/wire"
)

// condSchema has a condition on every kind of thing that can have one,
// integer types of several sizes, a type only a conditional command uses
// and one used only under a negated condition.
const condSchema = `
{ 'enum': 'Color', 'data': [ 'a', { 'name': 'b', 'if': 'B' }, { 'name': 'c', 'features': [ 'deprecated', { 'name': 'unstable', 'if': 'F' } ] } ],
  'features': [ { 'name': 'f', 'if': 'F' } ] }
{ 'struct': 'Thing', 'data': { 'm': 'Color', '*n': { 'type': 'uint8', 'if': 'N' }, 'l': ['uint16'], '*z': { 'type': 'Gone', 'if': 'G' } } }
{ 'struct': 'Gone', 'data': {}, 'if': 'G' }
{ 'struct': 'Only', 'data': { 'v': 'number' }, 'if': { 'not': 'G' } }
{ 'union': 'Choice', 'base': { 'kind': 'Color' }, 'discriminator': 'kind', 'data': { 'a': 'Thing', 'b': { 'type': 'Thing', 'if': 'B' } } }
{ 'alternate': 'Alt', 'data': { 'i': 'int', 's': { 'type': 'Only', 'if': { 'all': [ 'AS', 'B' ] } } } }
{ 'command': 'cmd', 'data': { 'choice': 'Choice', 'alt': 'Alt', '*s': ['Thing'] }, 'returns': 'Thing', 'allow-oob': true,
  'features': [ { 'name': 'deprecated', 'if': 'F' } ] }
{ 'event': 'EV', 'if': { 'any': [ 'EVC', 'G' ] } }
{ 'command': 'gone', 'if': 'G', 'data': { 'x': 'Gone' }, 'returns': [ 'Gone' ] }
{ 'command': 'last', 'data': 'Thing', 'boxed': true }
`

// condCases give what QEMU's own generator (10.1, run by hand on
// condSchema) compiles in, with each configuration applied. Numbers are
// handed out before the configuration applies; an entry whose features
// are all excluded keeps an empty list.
var condCases = []struct {
	name string
	opts Options
	want string
}{
	{"masked", Options{Unmask: false, Config: model.Config{}}, `[
		{"arg-type":"0","ret-type":"1","allow-oob":true,"name":"cmd","meta-type":"command","features":["deprecated"]},
		{"arg-type":"2","name":"EV","meta-type":"event"},
		{"arg-type":"3","ret-type":"[4]","name":"gone","meta-type":"command"},
		{"arg-type":"1","ret-type":"2","name":"last","meta-type":"command"},
		{"members":[{"name":"choice","type":"5"},{"name":"alt","type":"6"},{"name":"s","type":"[1]","default":null}],"name":"0","meta-type":"object"},
		{"members":[{"name":"m","type":"7"},{"name":"n","type":"int","default":null},{"name":"l","type":"[int]"},{"name":"z","type":"4","default":null}],"name":"1","meta-type":"object"},
		{"members":[],"name":"2","meta-type":"object"},
		{"members":[{"name":"x","type":"4"}],"name":"3","meta-type":"object"},
		{"element-type":"4","name":"[4]","meta-type":"array"},
		{"members":[],"name":"4","meta-type":"object"},
		{"members":[{"name":"kind","type":"7"}],"tag":"kind","variants":[{"case":"a","type":"1"},{"case":"b","type":"1"},{"case":"c","type":"2"}],"name":"5","meta-type":"object"},
		{"members":[{"type":"int"},{"type":"8"}],"name":"6","meta-type":"alternate"},
		{"element-type":"1","name":"[1]","meta-type":"array"},
		{"members":[{"name":"a"},{"name":"b"},{"name":"c","features":["deprecated","unstable"]}],"values":["a","b","c"],"name":"7","meta-type":"enum","features":["f"]},
		{"json-type":"int","name":"int","meta-type":"builtin"},
		{"element-type":"int","name":"[int]","meta-type":"array"},
		{"members":[{"name":"v","type":"number"}],"name":"8","meta-type":"object"},
		{"json-type":"number","name":"number","meta-type":"builtin"}
	]`},
	{"unmasked", Options{Unmask: true, Config: model.Config{}}, `[
		{"arg-type":"q_obj_cmd-arg","ret-type":"Thing","allow-oob":true,"name":"cmd","meta-type":"command","features":["deprecated"]},
		{"arg-type":"q_empty","name":"EV","meta-type":"event"},
		{"arg-type":"q_obj_gone-arg","ret-type":"[Gone]","name":"gone","meta-type":"command"},
		{"arg-type":"Thing","ret-type":"q_empty","name":"last","meta-type":"command"},
		{"members":[{"name":"choice","type":"Choice"},{"name":"alt","type":"Alt"},{"name":"s","type":"[Thing]","default":null}],"name":"q_obj_cmd-arg","meta-type":"object"},
		{"members":[{"name":"m","type":"Color"},{"name":"n","type":"int","default":null},{"name":"l","type":"[int]"},{"name":"z","type":"Gone","default":null}],"name":"Thing","meta-type":"object"},
		{"members":[],"name":"q_empty","meta-type":"object"},
		{"members":[{"name":"x","type":"Gone"}],"name":"q_obj_gone-arg","meta-type":"object"},
		{"element-type":"Gone","name":"[Gone]","meta-type":"array"},
		{"members":[],"name":"Gone","meta-type":"object"},
		{"members":[{"name":"kind","type":"Color"}],"tag":"kind","variants":[{"case":"a","type":"Thing"},{"case":"b","type":"Thing"},{"case":"c","type":"q_empty"}],"name":"Choice","meta-type":"object"},
		{"members":[{"type":"int"},{"type":"Only"}],"name":"Alt","meta-type":"alternate"},
		{"element-type":"Thing","name":"[Thing]","meta-type":"array"},
		{"members":[{"name":"a"},{"name":"b"},{"name":"c","features":["deprecated","unstable"]}],"values":["a","b","c"],"name":"Color","meta-type":"enum","features":["f"]},
		{"json-type":"int","name":"int","meta-type":"builtin"},
		{"element-type":"int","name":"[int]","meta-type":"array"},
		{"members":[{"name":"v","type":"number"}],"name":"Only","meta-type":"object"},
		{"json-type":"number","name":"number","meta-type":"builtin"}
	]`},
	{"configured", Options{Unmask: false, Config: model.Config{"G": false, "B": false, "F": false, "N": false, "EVC": false}}, `[
		{"arg-type":"0","ret-type":"1","allow-oob":true,"name":"cmd","meta-type":"command","features":[]},
		{"arg-type":"1","ret-type":"2","name":"last","meta-type":"command"},
		{"members":[{"name":"choice","type":"5"},{"name":"alt","type":"6"},{"name":"s","type":"[1]","default":null}],"name":"0","meta-type":"object"},
		{"members":[{"name":"m","type":"7"},{"name":"l","type":"[int]"}],"name":"1","meta-type":"object"},
		{"members":[],"name":"2","meta-type":"object"},
		{"members":[{"name":"kind","type":"7"}],"tag":"kind","variants":[{"case":"a","type":"1"},{"case":"c","type":"2"}],"name":"5","meta-type":"object"},
		{"members":[{"type":"int"}],"name":"6","meta-type":"alternate"},
		{"element-type":"1","name":"[1]","meta-type":"array"},
		{"members":[{"name":"a"},{"name":"c","features":["deprecated"]}],"values":["a","c"],"name":"7","meta-type":"enum","features":[]},
		{"json-type":"int","name":"int","meta-type":"builtin"},
		{"element-type":"int","name":"[int]","meta-type":"array"},
		{"members":[{"name":"v","type":"number"}],"name":"8","meta-type":"object"},
		{"json-type":"number","name":"number","meta-type":"builtin"}
	]`},
	{"configured-true", Options{Unmask: false, Config: model.Config{"G": true, "F": false, "AS": true, "B": true}}, `[
		{"arg-type":"0","ret-type":"1","allow-oob":true,"name":"cmd","meta-type":"command","features":[]},
		{"arg-type":"2","name":"EV","meta-type":"event"},
		{"arg-type":"3","ret-type":"[4]","name":"gone","meta-type":"command"},
		{"arg-type":"1","ret-type":"2","name":"last","meta-type":"command"},
		{"members":[{"name":"choice","type":"5"},{"name":"alt","type":"6"},{"name":"s","type":"[1]","default":null}],"name":"0","meta-type":"object"},
		{"members":[{"name":"m","type":"7"},{"name":"n","type":"int","default":null},{"name":"l","type":"[int]"},{"name":"z","type":"4","default":null}],"name":"1","meta-type":"object"},
		{"members":[],"name":"2","meta-type":"object"},
		{"members":[{"name":"x","type":"4"}],"name":"3","meta-type":"object"},
		{"element-type":"4","name":"[4]","meta-type":"array"},
		{"members":[],"name":"4","meta-type":"object"},
		{"members":[{"name":"kind","type":"7"}],"tag":"kind","variants":[{"case":"a","type":"1"},{"case":"b","type":"1"},{"case":"c","type":"2"}],"name":"5","meta-type":"object"},
		{"members":[{"type":"int"},{"type":"8"}],"name":"6","meta-type":"alternate"},
		{"element-type":"1","name":"[1]","meta-type":"array"},
		{"members":[{"name":"a"},{"name":"b"},{"name":"c","features":["deprecated"]}],"values":["a","b","c"],"name":"7","meta-type":"enum","features":[]},
		{"json-type":"int","name":"int","meta-type":"builtin"},
		{"element-type":"int","name":"[int]","meta-type":"array"},
		{"json-type":"number","name":"number","meta-type":"builtin"}
	]`},
	{"configured-unmasked", Options{Unmask: true, Config: model.Config{"G": false, "F": false, "EVC": false}}, `[
		{"arg-type":"q_obj_cmd-arg","ret-type":"Thing","allow-oob":true,"name":"cmd","meta-type":"command","features":[]},
		{"arg-type":"Thing","ret-type":"q_empty","name":"last","meta-type":"command"},
		{"members":[{"name":"choice","type":"Choice"},{"name":"alt","type":"Alt"},{"name":"s","type":"[Thing]","default":null}],"name":"q_obj_cmd-arg","meta-type":"object"},
		{"members":[{"name":"m","type":"Color"},{"name":"n","type":"int","default":null},{"name":"l","type":"[int]"}],"name":"Thing","meta-type":"object"},
		{"members":[],"name":"q_empty","meta-type":"object"},
		{"members":[{"name":"kind","type":"Color"}],"tag":"kind","variants":[{"case":"a","type":"Thing"},{"case":"b","type":"Thing"},{"case":"c","type":"q_empty"}],"name":"Choice","meta-type":"object"},
		{"members":[{"type":"int"},{"type":"Only"}],"name":"Alt","meta-type":"alternate"},
		{"element-type":"Thing","name":"[Thing]","meta-type":"array"},
		{"members":[{"name":"a"},{"name":"b"},{"name":"c","features":["deprecated"]}],"values":["a","b","c"],"name":"Color","meta-type":"enum","features":[]},
		{"json-type":"int","name":"int","meta-type":"builtin"},
		{"element-type":"int","name":"[int]","meta-type":"array"},
		{"members":[{"name":"v","type":"number"}],"name":"Only","meta-type":"object"},
		{"json-type":"number","name":"number","meta-type":"builtin"}
	]`},
}

func TestConditions(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cond.json")
	if err := os.WriteFile(file, []byte(condSchema), 0o644); err != nil {
		t.Fatal(err)
	}
	m := loadModel(t, file)
	for _, c := range condCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Build(m, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			want, err := wire.Decode([]byte(c.want))
			if err != nil {
				t.Fatal(err)
			}
			compareEntries(t, got, want)
		})
	}
}

// legacySchema is condSchema's counterpart in the language of QEMU
// before 6.2: C preprocessor conditions, a simple union, features on a
// struct and a command only.
const legacySchema = `
{ 'enum': 'Color', 'data': [ 'red', { 'name': 'blue', 'if': 'defined(CONFIG_BLUE)' } ] }
{ 'struct': 'Paint', 'data': { 'color': 'Color', '*coats': { 'type': 'uint8', 'if': '!defined(CONFIG_THIN)' } },
  'features': [ 'wet' ] }
{ 'union': 'Job', 'data': { 'paint': 'Paint', 'wait': 'int', 'mix': { 'type': ['Color'], 'if': 'defined(CONFIG_MIX)' } } }
{ 'command': 'work', 'data': { 'job': 'Job' }, 'returns': 'Paint', 'features': [ 'fast' ] }
{ 'event': 'DONE', 'data': { 'job': 'Job' }, 'if': [ 'defined(CONFIG_EV)', 'defined(CONFIG_MIX)' ] }
{ 'command': 'idle' }
`

// legacyCases give what QEMU 4.2's own generator (run by hand on
// legacySchema) compiles in: commands and events in definition order,
// enums as plain values.
var legacyCases = []struct {
	name string
	opts Options
	want string
}{
	{"legacy masked", Options{Unmask: false, Config: model.Config{}}, `[
		{"arg-type":"0","ret-type":"1","features":["fast"],"name":"work","meta-type":"command"},
		{"arg-type":"2","name":"DONE","meta-type":"event"},
		{"arg-type":"3","ret-type":"3","name":"idle","meta-type":"command"},
		{"members":[{"name":"job","type":"4"}],"name":"0","meta-type":"object"},
		{"members":[{"name":"color","type":"5"},{"name":"coats","type":"int","default":null}],"features":["wet"],"name":"1","meta-type":"object"},
		{"members":[{"name":"job","type":"4"}],"name":"2","meta-type":"object"},
		{"members":[],"name":"3","meta-type":"object"},
		{"members":[{"name":"type","type":"6"}],"tag":"type","variants":[{"case":"paint","type":"7"},{"case":"wait","type":"8"},{"case":"mix","type":"9"}],"name":"4","meta-type":"object"},
		{"values":["red","blue"],"name":"5","meta-type":"enum"},
		{"json-type":"int","name":"int","meta-type":"builtin"},
		{"values":["paint","wait","mix"],"name":"6","meta-type":"enum"},
		{"members":[{"name":"data","type":"1"}],"name":"7","meta-type":"object"},
		{"members":[{"name":"data","type":"int"}],"name":"8","meta-type":"object"},
		{"members":[{"name":"data","type":"[5]"}],"name":"9","meta-type":"object"},
		{"element-type":"5","name":"[5]","meta-type":"array"}
	]`},
	{"legacy unmasked", Options{Unmask: true, Config: model.Config{}}, `[
		{"arg-type":"q_obj_work-arg","ret-type":"Paint","features":["fast"],"name":"work","meta-type":"command"},
		{"arg-type":"q_obj_DONE-arg","name":"DONE","meta-type":"event"},
		{"arg-type":"q_empty","ret-type":"q_empty","name":"idle","meta-type":"command"},
		{"members":[{"name":"job","type":"Job"}],"name":"q_obj_work-arg","meta-type":"object"},
		{"members":[{"name":"color","type":"Color"},{"name":"coats","type":"int","default":null}],"features":["wet"],"name":"Paint","meta-type":"object"},
		{"members":[{"name":"job","type":"Job"}],"name":"q_obj_DONE-arg","meta-type":"object"},
		{"members":[],"name":"q_empty","meta-type":"object"},
		{"members":[{"name":"type","type":"JobKind"}],"tag":"type","variants":[{"case":"paint","type":"q_obj_Paint-wrapper"},{"case":"wait","type":"q_obj_int-wrapper"},{"case":"mix","type":"q_obj_ColorList-wrapper"}],"name":"Job","meta-type":"object"},
		{"values":["red","blue"],"name":"Color","meta-type":"enum"},
		{"json-type":"int","name":"int","meta-type":"builtin"},
		{"values":["paint","wait","mix"],"name":"JobKind","meta-type":"enum"},
		{"members":[{"name":"data","type":"Paint"}],"name":"q_obj_Paint-wrapper","meta-type":"object"},
		{"members":[{"name":"data","type":"int"}],"name":"q_obj_int-wrapper","meta-type":"object"},
		{"members":[{"name":"data","type":"[Color]"}],"name":"q_obj_ColorList-wrapper","meta-type":"object"},
		{"element-type":"Color","name":"[Color]","meta-type":"array"}
	]`},
	{"legacy configured", Options{Unmask: false, Config: model.Config{"CONFIG_BLUE": false, "CONFIG_THIN": true, "CONFIG_MIX": false}}, `[
		{"arg-type":"0","ret-type":"1","features":["fast"],"name":"work","meta-type":"command"},
		{"arg-type":"3","ret-type":"3","name":"idle","meta-type":"command"},
		{"members":[{"name":"job","type":"4"}],"name":"0","meta-type":"object"},
		{"members":[{"name":"color","type":"5"}],"features":["wet"],"name":"1","meta-type":"object"},
		{"members":[],"name":"3","meta-type":"object"},
		{"members":[{"name":"type","type":"6"}],"tag":"type","variants":[{"case":"paint","type":"7"},{"case":"wait","type":"8"}],"name":"4","meta-type":"object"},
		{"values":["red"],"name":"5","meta-type":"enum"},
		{"json-type":"int","name":"int","meta-type":"builtin"},
		{"values":["paint","wait"],"name":"6","meta-type":"enum"},
		{"members":[{"name":"data","type":"1"}],"name":"7","meta-type":"object"},
		{"members":[{"name":"data","type":"int"}],"name":"8","meta-type":"object"},
		{"members":[{"name":"data","type":"[5]"}],"name":"9","meta-type":"object"},
		{"element-type":"5","name":"[5]","meta-type":"array"}
	]`},
	{"legacy configured true", Options{Unmask: false, Config: model.Config{"CONFIG_EV": true, "CONFIG_MIX": true, "CONFIG_THIN": false}}, `[
		{"arg-type":"0","ret-type":"1","features":["fast"],"name":"work","meta-type":"command"},
		{"arg-type":"2","name":"DONE","meta-type":"event"},
		{"arg-type":"3","ret-type":"3","name":"idle","meta-type":"command"},
		{"members":[{"name":"job","type":"4"}],"name":"0","meta-type":"object"},
		{"members":[{"name":"color","type":"5"},{"name":"coats","type":"int","default":null}],"features":["wet"],"name":"1","meta-type":"object"},
		{"members":[{"name":"job","type":"4"}],"name":"2","meta-type":"object"},
		{"members":[],"name":"3","meta-type":"object"},
		{"members":[{"name":"type","type":"6"}],"tag":"type","variants":[{"case":"paint","type":"7"},{"case":"wait","type":"8"},{"case":"mix","type":"9"}],"name":"4","meta-type":"object"},
		{"values":["red","blue"],"name":"5","meta-type":"enum"},
		{"json-type":"int","name":"int","meta-type":"builtin"},
		{"values":["paint","wait","mix"],"name":"6","meta-type":"enum"},
		{"members":[{"name":"data","type":"1"}],"name":"7","meta-type":"object"},
		{"members":[{"name":"data","type":"int"}],"name":"8","meta-type":"object"},
		{"members":[{"name":"data","type":"[5]"}],"name":"9","meta-type":"object"},
		{"element-type":"5","name":"[5]","meta-type":"array"}
	]`},
}

func TestLegacy(t *testing.T) {
	file := filepath.Join(t.TempDir(), "legacy.json")
	if err := os.WriteFile(file, []byte(legacySchema), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := frontend.Load(file, frontend.Options{Legacy: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range legacyCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Build(m, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			want, err := wire.Decode([]byte(c.want))
			if err != nil {
				t.Fatal(err)
			}
			compareEntries(t, got, want)
		})
	}
}
