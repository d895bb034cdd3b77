package parser

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
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
	cpu := processCPU()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(file, opts); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// processCPU is the CPU time the process has used so far (user and
// system, all threads, garbage collection included). On a busy machine
// it varies far less than wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the process CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
}
