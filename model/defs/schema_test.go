// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/parser"
)

// TestProjectSchemas checks the project's own schemas (validated against
// QEMU's front end when written) and that everything.json really uses
// every kind of definition and flag.
func TestProjectSchemas(t *testing.T) {
	for _, name := range []string{"everything.json", "example.json"} {
		sch, err := parser.Parse(filepath.Join("..", "..", "schema", name), parser.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defs, err := Check(sch.Exprs, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name != "everything.json" {
			continue
		}
		seen := map[string]bool{}
		for _, d := range defs {
			seen[d.Header().Meta] = true
			switch d := d.(type) {
			case *Union:
				seen["union with inline base"] = seen["union with inline base"] || d.HasInlineBase
				seen["union with named base"] = seen["union with named base"] || d.BaseName != ""
			case *Command:
				seen["boxed command"] = seen["boxed command"] || d.Boxed
				seen["gen false"] = seen["gen false"] || !d.Gen
				seen["success-response false"] = seen["success-response false"] || !d.SuccessResponse
				seen["allow-oob"] = seen["allow-oob"] || d.AllowOOB
				seen["allow-preconfig"] = seen["allow-preconfig"] || d.AllowPreconfig
				seen["coroutine"] = seen["coroutine"] || d.Coroutine
			case *Event:
				seen["boxed event"] = seen["boxed event"] || d.Boxed
			}
		}
		for _, want := range []string{"include", "enum", "struct", "union", "alternate", "command", "event",
			"union with inline base", "union with named base", "boxed command", "gen false",
			"success-response false", "allow-oob", "allow-preconfig", "coroutine", "boxed event"} {
			if !seen[want] {
				t.Errorf("everything.json has no %s", want)
			}
		}
	}
}
