// SPDX-License-Identifier: Apache-2.0

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/internal/testmod"
)

// goQEMU is the release of digitalocean's go-qemu whose qmp/raw package
// (hand-curated bindings of QEMU 2.11's 156 commands) is the yardstick
// for how long a user's build of QMP bindings may take. make bench
// downloads it into the module cache; the benchmark skips without it.
const goQEMU = "github.com/digitalocean/go-qemu@v0.0.0-20250212194115-ee9b0668d242"

// BenchmarkBuildVsGoQEMU measures what users pay on every CI build: go
// build of the generated QMP 10.1 package after a one-line change, and
// the same for go-qemu's qmp/raw, alternately in one run so that both see
// the same machine. It reports the ratio of the medians (ours/theirs;
// target at most 1.0) and both medians.
func BenchmarkBuildVsGoQEMU(b *testing.B) {
	schema := filepath.Join(corpus.Require(b), "qemu", "v10.1.0", "qapi", "qapi-schema.json")
	out, err := exec.Command("go", "mod", "download", "-json", goQEMU).Output()
	if err != nil {
		b.Skipf("go-qemu is not in the module cache and cannot be downloaded (make bench downloads it): %v", err)
	}
	var dl struct{ Dir string }
	json.Unmarshal(out, &dl)
	rawDir := dl.Dir
	if rawDir == "" {
		b.Skipf("go mod download gave no directory: %s", out)
	}
	dir := b.TempDir()
	if err := testmod.Init(dir, "buildbench"); err != nil {
		b.Fatal(err)
	}
	ours := filepath.Join(dir, "ours")
	if status := run([]string{"gen", "-q", "-o", ours, "-pkg", "qmpapi", schema}, os.Stdout, os.Stderr); status != 0 {
		b.Fatalf("qapi-gen gen: status %d", status)
	}
	// go-qemu's raw package, copied as a package of the same module (its
	// one import, go-qemu/qmp, comes from the module cache).
	theirs := filepath.Join(dir, "theirs")
	if err := os.MkdirAll(theirs, 0o755); err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"autogen.go", "raw.go", "doc.go"} {
		data, err := os.ReadFile(filepath.Join(rawDir, "qmp", "raw", name))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(theirs, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	mod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	mod = append(mod, []byte("\nrequire github.com/digitalocean/go-qemu "+strings.Split(goQEMU, "@")[1]+"\n")...)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), mod, 0o644); err != nil {
		b.Fatal(err)
	}
	goIn(b, dir, "mod", "tidy")
	// Warm the cache for everything both depend on.
	goIn(b, dir, "build", "./ours", "./theirs")

	packageName := map[string]string{"ours": "qmpapi", "theirs": "raw"}
	edit := func(pkg string, i int) {
		f := filepath.Join(dir, pkg, "zz_edit.go")
		src := fmt.Sprintf("package %s\n\nconst zzEdit = %d\n", packageName[pkg], i)
		if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	var tOurs, tTheirs []time.Duration
	// A build takes seconds, so b.N stays small: take at least five pairs
	// whatever it is, for medians worth the name.
	b.ResetTimer()
	for i := 0; i < max(b.N, 5); i++ {
		for _, pkg := range []string{"ours", "theirs"} {
			edit(pkg, i)
			start := time.Now()
			goIn(b, dir, "build", "./"+pkg)
			d := time.Since(start)
			if pkg == "ours" {
				tOurs = append(tOurs, d)
			} else {
				tTheirs = append(tTheirs, d)
			}
		}
	}
	b.StopTimer()
	mo, mt := median(tOurs), median(tTheirs)
	b.ReportMetric(float64(mo.Milliseconds()), "ours-ms")
	b.ReportMetric(float64(mt.Milliseconds()), "go-qemu-ms")
	b.ReportMetric(float64(mo)/float64(mt), "ratio")
}

func goIn(b *testing.B, dir string, args ...string) {
	b.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
