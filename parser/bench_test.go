// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/internal/cputime"
)

// BenchmarkParseQMP10 parses QEMU 10.1's QMP schema: 47 files, 870 KB.
func BenchmarkParseQMP10(b *testing.B) {
	file := filepath.Join(corpus.Require(b), "qemu", "v10.1.0", "qapi", "qapi-schema.json")
	// Read the files once so that the benchmark measures parsing.
	files := map[string][]byte{}
	read := readFileIn(".")
	opts := Options{ReadFile: func(name string) ([]byte, error) {
		if data, ok := files[name]; ok {
			return data, nil
		}
		data, err := read(name)
		if err == nil {
			files[name] = data
		}
		return data, err
	}}
	if _, err := Parse(file, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Now()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(file, opts); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, cpu)
}
