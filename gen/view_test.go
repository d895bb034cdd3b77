// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"go/ast"
	"slices"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/goview"
)

// TestViewMatchesOutput checks the view against the generated code: each
// declaration the view lists is a type of the package with exactly the
// methods (in order) and the exported fields (in order) the view gives
// it, so that readers of the view (the round-trip tests, the Go API
// comparison) name what the package declares.
func TestViewMatchesOutput(t *testing.T) {
	for _, c := range []struct {
		file string
		opts Options
	}{
		{"../schema/everything.json", Options{}},
		{"testdata/tricky.json", Options{}},
		{"testdata/firstday.json", Options{Server: true}},
		{"../schema/everything.json", Options{Conds: map[string]bool{"CONFIG_WIN32": false, "CONFIG_A": false, "CONFIG_LINUX": false}}},
	} {
		s, err := frontend.Load(c.file, frontend.Options{LenientDocs: true})
		if err != nil {
			t.Fatal(err)
		}
		c.opts.Package = "p"
		files, err := Generate(s, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		got := declarations(t, files)
		v, err := View(s, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Defs) == 0 {
			t.Fatalf("%s: the view declares nothing", c.file)
		}
		for _, d := range v.Defs {
			if _, ok := got.pkg[d.Name]; !ok {
				t.Errorf("%s: %s %s is not declared", c.file, d.Kind, d.Name)
				continue
			}
			if ms := got.methods[d.Name]; !slices.Equal(ms, d.Methods) {
				t.Errorf("%s: %s has methods %v, the view says %v", c.file, d.Name, ms, d.Methods)
			}
			var want []string
			for _, f := range d.Fields {
				want = append(want, f.Name)
			}
			for _, b := range d.Branches {
				want = append(want, b.Name)
			}
			if d.Arg != nil {
				want = append(want, d.Arg.Field)
			}
			if d.Extra != "" {
				want = append(want, d.Extra)
			}
			var fields []string
			for _, f := range got.fields[d.Name] {
				if ast.IsExported(f) {
					fields = append(fields, f)
				}
			}
			if d.Kind != goview.Enum && !slices.Equal(fields, want) { // an enum is a string
				t.Errorf("%s: %s has fields %v, the view says %v", c.file, d.Name, fields, want)
			}
			for _, val := range d.Values {
				if _, ok := got.pkg[val.Const]; !ok || !strings.HasPrefix(val.Const, d.Name) {
					t.Errorf("%s: constant %s of %s is not declared", c.file, val.Const, d.Name)
				}
			}
		}
	}
}
