// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/source"
)

// genString generates from schema text and returns the module file
// (test.go) and the error.
func genString(t *testing.T, schema string, opts Options) (string, error) {
	t.Helper()
	files, err := generateText(t, schema, opts)
	if err != nil {
		return "", err
	}
	for _, f := range files {
		if f.Name == "test.go" {
			return string(f.Content), nil
		}
	}
	t.Fatal("no test.go generated")
	return "", nil
}

// generateText generates from schema text (as test.json, into package p
// unless opts names one). Every file must be valid Go, whatever the
// schema.
func generateText(t *testing.T, schema string, opts Options) ([]File, error) {
	t.Helper()
	s, err := frontend.LoadBytes("test.json", []byte(schema), frontend.Options{})
	if err != nil {
		t.Fatalf("front end: %v", err)
	}
	if opts.Package == "" {
		opts.Package = "p"
	}
	opts.Source = "test.json"
	files, err := Generate(s, opts)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if _, perr := parser.ParseFile(token.NewFileSet(), f.Name, f.Content, parser.ParseComments); perr != nil {
			t.Fatalf("%s does not parse: %v\n%s", f.Name, perr, f.Content)
		}
	}
	return files, nil
}

func TestHostileDocs(t *testing.T) {
	long := strings.Repeat("very long line ", 400)
	schema := "##\n# @Thing:\n#\n# Ends a comment */ here, opens /* one, `backticks` ``\n" +
		"# and \"quotes\", non-ASCII: äöü – 日本語 – \U0001F600, a BOM \uFEFF in text\n" +
		"# //go:generate rm -rf / and a \\ backslash\n#\n# " + long + "\n#\n" +
		"# @member: */ package main; func init() { panic(1) } /*\n#\n" +
		"# Since: 1.0 */\n##\n" +
		"{ 'struct': 'Thing', 'data': { 'member': 'str' } }\n"
	out, err := genString(t, schema, Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "test.go", out, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	// The text survives as comments: the only declarations are ours.
	var decls []string
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok {
			for _, sp := range gd.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok {
					decls = append(decls, ts.Name.Name)
				}
			}
		} else {
			decls = append(decls, "func")
		}
	}
	if strings.Join(decls, ",") != "Thing" {
		t.Errorf("declarations %v, want only Thing", decls)
	}
	for _, want := range []string{"// Ends a comment */ here", "`backticks`", "日本語", "\U0001F600",
		"// //go:generate", long[:200], "// */ package main;", "// Since: 1.0 */"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "\r") || strings.Contains(out, "\uFEFF") {
		t.Error("carriage return or BOM reached the output")
	}
	if strings.Contains(out, "\n//go:generate") {
		t.Error("doc text became a go:generate directive")
	}
}

func TestClashIsError(t *testing.T) {
	tests := []struct{ name, schema, want string }{
		{"members", "{ 'pragma': { 'member-name-exceptions': [ 'Struct1' ] } }\n" +
			"{ 'struct': 'Struct1', 'data': { 'foo-bar': 'int',\n 'fooBar': 'str' } }",
			"test.json:2: member 'fooBar' maps to Go identifier FooBar, which member 'foo-bar' already uses in struct Struct1"},
		{"types", "{ 'struct': 'VncInfo', 'data': {} }\n{ 'struct': 'VNCInfo', 'data': {} }",
			"test.json:2: struct 'VNCInfo' maps to Go identifier VNCInfo, which struct 'VncInfo' already uses in the package"},
		{"enum constant", "{ 'enum': 'Color', 'data': [ 'red' ] }\n{ 'struct': 'ColorRed', 'data': {} }",
			"test.json:2: struct 'ColorRed' maps to Go identifier ColorRed, which value 'red' of enum 'Color' already uses in the package"},
		{"prefix", "{ 'struct': 'x-Foo', 'data': {} }\n{ 'struct': 'XFoo', 'data': {} }",
			"test.json:2: struct 'XFoo' maps to Go identifier XFoo, which struct 'x-Foo' already uses in the package"},
		{"command and struct", "{ 'command': 'foo' }\n{ 'struct': 'FooCommand', 'data': {} }",
			"test.json:2: struct 'FooCommand' maps to Go identifier FooCommand, which command 'foo' already uses in the package"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := genString(t, tt.schema, Options{})
			se, ok := err.(*source.Error)
			if !ok {
				t.Fatalf("got %v (%T), want a *source.Error", err, err)
			}
			// The way out is named, in the words kept in one place.
			if want := tt.want + "; " + RenameHint; !strings.HasSuffix(se.Error(), want) {
				t.Errorf("error\n%s\nwant it to end with\n%s", se.Error(), want)
			}
		})
	}
}

func TestConditions(t *testing.T) {
	schema := `
{ 'enum': 'Enum1', 'data': [ 'a', { 'name': 'b', 'if': 'CONFIG_B' } ] }
{ 'struct': 'Gone', 'data': {}, 'if': { 'all': [ 'CONFIG_A', 'CONFIG_B' ] } }
{ 'struct': 'Kept', 'data': {}, 'if': { 'not': 'CONFIG_B' } }
{ 'struct': 'Struct1', 'data': { 'x': 'int', 'y': { 'type': 'int', 'if': 'CONFIG_B' } } }
{ 'union': 'Union1', 'base': { 't': 'Enum1' }, 'discriminator': 't',
  'data': { 'a': 'Struct1', 'b': { 'type': 'Struct1', 'if': 'CONFIG_B' } } }
{ 'command': 'cmd', 'if': 'CONFIG_B' }
{ 'command': 'other', 'if': { 'any': [ 'CONFIG_B', 'CONFIG_C' ] } }
`
	all, err := genString(t, schema, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Enum1B Enum1 = \"b\"", "type Gone struct", "type Kept struct", "Y int64", "B *Struct1",
		"type CmdCommand struct", "Only available when CONFIG_A && CONFIG_B holds", "Only when CONFIG_B.",
		"Only available when CONFIG_B || CONFIG_C holds"} {
		if !strings.Contains(all, want) {
			t.Errorf("unconditional output lacks %q", want)
		}
	}
	cut, err := genString(t, schema, Options{Conds: map[string]bool{"CONFIG_B": false}})
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"Enum1B Enum1", "type Gone struct", "Y int64", "B *Struct1", "type CmdCommand struct"} {
		if strings.Contains(cut, gone) {
			t.Errorf("with CONFIG_B=false the output still has %q", gone)
		}
	}
	for _, kept := range []string{"type Kept struct", "A *Struct1", "type OtherCommand struct"} {
		if !strings.Contains(cut, kept) {
			t.Errorf("with CONFIG_B=false the output lacks %q", kept)
		}
	}
}

func TestFeatureDocs(t *testing.T) {
	schema := `##
# @old:
#
# An old thing.
#
# @m: a member
#
# Features:
#
# @deprecated: Use new instead.
#
# @unstable: Experimental.
##
{ 'command': 'old', 'data': { 'm': { 'type': 'int', 'features': [ 'deprecated' ] } },
  'features': [ 'deprecated', 'unstable' ] }
`
	files := genFiles(t, schema, Options{})
	out := files["test.go"]
	for _, want := range []string{"// OldCommand is the QMP command old, holding its arguments.\n//\n// An old thing.\n",
		"//\n// Unstable: Experimental.\n//\n// Deprecated: Use new instead.\ntype OldCommand struct",
		"\t// a member\n\t//\n\t// Deprecated: Use new instead.\n\tM int64"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The command's spec is its entry in the table of specs.
	if want := "SuccessResponse: true, Deprecated: true, Unstable: true}"; !strings.Contains(files["qapi_builtin.go"], want) {
		t.Errorf("qapi_builtin.go lacks %q:\n%s", want, files["qapi_builtin.go"])
	}
}

func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	gen1 := []File{{"a.go", []byte(Header + "\npackage p\n")}, {"b.go", []byte(Header + "\npackage p\n\n// b\n")}}
	st, err := WriteDir(dir, gen1)
	if err != nil || len(st.Written) != 2 {
		t.Fatalf("first write: %+v %v", st, err)
	}
	// Unchanged content is not rewritten; a file of a gone module becomes
	// a stub, removed the next time; hand-written files stay.
	if err := os.WriteFile(filepath.Join(dir, "hand.go"), []byte("package p\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err = WriteDir(dir, gen1[:1])
	if err != nil || len(st.Unchanged) != 1 || len(st.Written) != 0 || len(st.Removed) != 0 || strings.Join(st.Stubbed, ",") != "b.go" {
		t.Fatalf("second write: %+v %v", st, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "b.go")); !strings.Contains(string(b), "\n//go:build ignore\n\npackage p\n") {
		t.Errorf("b.go is not an ignored stub:\n%s", b)
	}
	st, err = WriteDir(dir, gen1[:1])
	if err != nil || len(st.Unchanged) != 1 || strings.Join(st.Removed, ",") != "b.go" || len(st.Stubbed) != 0 {
		t.Fatalf("third write: %+v %v", st, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "hand.go")); err != nil {
		t.Error("hand-written file removed")
	}
	// A file without our header is never overwritten, and nothing is
	// written when that is the case.
	_, err = WriteDir(dir, []File{{"a.go", []byte(Header + "\npackage p\n// new\n")}, {"hand.go", []byte(Header + "\n")}})
	if err == nil || !strings.Contains(err.Error(), "not generated by qapi-gen") {
		t.Fatalf("overwriting a hand-written file: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.go")); strings.Contains(string(b), "new") {
		t.Error("a.go was written although the call failed")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestNoAccidentalHeadings: a one-line QAPI paragraph without a full stop
// must not become a Go doc heading ("# QEMU error classes").
func TestNoAccidentalHeadings(t *testing.T) {
	out, err := genString(t, `##
# @Class:
#
# QEMU error classes
#
# Vhost-vdpa network backend
#
# Text after it.
#
# @generic: Generic Error
# @other: Another one
#
# Since: 1.2
##
{ 'enum': 'Class', 'data': [ 'generic', 'other' ] }
`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "# ") || !strings.Contains(out, "// QEMU error classes.\n//\n// Vhost-vdpa network backend.\n") {
		t.Errorf("the one-line paragraph is not a sentence:\n%s", out)
	}
}

// The server is the client's other side: asking for it without the
// client is an error, not a package that does not build.
func TestServerNeedsClient(t *testing.T) {
	_, err := generateSchema(t, "{ 'command': 'ping' }", Options{Server: true, NoClient: true})
	if err == nil || !strings.Contains(err.Error(), "-no-client") {
		t.Errorf("got %v, want an error naming -no-client", err)
	}
}
