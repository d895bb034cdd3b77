// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"

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

// BenchmarkGenQMP10Format asks what go/format costs in the gen step on
// QEMU 10.1's QMP schema: each turn generates the files twice, as
// Generate does and with formatting left out (jennifer's raw text, its
// doc comments put in), alternating which goes first. It reports the
// share of the step's time that formatting takes; no files are written.
func BenchmarkGenQMP10Format(b *testing.B) {
	file := filepath.Join(corpus.Require(b), "qemu", "v10.1.0", "qapi", "qapi-schema.json")
	s, err := frontend.Load(file, frontend.Options{})
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{Package: "qmp", Source: "qapi-schema.json"}
	unformatted := func(u *unit) (File, error) {
		return renderFormatted(u, func(raw []byte) ([]byte, error) { return raw, nil })
	}
	timed := func(render func(*unit) (File, error)) time.Duration {
		start := time.Now()
		if _, err := generate(s, opts, render); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	var full, raw time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			full += timed(renderUnit)
			raw += timed(unformatted)
		} else {
			raw += timed(unformatted)
			full += timed(renderUnit)
		}
	}
	b.ReportMetric(float64(full-raw)/float64(full), "format-share")
	b.ReportMetric(float64(full)/float64(b.N), "ns/generate")
	b.ReportMetric(float64(raw)/float64(b.N), "ns/generate-unformatted")
}
