// SPDX-License-Identifier: Apache-2.0

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/internal/tricks"
)

// BenchmarkGenCLIQMP10 measures what a user waits for: the qapi-gen
// binary, started afresh, generating the package for QEMU 10.1's QMP
// schema (docs included) into an empty directory. Target: 150 ms.
//
// The output goes where go generate puts it, into the source tree (a
// directory next to this file, removed afterwards), not into the
// system's temporary directory: creating files is much slower there on a
// machine that has just run many tests, and users do not generate there.
// Besides the mean (ns/op), the benchmark reports the median, which a
// busy neighbour on a shared machine moves far less.
//
// Give the file system a minute's rest before a run: right after many
// files were deleted (by the clean-up of a previous run, or by a test
// run), ext4 takes several times longer to create a file, and a run then
// measures up to 50% slower.
func BenchmarkGenCLIQMP10(b *testing.B) {
	schema := qmp10Schema(b)
	bin := buildQAPIGen(b, "")
	outRoot := benchOutRoot(b)
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := freshDir(b, outRoot)
		b.StartTimer()
		wall, _ := timeGen(b, bin, dir, schema)
		times = append(times, wall)
	}
	b.ReportMetric(float64(median(times).Nanoseconds()), "median-ns/op")
}

func qmp10Schema(b *testing.B) string {
	schema := filepath.Join(corpus.Require(b), "qemu", "v10.1.0", "qapi", "qapi-schema.json")
	if _, err := os.Stat(schema); err != nil {
		b.Skipf("QEMU 10.1 schema not found (%v); set QAPI_CORPUS", err)
	}
	return schema
}

// buildQAPIGen builds the qapi-gen binary with the speed tricks listed
// in off (comma-separated, see internal/tricks) switched off.
func buildQAPIGen(b *testing.B, off string) string {
	bin := filepath.Join(b.TempDir(), "qapi-gen")
	args := []string{"build", "-o", bin}
	if off != "" {
		args = append(args, "-ldflags=-X "+tricks.Var+"="+off)
	}
	if out, err := exec.Command("go", append(args, ".")...).CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// benchOutRoot makes the directory in the source tree the benchmark
// output goes into (see BenchmarkGenCLIQMP10 for why there).
func benchOutRoot(b *testing.B) string {
	outRoot, err := os.MkdirTemp(".", ".bench-out-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(outRoot) })
	return outRoot
}

func freshDir(b *testing.B, root string) string {
	dir, err := os.MkdirTemp(root, "out")
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// timeGen runs "bin gen" on schema into dir and returns the wall time
// and the CPU time it took.
func timeGen(b *testing.B, bin, dir, schema string) (wall, cpu time.Duration) {
	return timeQAPIGen(b, bin, "gen", "-q", "-o", dir, "-pkg", "qmp", schema)
}

// timeQAPIGen runs the qapi-gen binary bin with args, its collector
// settings left to tuneMemory, and returns the wall and CPU time it took.
func timeQAPIGen(b *testing.B, bin string, args ...string) (wall, cpu time.Duration) {
	cmd := exec.Command(bin, args...)
	cmd.Env = envWithoutGCSettings()
	return timeCommand(b, cmd)
}

// timeCommand runs cmd, failing the benchmark with its output when it
// fails, and returns the wall and CPU time it took.
func timeCommand(b *testing.B, cmd *exec.Cmd) (wall, cpu time.Duration) {
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	wall = time.Since(start)
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// envWithoutGCSettings is the environment without GOGC and GOMEMLIMIT,
// for a child whose collector settings are tuneMemory's to choose.
func envWithoutGCSettings() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "GOGC=") || strings.HasPrefix(kv, "GOMEMLIMIT=")
	})
}

func median(times []time.Duration) time.Duration {
	sorted := slices.Clone(times)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}

// BenchmarkIntrospectCLIQMP10 measures the qapi-gen binary, started
// afresh, printing the introspection of QEMU 10.1's QMP schema. Target:
// 60 ms.
func BenchmarkIntrospectCLIQMP10(b *testing.B) {
	schema := filepath.Join(corpus.Require(b), "qemu", "v10.1.0", "qapi", "qapi-schema.json")
	benchCLI(b, "introspect", schema)
}

// benchCLI times runs of the qapi-gen binary, built afresh, with args
// (output discarded), and reports the median besides the mean.
func benchCLI(b *testing.B, args ...string) {
	bin := buildQAPIGen(b, "")
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := exec.Command(bin, args...).Run(); err != nil {
			b.Fatalf("qapi-gen %s: %v", args[0], err)
		}
		times = append(times, time.Since(start))
	}
	b.ReportMetric(float64(median(times).Nanoseconds()), "median-ns/op")
}
