// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// memoryChildEnv makes the test binary act as the child process of
// TestMemoryLargeInput.
const memoryChildEnv = "QAPI_GEN_TEST_MEMORY_CHILD"

func init() {
	if os.Getenv(memoryChildEnv) == "" {
		return
	}
	// In the child: tune memory as main does, with a small limit, then
	// allocate like a run over a large input: a live heap well above
	// the limit, and several times as much garbage.
	gcOffLimit = 16 << 20
	tuneMemory()
	var live [][]byte
	for i := 0; i < 1<<14; i++ {
		live = append(live, make([]byte, 4<<10)) // 64 MB kept
		for j := 0; j < 4; j++ {
			_ = append([]byte(nil), make([]byte, 4<<10)...) // 256 MB of garbage
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println(ms.NumGC, debug.SetGCPercent(100), len(live))
	os.Exit(0)
}

// TestMemoryLargeInput checks, in a fresh process, that the collector
// that starts off hands over to the default one once the input turns
// out large: under the soft limit alone, a live heap above it makes the
// collector run back to back: several times as many cycles.
func TestMemoryLargeInput(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(envWithoutGCSettings(), memoryChildEnv+"=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	f := strings.Fields(string(out))
	if len(f) != 3 {
		t.Fatalf("child printed %q", out)
	}
	cycles, _ := strconv.Atoi(f[0])
	if f[1] != "100" {
		t.Errorf("GC percent at the end is %s, want the default 100", f[1])
	}
	if cycles == 0 || cycles > 50 {
		t.Errorf("%d collections, want a few (the default collector's)", cycles)
	}
}
