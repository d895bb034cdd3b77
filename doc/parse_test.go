// SPDX-License-Identifier: Apache-2.0

package doc

import (
	"errors"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/source"
)

// parseCase is a schema fragment whose doc blocks are parsed in turn; want
// is the dump of all blocks, or "ERR " and the first error. The expected
// results were checked against QEMU 10.1's front end on the same input
// (completed into a valid schema where the dump is compared).
type parseCase struct {
	name   string
	schema string
	legacy bool
	want   string
}

// runCase parses the blocks of a case as the test splitter finds them.
func runCase(c parseCase) string {
	var b strings.Builder
	for _, block := range splitBlocks("t.json", c.schema) {
		d, err := Parse(block, Options{Legacy: c.legacy})
		if err != nil {
			var se *source.Error
			if !errors.As(err, &se) {
				return "not a *source.Error: " + err.Error()
			}
			return "ERR " + err.Error()
		}
		_ = d.WriteDump(&b)
	}
	return b.String()
}

func TestParseErrors(t *testing.T) {
	for _, c := range errorCases {
		t.Run(c.name, func(t *testing.T) {
			if got := runCase(c); got != c.want {
				t.Errorf("schema:\n%s\ngot  %q\nwant %q", c.schema, got, c.want)
			}
		})
	}
}

func TestParseStructure(t *testing.T) {
	for _, c := range structureCases {
		t.Run(c.name, func(t *testing.T) {
			if got := runCase(c); got != c.want {
				t.Errorf("schema:\n%s\ngot:\n%s\nwant:\n%s", c.schema, got, c.want)
			}
		})
	}
}

var errorCases = []parseCase{
	{name: "junk at start", schema: "##x\n# @foo:\n##\n",
		want: "ERR t.json:1:1: junk after '##' at start of documentation comment"},
	{name: "junk at end", schema: "##\n# @foo:\n## x\n",
		want: "ERR t.json:3:1: junk after '##' at end of documentation comment"},
	{name: "junk at end indented", schema: "##\n# @foo:\n  ###\n",
		want: "ERR t.json:3:3: junk after '##' at end of documentation comment"},
	{name: "unterminated", schema: "##\n# @foo:\n#\n  { 'command': 'foo' }\n",
		want: "ERR t.json:4:3: documentation comment must end with '##'"},
	{name: "unterminated at eof", schema: "##\n# foo\n",
		want: "ERR t.json:2:6: documentation comment must end with '##'"},
	{name: "missing space", schema: "##\n# @foo:\n#bar\n##\n",
		want: "ERR t.json:3:1: missing space after #"},
	{name: "missing space tab", schema: "##\n#\tbar\n##\n",
		want: "ERR t.json:2:1: missing space after #"},
	{name: "symbol without colon", schema: "##\n# @foo\n##\n",
		want: "ERR t.json:2:1: line should end with ':'"},
	{name: "symbol with text", schema: "##\n# @foo: bar\n##\n",
		want: "ERR t.json:2:1: line should end with ':'"},
	{name: "empty symbol", schema: "##\n# @:\n##\n",
		want: "ERR t.json:2:1: name required after '@'"},
	{name: "duplicated Features", schema: "##\n# @foo:\n# Features:\n# @f: x\n# Features:\n# @g: y\n##\n",
		want: "ERR t.json:5:1: duplicated 'Features:' line"},
	{name: "no feature descriptions", schema: "##\n# @foo:\n# Features:\n#\n# text\n##\n",
		want: "ERR t.json:5:1: feature descriptions expected"},
	{name: "no feature descriptions at end", schema: "##\n# @foo:\n# Features:\n##\n",
		want: "ERR t.json:4:1: feature descriptions expected"},
	{name: "description after Since", schema: "##\n# @foo:\n# Since: 1.0\n# @a: x\n##\n",
		want: "ERR t.json:4:1: description of '@a:' follows a section"},
	{name: "description after features is a feature", schema: "##\n# @foo:\n# Features:\n# @f: x\n#\n# @a: y\n##\n",
		want: "doc symbol=foo\n    body=\n\n    feature=f\nx\n    feature=a\ny\n"},
	{name: "description after features", schema: "##\n# @foo:\n# Features:\n# @f: x\n#\n# Since: 1\n# @a: y\n##\n",
		want: "ERR t.json:7:1: description of '@a:' follows a section"},
	{name: "description after paragraph after descriptions",
		schema: "##\n# @foo:\n# @a: x\n#\n# text\n#\n# @b: y\n##\n",
		want:   "ERR t.json:7:1: description of '@b:' follows a section"},
	{name: "description in legacy after section", legacy: true,
		schema: "##\n# @foo:\n# Example: x\n#\n# @b: y\n##\n",
		want:   "ERR t.json:5:1: description of '@b:' follows a section"},
	{name: "de-indent", schema: "##\n# @foo:\n# @a: one\n#   two\n# three\n##\n",
		want: "ERR t.json:5:1: unexpected de-indent (expected at least 2 spaces)"},
	{name: "de-indent of tag", schema: "##\n# @foo:\n# Returns: one\n#     two\n#  three\n##\n",
		want: "ERR t.json:5:1: unexpected de-indent (expected at least 4 spaces)"},
	{name: "de-indent counts characters", schema: "##\n# @foo:\n# @a:\n# \u00a0\u00a0two\n# \u00a0three\n##\n",
		want: "ERR t.json:5:1: unexpected de-indent (expected at least 2 spaces)"},
	{name: "tag ends nothing before de-indent", schema: "##\n# @foo:\n# @a: one\n#   two\n# Since: 1\n##\n",
		want: "ERR t.json:5:1: unexpected de-indent (expected at least 2 spaces)"},
	{name: "member in free-form", schema: "##\n# Text\n# @note: x\n##\n",
		want: "ERR t.json:3:1: '@note:' not allowed in free-form documentation"},
	{name: "empty member in free-form", schema: "##\n#\n# @: x\n##\n",
		want: "ERR t.json:3:1: '@:' not allowed in free-form documentation"},
	{name: "duplicated Since", schema: "##\n# @foo:\n# Since: 1\n# Since: 2\n##\n",
		want: "ERR t.json:4: duplicated 'Since' section"},
	{name: "duplicated Returns", schema: "##\n# @foo:\n# Returns: a\n#\n# Returns: b\n##\n",
		want: "ERR t.json:5: duplicated 'Returns' section"},
	{name: "duplicated Errors", schema: "##\n# @foo:\n# Errors: a\n# Errors: b\n##\n",
		want: "ERR t.json:4: duplicated 'Errors' section"},
	{name: "duplicated TODO is fine", schema: "##\n# @foo:\n# TODO: a\n# TODO: b\n##\n",
		want: "doc symbol=foo\n    body=\n\n    section=Todo\na\n    section=Todo\nb\n"},
	{name: "invalid parameter name", schema: "##\n# @foo:\n# @: x\n##\n",
		want: "ERR t.json:3: invalid parameter name"},
	{name: "invalid feature name", schema: "##\n# @foo:\n# Features:\n# @: x\n##\n",
		want: "ERR t.json:4: invalid parameter name"},
	{name: "duplicated member", schema: "##\n# @foo:\n# @a: x\n# @a: y\n##\n",
		want: "ERR t.json:4: 'a' parameter name duplicated"},
	{name: "duplicated feature", schema: "##\n# @foo:\n# Features:\n# @a: x\n# @a: y\n##\n",
		want: "ERR t.json:5: 'a' parameter name duplicated"},
	{name: "Note", schema: "##\n# @foo:\n# Note: x\n##\n",
		want: "ERR t.json:3:1: The 'Note' section is no longer supported. Please use rST's '.. note::' or '.. admonition:: notes' directives, or another suitable admonition instead."},
	{name: "Notes", schema: "##\n# @foo:\n# Notes:\n##\n",
		want: "ERR t.json:3:1: The 'Notes' section is no longer supported. Please use rST's '.. note::' or '.. admonition:: notes' directives, or another suitable admonition instead."},
	{name: "Example", schema: "##\n# @foo:\n# Example: x\n##\n",
		want: "ERR t.json:3:1: The 'Example' section is no longer supported. Please use the '.. qmp-example::' directive, or other suitable markup instead."},
	{name: "Examples", schema: "##\n# @foo:\n# Examples:x\n##\n",
		want: "ERR t.json:3:1: The 'Examples' section is no longer supported. Please use the '.. qmp-example::' directive, or other suitable markup instead."},
	{name: "empty Since", schema: "##\n# @foo:\n# Since:\n##\n",
		want: "ERR t.json:3: text required after 'Since:'"},
	{name: "empty member", schema: "##\n# @foo:\n# @a:\n#\n# @b: x\n##\n",
		want: "ERR t.json:3: text required after 'Member:'"},
	{name: "empty feature", schema: "##\n# @foo:\n# Features:\n# @f:\n##\n",
		want: "ERR t.json:4: text required after 'Feature:'"},
	{name: "empty TODO", schema: "##\n# @foo:\n# TODO:   \n##\n",
		want: "ERR t.json:3: text required after 'Todo:'"},
	{name: "empty legacy Notes", legacy: true, schema: "##\n# @foo:\n# Notes:\n##\n",
		want: "ERR t.json:3: text required after 'Notes:'"},
	{name: "syntax error beats empty section", schema: "##\n# @foo:\n# Since:\n#x\n##\n",
		want: "ERR t.json:4:1: missing space after #"},
	{name: "unterminated beats empty section", schema: "##\n# @foo:\n# Since:\n'x'\n",
		want: "ERR t.json:4:1: documentation comment must end with '##'"},
	{name: "first empty section wins", schema: "##\n# @foo:\n# @a:\n# Returns:\n##\n",
		want: "ERR t.json:3: text required after 'Member:'"},
}
