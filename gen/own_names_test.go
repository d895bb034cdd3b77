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
	"github.com/qapi-gen/qapi-gen/gen/names"
	"github.com/qapi-gen/qapi-gen/model"
)

// ownNamesSchema has every kind of definition, events and an allow-oob
// command, so that its package has every identifier the generator adds.
const ownNamesSchema = `
{ 'enum': 'Color', 'data': [ 'red', 'blue' ] }
{ 'struct': 'Plain', 'data': { 'l': [ 'int' ], '*o': 'str' } }
{ 'struct': 'Other', 'data': {} }
{ 'union': 'Uni', 'base': { 'color': 'Color' }, 'discriminator': 'color',
  'data': { 'red': 'Plain' } }
{ 'alternate': 'Alt', 'data': { 'p': 'Plain', 'n': 'int', 'z': 'null' } }
{ 'command': 'cmd', 'data': { 'a': 'int', 'l': [ 'str' ] }, 'returns': 'Plain', 'allow-oob': true }
{ 'command': 'boxed', 'data': 'Uni', 'boxed': true }
{ 'command': 'quiet', 'success-response': false }
{ 'event': 'EV', 'data': { 'b': 'int' } }
{ 'event': 'EV_BOXED', 'data': 'Uni', 'boxed': true }
`

// declared lists a generated package's declarations: package-level
// exported identifiers with their file, and methods by receiver type.
type declared struct {
	pkg     map[string]string   // identifier -> file
	methods map[string][]string // receiver type -> method names
	fields  map[string][]string // struct type -> field names
}

func declarations(t testing.TB, files []File) declared {
	t.Helper()
	d := declared{pkg: map[string]string{}, methods: map[string][]string{}, fields: map[string][]string{}}
	for _, f := range files {
		af, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Content, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range af.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv != nil {
				rt := fd.Recv.List[0].Type
				if st, ok := rt.(*ast.StarExpr); ok {
					rt = st.X
				}
				recv := rt.(*ast.Ident).Name
				d.methods[recv] = append(d.methods[recv], fd.Name.Name)
				continue
			}
			for _, id := range declNames(decl) {
				if ast.IsExported(id.Name) {
					d.pkg[id.Name] = f.Name
				}
			}
			if gd, ok := decl.(*ast.GenDecl); ok {
				for _, sp := range gd.Specs {
					ts, ok := sp.(*ast.TypeSpec)
					if !ok {
						continue
					}
					if st, ok := ts.Type.(*ast.StructType); ok {
						for _, fl := range st.Fields.List {
							for _, n := range fl.Names {
								d.fields[ts.Name.Name] = append(d.fields[ts.Name.Name], n.Name)
							}
							if len(fl.Names) == 0 { // embedded
								if id, ok := fl.Type.(*ast.Ident); ok {
									d.fields[ts.Name.Name] = append(d.fields[ts.Name.Name], id.Name)
								}
							}
						}
					}
				}
			}
		}
	}
	return d
}

// schemaNames are the identifiers the schema's names map to: types,
// commands, events and enum constants.
func schemaNames(t testing.TB, schema string) map[string]bool {
	t.Helper()
	s, err := frontend.LoadBytes("test.json", []byte(schema), frontend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := View(s, Options{Package: "p"})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, d := range v.Defs {
		out[d.Name] = true
		if e, ok := d.Def.(*model.Enum); ok {
			for _, m := range e.Members {
				out[d.Name+names.Suffix(m.Name)] = true
			}
		}
	}
	return out
}

// kebab is a QAPI member name that maps to the Go identifier id.
func kebab(t testing.TB, id string) string {
	t.Helper()
	name, lower := qapiName(id)
	if !lower {
		t.Fatalf("no lower-case QAPI name maps to %s", id)
	}
	return name
}

// qapiName is a QAPI name that maps to the Go identifier id: lower case
// if one does (lower), else with the capitals id has ("Marshal-XML").
func qapiName(id string) (name string, lower bool) {
	w := names.Words(id)
	if name := strings.ToLower(strings.Join(w, "-")); names.Exported(name) == id {
		return name, true
	}
	return strings.Join(w, "-"), false
}

// TestOwnNamesYield: every package-level identifier the generator adds
// (found in a generated package, so that a new helper is covered without
// being listed here) is given to a schema definition; the package must
// type-check, the schema's definition must have the name, and the
// helper moves to the name with a trailing '_'.
func TestOwnNamesYield(t *testing.T) {
	ref := declarations(t, mustTypeCheck(t, ownNamesSchema, Options{Server: true}))
	schemaOwn := schemaNames(t, ownNamesSchema)
	var own []string
	for id := range ref.pkg {
		if !schemaOwn[id] {
			own = append(own, id)
		}
	}
	sort.Strings(own)
	if len(own) < 20 {
		t.Fatalf("found only %d generated identifiers: %v", len(own), own)
	}
	for _, id := range own {
		t.Run(id, func(t *testing.T) {
			// A struct of that name, or an enum constant where QAPI
			// refuses the type name (names ending in List or Kind).
			claim := "{ 'struct': '" + id + "', 'data': {} }"
			if strings.HasSuffix(id, "List") || strings.HasSuffix(id, "Kind") {
				w := names.Words(id)
				claim = "{ 'enum': '" + strings.Join(w[:len(w)-1], "") + "', 'data': [ '" + strings.ToLower(w[len(w)-1]) + "' ] }"
			}
			files := mustTypeCheck(t, ownNamesSchema+claim, Options{Server: true})
			d := declarations(t, files)
			if d.pkg[id] != "test.go" {
				t.Errorf("%s is declared in %q, want the schema's test.go", id, d.pkg[id])
			}
			if d.pkg[id+"_"] != ref.pkg[id] {
				t.Errorf("the generated %s is not %s_ in %s (it is in %q)", id, id, ref.pkg[id], d.pkg[id+"_"])
			}
		})
	}
}

// TestOwnMethodsYield: every method the generator gives a schema type,
// found in a generated package, is also the Go name of a member (or
// branch, or alternative) of a type of that kind. The package must
// type-check with the member's field under its own name, the method
// taking the trailing '_' — except the methods Go fixes, where the field
// takes it.
func TestOwnMethodsYield(t *testing.T) {
	ref := declarations(t, mustTypeCheck(t, ownNamesSchema, Options{}))
	// One type of each kind, and how to give it a member named m.
	kinds := []struct {
		typ    string
		schema func(m string) string
	}{
		{"Plain", func(m string) string {
			return strings.Replace(ownNamesSchema, "'*o': 'str'", "'*o': 'str', '"+m+"': 'int'", 1)
		}},
		{"Uni", func(m string) string {
			return strings.Replace(ownNamesSchema, "'base': { 'color': 'Color' }", "'base': { 'color': 'Color', '"+m+"': 'int' }", 1)
		}},
		{"Alt", func(m string) string {
			return strings.Replace(ownNamesSchema, "'z': 'null'", "'z': 'null', '"+m+"': [ 'int' ]", 1)
		}},
		{"CmdCommand", func(m string) string {
			return strings.Replace(ownNamesSchema, "'data': { 'a': 'int',", "'data': { 'a': 'int', '"+m+"': 'int',", 1)
		}},
		{"EvEvent", func(m string) string {
			return strings.Replace(ownNamesSchema, "'data': { 'b': 'int' }", "'data': { 'b': 'int', '"+m+"': 'int' }", 1)
		}},
	}
	n := 0
	for _, k := range kinds {
		methods := ref.methods[k.typ]
		if len(methods) == 0 {
			t.Fatalf("%s has no methods", k.typ)
		}
		for _, m := range methods {
			n++
			t.Run(k.typ+"."+m, func(t *testing.T) {
				schema := k.schema(kebab(t, m))
				if schema == ownNamesSchema {
					t.Fatal("test schema not changed")
				}
				d := declarations(t, mustTypeCheck(t, schema, Options{}))
				field, method := m, m+"_"
				if m == "MarshalJSON" || m == "UnmarshalJSON" || m == "IsZero" { // Go fixes their meaning
					field, method = m+"_", m
				}
				if !contains(d.fields[k.typ], field) || !contains(d.methods[k.typ], method) {
					t.Errorf("%s: fields %v, methods %v; want field %s and method %s",
						k.typ, d.fields[k.typ], d.methods[k.typ], field, method)
				}
			})
		}
	}
	if n < 10 {
		t.Errorf("only %d methods tried", n)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestOwnNamesExamples are the cases of issue 11, each checked to build.
func TestOwnNamesExamples(t *testing.T) {
	for _, tc := range []struct {
		name, schema string
		decl         string // a declaration the output must have
	}{
		{"struct Client", "{ 'struct': 'Client', 'data': {} }\n{ 'command': 'ping' }", "func (c *Client_) Ping("},
		{"enum value values", "{ 'enum': 'Color', 'data': [ 'values', 'red' ] }", "var ColorValues_ = []Color{"},
		{"command member command-name", "{ 'command': 'cmd', 'data': { 'command-name': 'str' } }", "\tCommandName string `json:\"command-name\"`"},
		{"struct CommandSpec as command data", "{ 'struct': 'CommandSpec', 'data': { 'x': 'int' } }\n{ 'command': 'cmd', 'data': 'CommandSpec' }",
			"func (*CmdCommand) CommandSpec_() CommandSpec_"},
		{"member of a command's data type", "{ 'struct': 'Args', 'data': { 'command-spec': 'int' } }\n{ 'command': 'cmd', 'data': 'Args' }",
			"func (*CmdCommand) CommandSpec_() CommandSpec"},
		{"branch of a boxed event's union", "{ 'enum': 'Ee', 'data': [ 'event-name' ] }\n{ 'struct': 'Ss', 'data': {} }\n" +
			"{ 'union': 'Uu', 'base': { 'e': 'Ee' }, 'discriminator': 'e', 'data': { 'event-name': 'Ss' } }\n" +
			"{ 'event': 'EV', 'data': 'Uu', 'boxed': true }",
			"func (EvEvent) EventName_() string"},
		{"struct EventName as event data", "{ 'struct': 'EventName', 'data': { 'x': 'int' } }\n{ 'event': 'EV', 'data': 'EventName' }",
			"func (EvEvent) EventName_() string"},
		{"union branch unknown-branch", "{ 'enum': 'Ee', 'data': [ 'unknown-branch' ] }\n{ 'struct': 'Ss', 'data': {} }\n" +
			"{ 'union': 'Uu', 'base': { 'e': 'Ee' }, 'discriminator': 'e', 'data': { 'unknown-branch': 'Ss' } }",
			"func (v Uu) UnknownBranch_() map[string]json.RawMessage"},
		{"member and branch unknown-branch", "{ 'enum': 'Ee', 'data': [ 'unknown-branch' ] }\n{ 'struct': 'Ss', 'data': {} }\n" +
			"{ 'union': 'Uu', 'base': { 'e': 'Ee', 'unknown-branch': 'int' }, 'discriminator': 'e', 'data': { 'unknown-branch': 'Ss' } }",
			"func (v Uu) UnknownBranch__() map[string]json.RawMessage"},
		{"struct member marshal-json", "{ 'struct': 'Ss', 'data': { 'marshal-json': [ 'int' ] } }", "\tMarshalJSON_ []int64 `json:\"marshal-json\"`"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := mustTypeCheck(t, tc.schema, Options{})
			var all strings.Builder
			for _, f := range files {
				all.Write(f.Content)
			}
			if !strings.Contains(all.String(), tc.decl) {
				t.Errorf("output lacks %q", tc.decl)
			}
		})
	}
}

// TestVetCheckedCommands: a command whose client method would have a name
// go vet checks (go vet's list, as typeCheck applies it) builds and vets;
// the method has a trailing '_'.
func TestVetCheckedCommands(t *testing.T) {
	var schema strings.Builder
	var want []string
	var methods []string
	for m := range stdMethods {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	for _, m := range methods {
		// QEMU's command names are lower case: a method whose name needs
		// capitals inside a word (MarshalXML, while XML is no initialism
		// of package names) cannot come from a command.
		name, lower := qapiName(m)
		if !lower {
			t.Logf("no command maps to %s", m)
			continue
		}
		schema.WriteString("{ 'command': '" + name + "' }\n")
		want = append(want, "func (c *Client) "+m+"_(ctx context.Context) error")
	}
	if len(want) < 10 {
		t.Fatalf("only %d methods tried", len(want))
	}
	files := mustTypeCheck(t, schema.String(), Options{})
	client := string(fileNamed(t, files, "client.go"))
	for _, w := range want {
		if !strings.Contains(client, w) {
			t.Errorf("client.go lacks %q", w)
		}
	}
}

// TestPackageMain: packages main and init cannot be imported.
func TestPackageMain(t *testing.T) {
	for _, pkg := range []string{"main", "init"} {
		_, err := generateSchema(t, "{ 'command': 'ping' }", Options{Package: pkg})
		if err == nil || !strings.Contains(err.Error(), `"`+pkg+`"`) {
			t.Errorf("-pkg %s: %v", pkg, err)
		}
	}
}

// TestGoFixedArgumentType: a command's or event's named argument type
// whose name is a method Go fixes would, embedded, hide the JSON methods
// the type needs (a union's, a struct's with required lists); the
// command and event types must still encode as their argument type.
func TestGoFixedArgumentType(t *testing.T) {
	schema := `
{ 'struct': 'MarshalJSON', 'data': { 'l': [ 'int' ] } }
{ 'command': 'cmd', 'data': 'MarshalJSON' }
{ 'enum': 'Kk', 'data': [ 'a' ] }
{ 'struct': 'Aa', 'data': { 'x': 'int' } }
{ 'union': 'UnmarshalJSON', 'base': { 'k': 'Kk' }, 'discriminator': 'k', 'data': { 'a': 'Aa' } }
{ 'event': 'EV', 'data': 'UnmarshalJSON', 'boxed': true }
{ 'struct': 'IsZero', 'data': { 'y': 'int' } }
{ 'command': 'other', 'data': 'IsZero' }
`
	files, err := generateSchema(t, schema, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The JSON methods of the argument types must be those of the
	// command and event types.
	files = append(files, File{Name: "assert.go", Content: []byte(`package p

import "encoding/json"

var (
	_ json.Marshaler   = CmdCommand{}
	_ json.Unmarshaler = (*CmdCommand)(nil)
	_ json.Marshaler   = EvEvent{}
	_ json.Unmarshaler = (*EvEvent)(nil)
	_ = OtherCommand{IsZero_: IsZero{Y: 1}}
)
`)})
	if err := typeCheck(files); err != nil {
		t.Fatal(err)
	}
}

// TestBranchYieldsToMember: QAPI keeps tag values apart from member
// names, so a union may have a base member and a branch of one name (the
// discriminator's own name too); the branch field takes the '_'.
func TestBranchYieldsToMember(t *testing.T) {
	schema := "{ 'enum': 'Ee', 'data': [ 'values', 'type', 'marshal-json' ] }\n" +
		"{ 'struct': 'Ss', 'data': { 'x': 'int' } }\n" +
		"{ 'union': 'Uu', 'base': { 'type': 'Ee', 'values': 'int', 'marshal-json': 'str' }, 'discriminator': 'type',\n" +
		"  'data': { 'values': 'Ss', 'type': 'Ss', 'marshal-json': 'Ss' } }"
	out := string(fileNamed(t, mustTypeCheck(t, schema, Options{}), "test.go"))
	for _, f := range []string{"Type Ee", "Values int64", "MarshalJSON_ string", "Values_ *Ss", "Type_ *Ss", "MarshalJSON__ *Ss"} {
		if !hasField(out, f) {
			t.Errorf("no field %q in\n%s", f, out)
		}
	}
	// Two branches of one Go name are still a clash.
	_, err := generateSchema(t, "{ 'pragma': { 'member-name-exceptions': [ 'Ee' ] } }\n{ 'enum': 'Ee', 'data': [ '1x', 'n1x' ] }\n{ 'struct': 'Ss', 'data': {} }\n"+
		"{ 'union': 'Uu', 'base': { 'e': 'Ee' }, 'discriminator': 'e', 'data': { '1x': 'Ss', 'n1x': 'Ss' } }", Options{})
	if err == nil || !strings.Contains(err.Error(), "branch 'n1x' maps to Go identifier N1x, which branch '1x' already uses") {
		t.Errorf("two branches N1x: %v", err)
	}
}

// The variables describing unions and alternates (descName) are the only
// package-level identifiers starting with "union" or "alternate": no
// other identifier the generator adds can take one of their names.
func TestDescNamesAreTheirOwn(t *testing.T) {
	files := mustTypeCheck(t, ownNamesSchema, Options{Server: true})
	want := map[string]bool{descName("union", "Uni"): true, descName("alternate", "Alt"): true}
	found := map[string]bool{}
	for _, f := range files {
		af, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Content, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			for _, id := range declNames(d) {
				if !strings.HasPrefix(id.Name, "union") && !strings.HasPrefix(id.Name, "alternate") {
					continue
				}
				if !want[id.Name] {
					t.Errorf("%s declares %s, which a union's or alternate's description could take", f.Name, id.Name)
				}
				found[id.Name] = true
			}
		}
	}
	for n := range want {
		if !found[n] {
			t.Errorf("no file declares %s", n)
		}
	}
}
