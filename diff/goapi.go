// SPDX-License-Identifier: Apache-2.0

package diff

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/qapi-gen/qapi-gen/gen"
	"github.com/qapi-gen/qapi-gen/model"
)

// APIChange is a change in the Go package generated from the schema that
// code using the package may have to follow: something it can name
// that is gone, renamed or of another type. Additions are not listed.
type APIChange struct {
	// Name is the Go identifier: "BlockdevOptions",
	// "BlockdevOptions.NodeName", "Client.QueryStatus".
	Name string `json:"name"`
	// Change is the kind: type-removed, type-renamed, type-kind-changed,
	// field-removed, field-moved (into an embedded type), field-type-changed, field-became-pointer,
	// field-no-longer-pointer, constant-removed, method-removed,
	// method-changed.
	Change  string `json:"change"`
	Message string `json:"message"`
}

// goDecl is what code can use of one declaration of the package.
type goDecl struct {
	name   string
	kind   string // "struct", "union", "enum", "alternate", "command", "event"
	qapi   string // the QAPI name of the definition
	fields []goField
	consts []string
	method *goMethod // a command's Client method
}

// goMethod is the signature of a Client method.
type goMethod struct {
	name string // "Client.QueryStatus"
	args bool   // it takes the command type
	ret  string // the result's type; "" for none
}

func (m *goMethod) String() string {
	args, ret := "", "error"
	if m.args {
		args = ", args"
	}
	if m.ret != "" {
		ret = "(" + m.ret + ", error)"
	}
	return "func(ctx" + args + ") " + ret
}

type goField struct{ name, typ string }

// goAPI lists the declarations of the package generated from s, in
// schema order, as the generator's view of the schema names them (the
// only place this package depends on the generator).
func goAPI(s *model.Schema) ([]*goDecl, error) {
	v, err := gen.View(s, gen.Options{Package: "api"})
	if err != nil {
		return nil, err
	}
	var out []*goDecl
	for _, d := range v.Defs {
		decl := &goDecl{name: d.Name, kind: d.Kind.String(), qapi: d.Def.Common().Name}
		for _, c := range d.Values {
			decl.consts = append(decl.consts, c.Const)
		}
		for _, f := range d.Fields {
			decl.fields = append(decl.fields, goField{f.Name, f.Type.String()})
		}
		for _, b := range d.Branches {
			decl.fields = append(decl.fields, goField{b.Name, b.Type.String()})
		}
		if a := d.Arg; a != nil {
			t := a.Type
			if a.Embedded {
				t = "embedded " + t
			}
			decl.fields = append(decl.fields, goField{a.Field, t})
		}
		if cmd, ok := d.Def.(*model.Command); ok {
			decl.method = &goMethod{name: "Client." + d.Method, args: cmd.Arg != nil}
			if d.Result != nil {
				decl.method.ret = d.Result.String()
			}
		}
		out = append(out, decl)
	}
	return out, nil
}

// GoAPI compares the Go packages generated from old and new. renames maps
// old QAPI type names to the new names of the same types, as the wire
// comparison pairs them (see Renames): a renamed type is reported once,
// and fields of that type are not reported as changed.
func GoAPI(old, new *model.Schema, renames map[string]string) ([]APIChange, error) {
	od, err := goAPI(old)
	if err != nil {
		return nil, fmt.Errorf("old schema: %w", err)
	}
	nd, err := goAPI(new)
	if err != nil {
		return nil, fmt.Errorf("new schema: %w", err)
	}
	newByName := map[string]*goDecl{}
	newByQAPI := map[string]*goDecl{}
	for _, d := range nd {
		newByName[d.name] = d
		newByQAPI[d.qapi] = d
	}
	// Go names of renamed types, old to new, to compare field types.
	goRenames := map[string]string{}
	for _, d := range od {
		if newByName[d.name] != nil {
			continue
		}
		if to, ok := renames[d.qapi]; ok && newByQAPI[to] != nil {
			goRenames[d.name] = newByQAPI[to].name
		}
	}
	var out []APIChange
	add := func(name, change, format string, args ...any) {
		out = append(out, APIChange{Name: name, Change: change, Message: fmt.Sprintf(format, args...)})
	}
	for _, o := range od {
		n := newByName[o.name]
		if n == nil {
			if to, ok := goRenames[o.name]; ok {
				add(o.name, "type-renamed", "type %s is now %s", o.name, to)
				n = newByName[to]
			} else {
				what := "type " + o.name
				if o.method != nil {
					what += " and method " + o.method.name
				}
				add(o.name, "type-removed", "%s removed", what)
				continue
			}
		}
		if o.kind != n.kind {
			add(o.name, "type-kind-changed", "type %s changed from %s to %s", o.name, o.kind, n.kind)
			continue
		}
		compareDecl(o, n, newByName, goRenames, add)
	}
	slices.SortStableFunc(out, func(a, b APIChange) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

func compareDecl(o, n *goDecl, newByName map[string]*goDecl, goRenames map[string]string, add func(name, change, format string, args ...any)) {
	for _, c := range o.consts {
		// Constants are named after their type: a renamed type renames
		// them with it.
		if !slices.Contains(n.consts, n.name+strings.TrimPrefix(c, o.name)) {
			add(c, "constant-removed", "constant %s removed", c)
		}
	}
	newFields := map[string]string{}
	for _, f := range n.fields {
		newFields[f.name] = f.typ
	}
	for _, f := range o.fields {
		id := n.name + "." + f.name
		nt, ok := newFields[f.name]
		switch {
		case !ok:
			if e := embeddedWith(n, f.name, newByName); e != "" {
				add(o.name+"."+f.name, "field-moved", "field %s.%s moved into the embedded %s: it is still promoted, but composite literals must name %s",
					o.name, f.name, e, e)
				continue
			}
			add(o.name+"."+f.name, "field-removed", "field %s.%s removed", o.name, f.name)
		case renamedType(f.typ, goRenames) == nt:
		case "*"+renamedType(f.typ, goRenames) == nt:
			add(id, "field-became-pointer", "field %s became a pointer: %s, was %s", id, nt, f.typ)
		case renamedType(f.typ, goRenames) == "*"+nt:
			add(id, "field-no-longer-pointer", "field %s is no longer a pointer: %s, was %s", id, nt, f.typ)
		default:
			add(id, "field-type-changed", "field %s changed type from %s to %s", id, f.typ, nt)
		}
	}
	if o.method == nil {
		return
	}
	m := o.method.name
	switch om, nm := o.method, n.method; {
	case nm == nil:
		add(m, "method-removed", "method %s removed", m)
	case om.args != nm.args || renamedType(om.ret, goRenames) != nm.ret:
		add(m, "method-changed", "method %s changed from %s to %s", m, om, nm)
	}
}

// embeddedWith names the type embedded in d that has the field name, or
// returns "".
func embeddedWith(d *goDecl, name string, decls map[string]*goDecl) string {
	for _, f := range d.fields {
		t, ok := strings.CutPrefix(f.typ, "embedded ")
		if !ok || decls[t] == nil {
			continue
		}
		for _, ef := range decls[t].fields {
			if ef.name == name {
				return t
			}
		}
	}
	return ""
}

// renamedType rewrites the type name in a Go type expression ("T",
// "*T", "[]T", "embedded T") through goRenames.
func renamedType(t string, goRenames map[string]string) string {
	core := strings.TrimPrefix(t, "embedded ")
	name := strings.TrimLeft(core, "*[]")
	if to, ok := goRenames[name]; ok {
		return t[:len(t)-len(name)] + to
	}
	return t
}
