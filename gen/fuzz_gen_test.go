// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/source"
)

// fuzzSeeds are schemas of the kinds of input issue 11 found hostile:
// recursion, names the generator uses itself, nested unions, conditions.
var fuzzSeeds = []struct{ schema, falseConds string }{
	{"{ 'struct': 'Node', 'data': { 'next': 'Node', '*prev': 'Node', 'all': [ 'Node' ] } }", ""},
	{"{ 'struct': 'Dd', 'base': 'Ee', 'data': {} }\n{ 'struct': 'Ee', 'data': { 'd': 'Dd' } }", ""},
	{"{ 'struct': 'Client', 'data': { 'command-name': 'str' } }\n{ 'enum': 'Color', 'data': [ 'values' ] }\n" +
		"{ 'struct': 'NewResult', 'data': {} }\n{ 'command': 'foo', 'data': 'NewResult' }\n" +
		"{ 'command': 'read-byte', 'data': { 'command-name': 'str', 'marshal-json': [ 'int' ] } }\n{ 'event': 'UNKNOWN' }", ""},
	{"{ 'enum': 'Tt', 'data': [ 'a', 'b' ] }\n{ 'struct': 'Aa', 'data': { 'x': 'int' } }\n" +
		"{ 'union': 'Inner', 'base': { 'tag': 'Tt' }, 'discriminator': 'tag', 'data': { 'a': 'Aa' } }\n" +
		"{ 'union': 'Outer', 'base': { 'type': 'Tt', '*name': 'str' }, 'discriminator': 'type', 'data': { 'a': 'Inner' } }\n" +
		"{ 'alternate': 'Alt', 'data': { 'o': 'Outer', 'n': 'null', 'l': [ 'Outer' ] } }\n" +
		"{ 'struct': 'Holder', 'data': { 'alt': 'Alt' } }\n" +
		"{ 'command': 'cmd', 'data': 'Outer', 'boxed': true, 'returns': 'Holder' }", ""},
	{"{ 'struct': 'Gone', 'data': {}, 'if': 'CONFIG_A' }\n{ 'struct': 'User', 'data': { 'g': 'Gone' } }\n" +
		"{ 'enum': 'Ee', 'data': [ 'a', { 'name': 'b', 'if': 'CONFIG_A' } ], 'if': 'CONFIG_A' }\n" +
		"{ 'union': 'Uu', 'base': { 'e': 'Ee' }, 'discriminator': 'e', 'data': { 'b': 'Gone' } }\n" +
		"{ 'command': 'c', 'returns': 'Gone', 'if': { 'not': 'CONFIG_B' } }", "CONFIG_A CONFIG_B"},
	{"{ 'struct': 'MarshalJSON', 'data': { 'l': [ 'int' ] } }\n{ 'command': 'cmd', 'data': 'MarshalJSON' }\n" +
		"{ 'event': 'EV', 'data': 'MarshalJSON' }", ""},
	{"{ 'struct': 'x-Foo', 'data': {} }\n{ 'struct': 'XFoo', 'data': {} }", ""},
}

// FuzzGenerate runs the front end and Generate on arbitrary schemas (and
// -cond settings: the second input lists symbols set to false). A schema
// the front end accepts must give a package that type-checks and passes
// go vet's stdmethods check, or a positioned error (*source.Error).
// Type-checking stands in for go build: milliseconds instead of seconds.
func FuzzGenerate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s.schema), s.falseConds)
	}
	for _, file := range []string{"testdata/tricky.json", "../schema/example.json"} {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data, "")
		}
	}
	f.Fuzz(func(t *testing.T, schema []byte, falseConds string) {
		s, err := frontend.Load("fuzz.json", frontend.Options{LenientDocs: true, ReadFile: func(name string) ([]byte, error) {
			if filepath.Clean(name) == "fuzz.json" {
				return schema, nil
			}
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}})
		if err != nil {
			return // the front end's errors are FuzzFrontEnd's
		}
		files, err := Generate(s, Options{Package: "p", Source: "fuzz.json", Conds: allFalse(falseConds)})
		if err != nil {
			var serr *source.Error
			if !errors.As(err, &serr) || serr.Info == nil {
				t.Fatalf("error without a schema position (%T): %v\nschema:\n%s", err, err, schema)
			}
			return
		}
		if err := typeCheck(files); err != nil {
			t.Fatalf("generated package does not type-check: %v\nschema:\n%s\nfalse: %q", err, schema, falseConds)
		}
	})
}

// TestFuzzSeeds: the seeds reach the generator (the front end accepts
// them), so that FuzzGenerate's ordinary run checks them; the last one is
// a clash, which must be a positioned error.
func TestFuzzSeeds(t *testing.T) {
	for i, s := range fuzzSeeds {
		m, err := frontend.LoadBytes("fuzz.json", []byte(s.schema), frontend.Options{LenientDocs: true})
		if err != nil {
			t.Errorf("seed %d: front end: %v", i, err)
			continue
		}
		_, err = Generate(m, Options{Package: "p", Source: "fuzz.json", Conds: allFalse(s.falseConds)})
		if last := i == len(fuzzSeeds)-1; (err != nil) != last {
			t.Errorf("seed %d: %v", i, err)
		}
	}
}

// allFalse sets each space-separated symbol of list to false.
func allFalse(list string) map[string]bool {
	conds := map[string]bool{}
	for _, c := range strings.Fields(list) {
		conds[c] = false
	}
	return conds
}
