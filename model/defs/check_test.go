// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/parser"
)

// checkText parses and checks schema text given as file "t.json"; other
// files it includes come from more.
func checkText(t *testing.T, text string, legacy bool, more map[string]string) ([]Def, error) {
	t.Helper()
	read := func(name string) ([]byte, error) {
		if s, ok := more[name]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
	sch, err := parser.ParseBytes("t.json", []byte(text), parser.Options{Legacy: legacy, ReadFile: read})
	if err != nil {
		t.Fatalf("parse error (the test schema must parse):\n%v", err)
	}
	return Check(sch.Exprs, Options{Legacy: legacy})
}

// errorCase is a schema and the exact error Check must report for it.
type errorCase struct {
	schema string
	want   string
}

func runErrorCases(t *testing.T, legacy bool, cases []errorCase) {
	t.Helper()
	for _, tc := range cases {
		_, err := checkText(t, tc.schema, legacy, nil)
		if err == nil {
			t.Errorf("%s\nno error, want:\n%s", tc.schema, tc.want)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("%s\ngot:\n%s\nwant:\n%s", tc.schema, err, tc.want)
		}
	}
}

func TestErrorsDefinition(t *testing.T) {
	runErrorCases(t, false, []errorCase{
		{"{ 'structure': 'Foo', 'data': {} }",
			"t.json:1: expression must have exactly one key 'enum', 'struct', 'union', 'alternate', 'command', 'event'"},
		{"{ 'struct': 'Foo', 'command': 'foo' }",
			"t.json:1: expression must have exactly one key 'enum', 'struct', 'union', 'alternate', 'command', 'event'"},
		{"{ 'enum': ['Foo'], 'data': [] }", "t.json:1: 'enum' requires a string name"},
		{"\n{ 'event': true }", "t.json:2: 'event' requires a string name"},
		{"{ 'struct': 'x-Foo_1', 'data': {} }", "t.json: In struct 'x-Foo_1':\nt.json:1: name of struct must use CamelCase"},
		{"{ 'struct': '_Foo', 'data': {} }", "t.json: In struct '_Foo':\nt.json:1: struct has an invalid name"},
		{"{ 'enum': 'Q_Foo', 'data': [] }", "t.json: In enum 'Q_Foo':\nt.json:1: name of enum must use CamelCase"},
		{"{ 'alternate': 'FOO', 'data': {} }", "t.json: In alternate 'FOO':\nt.json:1: name of alternate must use CamelCase"},
		{"{ 'union': 'BarList', 'base': {}, 'discriminator': 'a', 'data': {} }",
			"t.json: In union 'BarList':\nt.json:1: union name should not end in 'List'"},
		{"{ 'command': 'do_it' }", "t.json: In command 'do_it':\nt.json:1: name of command must not use uppercase or '_'"},
		{"{ 'command': 'doIt' }", "t.json: In command 'doIt':\nt.json:1: name of command must not use uppercase or '_'"},
		{"{ 'command': 'q-do' }", "t.json: In command 'q-do':\nt.json:1: command has an invalid name"},
		{"{ 'command': 'x-do.it' }", "t.json: In command 'x-do.it':\nt.json:1: command has an invalid name"},
		{"{ 'event': 'Happened' }", "t.json: In event 'Happened':\nt.json:1: name of event must not use lowercase or '-'"},
		{"{ 'event': 'SOME-THING' }", "t.json: In event 'SOME-THING':\nt.json:1: name of event must not use lowercase or '-'"},
		{"{ 'struct': 'Foo' }", "t.json: In struct 'Foo':\nt.json:1: struct misses key 'data'"},
		{"{ 'union': 'Foo' }", "t.json: In union 'Foo':\nt.json:1: union misses keys 'base', 'data', 'discriminator'"},
		{"{ 'event': 'EV', 'returns': 'int' }",
			"t.json: In event 'EV':\nt.json:1: event has unknown key 'returns'\nValid keys are 'boxed', 'data', 'event', 'features', 'if'."},
		{"{ 'enum': 'Enu', 'data': [], 'base': 'X', 'gen': false }",
			"t.json: In enum 'Enu':\nt.json:1: enum has unknown keys 'base', 'gen'\nValid keys are 'data', 'enum', 'features', 'if', 'prefix'."},
	})
}

func TestErrorsDoc(t *testing.T) {
	runErrorCases(t, false, []errorCase{
		{"##\n# @Bar:\n##\n{ 'struct': 'Foo', 'data': {} }",
			"t.json: In struct 'Foo':\nt.json:4: documentation comment is for 'Bar'"},
		{"{ 'pragma': { 'doc-required': true } }\n{ 'struct': 'Foo', 'data': {} }",
			"t.json: In struct 'Foo':\nt.json:2: documentation comment required"},
		{"##\n# @Foo:\n#\n# Returns: nothing\n##\n{ 'struct': 'Foo', 'data': {} }",
			"t.json:4: 'Returns' section is only valid for commands"},
		// The doc check comes before the key check.
		{"##\n# @Foo:\n##\n{ 'struct': 'Foo', 'bogus': 'x' }", "t.json: In struct 'Foo':\nt.json:4: struct misses key 'data'"},
	})
}

func TestErrorsCondition(t *testing.T) {
	runErrorCases(t, false, []errorCase{
		{"{ 'struct': 'Stru', 'data': {}, 'if': 'defined(X)' }",
			"t.json: In struct 'Stru':\nt.json:1: 'if' condition 'defined(X)' of struct is not a valid identifier"},
		{"{ 'struct': 'Stru', 'data': {}, 'if': 'config_x' }",
			"t.json: In struct 'Stru':\nt.json:1: 'if' condition 'config_x' of struct is not a valid identifier"},
		{"{ 'struct': 'Stru', 'data': {}, 'if': ['A'] }",
			"t.json: In struct 'Stru':\nt.json:1: 'if' condition of struct must be a string or an object"},
		{"{ 'struct': 'Stru', 'data': {}, 'if': {} }",
			"t.json: In struct 'Stru':\nt.json:1: 'if' condition of struct has conflicting keys"},
		{"{ 'struct': 'Stru', 'data': {}, 'if': { 'all': ['A'], 'not': 'B' } }",
			"t.json: In struct 'Stru':\nt.json:1: 'if' condition of struct has conflicting keys"},
		{"{ 'struct': 'Stru', 'data': {}, 'if': { 'one': 'A' } }",
			"t.json: In struct 'Stru':\nt.json:1: 'if' condition of struct has unknown key 'one'\nValid keys are 'all', 'any', 'not'."},
		{"{ 'struct': 'Stru', 'data': {}, 'if': { 'any': 'A' } }",
			"t.json: In struct 'Stru':\nt.json:1: 'any' condition of struct must be an array"},
		{"{ 'struct': 'Stru', 'data': {}, 'if': { 'not': { 'all': [] } } }",
			"t.json: In struct 'Stru':\nt.json:1: 'if' condition [] of struct is useless"},
		{"{ 'struct': 'Stru', 'data': {}, 'if': { 'all': [ 'A', { 'not': { 'any': [ 'B', 'c' ] } } ] } }",
			"t.json: In struct 'Stru':\nt.json:1: 'if' condition 'c' of struct is not a valid identifier"},
		{"{ 'command': 'c', 'data': { 'a': { 'type': 'int', 'if': true } } }",
			"t.json: In command 'c':\nt.json:1: 'if' condition of 'data' member 'a' must be a string or an object"},
		{"{ 'enum': 'Enu', 'data': [ { 'name': 'a', 'if': '' } ] }",
			"t.json: In enum 'Enu':\nt.json:1: 'if' condition '' of 'data' member 'a' is not a valid identifier"},
		{"{ 'event': 'EV', 'features': [ { 'name': 'f', 'if': { 'not': true } } ] }",
			"t.json: In event 'EV':\nt.json:1: 'if' condition of 'features' member 'f' must be a string or an object"},
	})
}

func TestErrorsMembers(t *testing.T) {
	runErrorCases(t, false, []errorCase{
		{"{ 'struct': 'Stru', 'data': 'T' }", "t.json: In struct 'Stru':\nt.json:1: 'data' should be an object or type name"},
		{"{ 'struct': 'Stru', 'data': {}, 'base': {} }", "t.json: In struct 'Stru':\nt.json:1: 'base' should be a type name"},
		{"{ 'struct': 'Stru', 'data': { 'a-B': 'int' } }",
			"t.json: In struct 'Stru':\nt.json:1: name of 'data' member 'a-B' must not use uppercase or '_'"},
		{"{ 'struct': 'Stru', 'data': { '*a_b': 'int' } }",
			"t.json: In struct 'Stru':\nt.json:1: name of 'data' member '*a_b' must not use uppercase or '_'"},
		{"{ 'struct': 'Stru', 'data': { '**a': 'int' } }",
			"t.json: In struct 'Stru':\nt.json:1: 'data' member '**a' has an invalid name"},
		{"{ 'struct': 'Stru', 'data': { 'has-it': 'int' } }",
			"t.json: In struct 'Stru':\nt.json:1: 'data' member 'has-it' uses reserved name"},
		{"{ 'struct': 'Stru', 'data': { '*u': 'int' } }",
			"t.json: In struct 'Stru':\nt.json:1: 'data' member '*u' uses reserved name"},
		{"{ 'struct': 'Stru', 'data': { 'a': { 'typ': 'int' } } }",
			"t.json: In struct 'Stru':\nt.json:1: 'data' member 'a' misses key 'type'"},
		{"{ 'struct': 'Stru', 'data': { 'a': { 'type': 'int', 'doc': 'x' } } }",
			"t.json: In struct 'Stru':\nt.json:1: 'data' member 'a' has unknown key 'doc'\nValid keys are 'features', 'if', 'type'."},
		{"{ 'struct': 'Stru', 'data': { 'a': true } }",
			"t.json: In struct 'Stru':\nt.json:1: 'data' member 'a' should be a type name or array"},
		{"{ 'struct': 'Stru', 'data': { 'a': [ 'int', 'str' ] } }",
			"t.json: In struct 'Stru':\nt.json:1: 'data' member 'a': array type must contain single type name"},
		{"{ 'struct': 'Stru', 'data': { 'a': { 'type': 'int', 'features': 'f' } } }",
			"t.json: In struct 'Stru':\nt.json:1: 'features' must be an array"},
		{"{ 'command': 'c', 'data': [ 'a' ] }", "t.json: In command 'c':\nt.json:1: 'data' should be an object or type name"},
		{"{ 'command': 'c', 'returns': { 'a': 'int' } }", "t.json: In command 'c':\nt.json:1: 'returns' should be a type name or array"},
		{"{ 'command': 'c', 'returns': [] }", "t.json: In command 'c':\nt.json:1: 'returns': array type must contain single type name"},
		{"{ 'event': 'EV', 'data': { 'x': { 'type': { 'y': 'int' } } } }",
			"t.json: In event 'EV':\nt.json:1: 'data' member 'x' should be a type name or array"},
	})
}

func TestErrorsMemberNameExceptions(t *testing.T) {
	// The exception covers the struct's own members, not a command's.
	schema := "{ 'pragma': { 'member-name-exceptions': [ 'Stru' ] } }\n" +
		"{ 'struct': 'Stru', 'data': { 'Odd_Name': 'int' } }\n" +
		"{ 'command': 'c', 'data': { 'Odd': 'int' } }"
	runErrorCases(t, false, []errorCase{{schema,
		"t.json: In command 'c':\nt.json:3: name of 'data' member 'Odd' must not use uppercase or '_'"}})
	schema = "{ 'pragma': { 'command-name-exceptions': [ 'do_it' ] } }\n" +
		"{ 'command': 'do_it' }\n{ 'command': 'Do_it' }"
	runErrorCases(t, false, []errorCase{{schema,
		"t.json: In command 'Do_it':\nt.json:3: name of command must not use uppercase or '_'"}})
}

func TestErrorsEnum(t *testing.T) {
	runErrorCases(t, false, []errorCase{
		{"{ 'enum': 'Enu', 'data': { 'a': 'b' } }", "t.json: In enum 'Enu':\nt.json:1: 'data' must be an array"},
		{"{ 'enum': 'Enu', 'data': [], 'prefix': [] }", "t.json: In enum 'Enu':\nt.json:1: 'prefix' must be a string"},
		{"{ 'enum': 'Enu', 'data': [ ['a'] ] }", "t.json: In enum 'Enu':\nt.json:1: 'data' member requires a string name"},
		{"{ 'enum': 'Enu', 'data': [ { 'if': 'X' } ] }", "t.json: In enum 'Enu':\nt.json:1: 'data' member misses key 'name'"},
		{"{ 'enum': 'Enu', 'data': [ { 'name': 'a', 'when': 'X' } ] }",
			"t.json: In enum 'Enu':\nt.json:1: 'data' member has unknown key 'when'\nValid keys are 'features', 'if', 'name'."},
		{"{ 'enum': 'Enu', 'data': [ '1st', 'Two' ] }",
			"t.json: In enum 'Enu':\nt.json:1: name of 'data' member 'Two' must not use uppercase or '_'"},
		// QEMU crashes on this one (IndexError); we report it as invalid.
		{"{ 'enum': 'Enu', 'data': [ '' ] }", "t.json: In enum 'Enu':\nt.json:1: 'data' member '' has an invalid name"},
		{"{ 'enum': 'Enu', 'data': [ 'q-x' ] }", "t.json: In enum 'Enu':\nt.json:1: 'data' member 'q-x' has an invalid name"},
		{"{ 'enum': 'Enu', 'data': [ { 'name': 'a', 'features': [ 'Big' ] } ] }",
			"t.json: In enum 'Enu':\nt.json:1: name of 'features' member 'Big' must not use uppercase or '_'"},
	})
}

func TestErrorsUnionAlternate(t *testing.T) {
	runErrorCases(t, false, []errorCase{
		{"{ 'union': 'Uni', 'base': ['B'], 'discriminator': 'k', 'data': {} }",
			"t.json: In union 'Uni':\nt.json:1: 'base' should be an object or type name"},
		{"{ 'union': 'Uni', 'base': { 'K': 'E' }, 'discriminator': 'k', 'data': {} }",
			"t.json: In union 'Uni':\nt.json:1: name of 'base' member 'K' must not use uppercase or '_'"},
		{"{ 'union': 'Uni', 'base': 'B', 'discriminator': {}, 'data': {} }",
			"t.json: In union 'Uni':\nt.json:1: 'discriminator' requires a string name"},
		{"{ 'union': 'Uni', 'base': 'B', 'discriminator': 'k', 'data': [] }",
			"t.json: In union 'Uni':\nt.json:1: 'data' must be an object"},
		{"{ 'union': 'Uni', 'base': 'B', 'discriminator': 'k', 'data': { 'a': ['T'] } }",
			"t.json: In union 'Uni':\nt.json:1: 'data' member 'a' should be a type name"},
		{"{ 'union': 'Uni', 'base': 'B', 'discriminator': 'k', 'data': { 'a': { 'type': 'T', 'features': [] } } }",
			"t.json: In union 'Uni':\nt.json:1: 'data' member 'a' has unknown key 'features'\nValid keys are 'if', 'type'."},
		{"{ 'alternate': 'Alt', 'data': {} }", "t.json: In alternate 'Alt':\nt.json:1: 'data' must not be empty"},
		{"{ 'alternate': 'Alt', 'data': 'T' }", "t.json: In alternate 'Alt':\nt.json:1: 'data' must be an object"},
		{"{ 'alternate': 'Alt', 'data': { 'Big': 'int' } }",
			"t.json: In alternate 'Alt':\nt.json:1: name of 'data' member 'Big' must not use uppercase or '_'"},
		{"{ 'alternate': 'Alt', 'data': { 'a': { 'type': { 'x': 'int' } } } }",
			"t.json: In alternate 'Alt':\nt.json:1: 'data' member 'a' should be a type name or array"},
	})
}

func TestErrorsCommandEventFlags(t *testing.T) {
	runErrorCases(t, false, []errorCase{
		{"{ 'command': 'c', 'boxed': true }", "t.json: In command 'c':\nt.json:1: 'boxed': true requires 'data'"},
		{"{ 'command': 'c', 'boxed': true, 'data': { 'a': 'int' } }", "t.json: In command 'c':\nt.json:1: 'data' should be a type name"},
		{"{ 'event': 'EV', 'boxed': 'yes' }", "t.json: In event 'EV':\nt.json:1: 'boxed': true requires 'data'"},
		{"{ 'event': 'EV', 'boxed': false }", "t.json: In event 'EV':\nt.json:1: flag 'boxed' may only use true value"},
		{"{ 'command': 'c', 'gen': true }", "t.json: In command 'c':\nt.json:1: flag 'gen' may only use false value"},
		{"{ 'command': 'c', 'success-response': 'no' }", "t.json: In command 'c':\nt.json:1: flag 'success-response' may only use false value"},
		{"{ 'command': 'c', 'allow-preconfig': false }", "t.json: In command 'c':\nt.json:1: flag 'allow-preconfig' may only use true value"},
		{"{ 'command': 'c', 'coroutine': false }", "t.json: In command 'c':\nt.json:1: flag 'coroutine' may only use true value"},
		{"{ 'command': 'c', 'allow-oob': true, 'coroutine': true }",
			"t.json: In command 'c':\nt.json:1: flags 'allow-oob' and 'coroutine' are incompatible"},
		// Features are checked after 'if', flags last.
		{"{ 'command': 'c', 'gen': true, 'features': [ 'A' ], 'if': 'x' }",
			"t.json: In command 'c':\nt.json:1: 'if' condition 'x' of command is not a valid identifier"},
		{"{ 'command': 'c', 'gen': true, 'features': [ 'A' ] }",
			"t.json: In command 'c':\nt.json:1: name of 'features' member 'A' must not use uppercase or '_'"},
		{"{ 'command': 'c', 'features': [ { 'name': 'f', 'on': true } ] }",
			"t.json: In command 'c':\nt.json:1: 'features' member has unknown key 'on'\nValid keys are 'if', 'name'."},
		{"{ 'command': 'c', 'features': [ { 'if': 'X' } ] }", "t.json: In command 'c':\nt.json:1: 'features' member misses key 'name'"},
		{"{ 'command': 'c', 'features': [ true ] }", "t.json: In command 'c':\nt.json:1: 'features' member requires a string name"},
	})
}

func TestErrorContextIncluded(t *testing.T) {
	sub := "\n\n{ 'struct': 'Stru', 'data': { 'a': 'int' }, 'if': [] }\n"
	_, err := checkText(t, "{ 'enum': 'Enu', 'data': [] }\n{ 'include': 'sub.json' }", false, map[string]string{"sub.json": sub})
	want := "In file included from t.json:2:\nsub.json: In struct 'Stru':\nsub.json:3: 'if' condition of struct must be a string or an object"
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

func TestLegacyErrors(t *testing.T) {
	runErrorCases(t, true, []errorCase{
		{"{ 'data': {} }", "t.json:1: expression is missing metatype"},
		{"{ 'struct': 'Stru', 'enum': 'Enu', 'data': [] }",
			"t.json: In enum 'Enu':\nt.json:1: enum has unknown key 'struct'\nValid keys are 'data', 'enum', 'features', 'if', 'prefix'."},
		{"{ 'struct': 'FooKind', 'data': {} }", "t.json: In struct 'FooKind':\nt.json:1: struct name should not end in 'Kind'"},
		{"{ 'struct': 'x-foo', 'data': { 'Up': 'int' } }",
			"t.json: In struct 'x-foo':\nt.json:1: 'data' member 'Up' uses uppercase in name"},
		{"{ 'struct': 'Stru', 'data': { 'a': 'int' }, 'if': ' ' }",
			"t.json: In struct 'Stru':\nt.json:1: 'if' condition ' ' of struct makes no sense"},
		{"{ 'struct': 'Stru', 'data': { 'a': 'int' }, 'if': [] }",
			"t.json: In struct 'Stru':\nt.json:1: 'if' condition [] of struct is useless"},
		{"{ 'struct': 'Stru', 'data': { 'a': 'int' }, 'if': { 'all': ['A'] } }",
			"t.json: In struct 'Stru':\nt.json:1: 'if' condition of struct must be a string or a list of strings"},
		{"{ 'struct': 'Stru', 'data': [ 'int' ] }", "t.json: In struct 'Stru':\nt.json:1: 'data' cannot be an array"},
		{"{ 'struct': 'Stru', 'data': { 'a': { 'type': 'int', 'feature': [] } } }",
			"t.json: In struct 'Stru':\nt.json:1: 'data' member 'a' has unknown key 'feature'\nValid keys are 'features', 'if', 'type'."},
		{"{ 'enum': 'Enu', 'data': [ { 'name': 'a', 'features': [] } ] }",
			"t.json: In enum 'Enu':\nt.json:1: 'data' member has unknown key 'features'\nValid keys are 'if', 'name'."},
		{"{ 'union': 'Uni', 'base': 'B', 'data': { 'a': 'int' } }", "t.json: In union 'Uni':\nt.json:1: 'base' requires 'discriminator'"},
		{"{ 'union': 'Uni', 'discriminator': 'k', 'data': { 'a': 'int' } }",
			"t.json: In union 'Uni':\nt.json:1: 'discriminator' requires 'base'"},
		{"{ 'union': 'Uni', 'base': 'B', 'discriminator': 'k', 'data': { 'a': ['T'] } }",
			"t.json: In union 'Uni':\nt.json:1: 'data' member 'a' cannot be an array"},
		{"{ 'union': 'Uni', 'data': { 'A': 'int' } }", "t.json: In union 'Uni':\nt.json:1: 'data' member 'A' uses uppercase in name"},
		{"{ 'alternate': 'Alt', 'data': { 'a': ['int'] } }", "t.json: In alternate 'Alt':\nt.json:1: 'data' member 'a' cannot be an array"},
		{"{ 'command': 'c', 'returns': { 'a': 'int' } }", "t.json: In command 'c':\nt.json:1: 'returns' should be a type name"},
		{"{ 'command': 'c', 'coroutine': true, 'allow-oob': true }",
			"t.json: In command 'c':\nt.json:1: flags 'allow-oob' and 'coroutine' are incompatible"},
		{"{ 'command': 'c', 'features': [ '_x' ] }", "t.json: In command 'c':\nt.json:1: 'features' member '_x' has an invalid name"},
		{"{ 'event': 'ev', 'boxed': true, 'data': { 'a': 'int' } }", "t.json: In event 'ev':\nt.json:1: 'data' should be a type name"},
	})
}

func TestLegacyAccepts(t *testing.T) {
	schema := strings.Join([]string{
		"{ 'pragma': { 'name-case-whitelist': [ 'Odd' ] } }",
		"{ 'struct': 'Odd', 'data': { 'Up_Case': 'int', '*u': 'str' }, 'if': 'defined(CONFIG_X) && 1' }",
		"{ 'union': 'Simple', 'data': { 'one': 'Odd', 'many': ['Odd'] }, 'if': ['defined(A)', 'defined(B)'] }",
		"{ 'command': 'query_thing', 'returns': 'int' }",
		"{ 'event': 'lower_case_event' }",
	}, "\n")
	defs, err := checkText(t, schema, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	u := defs[1].(*Union)
	if u.Discriminator != "" || u.HasInlineBase || u.BaseName != "" || len(u.Branches) != 2 || !u.Branches[1].Type.Array {
		t.Errorf("simple union: %+v", u)
	}
	if u.If.String() != "['defined(A)', 'defined(B)']" {
		t.Errorf("legacy 'if' not kept as written: %v", u.If)
	}
	if s := defs[0].(*Struct); s.If.Name != "defined(CONFIG_X) && 1" || !s.Members[1].Optional || s.Members[1].Name != "u" {
		t.Errorf("struct: %+v", s)
	}
}

// TestCheckKeepsOrder: a big schema gives every definition in order and
// reports the error of the earliest bad expression, wherever it is.
func TestCheckKeepsOrder(t *testing.T) {
	const n = 1200
	schema := func(bad ...int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			name := "Thing" + strconv.Itoa(i)
			if slices.Contains(bad, i) {
				name = "bad-name-" + strconv.Itoa(i)
			}
			fmt.Fprintf(&b, "{ 'struct': '%s', 'data': { 'a': 'int' } }\n", name)
		}
		return b.String()
	}
	defs, err := checkText(t, schema(), false, nil)
	if err != nil || len(defs) != n {
		t.Fatalf("good schema: %d defs, %v", len(defs), err)
	}
	for i, d := range defs {
		if s, ok := d.(*Struct); !ok || s.Name != "Thing"+strconv.Itoa(i) {
			t.Fatalf("def %d is %#v, want struct Thing%d", i, d, i)
		}
	}
	for _, bad := range [][]int{{5, n - 5}, {n - 5}, {n/2 + 1, n - 1}} {
		_, err := checkText(t, schema(bad...), false, nil)
		want := fmt.Sprintf("\nt.json:%d: name of struct must use CamelCase", bad[0]+1)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("bad expressions %v: error %v, want one with %q", bad, err, want)
		}
	}
}
