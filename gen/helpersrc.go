// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strings"
	"sync"

	"github.com/qapi-gen/qapi-gen/goview"
)

// qapi.go is the source of package qapirt with its package clause
// replaced. Its exported package-level names are read from that source,
// so that a helper added there yields to schema names like every other
// (see yield) without being listed twice.

const helpersPackage = "\npackage qapirt\n"

var helperDecls struct {
	once  sync.Once
	names []string
}

// helperNames are the exported package-level identifiers of qapi.go, in
// source order.
func helperNames() []string {
	helperDecls.once.Do(func() {
		f, err := parser.ParseFile(token.NewFileSet(), "helpers.go", helpersSource, parser.SkipObjectResolution)
		if err != nil {
			panic("gen: qapirt/helpers.go does not parse: " + err.Error()) // checked by every test
		}
		for _, d := range f.Decls {
			for _, id := range declNames(d) {
				if ast.IsExported(id.Name) {
					helperDecls.names = append(helperDecls.names, id.Name)
				}
			}
		}
	})
	return helperDecls.names
}

// declNames are the package-level names a declaration declares (none for
// methods).
func declNames(d ast.Decl) []*ast.Ident {
	var out []*ast.Ident
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			out = append(out, d.Name)
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.TypeSpec:
				out = append(out, sp.Name)
			case *ast.ValueSpec:
				out = append(out, sp.Names...)
			}
		}
	}
	return out
}

// helpersFile is qapi.go for a schema whose names take none of the
// helpers'.
func helpersFile(opts Options) []byte {
	return (&generator{opts: opts, view: &goview.View{}}).qapiFile()
}

// qapiFile is qapi.go: the qapirt helpers under the package's name, with
// the identifiers that yielded to schema names renamed.
func (g *generator) qapiFile() []byte {
	src := g.renamedHelpers()
	i := strings.Index(src, helpersPackage)
	var b strings.Builder
	b.WriteString(Header + "\n// Source: " + cleanLine(g.opts.Source) + "\n\n")
	b.WriteString("// This file holds the helpers the generated code uses; it needs only the\n// standard library.\n\n")
	b.WriteString(g.packageDoc() + "\n")
	b.WriteString("package " + g.opts.Package + "\n")
	b.WriteString(src[i+len(helpersPackage):])
	return []byte(b.String())
}

// renamedHelpers is helpersSource with the package-level names and the
// Command and Event interface methods renamed as g names them.
func (g *generator) renamedHelpers() string {
	pkgRename, methodRename := map[string]string{}, map[string]string{}
	for _, n := range helperNames() {
		if r := g.id(n); r != n {
			pkgRename[n] = r
		}
	}
	for _, list := range [][]string{commandMethods, eventMethods} {
		for _, n := range list {
			if r := g.method(n); r != n {
				methodRename[n] = r
			}
		}
	}
	if len(pkgRename) == 0 && len(methodRename) == 0 {
		return helpersSource
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "helpers.go", helpersSource, parser.ParseComments)
	if err != nil {
		panic("gen: qapirt/helpers.go does not parse: " + err.Error())
	}
	rename := func(id *ast.Ident, m map[string]string) {
		if r, ok := m[id.Name]; ok {
			id.Name = r
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			// A use or the declaration of a package-level name (the
			// parser resolves both to the file scope's object).
			if n.Obj != nil && f.Scope.Lookup(n.Name) == n.Obj {
				rename(n, pkgRename)
			}
		case *ast.FuncDecl:
			if n.Recv != nil {
				rename(n.Name, methodRename)
			}
		case *ast.InterfaceType:
			for _, m := range n.Methods.List {
				for _, id := range m.Names {
					rename(id, methodRename)
				}
			}
		case *ast.SelectorExpr:
			rename(n.Sel, methodRename)
		}
		return true
	})
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			c.Text = g.ownText(c.Text)
		}
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		panic("gen: printing qapirt/helpers.go: " + err.Error())
	}
	return buf.String()
}
