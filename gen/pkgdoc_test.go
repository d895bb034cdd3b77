// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
)

func TestNoFileForEmptyModule(t *testing.T) {
	files := map[string]string{
		"main.json": "{ 'include': 'docs.json' }\n{ 'include': 'gone.json' }\n{ 'include': 'kept.json' }\n",
		// free-form documentation only
		"docs.json": "##\n# = A chapter\n#\n# Text.\n##\n",
		// its one definition is left out by a condition
		"gone.json": "{ 'struct': 'Gone', 'data': {}, 'if': 'NEVER' }\n",
		"kept.json": "{ 'struct': 'Kept', 'data': {} }\n",
	}
	s, err := frontend.Load("main.json", frontend.Options{ReadFile: func(name string) ([]byte, error) {
		return []byte(files[name]), nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := Generate(s, Options{Package: "p", Source: "main.json", Conds: map[string]bool{"NEVER": false}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range out {
		got = append(got, f.Name)
	}
	sort.Strings(got)
	if want := "client.go kept.go qapi.go qapi_builtin.go qapi_schema.go"; strings.Join(got, " ") != want {
		t.Errorf("files %q, want %q", strings.Join(got, " "), want)
	}
}

// TestPackageDoc checks that the package doc comment names the schema and
// shows the schema's own command and event, and that exactly one file has
// a package doc comment.
func TestPackageDoc(t *testing.T) {
	schema := `{ 'command': 'stop' }
{ 'command': 'query-status', 'returns': 'Status' }
{ 'struct': 'Status', 'data': { 'running': 'bool' } }
{ 'event': 'RESET' }
{ 'event': 'SHUTDOWN', 'data': { 'guest': 'bool' } }
`
	for _, tc := range []struct {
		opts Options
		want []string
	}{
		{Options{}, []string{
			"// Package p is the Go binding of the QAPI schema test.json,",
			"such as [QueryStatusCommand]",
			"\treply, err := c.QueryStatus(ctx)\n",
			"such as [ShutdownEvent]",
			"ev.Event.(p.ShutdownEvent)",
			"// [WaitEvent] waits for the next event",
		}},
		{Options{NoClient: true}, []string{
			"such as [QueryStatusCommand], holding its\n// arguments; the CommandSpec method of a pointer to it tells",
			"such as [ShutdownEvent]; [DecodeEvent] decodes\n",
		}},
	} {
		s, err := frontend.LoadBytes("test.json", []byte(schema), frontend.Options{})
		if err != nil {
			t.Fatal(err)
		}
		tc.opts.Package, tc.opts.Source = "p", "test.json"
		files, err := Generate(s, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		docs := 0
		for _, f := range files {
			af, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Content, parser.ParseComments|parser.PackageClauseOnly)
			if err != nil {
				t.Fatal(err)
			}
			if af.Doc == nil {
				continue
			}
			docs++
			text := docText(af.Doc)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("NoClient=%v: package doc lacks %q:\n%s", tc.opts.NoClient, w, text)
				}
			}
		}
		if docs != 1 {
			t.Errorf("NoClient=%v: %d files with a package doc comment, want 1", tc.opts.NoClient, docs)
		}
	}
}

func docText(cg *ast.CommentGroup) string {
	var b strings.Builder
	for _, c := range cg.List {
		b.WriteString(c.Text + "\n")
	}
	return b.String()
}
