// SPDX-License-Identifier: Apache-2.0

package testmod

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestGoModTidy requires go.mod and go.sum to be what go mod tidy makes of
// them (direct dependencies marked direct, no missing or stale sums). It
// works offline, from the module cache; without the modules there it
// skips, saying so (scripts/test.sh runs the same check with the proxy).
func TestGoModTidy(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go tool")
	}
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "mod", "tidy", "-diff")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return
	}
	if strings.Contains(string(out), "GOPROXY=off") || strings.Contains(string(out), "module lookup disabled") {
		t.Skipf("the module cache lacks modules go mod tidy needs (run it with the proxy):\n%s", out)
	}
	t.Errorf("go mod tidy -diff: %v (run go mod tidy)\n%s", err, out)
}
