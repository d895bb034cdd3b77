// SPDX-License-Identifier: Apache-2.0

package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/internal/bigschema"
	"github.com/qapi-gen/qapi-gen/internal/tricks"
)

// allTricks are the speed tricks of internal/tricks, each of which
// BenchmarkTricks leaves out in a variant of its own.
var allTricks = []string{
	tricks.GCOff, tricks.HugePages, tricks.ForcedGC, tricks.DocMarks,
	tricks.ParRender, tricks.PrintDirect,
	tricks.Prefetch,
}

// BenchmarkTricks decides which speed tricks stay: the qapi-gen binary
// with every trick, and one binary per trick left out, each started
// afresh to generate into an empty directory, run in turn (the order
// rotating) so that all see the same machine. Each b.N is a round of
// one run per variant. Per variant it reports the median wall and CPU
// time (user and system) per run and their ratio to the binary with
// every trick ("no-X/all-wall" above 1: leaving X out costs that much),
// and the ratio of the fastest runs (min-wall): on a shared machine the
// median wall time says more about the neighbours than about the trick,
// the minimum is what it takes when they leave the cores free. A trick
// stays only where leaving it out costs more.
//
// The parallel tricks can only pay where a core is free: on a machine
// shared with other work, whose Linux scheduler shares the CPU between
// sessions (autogroups), run the benchmark in a session of its own with
// a higher priority, as a quiet machine would give it, e.g. from a
// script run with setsid that first does "echo -15 > /proc/self/autogroup".
//
// The inputs are QEMU 10.1's QMP schema, 10,000 generated commands and
// a doc block of 200,000 paragraphs; QAPI_BENCH_HUGE=1 adds 100,000
// commands (about half a minute a run). It takes long, so it runs only
// with QAPI_BENCH_TRICKS=1 (make bench-tricks).
func BenchmarkTricks(b *testing.B) {
	which := os.Getenv("QAPI_BENCH_TRICKS")
	if which == "" {
		b.Skip("set QAPI_BENCH_TRICKS=1 to run (make bench-tricks), or to a list of tricks to compare only those")
	}
	variants := []string{""}
	for _, t := range allTricks {
		if which == "1" || slices.Contains(strings.Split(which, ","), t) {
			variants = append(variants, t)
		}
	}
	type input struct {
		name string
		file func(dir string) string
	}
	generated := func(name string, schema []byte) input {
		return input{name, func(dir string) string {
			file := filepath.Join(dir, name+".json")
			if err := os.WriteFile(file, schema, 0o644); err != nil {
				b.Fatal(err)
			}
			return file
		}}
	}
	inputs := []input{
		{"qmp10", func(string) string { return qmp10Schema(b) }},
		generated("commands=10000", bigschema.Commands(10000)),
		generated("doc-paragraphs=200000", bigschema.DocParagraphs(200000)),
	}
	if os.Getenv("QAPI_BENCH_HUGE") == "1" {
		inputs = append(inputs, generated("commands=100000", bigschema.Commands(100000)))
	}
	bins := make([]string, len(variants))
	for i, off := range variants {
		bins[i] = buildQAPIGen(b, off)
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			schema := in.file(b.TempDir())
			walls, cpus := alternate(b, bins, schema)
			for v, off := range variants {
				name := "all"
				if off != "" {
					name = "no-" + off
				}
				w, c, m := median(walls[v]), median(cpus[v]), slices.Min(walls[v])
				b.ReportMetric(float64(w.Nanoseconds()), name+"-median-ns/run")
				b.ReportMetric(float64(c.Nanoseconds()), name+"-median-cpu-ns/run")
				b.ReportMetric(float64(m.Nanoseconds()), name+"-min-ns/run")
				if v > 0 {
					b.ReportMetric(float64(w)/float64(median(walls[0])), name+"/all-wall")
					b.ReportMetric(float64(c)/float64(median(cpus[0])), name+"/all-cpu")
					b.ReportMetric(float64(m)/float64(slices.Min(walls[0])), name+"/all-min-wall")
				}
			}
		})
	}
}

// alternate runs "gen" of each binary on schema b.N times, in turn with
// the order rotating, and returns the wall and CPU times of each. The
// output directories stay until the end: deleting files slows down
// creating the next ones (see BenchmarkGenCLIQMP10).
func alternate(b *testing.B, bins []string, schema string) (walls, cpus [][]time.Duration) {
	outRoot := benchOutRoot(b)
	walls = make([][]time.Duration, len(bins))
	cpus = make([][]time.Duration, len(bins))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := range bins {
			v := (i + k) % len(bins)
			b.StopTimer()
			dir := freshDir(b, outRoot)
			b.StartTimer()
			wall, cpu := timeGen(b, bins[v], dir, schema)
			walls[v] = append(walls[v], wall)
			cpus[v] = append(cpus[v], cpu)
		}
	}
	return walls, cpus
}
