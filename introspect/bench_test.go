// SPDX-License-Identifier: Apache-2.0

package introspect

import (
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/internal/cputime"
)

func qmp10(b *testing.B) string {
	return filepath.Join(corpus.Require(b), "qemu", "v10.1.0", "qapi", "qapi-schema.json")
}

// BenchmarkIntrospectQMP10 measures Build alone, on QEMU 10.1's loaded
// QMP schema. Target (with the load): 60 ms.
func BenchmarkIntrospectQMP10(b *testing.B) {
	m := loadModel(b, qmp10(b))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Now()
	for i := 0; i < b.N; i++ {
		if _, err := Build(m, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, cpu)
}

// BenchmarkLoadIntrospectQMP10 measures the front end and Build: what
// qapi-gen introspect does with QEMU 10.1's QMP schema.
func BenchmarkLoadIntrospectQMP10(b *testing.B) {
	file := qmp10(b)
	b.ReportAllocs()
	cpu := cputime.Now()
	for i := 0; i < b.N; i++ {
		m, err := frontend.Load(file, frontend.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Build(m, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, cpu)
}
