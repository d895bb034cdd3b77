package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
)

// BenchmarkGenCLIQMP10 measures what a user waits for: the qapi-gen
// binary, started afresh, generating the package for QEMU 10.1's QMP
// schema (docs included) into an empty directory.
func BenchmarkGenCLIQMP10(b *testing.B) {
	schema := filepath.Join(corpus.Require(b), "qemu", "v10.1.0", "qapi", "qapi-schema.json")
	if _, err := os.Stat(schema); err != nil {
		b.Skipf("QEMU 10.1 schema not found (%v); set QAPI_CORPUS", err)
	}
	bin := filepath.Join(b.TempDir(), "qapi-gen")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "out")
		b.StartTimer()
		if out, err := exec.Command(bin, "gen", "-q", "-o", dir, "-pkg", "qmp", schema).CombinedOutput(); err != nil {
			b.Fatalf("qapi-gen gen: %v\n%s", err, out)
		}
	}
}
