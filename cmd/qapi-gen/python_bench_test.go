// SPDX-License-Identifier: Apache-2.0

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// qemuSourceEnv names a QEMU source tree (at least its scripts/qapi and
// scripts/qapi-gen.py) whose Python generator BenchmarkVsPythonQMP10
// runs; make bench extracts one from a QEMU mirror when it has one.
const qemuSourceEnv = "QEMU_SRC"

// BenchmarkVsPythonQMP10 compares what a user waits for with either
// generator: "qapi-gen gen" on QEMU 10.1's QMP schema against QEMU's own
// Python generator (scripts/qapi-gen.py of the tree in $QEMU_SRC, which
// should be 10.1's) on the same schema, each a fresh process writing into
// an empty directory, in turn (the order rotating) in one run, each b.N
// a pair. It reports both medians and python/ours, how many times
// faster qapi-gen is (target: at least 25), and the same for the
// fastest run of each (min), which a busy neighbour on a shared machine
// moves less. Python runs once before the timing, so that its compiled
// modules are cached as in everyday use. The output directories stay
// until the end (see BenchmarkGenCLIQMP10).
//
// A third process in each turn, "qapi-gen probe" with one path, only
// reads and checks the schema: python/load-only is the most any
// generator on this front end could reach, were making and writing the
// Go files free.
func BenchmarkVsPythonQMP10(b *testing.B) {
	schema := qmp10Schema(b)
	src := os.Getenv(qemuSourceEnv)
	script := filepath.Join(src, "scripts", "qapi-gen.py")
	if src == "" {
		b.Skipf("$%s is not set: point it at a QEMU source tree (scripts/qapi-gen.py and scripts/qapi) to compare with QEMU's generator", qemuSourceEnv)
	}
	if _, err := os.Stat(script); err != nil {
		b.Skipf("no QEMU generator in $%s: %v", qemuSourceEnv, err)
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		b.Skipf("no python3 to run QEMU's generator: %v", err)
	}
	bin := buildQAPIGen(b, "")
	outRoot := benchOutRoot(b)
	runPython := func() time.Duration {
		dir := freshDir(b, outRoot)
		wall, _ := timeCommand(b, exec.Command(python, script, "-o", dir, schema))
		return wall
	}
	runOurs := func() time.Duration {
		dir := freshDir(b, outRoot)
		wall, _ := timeGen(b, bin, dir, schema)
		return wall
	}
	runLoad := func() time.Duration {
		wall, _ := timeQAPIGen(b, bin, "probe", schema, "query-status")
		return wall
	}
	runPython()
	runOurs()
	runLoad()
	var ours, theirs, load []time.Duration
	turn := []func(){
		func() { ours = append(ours, runOurs()) },
		func() { theirs = append(theirs, runPython()) },
		func() { load = append(load, runLoad()) },
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range turn {
			turn[(i+j)%len(turn)]()
		}
	}
	o, p := median(ours), median(theirs)
	b.ReportMetric(float64(o.Nanoseconds()), "ours-median-ns/run")
	b.ReportMetric(float64(p.Nanoseconds()), "python-median-ns/run")
	b.ReportMetric(float64(p)/float64(o), "python/ours")
	om, pm := slices.Min(ours), slices.Min(theirs)
	b.ReportMetric(float64(om.Nanoseconds()), "ours-min-ns/run")
	b.ReportMetric(float64(pm.Nanoseconds()), "python-min-ns/run")
	b.ReportMetric(float64(pm)/float64(om), "python/ours-min")
	l, lm := median(load), slices.Min(load)
	b.ReportMetric(float64(l.Nanoseconds()), "load-only-median-ns/run")
	b.ReportMetric(float64(p)/float64(l), "python/load-only")
	b.Logf("qapi-gen gen on QMP 10.1, median of %d: %v; QEMU's Python generator: %v; %.1f times faster (fastest runs: %v and %v, %.1f times)",
		len(ours), o, p, float64(p)/float64(o), om, pm, float64(pm)/float64(om))
	b.Logf("reading and checking the schema alone (qapi-gen probe): median %v, fastest %v; %.1f and %.1f times faster than Python",
		l, lm, float64(p)/float64(l), float64(pm)/float64(lm))
}
