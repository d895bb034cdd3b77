// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qapi-gen/qapi-gen/introspect"
	"github.com/qapi-gen/qapi-gen/model"
)

// wireStem is the file holding the package's wire view: the
// query-qmp-schema reply a QEMU built from the schema gives, for the
// run-time compatibility check (and fakes that answer query-qmp-schema).
// It imports the runtime's wire package, so -no-client leaves it out
// with client.go.
const wireStem = "qapi_schema"

// Package-level identifiers of qapi_schema.go; they yield to schema names
// like the other generated ones (see nameOwn).
var wireNames = []string{"WireSchema", "CheckCompatibility", "SchemaQuerier"}

const wirePath = "github.com/qapi-gen/qapi-gen/wire"

// wireFile is qapi_schema.go. It is printed directly rather than through
// jennifer and go/format: it is a few declarations around one string
// literal of a few hundred kilobytes, which formatting would only
// rescan.
func (g *generator) wireFile() (File, error) {
	ws, err := introspect.Build(g.s, introspect.Options{Config: model.Config(g.opts.Conds)})
	if err != nil {
		return File{}, fmt.Errorf("gen: introspection: %w", err)
	}
	data, err := ws.MarshalJSON()
	if err != nil {
		return File{}, fmt.Errorf("gen: introspection: %w", err)
	}
	id := g.id
	var b strings.Builder
	b.WriteString(Header + "\n// Source: " + cleanLine(g.opts.Source) + "\n\n")
	b.WriteString("package " + g.opts.Package + "\n\n")
	b.WriteString("import (\n\t\"context\"\n\t\"encoding/json\"\n\t\"sync\"\n\n\t\"" + wirePath + "\"\n)\n\n")
	fmt.Fprintf(&b, `// %[1]s returns the schema of this package as a QEMU built from it
// describes itself in query-qmp-schema (type names masked as QEMU masks
// them; what the generator's -cond values excluded left out). It is the
// reference %[2]s compares a running QEMU with, and what a fake
// QEMU can answer query-qmp-schema with.
func %[1]s() *wire.Schema { return wireSchema() }

var wireSchema = sync.OnceValue(func() *wire.Schema {
	s, err := wire.Decode([]byte(wireSchemaJSON))
	if err != nil {
		panic("the generated wire schema does not decode: " + err.Error())
	}
	return s
})

// %[3]s runs commands; *qmp.Conn implements it.
type %[3]s interface {
	Execute(ctx context.Context, command string, args, result any) error
}

// %[2]s asks the QEMU behind x for its schema
// (query-qmp-schema) and lists what of this package's commands and events
// that QEMU lacks or shapes differently, in a way that breaks a program
// using this package: a missing command or event, an argument it does not
// take or now requires, a reply member it may leave out, a type that
// changed. An empty list means every typed call and event of the package
// works with that QEMU as far as its schema tells. Each entry's Path is a
// probe (see wire.Schema.Has), so a program can adapt instead of
// refusing to run.
func %[2]s(ctx context.Context, x %[3]s) ([]wire.Incompat, error) {
	var raw json.RawMessage
	if err := x.Execute(ctx, "query-qmp-schema", nil, &raw); err != nil {
		return nil, err
	}
	have, err := wire.Decode(raw)
	if err != nil {
		return nil, err
	}
	return wire.Compare(%[1]s(), have), nil
}

// wireSchemaJSON is the query-qmp-schema reply of a QEMU built from the
// schema, as compact JSON.
const wireSchemaJSON = `, id("WireSchema"), id("CheckCompatibility"), id("SchemaQuerier"))
	if strings.ContainsRune(string(data), '`') {
		b.WriteString(strconv.Quote(string(data)))
	} else {
		b.WriteString("`" + string(data) + "`")
	}
	b.WriteString("\n")
	return File{Name: wireStem + ".go", Content: []byte(b.String())}, nil
}
