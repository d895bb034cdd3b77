// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"go/ast"
	"go/doc"
	gocomment "go/doc/comment"
	"go/parser"
	"go/token"
	"regexp"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
)

// genFiles generates from schema text and returns the files by name.
func genFiles(t *testing.T, schema string, opts Options) map[string]string {
	t.Helper()
	files, err := generateText(t, schema, opts)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		out[f.Name] = string(f.Content)
	}
	return out
}

const linkSchema = `##
# @Mode:
#
# A mode; @fast is quick, @slow is not.
#
# @fast: quicker than @slow
#
# @slow: the default
#
# @odd: left out
##
{ 'enum': 'Mode', 'data': [ 'fast', 'slow', { 'name': 'odd', 'if': 'NEVER' } ] }

##
# @Base:
#
# @node-name: the node
##
{ 'struct': 'Base', 'data': { 'node-name': 'str' } }

##
# @Thing:
#
# A thing with @node-name from the base, a @mode (see @Mode) and
# @gone, which a condition removes; mail root@mode.example.com, @unknown.
#
# @mode: how to go; with @node-name
#
# @gone: never there
##
{ 'struct': 'Thing', 'base': 'Base',
  'data': { 'mode': 'Mode', 'gone': { 'type': 'int', 'if': 'NEVER' } } }

##
# @do-it:
#
# Do it to @target, which is a @Thing; @query-things lists them.
# Then emit @DONE.
#
# @target: the thing
##
{ 'command': 'do-it', 'data': { 'target': 'str' } }

##
# @boxed-it:
#
# Like @do-it, given @node-name.
##
{ 'command': 'boxed-it', 'data': 'Base' }

##
# @query-things:
#
# Lists things.
##
{ 'command': 'query-things', 'returns': ['Thing'] }

##
# @DONE:
#
# Sent when @do-it is done with @target.
#
# @target: the same
##
{ 'event': 'DONE', 'data': { 'target': 'str' } }
`

func TestDocLinks(t *testing.T) {
	files := genFiles(t, linkSchema, Options{Conds: map[string]bool{"NEVER": false}})
	mod, client := files["test.go"], files["client.go"]
	for _, want := range []string{
		"// A mode; [ModeFast] is quick, [ModeSlow] is not.",
		"\t// quicker than [ModeSlow]\n",
		// a base member, from the derived struct's doc, is the derived
		// struct's field; a member left out stays as written
		"// A thing with [Thing.NodeName] from the base, a [Thing.Mode] (see [Mode]) and\n// @gone,",
		// no link inside a mail address, nor to an unknown name
		"mail root@mode.example.com, @unknown.",
		"\t// how to go; with [Thing.NodeName]\n",
		// a command's own argument, a type, a command (its Client method), an event
		"// Do it to [DoItCommand.Target], which is a [Thing]; [Client.QueryThings] lists them.\n// Then emit [DoneEvent].",
		// the members of a named argument type are its fields
		"// Like [Client.DoIt], given [Base.NodeName].",
		"// Sent when [Client.DoIt] is done with [DoneEvent.Target].",
	} {
		if !strings.Contains(mod, want) {
			t.Errorf("test.go lacks %q", want)
		}
	}
	for _, want := range []string{
		"// DoIt runs the command do-it: Do it to [DoItCommand.Target], which is a [Thing]; [Client.QueryThings] lists them.\n" +
			"// Then emit [DoneEvent].\n//\n// See [DoItCommand] for the arguments and the whole documentation.\nfunc (c *Client) DoIt(",
		"// QueryThings runs the command query-things: Lists things.\n//\n// See [QueryThingsCommand] for the whole documentation.\nfunc",
	} {
		if !strings.Contains(client, want) {
			t.Errorf("client.go lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("test.go:\n%s\nclient.go:\n%s", mod, client)
	}

	// Without a client, a command links to its type.
	files = genFiles(t, linkSchema, Options{NoClient: true})
	if want := "// Like [DoItCommand], given"; !strings.Contains(files["test.go"], want) {
		t.Errorf("with NoClient, test.go lacks %q", want)
	}
}

func TestMethodSummary(t *testing.T) {
	tests := []struct{ body, want string }{
		{"Stop the guest.", "// Stop runs the command stop: Stop the guest.\n//\n// See [StopCommand]"},
		{"Stop the guest\n\nMore text.", "// Stop runs the command stop: Stop the guest.\n//\n// See [StopCommand]"},
		// not prose: no summary
		{".. note:: careful", "// Stop runs the command stop (see [StopCommand]).\n"},
		{"Example::\n\n    -> {}", "// Stop runs the command stop (see [StopCommand]).\n"},
		{"- a list", "// Stop runs the command stop (see [StopCommand]).\n"},
	}
	for _, tt := range tests {
		schema := "##\n# @stop:\n#\n# " + strings.ReplaceAll(tt.body, "\n", "\n# ") + "\n##\n{ 'command': 'stop' }\n"
		schema = strings.ReplaceAll(schema, "# \n", "#\n")
		files := genFiles(t, schema, Options{})
		if !strings.Contains(files["client.go"], tt.want) {
			i := strings.Index(files["client.go"], "// Stop runs")
			t.Errorf("body %q: client.go lacks %q; has\n%.200s", tt.body, tt.want, files["client.go"][max(i, 0):])
		}
	}
	// With NoDoc, no summary.
	files := genFiles(t, "##\n# @stop:\n#\n# Stop the guest.\n##\n{ 'command': 'stop' }\n", Options{NoDoc: true})
	if want := "// Stop runs the command stop (see [StopCommand]).\n"; !strings.Contains(files["client.go"], want) {
		t.Errorf("NoDoc: client.go lacks %q", want)
	}
}

// TestCorpusDocLinksResolve reads the packages generated from QEMU 7.2's
// and 10.1's QMP schemas with go/doc, as pkgsite and go doc do, and
// checks that every doc link the generator wrote in a declaration's doc
// resolves to an identifier of the package.
func TestCorpusDocLinksResolve(t *testing.T) {
	linkLike := regexp.MustCompile(`\[[A-Z][A-Za-z0-9_]*(\.[A-Z][A-Za-z0-9_]*)?\]`)
	for _, cs := range corpusSchemas(t) {
		if cs.id != "qmp7_2_0" && cs.id != "qmp10_1_0" {
			continue
		}
		s, err := frontend.Load(cs.file, frontend.Options{LenientDocs: true})
		if err != nil {
			t.Fatal(err)
		}
		files, err := Generate(s, Options{Package: "p", Source: "qapi-schema.json"})
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		var afs []*ast.File
		for _, f := range files {
			af, err := parser.ParseFile(fset, f.Name, f.Content, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			afs = append(afs, af)
		}
		pkg, err := doc.NewFromFiles(fset, afs, "example.com/p")
		if err != nil {
			t.Fatal(err)
		}
		resolved := 0
		check := func(name, text string) {
			var walk func(ts []gocomment.Text)
			walk = func(ts []gocomment.Text) {
				for _, x := range ts {
					switch x := x.(type) {
					case *gocomment.DocLink:
						resolved++
					case gocomment.Plain:
						if m := linkLike.FindString(string(x)); m != "" {
							t.Errorf("%s: doc of %s: %s does not resolve", cs.id, name, m)
						}
					case *gocomment.Link:
						walk(x.Text)
					}
				}
			}
			for _, b := range pkg.Parser().Parse(text).Content {
				switch b := b.(type) {
				case *gocomment.Paragraph:
					walk(b.Text)
				case *gocomment.List:
					for _, item := range b.Items {
						for _, ib := range item.Content {
							if p, ok := ib.(*gocomment.Paragraph); ok {
								walk(p.Text)
							}
						}
					}
				}
			}
		}
		check("package", pkg.Doc)
		values := func(vs []*doc.Value) {
			for _, v := range vs {
				check(strings.Join(v.Names, ","), v.Doc)
			}
		}
		funcs := func(fs []*doc.Func) {
			for _, f := range fs {
				check(f.Name, f.Doc)
			}
		}
		values(pkg.Consts)
		values(pkg.Vars)
		funcs(pkg.Funcs)
		for _, typ := range pkg.Types {
			check(typ.Name, typ.Doc)
			values(typ.Consts)
			values(typ.Vars)
			funcs(typ.Funcs)
			funcs(typ.Methods)
		}
		t.Logf("%s: %d doc links resolve", cs.id, resolved)
		if resolved < 200 {
			t.Errorf("%s: only %d doc links", cs.id, resolved)
		}
	}
}
