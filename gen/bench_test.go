// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/internal/cputime"
)

// BenchmarkGenQMP10 is the whole gen step on QEMU 10.1's QMP schema (with
// its docs): generate in memory, then write to a temporary directory. The
// schema is loaded once, outside the timing. Target: at most 150 ms.
// cpu-ns/op is the process CPU time (all threads) per operation: on a
// shared machine it varies far less than wall time.
func BenchmarkGenQMP10(b *testing.B) {
	file := filepath.Join(corpus.Require(b), "qemu", "v10.1.0", "qapi", "qapi-schema.json")
	s, err := frontend.Load(file, frontend.Options{})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Now()
	for i := 0; i < b.N; i++ {
		files, err := Generate(s, Options{Package: "qmp", Source: "qapi-schema.json"})
		if err != nil {
			b.Fatal(err)
		}

		// A fresh directory each time: every file is really written.
		if _, err := WriteDir(filepath.Join(dir, strconv.Itoa(i)), files); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, cpu)
}
