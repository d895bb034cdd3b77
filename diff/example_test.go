// SPDX-License-Identifier: Apache-2.0

package diff_test

import (
	"fmt"
	"os"

	"github.com/qapi-gen/qapi-gen/diff"
	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/introspect"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/wire"
)

// The schemas of two releases of an imaginary QEMU, as the examples use
// them: 2.0 made 'verbose' required and added 'format' and an event.
const (
	release1 = `
{ 'struct': 'Info', 'data': { 'name': 'str' } }
{ 'command': 'query-info', 'data': { '*verbose': 'bool' }, 'returns': 'Info' }
`
	release2 = `
{ 'struct': 'InfoV2', 'data': { 'name': 'str', '*id': 'int' } }
{ 'command': 'query-info', 'data': { 'verbose': 'bool', '*format': 'str' }, 'returns': 'InfoV2' }
{ 'event': 'INFO_CHANGED', 'data': { 'name': 'str' } }
`
)

// wireView is what a QEMU built from the schema reports in
// query-qmp-schema (qmp.QuerySchema gets it from a running one).
func wireView(schema string) (*model.Schema, *wire.Schema) {
	m, err := frontend.LoadBytes("example.json", []byte(schema), frontend.Options{Auto: true})
	if err != nil {
		panic(err)
	}
	w, err := introspect.Build(m, introspect.Options{Unmask: true})
	if err != nil {
		panic(err)
	}
	return m, w
}

// Comparing two releases on the wire: each change with its path from a
// command or event, its direction and its severity. The type renamed
// from Info to InfoV2 is no change: the wire does not show type names.
func Example() {
	_, old := wireView(release1)
	_, new := wireView(release2)
	for _, c := range diff.Wire(old, new).Changes {
		fmt.Println(c.Severity, c.Direction, c.Path, c.Change)
	}
	// Output:
	// compatible output INFO_CHANGED event-added
	// compatible input query-info/arg-type/format member-added-optional
	// breaking input query-info/arg-type/verbose member-became-required
	// compatible output query-info/ret-type/id member-added-optional
}

// The report "qapi-gen diff" prints, Go API changes included: the
// rename does matter to Go code (Client.QueryInfo now returns InfoV2),
// and so does the field that holds the now required argument.
func ExampleReport_WriteText() {
	om, ow := wireView(release1)
	nm, nw := wireView(release2)
	res := diff.Wire(ow, nw)
	api, err := diff.GoAPI(om, nm, res.Renames)
	if err != nil {
		panic(err)
	}
	r := &diff.Report{Wire: res.Changes, GoAPI: api}
	if err := r.WriteText(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// Wire changes: 1 breaking, 3 compatible
	//
	// BREAKING (1):
	//   query-info
	//     input   member-became-required  query-info/arg-type/verbose: member 'verbose' became required
	//
	// COMPATIBLE (3):
	//   INFO_CHANGED
	//     output  event-added            INFO_CHANGED: event 'INFO_CHANGED' was added
	//   query-info
	//     input   member-added-optional  query-info/arg-type/format: optional member 'format' was added
	//     output  member-added-optional  query-info/ret-type/id: optional member 'id' was added
	//
	// Go API changes that code using the generated package must follow (2):
	//   type-renamed             type Info is now InfoV2
	//   field-no-longer-pointer  field QueryInfoCommand.Verbose is no longer a pointer: bool, was *bool
}

// A path of a change is a probe: against the wire view of a running QEMU
// it tells which side of the change the binary is on, which is how code
// that serves a range of releases picks its way.
func Example_probe() {
	_, old := wireView(release1)
	_, new := wireView(release2)
	for _, binary := range []*wire.Schema{old, new} {
		// (with a live QEMU: binary, err := qmp.QuerySchema(ctx, conn))
		if binary.Has("query-info/arg-type/format") {
			fmt.Println("send 'format'")
		} else {
			fmt.Println("format the result ourselves")
		}
	}
	// Output:
	// format the result ourselves
	// send 'format'
}
