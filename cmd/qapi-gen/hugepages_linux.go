// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"runtime"
	"syscall"

	"github.com/qapi-gen/qapi-gen/internal/tricks"
)

// heapReserve is how much of the heap preferHugePages prepares: a little
// more than a run over QEMU's QMP schema touches.
const heapReserve = 64 << 20

// preferHugePages asks the kernel to back the first heapReserve bytes of
// the heap with transparent huge pages, where the system leaves that to
// the program (Debian's default, "madvise").
//
// A run touches tens of megabytes of fresh heap in a fraction of a second
// (the collector is off, see tuneMemory). In 4 KB pages that is thousands
// of page faults, a good part of a run's CPU time; in 2 MB pages it is a
// few dozen (BenchmarkTricks measures both).
//
// The Go runtime does not ask for huge pages itself, so the heap range is
// allocated here, marked, and freed at once: the allocator hands out the
// lowest free addresses first, so the objects of the run then fill that
// range. Freeing takes a collection (the collector is about to be turned
// off): without it the range stays allocated, and whether the run's
// objects land in huge pages is left to chance (in many runs none do).
// The marking is a hint with no effect on what the program computes; if
// the kernel refuses it, nothing changes.
func preferHugePages() {
	b := make([]byte, heapReserve) // fresh from the OS: never touched, so costs no memory
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	runtime.KeepAlive(b)
	b = nil
	if tricks.On(tricks.ForcedGC) {
		runtime.GC()
	}
}
