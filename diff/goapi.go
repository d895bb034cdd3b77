package diff

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/qapi-gen/qapi-gen/gen"
	"github.com/qapi-gen/qapi-gen/gen/names"
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

// goNaming is the generator's naming of one schema, the only place this
// package depends on it.
type goNaming struct {
	types map[model.Definition]string
}

func newGoNaming(s *model.Schema) (goNaming, error) {
	types, err := gen.TypeNames(s, gen.Options{Package: "api"})
	return goNaming{types: types}, err
}

func (n goNaming) field(member string) string { return names.Exported(member) }

func (n goNaming) constant(typeName, value string) string { return typeName + names.Suffix(value) }

func (n goNaming) method(command string) string { return names.Exported(command) }

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
// schema order.
func goAPI(s *model.Schema) ([]*goDecl, error) {
	n, err := newGoNaming(s)
	if err != nil {
		return nil, err
	}
	var out []*goDecl
	for _, e := range s.Entities {
		d, ok := e.(model.Definition)
		if !ok {
			continue
		}
		name, ok := n.types[d]
		if !ok || d.Common().Implicit != nil && d.Common().Implicit.Role == model.ImplicitArgs {
			continue
		}
		decl := &goDecl{name: name, qapi: d.Common().Name}
		switch d := d.(type) {
		case *model.Enum:
			decl.kind = "enum"
			for _, m := range d.Members {
				decl.consts = append(decl.consts, n.constant(name, m.Name))
			}
		case *model.Object:
			decl.kind = "struct"
			decl.fields = n.memberFields(d.Members)
			if d.Branches != nil {
				decl.kind = "union"
				for _, v := range d.Branches.Variants {
					if o, ok := v.Type.(*model.Object); ok && o.IsEmpty() {
						continue
					}
					decl.fields = append(decl.fields, goField{n.field(v.Name), "*" + n.goType(v.Type)})
				}
			}
		case *model.Alternate:
			decl.kind = "alternate"
			for _, v := range d.Alternatives {
				t := "*" + n.goType(v.Type)
				switch v.Type.JSONType() {
				case "null":
					t = "bool"
				case "array":
					t = n.goType(v.Type)
				}
				decl.fields = append(decl.fields, goField{n.field(v.Name), t})
			}
		case *model.Command:
			decl.kind = "command"
			decl.fields = n.argFields(d.Arg)
			decl.method = &goMethod{name: "Client." + n.method(d.Name), args: d.Arg != nil}
			if d.Ret != nil {
				decl.method.ret = n.goType(d.Ret)
			}
		case *model.Event:
			decl.kind = "event"
			decl.fields = n.argFields(d.Arg)
		default:
			continue
		}
		out = append(out, decl)
	}
	return out, nil
}

// argFields are the fields of a command or event type: the inline
// arguments, or the argument type embedded.
func (n goNaming) argFields(arg *model.Object) []goField {
	switch {
	case arg == nil:
		return nil
	case arg.Implicit != nil && arg.Implicit.Role == model.ImplicitArgs:
		return n.memberFields(arg.Members)
	}
	t := n.goType(arg)
	return []goField{{t, "embedded " + t}}
}

func (n goNaming) memberFields(ms []*model.Member) []goField {
	var out []goField
	for _, m := range ms {
		out = append(out, goField{n.field(m.Name), n.fieldType(m)})
	}
	return out
}

// fieldType is the Go type of a member's field, as docs/mapping.md
// gives it: optional members are pointers, except 'any', 'null' and
// alternates, which tell absence by their zero value.
func (n goNaming) fieldType(m *model.Member) string {
	t := n.goType(m.Type)
	if !m.Optional {
		return t
	}
	switch mt := m.Type.(type) {
	case *model.Builtin:
		switch mt.Name {
		case "any":
			return t
		case "null":
			return "OptionalNull"
		}
	case *model.Alternate:
		return t
	}
	return "*" + t
}

// goBuiltins are the Go types of QAPI's built-in types.
var goBuiltins = map[string]string{
	"str": "string", "number": "float64", "int": "int64", "int8": "int8", "int16": "int16",
	"int32": "int32", "int64": "int64", "uint8": "uint8", "uint16": "uint16", "uint32": "uint32",
	"uint64": "uint64", "size": "uint64", "bool": "bool", "any": "Any", "null": "Null",
}

func (n goNaming) goType(t model.Type) string {
	switch t := t.(type) {
	case *model.Builtin:
		return goBuiltins[t.Name]
	case *model.Array:
		if b, ok := t.Element.(*model.Builtin); ok && b.Name == "uint8" {
			return "Uint8List"
		}
		return "[]" + n.goType(t.Element)
	case model.Definition:
		if name, ok := n.types[t]; ok {
			return name
		}
		return names.Exported(t.Common().Name)
	}
	return "?"
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
