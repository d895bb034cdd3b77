// SPDX-License-Identifier: Apache-2.0

package roundtrip

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/gen"
	"github.com/qapi-gen/qapi-gen/gen/internal/hostile"
	"github.com/qapi-gen/qapi-gen/internal/testmod"
)

// TestHostileRoundTrip runs the round-trip tests on packages generated
// from schemas made of hostile pieces (package hostile: names the
// generator uses itself, names go vet checks, unions of unions, types
// containing themselves): the wire forms must be right whatever the
// names. The schemas come from a fixed seed, so the test is the same on
// every run.
func TestHostileRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests generated packages; skipped with -short")
	}
	dir := t.TempDir()
	if err := testmod.Init(dir, "hostile.test"); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(1))
	written, tried, refused, clashes, infinite := 0, 0, 0, 0, 0
	var total Stats
	for written < 30 && tried < 2000 {
		tried++
		data := make([]byte, 60+r.Intn(200))
		r.Read(data)
		schema, _ := hostile.Build(data)
		s, err := frontend.LoadBytes("hostile.json", []byte(schema), frontend.Options{})
		if err != nil {
			refused++
			continue // refused, as QEMU would
		}
		pkg := fmt.Sprintf("h%02d", written)
		files, err := gen.Generate(s, gen.Options{Package: pkg, Source: "hostile.json"})
		if err != nil {
			clashes++
			continue // a clash of two schema names
		}
		src, st, err := Generate(s, pkg)
		if err != nil {
			infinite++
			continue // a type without a finite value
		}
		total.Unions += st.Unions
		total.Branches += st.Branches
		total.EmptyBranches += st.EmptyBranches
		total.Alternates += st.Alternates
		total.Cases += st.Cases
		if _, err := gen.WriteDir(filepath.Join(dir, pkg), files); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, pkg, FileName), src, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, pkg, "schema.json.txt"), []byte(schema), 0o644); err != nil {
			t.Fatal(err)
		}
		written++
	}
	if written < 30 {
		t.Fatalf("only %d of %d built schemas give round-trip tests", written, tried)
	}
	t.Logf("%d packages from %d schemas (%d refused by the front end, %d with clashes, %d with types without finite values): "+
		"%d unions (%d branches, %d empty), %d alternates, %d values",
		written, tried, refused, clashes, infinite, total.Unions, total.Branches, total.EmptyBranches, total.Alternates, total.Cases)
	if total.Branches-total.EmptyBranches < 5 {
		t.Fatal("too few union branches with members to check the union wire forms")
	}
	cmd := exec.Command("go", "test", "-count=1", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test in the generated module (each package's schema.json.txt is its schema): %v\n%s", err, truncate(out))
	}
}
