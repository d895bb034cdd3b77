// SPDX-License-Identifier: Apache-2.0

package model

import (
	"fmt"
	"path/filepath"

	"github.com/qapi-gen/qapi-gen/doc"
	"github.com/qapi-gen/qapi-gen/model/defs"
	"github.com/qapi-gen/qapi-gen/source"
)

// Options control Build.
type Options struct {
	// File is the schema's main file as it was given to the parser.
	// Module names are relative to its directory.
	File string
	// Legacy builds the language of QEMU before 6.2 with QEMU 4.2's
	// rules: simple unions, legacy conditions, and no checks that came
	// later (special features, feature limit, conditional arguments).
	Legacy bool
	// MarkDocErrors returns the errors of the doc checks as
	// *doc.ConventionError (see frontend.Options.Auto).
	MarkDocErrors bool
}

// Build checks the definitions of a schema and connects the doc comments
// to them, the way QEMU's front end does (scripts/qapi/schema.py): it
// defines the built-in types, then every definition in order with the
// implicit types it needs, then checks every entity and connects its doc,
// assigns modules, and finally checks every doc. The first error is
// returned, as a *source.Error; the order of checks is QEMU's, so the
// error is the one QEMU reports.
func Build(ds []defs.Def, docs []*doc.Doc, opts Options) (*Schema, error) {
	b := newBuilder(docs, opts)
	b.predefine()
	for _, d := range ds {
		if err := b.define(d); err != nil {
			return nil, err
		}
	}
	for _, e := range b.s.Entities {
		if e, ok := e.(*Enum); ok {
			e.indexMembers()
		}
	}
	if err := b.check(); err != nil {
		return nil, err
	}
	return b.s, nil
}

// builder holds the state of one Build.
type builder struct {
	opts Options
	s    *Schema

	schemaDir  string
	modules    map[string]*Module // by module name
	moduleName map[string]string  // file name as recorded -> module name

	// featureInfo is where each name in s.FeatureNames was first used.
	featureInfo []*source.Info
	featureSeen map[string]bool

	qEmpty *Object
	qType  *Enum

	// wrapped records, for each legacy wrapper type, the type it wraps
	// if that was defined before the union (its condition is the wrapper's).
	wrapped map[*Object]Type
}

func newBuilder(docs []*doc.Doc, opts Options) *builder {
	b := &builder{
		opts:        opts,
		s:           &Schema{Docs: docs, Legacy: opts.Legacy, byName: map[string]Definition{}},
		schemaDir:   filepath.Dir(opts.File),
		modules:     map[string]*Module{},
		moduleName:  map[string]string{},
		featureSeen: map[string]bool{},
	}
	for _, name := range []string{"deprecated", "unstable"} {
		b.noteFeature(name, nil)
	}
	b.makeModule(BuiltinModuleName)
	b.makeModule(opts.File)
	return b
}

// moduleNameOf maps a file name as the parser recorded it to its module
// name: the path relative to the main file's directory.
func (b *builder) moduleNameOf(file string) string {
	if file == BuiltinModuleName {
		return file
	}
	if name, ok := b.moduleName[file]; ok {
		return name
	}
	name, err := filepath.Rel(filepath.Clean(b.schemaDir), filepath.Clean(file))
	if err != nil {
		// Rel cannot see through ".." in relative names; absolute
		// names can, as Python's relpath does.
		dir, err1 := filepath.Abs(b.schemaDir)
		abs, err2 := filepath.Abs(file)
		if err1 == nil && err2 == nil {
			name, err = filepath.Rel(dir, abs)
		}
		if err != nil {
			name = file
		}
	}
	b.moduleName[file] = name
	return name
}

func (b *builder) makeModule(file string) *Module {
	name := b.moduleNameOf(file)
	if m, ok := b.modules[name]; ok {
		return m
	}
	m := &Module{Name: name, Builtin: name == BuiltinModuleName}
	b.modules[name] = m
	b.s.Modules = append(b.s.Modules, m)
	return m
}

// addEntity appends an entity to the schema's definition order.
func (b *builder) addEntity(e Entity) { b.s.Entities = append(b.s.Entities, e) }

// addDef defines a definition, rejecting a second definition of a name.
func (b *builder) addDef(d Definition) error {
	b.addEntity(d)
	c := d.Common()
	if other, ok := b.s.byName[c.Name]; ok {
		if pos := other.Pos(); pos != nil {
			where := source.Errorf(pos, "previous definition")
			return source.Errorf(c.Info, "'%s' is already defined\n%s", c.Name, where)
		}
		return source.Errorf(c.Info, "%s is already defined", describeDef(other))
	}
	b.s.byName[c.Name] = d
	return nil
}

// lookupType is the type named name, or nil.
func (b *builder) lookupType(name string) Type {
	t, _ := b.s.byName[name].(Type)
	return t
}

// builtinTypes are QEMU's built-in types with their JSON types, in the
// order QEMU defines them.
var builtinTypes = [...]struct{ name, json string }{
	{"str", "string"}, {"number", "number"}, {"int", "int"},
	{"int8", "int"}, {"int16", "int"}, {"int32", "int"}, {"int64", "int"},
	{"uint8", "int"}, {"uint16", "int"}, {"uint32", "int"}, {"uint64", "int"},
	{"size", "int"}, {"bool", "boolean"}, {"any", "value"}, {"null", "null"},
}

// predefine defines the built-in types, each followed by its array type,
// then q_empty and QType.
func (b *builder) predefine() {
	builtin := &Implicit{Role: ImplicitBuiltin}
	for _, t := range builtinTypes {
		b.mustDef(&Builtin{Def: Def{Name: t.name}, JSON: t.json})
		b.mustDef(&Array{Def: Def{Name: t.name + "List", Implicit: builtin}, elemName: t.name})
	}
	b.qEmpty = &Object{Def: Def{Name: "q_empty", Implicit: builtin}}
	b.mustDef(b.qEmpty)
	b.qType = &Enum{Def: Def{Name: "QType", Implicit: builtin}}
	for _, v := range []string{"none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool"} {
		b.qType.Members = append(b.qType.Members, &EnumMember{Name: v})
	}
	if b.opts.Legacy {
		// QEMU 4.2 gave QType an explicit prefix.
		b.qType.Prefix, b.qType.HasPrefix = "QTYPE", true
	}
	b.mustDef(b.qType)
}

func (b *builder) mustDef(d Definition) {
	if err := b.addDef(d); err != nil {
		panic(fmt.Sprintf("model: predefined %s: %v", d.Common().Name, err))
	}
}

// noteFeature records the first use of a feature name.
func (b *builder) noteFeature(name string, info *source.Info) {
	if !b.featureSeen[name] {
		b.featureSeen[name] = true
		b.s.FeatureNames = append(b.s.FeatureNames, name)
		b.featureInfo = append(b.featureInfo, info)
	}
}

// features makes the features of the definition, member or value named
// owner.
func (b *builder) features(fs []*defs.Feature, owner string, info *source.Info) []*Feature {
	if len(fs) == 0 {
		return nil
	}
	out := make([]*Feature, len(fs))
	for i, f := range fs {
		b.noteFeature(f.Name, info)
		out[i] = &Feature{Name: f.Name, Info: info, If: f.If, definedIn: owner}
	}
	return out
}

// typeRef returns the name of the type ref refers to, defining the
// array type first when it is ['T'].
func (b *builder) typeRef(ref defs.TypeRef, info *source.Info) (string, error) {
	if !ref.Array {
		return ref.Name, nil
	}
	return b.arrayType(ref.Name, info)
}

// arrayType defines the array of elem on first use and returns its name.
func (b *builder) arrayType(elem string, info *source.Info) (string, error) {
	name := elem + "List"
	if b.lookupType(name) == nil {
		a := &Array{Def: Def{Name: name, Info: info, Implicit: &Implicit{Role: ImplicitArray}}, elemName: elem}
		if err := b.addDef(a); err != nil {
			return "", err
		}
	}
	return name, nil
}

// members makes object members, defining array types as they are used.
func (b *builder) members(ms []*defs.Member, info *source.Info) ([]*Member, error) {
	out := make([]*Member, 0, len(ms))
	for _, m := range ms {
		typ, err := b.typeRef(m.Type, info)
		if err != nil {
			return nil, err
		}
		out = append(out, &Member{
			Name: m.Name, Optional: m.Optional, Info: info, If: m.If,
			Features: b.features(m.Features, m.Name, info),
			typeName: typ,
		})
	}
	return out, nil
}

// implicitObject defines the implicit object type q_obj_OWNER-ROLE with
// members, unless there are none. When the name is taken already, the
// owner is a duplicate definition, which addDef reports right after.
func (b *builder) implicitObject(owner string, info *source.Info, cond *Cond, role ImplicitRole, ms []*Member) (*Object, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	suffix := map[ImplicitRole]string{ImplicitArgs: "arg", ImplicitBase: "base", ImplicitWrapper: "wrapper"}[role]
	name := "q_obj_" + owner + "-" + suffix
	if o, ok := b.s.byName[name].(*Object); ok {
		return o, nil
	}
	o := &Object{Def: Def{Name: name, Info: info, If: cond, Implicit: &Implicit{Role: role}}, Local: ms}
	for _, m := range ms {
		m.DefinedIn = o
	}
	return o, b.addDef(o)
}

// own makes d the owner of the implicit type t (if t is one made for it).
func own(t *Object, d Definition) {
	if t != nil && t.Implicit != nil && t.Implicit.Owner == nil {
		t.Implicit.Owner = d
	}
}

// define adds one checked expression (and the implicit types it needs).
func (b *builder) define(d defs.Def) error {
	switch d := d.(type) {
	case *defs.Include:
		sub := b.makeModule(d.File)
		b.addEntity(&Include{Info: d.Info, Sub: sub})
		return nil
	case *defs.Enum:
		return b.defineEnum(d)
	case *defs.Struct:
		return b.defineStruct(d)
	case *defs.Union:
		if d.Discriminator == "" && b.opts.Legacy {
			return b.defineSimpleUnion(d)
		}
		return b.defineUnion(d)
	case *defs.Alternate:
		return b.defineAlternate(d)
	case *defs.Command:
		return b.defineCommand(d)
	case *defs.Event:
		return b.defineEvent(d)
	}
	return fmt.Errorf("model: unexpected definition %T", d)
}

// header makes the common part of a definition.
func (b *builder) header(h *defs.Header) Def {
	return Def{
		Name: h.Name, Info: h.Info, Doc: h.Doc, If: h.If,
		Features: b.features(h.Features, h.Name, h.Info),
	}
}

func (b *builder) defineEnum(d *defs.Enum) error {
	e := &Enum{Def: b.header(d.Header()), Prefix: d.Prefix, HasPrefix: d.HasPrefix}
	for _, m := range d.Members {
		e.Members = append(e.Members, &EnumMember{
			Name: m.Name, Info: d.Info, If: m.If,
			Features: b.features(m.Features, m.Name, d.Info),
		})
	}
	return b.addDef(e)
}

func (b *builder) defineStruct(d *defs.Struct) error {
	o := &Object{Def: b.header(d.Header()), baseName: d.Base}
	ms, err := b.members(d.Members, d.Info)
	if err != nil {
		return err
	}
	o.Local = ms
	for _, m := range ms {
		m.DefinedIn = o
	}
	return b.addDef(o)
}

// unionObject starts the object of a union: its header, its named base,
// or the implicit object of its inline base.
func (b *builder) unionObject(d *defs.Union) (*Object, error) {
	def := b.header(d.Header())
	o := &Object{Def: def, baseName: d.BaseName, Branches: &Branches{tagName: d.Discriminator}}
	if d.HasInlineBase {
		ms, err := b.members(d.BaseMembers, d.Info)
		if err != nil {
			return nil, err
		}
		base, err := b.implicitObject(d.Name, d.Info, def.If, ImplicitBase, ms)
		if err != nil {
			return nil, err
		}
		own(base, o)
		o.baseName = ""
		if base != nil {
			o.baseName = base.Name
		}
	}
	return o, nil
}

func (b *builder) defineUnion(d *defs.Union) error {
	o, err := b.unionObject(d)
	if err != nil {
		return err
	}
	vs, err := b.variants(d.Branches, d.Info, o)
	if err != nil {
		return err
	}
	o.Branches.Variants = vs
	return b.addDef(o)
}

// variants makes union branches or alternatives, defining array types
// as they are used.
func (b *builder) variants(bs []*defs.Branch, info *source.Info, in Definition) ([]*Variant, error) {
	out := make([]*Variant, 0, len(bs))
	for _, br := range bs {
		typ, err := b.typeRef(br.Type, info)
		if err != nil {
			return nil, err
		}
		out = append(out, &Variant{Name: br.Name, Info: info, If: br.If, DefinedIn: in, typeName: typ})
	}
	return out, nil
}

func (b *builder) defineAlternate(d *defs.Alternate) error {
	a := &Alternate{Def: b.header(d.Header())}
	vs, err := b.variants(d.Alternatives, d.Info, a)
	if err != nil {
		return err
	}
	a.Alternatives = vs
	a.Tag = &Member{Name: "type", Info: d.Info, DefinedIn: a, typeName: "QType"}
	return b.addDef(a)
}

// arguments makes a command's or event's argument type name: the named
// type, or the implicit type of its inline members.
func (b *builder) arguments(name string, info *source.Info, cond *Cond, argType string, args []*defs.Member, hasArgs bool) (string, *Object, error) {
	if !hasArgs {
		return argType, nil, nil
	}
	ms, err := b.members(args, info)
	if err != nil {
		return "", nil, err
	}
	o, err := b.implicitObject(name, info, cond, ImplicitArgs, ms)
	if err != nil || o == nil {
		return "", nil, err
	}
	return o.Name, o, nil
}

func (b *builder) defineCommand(d *defs.Command) error {
	c := &Command{
		Def: b.header(d.Header()), Gen: d.Gen, SuccessResponse: d.SuccessResponse,
		Boxed: d.Boxed, AllowOOB: d.AllowOOB, AllowPreconfig: d.AllowPreconfig,
		Coroutine: d.Coroutine,
	}
	argName, implicit, err := b.arguments(d.Name, d.Info, c.If, d.ArgType, d.Args, d.HasArgs)
	if err != nil {
		return err
	}
	c.argName = argName
	if d.Returns != nil {
		if c.retName, err = b.typeRef(*d.Returns, d.Info); err != nil {
			return err
		}
	}
	if err := b.addDef(c); err != nil {
		return err
	}
	own(implicit, c)
	return nil
}

func (b *builder) defineEvent(d *defs.Event) error {
	e := &Event{Def: b.header(d.Header()), Boxed: d.Boxed}
	argName, implicit, err := b.arguments(d.Name, d.Info, e.If, d.ArgType, d.Args, d.HasArgs)
	if err != nil {
		return err
	}
	e.argName = argName
	if err := b.addDef(e); err != nil {
		return err
	}
	own(implicit, e)
	return nil
}
