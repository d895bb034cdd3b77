// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/bigschema"
	"github.com/qapi-gen/qapi-gen/internal/cputime"
)

// BenchmarkGenBig runs "qapi-gen gen" in-process on generated schemas
// of growing size: each phase must cost time and memory in proportion
// to the input, so ns/op and B/op grow tenfold from one size to the next
// of the same kind.
func BenchmarkGenBig(b *testing.B) {
	kinds := []struct {
		name   string
		schema func(n int) []byte
		sizes  []int
	}{
		{"commands", bigschema.Commands, []int{1000, 10000}},
		{"doc-paragraphs", bigschema.DocParagraphs, []int{2000, 20000}},
		{"union-branches", bigschema.UnionBranches, []int{1000, 10000}},
	}
	for _, k := range kinds {
		for _, n := range k.sizes {
			b.Run(fmt.Sprintf("%s=%d", k.name, n), func(b *testing.B) {
				dir := b.TempDir()
				file := filepath.Join(dir, "big.json")
				if err := os.WriteFile(file, k.schema(n), 0o644); err != nil {
					b.Fatal(err)
				}
				genBench(b, file, filepath.Join(dir, "out"))
			})
		}
	}
	for _, n := range []int{200, 2000} {
		b.Run(fmt.Sprintf("include-chain=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			main, files := bigschema.IncludeChain(n)
			if err := bigschema.WriteFiles(dir, files); err != nil {
				b.Fatal(err)
			}
			genBench(b, filepath.Join(dir, main), filepath.Join(dir, "out"))
		})
	}
}

// genBench runs "qapi-gen gen" on file into out b.N times.
func genBench(b *testing.B, file, out string) {
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Now()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
		if _, errs, status := runCLI("gen", "-q", "-o", out, "-pkg", "big", file); status != 0 {
			b.Fatalf("qapi-gen gen: status %d: %s", status, errs)
		}
	}
	cputime.Report(b, cpu)
}
