// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"
)

// memFiles serves a schema from memory; unknown names do not exist.
func memFiles(files map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
}

func parseString(t *testing.T, src string, opts Options) (*Schema, string) {
	t.Helper()
	opts.ReadFile = memFiles(map[string]string{"t.json": src})
	s, err := Parse("t.json", opts)
	if err != nil {
		return nil, err.Error()
	}
	return s, ""
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		// Lexical errors.
		{"{ 'a': 'b\n", `t.json:1:8: missing terminating "'"`},
		{"{ 'a': 'b\\x' }", `t.json:1:8: unknown escape \x`},
		{"{ 'a': 'b\\é' }", `t.json:1:8: unknown escape \é`},
		{"{ 'a': 'b\\\n", `t.json:1:8: missing terminating "'"`},
		{"{ 'a': 'é' }", "t.json:1:8: funny character in string"},
		{"{ 'a': '\x1f' }", "t.json:1:8: funny character in string"},
		{"{ 'a': '\x7f' }", "t.json:1:8: funny character in string"},
		{"{ 'a': 123 }", "t.json:1:8: stray '123'"},
		{"{ 'a': trueX }", "t.json:1:12: stray 'X'"},
		{"{ 'a': nope#x, }", "t.json:1:8: stray 'nope#x'"},
		{"{ 'a': tru }", "t.json:1:8: stray 'tru'"},
		{"{ 'é': 'b', é }", "t.json:1:3: funny character in string"},
		{"{ 'x': 'y', é }", "t.json:1:13: stray 'é'"},
		{"{ 'x': 'y', \u00a0\u2028 é }", "t.json:1:16: stray 'é'"},
		{"\ufeff{ }", "t.json:1:1: stray '\ufeff'"},
		// Tabs: QEMU maps column c to (c+7)%8+1 at each tab.
		{"\t{ 'a': 1 }", "t.json:1:8: stray '1'"},
		{"{\t'a':\t1 }", "t.json:1:6: stray '1'"},
		{"{ 'abcdefgh':\t1 }", "t.json:1:6: stray '1'"},
		// Grammar errors, at the offending token.
		{"{ 'a' 'b' }", "t.json:1:7: expected ':'"},
		{"{ , }", "t.json:1:3: expected string or '}'"},
		{"{ 'a': }", "t.json:1:8: expected '{', '[', string, or boolean"},
		{"{ 'a': 'b' 'c' }", "t.json:1:12: expected ',' or '}'"},
		{"{ 'a': 'b', }", "t.json:1:13: expected string"},
		{"{ 'a': [ , ] }", "t.json:1:10: expected '{', '[', ']', string, or boolean"},
		{"{ 'a': [ 'x' 'y' ] }", "t.json:1:14: expected ',' or ']'"},
		{"{ 'a': [ 'x', ] }", "t.json:1:15: expected '{', '[', string, or boolean"},
		{"}", "t.json:1:1: expected '{', '[', string, or boolean"},
		{"{ 'a': 'b' }\n:", "t.json:2:1: expected '{', '[', string, or boolean"},
		{"{ 'a': [ 'b' }", "t.json:1:14: expected ',' or ']'"},
		{"{ 'a': ## doc\n}", "t.json:1:8: expected '{', '[', string, or boolean"},
		{"{ 'a': # comment\n 'b', # more\n 'c' }", "t.json:3:6: expected ':'"},
		{"{ 'a':", "t.json:1:7: expected '{', '[', string, or boolean"},
		{"{ 'a': 'b'\n\n", "t.json:2:1: expected ',' or '}'"},
		// Duplicate keys are reported at the token after the colon.
		{"{ 'a': 'b', 'a': ['c'] }", "t.json:1:18: duplicate key 'a'"},
		{"{ 'a': 'b', 'a': }", "t.json:1:18: duplicate key 'a'"},
		{"{ 'a': 'b', 'a':\n", "t.json:1:17: duplicate key 'a'"},
		{"{ 'a': 'b', 'a': 'x\\y' }", `t.json:1:18: unknown escape \y`},
		{"{ 'a': { 'b': 1, 'b': 2 } }", "t.json:1:15: stray '1'"},
		// QEMU lexes lazily: the first error met wins.
		{"{ 'a' 'b' }\n{ 'c': 'unterminated\n", "t.json:1:7: expected ':'"},
		{"{ 'a': 'b' }\n'x\\q'", "t.json:2:1: unknown escape \\q"},
		{"'top' 'x\\q'", "t.json:1:7: unknown escape \\q"},
		{"'top'\n", "t.json:1: top-level expression must be an object"},
		{"[ 'a', 'b' ]", "t.json:1: top-level expression must be an object"},
		{"[ 'a', 'b' \n", "t.json:1:12: expected ',' or ']'"},
		// Carriage returns end lines, as in Python's text mode.
		{"{ 'a': 'b',\r\n'c' }", "t.json:2:5: expected ':'"},
		{"{ 'a': 'b',\r'c' }", "t.json:2:5: expected ':'"},
	}
	for _, tt := range tests {
		_, got := parseString(t, tt.src, Options{})
		if got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

func TestDirectiveErrors(t *testing.T) {
	files := map[string]string{
		"sub/a.json":    "{ 'include': 'b.json' }\n",
		"sub/b.json":    "{ 'struct': 'B' }\n{ 'include': '../t.json' }\n",
		"sub/bad.json":  "\n{ 'x' }\n",
		"sub/utf8.json": "\xff",
	}
	tests := []struct{ src, want string }{
		{"{ 'include': 'sub/a.json' }",
			"In file included from t.json:1:\nIn file included from sub/a.json:1:\nsub/b.json:2: inclusion loop for ../t.json"},
		{"{ 'include': 'sub/bad.json' }",
			"In file included from t.json:1:\nsub/bad.json:2:7: expected ':'"},
		{"{ 'include': 'nope.json' }",
			"t.json:1: can't read include file 'nope.json': No such file or directory"},
		{"{ 'include': 'sub/utf8.json' }",
			"t.json:1: can't read include file 'sub/utf8.json': invalid UTF-8"},
		{"{ 'include': 't.json' }", "t.json:1: inclusion loop for t.json"},
		{"{ 'include': './t.json' }", "t.json:1: inclusion loop for ./t.json"},
		{"{ 'include': 'a', 'x': 'y' }", "t.json:1: invalid 'include' directive"},
		{"{ 'include': ['a'] }", "t.json:1: value of 'include' must be a string"},
		{"{ 'pragma': {}, 'x': 'y' }", "t.json:1: invalid 'pragma' directive"},
		{"{ 'pragma': 'x' }", "t.json:1: value of 'pragma' must be an object"},
		{"{ 'pragma': { 'doc-required': 'yes' } }", "t.json:1: pragma 'doc-required' must be boolean"},
		{"{ 'pragma': { 'command-name-exceptions': [ 'a', true ] } }",
			"t.json:1: pragma command-name-exceptions must be a list of strings"},
		{"{ 'pragma': { 'documentation-exceptions': 'a' } }",
			"t.json:1: pragma documentation-exceptions must be a list of strings"},
		{"{ 'pragma': { 'returns-whitelist': [] } }", "t.json:1: unknown pragma 'returns-whitelist'"},
		{"{ 'pragma': { 'doc-required': true, 'bogus': [] } }", "t.json:1: unknown pragma 'bogus'"},
		// An include error in the first expression comes before a syntax
		// error in the second.
		{"{ 'include': 'nope.json' }\n{ 'a' }", "t.json:1: can't read include file 'nope.json': No such file or directory"},
		// ... but a lexical error right after it comes first.
		{"{ 'include': 'nope.json' } 'a\\b'", "t.json:1:28: unknown escape \\b"},
		// Doc comments and definitions.
		{"##\n# @Foo:\n##\n{ 'include': 'sub/b.json' }", "t.json:1: documentation for 'Foo' is not followed by the definition"},
		{"##\n# @Foo:\n##\n", "t.json:1: documentation for 'Foo' is not followed by the definition"},
		{"##\n# @Foo:\n##\n##\n# @Bar:\n##\n", "t.json:1: documentation for 'Foo' is not followed by the definition"},
		{"##\n# free text\n##\n{ 'struct': 'Foo' }", "t.json:1: definition documentation required"},
		{"##\n# @Foo:\n{ 'struct': 'Foo' }", "t.json:3:1: documentation comment must end with '##'"},
		{"##\n# @Foo:\n'x\\y'", "t.json:3:1: unknown escape \\y"},
		{"##\n#bad\n'x\\y'", "t.json:2:1: missing space after #"},
		{"##\n# @Foo:\n# Since:\n##\n'x\\y'", "t.json:5:1: unknown escape \\y"},
		{"##\n# @Foo:\n# Since:\n##\n{ 'struct': 'Foo' }", "t.json:3: text required after 'Since:'"},
		{"{ 'struct': 'Foo' } ## junk\n", "t.json:1:21: junk after '##' at start of documentation comment"},
		{"##\n# @Foo:\n##\n\n  \t\n# plain comment\n{ 'struct': 'Foo' }\n##\n# @Foo:", "t.json:9:8: documentation comment must end with '##'"},
	}
	for _, tt := range tests {
		fs := map[string]string{"t.json": tt.src}
		for k, v := range files {
			fs[k] = v
		}
		_, err := Parse("t.json", Options{ReadFile: memFiles(fs)})
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

func TestMissingRootFile(t *testing.T) {
	_, err := Parse("none.json", Options{ReadFile: memFiles(nil)})
	want := "can't read schema file 'none.json': No such file or directory"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %q", err, want)
	}
}

func TestSchemaContents(t *testing.T) {
	files := map[string]string{
		"dir/main.json": "##\n# = Intro\n##\n\n" +
			"{ 'pragma': { 'doc-required': true, 'member-name-exceptions': [ 'X' ] } }\n" +
			"##\n# @Foo:\n##\n{ 'struct': 'Foo', 'data': { 'a': 'int', 'b': [ 'str' ], 'c': true, 'd': 'x\\\\y' } }\n" +
			"{ 'include': 'inc.json' }\n{ 'include': 'inc.json' }\n{ 'enum': 'E', 'data': [] }",
		"dir/inc.json": "{ 'command': 'c' }",
	}
	s, err := Parse("dir/main.json", Options{ReadFile: memFiles(files)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range s.Exprs {
		got = append(got, e.Info.Loc()+" "+e.Obj.Keys[0])
	}
	want := []string{"dir/main.json:9 struct", "dir/main.json:10 include", "dir/inc.json:1 command",
		"dir/main.json:11 include", "dir/main.json:12 enum"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("expressions:\n got %q\nwant %q", got, want)
	}
	if v, _ := s.Exprs[1].Obj.Get("include"); v != "dir/inc.json" {
		t.Errorf("include recorded as %v, want the joined path", v)
	}
	if s.Exprs[2].Info.Parent != s.Exprs[1].Info {
		t.Errorf("included expression's parent is not the include directive")
	}
	data, _ := s.Exprs[0].Obj.Get("data")
	wantData := &Object{Keys: []string{"a", "b", "c", "d"}, Values: []Value{"int", []Value{"str"}, true, `x\y`}}
	if !reflect.DeepEqual(data, wantData) {
		t.Errorf("data = %#v, want %#v", data, wantData)
	}
	if len(s.Docs) != 2 || s.Docs[0].Symbol != "" || s.Docs[1].Symbol != "Foo" || s.Exprs[0].Doc != s.Docs[1] {
		t.Errorf("docs not associated as expected: %d docs", len(s.Docs))
	}
	if !s.Pragma.DocRequired || !reflect.DeepEqual(s.Pragma.MemberNameExceptions, []string{"X"}) {
		t.Errorf("pragma = %+v", s.Pragma)
	}
	if s.Exprs[0].Info.Pragma != s.Pragma || s.Exprs[2].Info.Pragma != s.Pragma {
		t.Errorf("pragma not shared")
	}
}

func TestInfoSharedPerLine(t *testing.T) {
	s, msg := parseString(t, "{ 'struct': 'A' } { 'struct': 'B' }\n{ 'struct': 'C' }", Options{})
	if msg != "" {
		t.Fatal(msg)
	}
	if s.Exprs[0].Info != s.Exprs[1].Info || s.Exprs[1].Info == s.Exprs[2].Info {
		t.Errorf("expressions on one line must share one *Info, others not")
	}
}

func TestLegacyPragmas(t *testing.T) {
	src := "{ 'pragma': { 'returns-whitelist': [ 'a' ], 'name-case-whitelist': [ 'B' ] } }"
	s, msg := parseString(t, src, Options{Legacy: true})
	if msg != "" {
		t.Fatal(msg)
	}
	if !reflect.DeepEqual(s.Pragma.CommandReturnsExceptions, []string{"a"}) ||
		!reflect.DeepEqual(s.Pragma.MemberNameExceptions, []string{"B"}) {
		t.Errorf("pragma = %+v", s.Pragma)
	}
	_, msg = parseString(t, "{ 'pragma': { 'name-case-whitelist': 'B' } }", Options{Legacy: true})
	if want := "t.json:1: pragma name-case-whitelist must be a list of strings"; msg != want {
		t.Errorf("got %q, want %q", msg, want)
	}
}

func TestDeepNesting(t *testing.T) {
	src := "{ 'a': " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + " }"
	_, msg := parseString(t, src, Options{})
	if !strings.Contains(msg, "nesting too deep") {
		t.Errorf("got %q", msg)
	}
	src = "{ 'a': " + strings.Repeat("[", 500) + strings.Repeat("]", 500) + " }"
	if _, msg := parseString(t, src, Options{}); msg != "" {
		t.Errorf("500 levels: %s", msg)
	}
}

func TestPathHelpers(t *testing.T) {
	for _, tt := range [][3]string{
		{"a.json", "b.json", "b.json"},
		{"x/a.json", "b.json", "x/b.json"},
		{"/a.json", "b.json", "/b.json"},
		{"x//a.json", "b.json", "x/b.json"},
		{"x/a.json", "/abs.json", "/abs.json"},
		{"x/a.json", "", "x/"},
	} {
		if got := pyJoin(pyDirname(tt[0]), tt[1]); got != tt[2] {
			t.Errorf("join(dirname(%q), %q) = %q, want %q", tt[0], tt[1], got, tt[2])
		}
	}
	if got := abspath("/w", "a/../b.json"); got != "/w/b.json" {
		t.Errorf("abspath = %q", got)
	}
}

// TestLenientDocs checks that LenientDocs reads old doc conventions
// without the old pragma names, and that Legacy implies it.
func TestLenientDocs(t *testing.T) {
	src := "##\n# @Foo:\n#\n# Note: an old style section\n##\n{ 'enum': 'Foo', 'data': [ 'a' ] }\n"
	if _, msg := parseString(t, src, Options{}); msg == "" {
		t.Error("a 'Note:' section must be an error without LenientDocs")
	}
	for _, opts := range []Options{{LenientDocs: true}, {Legacy: true}} {
		s, msg := parseString(t, src, opts)
		if msg != "" {
			t.Fatalf("%+v: %s", opts, msg)
		}
		if !s.Docs[0].Legacy {
			t.Errorf("%+v: doc not read leniently", opts)
		}
	}
	pragma := "{ 'pragma': { 'returns-whitelist': [ 'a' ] } }"
	_, msg := parseString(t, pragma, Options{LenientDocs: true})
	if want := "t.json:1: unknown pragma 'returns-whitelist'"; msg != want {
		t.Errorf("got %q, want %q", msg, want)
	}
}
