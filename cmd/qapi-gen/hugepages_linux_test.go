// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// hugePagesChildEnv makes the test binary act as the child process of
// TestPreferHugePages.
const hugePagesChildEnv = "QAPI_GEN_TEST_HUGEPAGES_CHILD"

func init() {
	if os.Getenv(hugePagesChildEnv) == "" {
		return
	}
	// In the child: prepare the heap as main does, allocate what a run
	// would, and report how much of the memory is in huge pages.
	preferHugePages()
	debug.SetGCPercent(-1)
	keep := make([][]byte, 0, 1<<18)
	for range 1 << 18 {
		keep = append(keep, make([]byte, 96)) // 24 MB of small objects
	}
	kb, err := anonHugeKB()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(kb, len(keep))
	os.Exit(0)
}

// anonHugeKB reads the process's memory in transparent huge pages.
func anonHugeKB() (int, error) {
	data, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "AnonHugePages:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no AnonHugePages line in /proc/self/smaps_rollup")
}

// TestPreferHugePages checks, in a fresh process (the heap of the test
// process is not fresh), that the objects allocated after
// preferHugePages land in huge pages. It needs a kernel whose setting
// leaves huge pages to the program ("madvise"): with "always" every
// process gets them, with "never" none does, and the test cannot fail.
func TestPreferHugePages(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		t.Skipf("no transparent huge pages here: %v", err)
	}
	if !bytes.Contains(mode, []byte("[madvise]")) {
		t.Skipf("transparent huge pages are %q here, not left to the program (madvise)", strings.TrimSpace(string(mode)))
	}
	fallbacks := thpFallbacks(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), hugePagesChildEnv+"=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var kb, n int
	if _, err := fmt.Sscan(string(out), &kb, &n); err != nil {
		t.Fatalf("child printed %q: %v", out, err)
	}
	// 24 MB of objects; allow for what the kernel could not (or did not
	// yet) back with huge pages.
	if kb < 8<<10 && thpFallbacks(t) > fallbacks {
		t.Skipf("the kernel had no huge pages to give (thp_fault_fallback rose); %d kB in huge pages", kb)
	}
	if kb < 8<<10 {
		t.Errorf("after preferHugePages, %d kB of the heap is in huge pages; want at least 8 MB of the 24 MB allocated", kb)
	}
}

// thpFallbacks is the kernel's count of page faults that asked for a huge
// page and got small pages (memory too fragmented, say).
func thpFallbacks(t *testing.T) int {
	data, err := os.ReadFile("/proc/vmstat")
	if err != nil {
		t.Skipf("cannot read /proc/vmstat: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "thp_fault_fallback "); ok {
			n, err := strconv.Atoi(rest)
			if err == nil {
				return n
			}
		}
	}
	t.Skip("no thp_fault_fallback in /proc/vmstat")
	return 0
}
