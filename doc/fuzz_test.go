// SPDX-License-Identifier: Apache-2.0

package doc

import (
	"errors"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/source"
)

// FuzzParse feeds arbitrary text through the test splitter and Parse in
// both modes, then runs the model-side methods: nothing may panic, and
// every error must be a positioned *source.Error.
func FuzzParse(f *testing.F) {
	for _, c := range errorCases {
		f.Add(c.schema)
	}
	for _, c := range structureCases {
		f.Add(c.schema)
	}
	f.Add("##\n# @x:\n# @a:\n#\t\x1c b\n# Features:\n# @f: \u00a0\n##\n")
	f.Fuzz(func(t *testing.T, schema string) {
		for _, block := range splitBlocks("f.json", schema) {
			for _, legacy := range []bool{false, true} {
				d, err := Parse(block, Options{Legacy: legacy})
				if err != nil {
					var se *source.Error
					if !errors.As(err, &se) || se.Info == nil {
						t.Fatalf("bad error %#v", err)
					}
					continue
				}
				info := block[0].Info
				for _, name := range []string{"a", "b"} {
					_ = d.ConnectMember(name, "member", info)
					_ = d.ConnectFeature(name, info)
				}
				d.EnsureReturns(info)
				_ = d.CheckExpr(true, false)
				_ = d.Check()
				var b strings.Builder
				if err := d.WriteDump(&b); err != nil {
					t.Fatal(err)
				}
				if d.Body() == nil {
					t.Fatal("no body")
				}
			}
		}
	})
}

// Parse must not panic on blocks that break the line contract either.
func TestParseBadInput(t *testing.T) {
	info := &source.Info{File: "t.json", Line: 1}
	cases := [][]Line{
		nil,
		{{Info: info, Text: "##"}},
		{{Info: info, Text: "##"}, {Info: info, Text: "# @x:"}},
		{{Info: info, Text: "##"}, {Info: info, Text: ""}},
		{{Info: info, Text: "##"}, {Info: info, Text: "x"}},
		{{Info: info, Text: ""}},
	}
	for i, lines := range cases {
		if d, err := Parse(lines, Options{}); err == nil {
			t.Errorf("case %d: no error, doc %+v", i, d)
		}
	}
}
