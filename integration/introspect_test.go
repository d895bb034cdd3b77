// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/gen/names"

	qapi "github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qmp"
)

// wireField is a JSON member of a generated struct type.
type wireField struct {
	typ      reflect.Type
	required bool // the tag has neither omitempty nor omitzero
}

// wireFields returns the JSON members of a generated struct type, those of
// embedded types included; union branches (tag "-") are not members.
func wireFields(t reflect.Type) map[string]wireField {
	out := map[string]wireField{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			for k, v := range wireFields(f.Type) {
				out[k] = v
			}
			continue
		}
		tag := f.Tag.Get("json")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		optional := slices.ContainsFunc(strings.Split(opts, ","), func(o string) bool { return o == "omitempty" || o == "omitzero" })
		out[name] = wireField{typ: f.Type, required: !optional}
	}
	return out
}

// typeChecker compares introspected types with generated Go types,
// recursively: objects member by member (presence, optionality, type),
// union branches, array elements, enum values (each must be Known),
// builtin types by JSON kind, alternates by their number of branches.
type typeChecker struct {
	t       testing.TB
	report  func(format string, args ...any) // t.Errorf unless a test replaces it
	anyType reflect.Type                     // the package's Any
	byName  map[string]qapi.SchemaInfo
	visited map[string]bool
	errors  int
	// counts
	members, enumValues, types, extra int
}

func (c *typeChecker) errorf(format string, args ...any) {
	c.t.Helper()
	c.errors++
	switch {
	case c.report != nil:
		c.report(format, args...)
	case c.errors <= 50:
		c.t.Errorf(format, args...)
	}
}

// check compares the introspected type name with the Go type g (one
// pointer level, the mark of an optional member, is removed).
func (c *typeChecker) check(where, name string, g reflect.Type) {
	c.t.Helper()
	if g.Kind() == reflect.Pointer {
		g = g.Elem()
	}
	if c.visited == nil {
		c.visited = map[string]bool{}
	}
	key := name + " " + g.PkgPath() + "." + g.String()
	if c.visited[key] {
		return
	}
	c.visited[key] = true
	c.types++
	si, ok := c.byName[name]
	if !ok {
		c.errorf("%s: introspection has no type %s", where, name)
		return
	}
	switch si.MetaType {
	case qapi.SchemaMetaTypeBuiltin:
		c.builtin(where, si.Builtin.JSONType, g)
	case qapi.SchemaMetaTypeEnum:
		if g.Kind() != reflect.String || !g.Implements(knowerType) {
			c.errorf("%s: enum %s is Go type %v", where, name, g)
			return
		}
		for _, v := range si.Enum.Values {
			c.enumValues++
			if !reflect.ValueOf(v).Convert(g).Interface().(knower).Known() {
				c.errorf("%s: enum %v lacks the value %q", where, g, v)
			}
		}
	case qapi.SchemaMetaTypeArray:
		if g.Kind() != reflect.Slice {
			c.errorf("%s: array %s is Go type %v", where, name, g)
			return
		}
		c.check(where+"[]", si.Array.ElementType, g.Elem())
	case qapi.SchemaMetaTypeAlternate:
		n := 0
		for i := range g.NumField() {
			if g.Field(i).IsExported() {
				n++
			}
		}
		if g.Kind() != reflect.Struct || n != len(si.Alternate.Members) {
			c.errorf("%s: alternate with %d branches is Go type %v with %d fields", where, len(si.Alternate.Members), g, n)
		}
	case qapi.SchemaMetaTypeObject:
		c.object(where, si.Object, g)
	default:
		c.errorf("%s: unexpected meta-type %s of %s", where, si.MetaType, name)
	}
}

func (c *typeChecker) builtin(where string, jt qapi.JSONType, g reflect.Type) {
	c.t.Helper()
	var ok bool
	switch jt {
	case qapi.JSONTypeString:
		ok = g.Kind() == reflect.String
	case qapi.JSONTypeInt:
		ok = g.Kind() >= reflect.Int && g.Kind() <= reflect.Uint64
	case qapi.JSONTypeNumber:
		ok = g.Kind() == reflect.Float64
	case qapi.JSONTypeBoolean, qapi.JSONTypeNull:
		ok = g.Kind() == reflect.Bool
	case qapi.JSONTypeValue:
		ok = g == c.anyType
	}
	if !ok {
		c.errorf("%s: builtin of JSON type %s is Go type %v", where, jt, g)
	}
}

func (c *typeChecker) object(where string, obj *qapi.SchemaInfoObject, g reflect.Type) {
	c.t.Helper()
	if g.Kind() != reflect.Struct {
		c.errorf("%s: object is Go type %v", where, g)
		return
	}
	fields := wireFields(g)
	seen := map[string]bool{}
	for _, mem := range obj.Members {
		c.members++
		seen[mem.Name] = true
		f, ok := fields[mem.Name]
		switch {
		case !ok:
			c.errorf("%s: member %s is missing from Go type %v", where, mem.Name, g)
			continue
		case f.required != (mem.Default == nil):
			c.errorf("%s: member %s: Go type %v has required=%v, QEMU has optional=%v", where, mem.Name, g, f.required, mem.Default != nil)
		}
		c.check(where+"."+mem.Name, mem.Type, f.typ)
	}
	for name := range fields {
		if !seen[name] {
			c.extra++
		}
	}
	if obj.Variants == nil {
		return
	}
	for _, v := range *obj.Variants {
		if vt := c.byName[v.Type]; vt.Object != nil && len(vt.Object.Members) == 0 && vt.Object.Variants == nil {
			continue // a case without members needs no Go branch
		}
		branch, ok := g.FieldByName(names.Exported(v.Case))
		if !ok || branch.Tag.Get("json") != "-" || branch.Type.Kind() != reflect.Pointer {
			c.errorf("%s: union %v has no branch field %s for case %q", where, g, names.Exported(v.Case), v.Case)
			continue
		}
		c.check(where+"("+v.Case+")", v.Type, branch.Type)
	}
}

// generatedPackage describes one generated package to checkIntrospection.
type generatedPackage struct {
	client any                  // its *Client
	specs  map[string]specFlags // from its Commands()
	// event returns the zero value of the event's Go type, or false when
	// the package does not have the event.
	event   func(name string) (namedEvent, bool)
	anyType reflect.Type // its Any
}

type specFlags struct{ AllowOOB, Deprecated, Unstable bool }

func systemPackage(client *qapi.Client) generatedPackage {
	specs := map[string]specFlags{}
	for _, s := range qapi.Commands() {
		specs[s.Name] = specFlags{s.AllowOOB, s.Deprecated, s.Unstable}
	}
	return generatedPackage{client: client, specs: specs, anyType: reflect.TypeFor[qapi.Any](),
		event: func(name string) (namedEvent, bool) {
			ev, err := qapi.DecodeEvent(name, nil)
			_, unknown := ev.(qapi.UnknownEvent)
			return ev, err == nil && !unknown
		}}
}

// testIntrospection runs checkIntrospection on the system emulator.
func testIntrospection(t *testing.T, m *machine) {
	schema, err := m.client.QueryQMPSchema(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	checkIntrospection(t, schema, systemPackage(m.client), 100, 20)
}

// checkIntrospection compares a generated package with what the binary
// says about itself in query-qmp-schema: every command and event it has
// is generated, with the same flags, and the Go types of arguments,
// replies and events match the introspected types recursively (see
// typeChecker). Members the binary lacks are allowed: they are
// conditional on build options.
func checkIntrospection(t *testing.T, schema []qapi.SchemaInfo, p generatedPackage, minCommands, minEvents int) {
	byName := map[string]qapi.SchemaInfo{}
	var branches int
	for _, si := range schema {
		byName[si.Name] = si
		if si.Object != nil && si.Object.Variants != nil {
			branches += len(*si.Object.Variants)
		}
	}
	client := reflect.ValueOf(p.client)
	tc := &typeChecker{t: t, byName: byName, anyType: p.anyType}
	// noArgs stands for the arguments of a command that takes none.
	noArgs := reflect.TypeFor[struct{}]()
	var commands, events int
	for _, si := range schema {
		hasFeature := func(f string) bool { return si.Features != nil && slices.Contains(*si.Features, f) }
		switch si.MetaType {
		case qapi.SchemaMetaTypeCommand:
			commands++
			spec, ok := p.specs[si.Name]
			if !ok {
				t.Errorf("command %s is not generated", si.Name)
				continue
			}
			oob := si.Command.AllowOOB != nil && *si.Command.AllowOOB
			if want := (specFlags{oob, hasFeature("deprecated"), hasFeature("unstable")}); spec != want {
				t.Errorf("command %s: spec %+v, QEMU says %+v", si.Name, spec, want)
			}
			method := client.MethodByName(names.Exported(si.Name))
			if !method.IsValid() {
				t.Errorf("command %s: the client has no method %s", si.Name, names.Exported(si.Name))
				continue
			}
			mt := method.Type()
			args := noArgs
			if mt.NumIn() >= 2 { // ctx, args (and a file for getfd, add-fd)
				args = mt.In(1)
			}
			tc.check("command "+si.Name, si.Command.ArgType, args)
			if mt.NumOut() == 2 {
				tc.check("reply of "+si.Name, si.Command.RetType, mt.Out(0))
			} else if ret := byName[si.Command.RetType]; ret.MetaType != qapi.SchemaMetaTypeObject || ret.Object == nil || len(ret.Object.Members) != 0 {
				t.Errorf("command %s returns %s, its Go method nothing", si.Name, si.Command.RetType)
			}
		case qapi.SchemaMetaTypeEvent:
			events++
			ev, ok := p.event(si.Name)
			if !ok {
				t.Errorf("event %s is not generated", si.Name)
				continue
			}
			tc.check("event "+si.Name, si.Event.ArgType, reflect.TypeOf(ev))
		}
	}
	t.Logf("introspection: %d commands and %d events checked against the generated package: %d type pairs, %d members, %d enum values, %d union cases in the schema (%d Go members the binary lacks: conditional); %d mismatches",
		commands, events, tc.types, tc.members, tc.enumValues, branches, tc.extra, tc.errors)
	if commands < minCommands || events < minEvents {
		t.Errorf("introspection lists only %d commands and %d events", commands, events)
	}
}
