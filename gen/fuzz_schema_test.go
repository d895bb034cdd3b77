// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/gen/internal/hostile"
	"github.com/qapi-gen/qapi-gen/source"
)

// FuzzGenerate mutates schema text, most of which the front end refuses.
// FuzzSchemaBuilder instead reads its input as choices that build a
// schema from pieces known to be hostile to the generator (package
// hostile), so that most inputs reach Generate. The checks are
// FuzzGenerate's.

func FuzzSchemaBuilder(f *testing.F) {
	for _, seed := range []string{"", "\x05\x01\x02\x03\x04\x05\x06\x07", "\x07\x03\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b",
		"\x03\x01\x12\x00\x01\x02\x03\x01\x12\x13\x01\x02\x01"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		schema, falseConds := hostile.Build(data)
		s, err := frontend.LoadBytes("fuzz.json", []byte(schema), frontend.Options{})
		if err != nil {
			return // refused by the front end, as QEMU would
		}
		files, err := Generate(s, Options{Package: "p", Source: "fuzz.json", Conds: allFalse(falseConds)})
		if err != nil {
			if _, ok := err.(*source.Error); !ok {
				t.Fatalf("error without a schema position (%T): %v\nschema:\n%s", err, err, schema)
			}
			return
		}
		if err := typeCheck(files); err != nil {
			t.Fatalf("generated package does not type-check: %v\nschema:\n%s\nfalse: %q", err, schema, falseConds)
		}
	})
}

// TestSchemaBuilderReachesGenerate: the builder's schemas mostly pass the
// front end, or the fuzz target would test little.
func TestSchemaBuilderReachesGenerate(t *testing.T) {
	accepted, n := 0, 300
	for i := 0; i < n; i++ {
		data := make([]byte, 64)
		for j := range data {
			data[j] = byte((i*131 + j*j*7 + i*j) % 251)
		}
		schema, _ := hostile.Build(data)
		if _, err := frontend.LoadBytes("fuzz.json", []byte(schema), frontend.Options{}); err == nil {
			accepted++
		}
	}
	t.Logf("%d of %d built schemas accepted", accepted, n)
	if accepted < n/5 {
		t.Errorf("only %d of %d built schemas pass the front end", accepted, n)
	}
}
