// SPDX-License-Identifier: Apache-2.0

// Package cputime gives benchmarks a cpu-ns/op metric: the process's CPU
// time (user and system, all threads, garbage collection included) per
// operation. On a shared machine it varies far less than wall time.
package cputime

import (
	"syscall"
	"testing"
	"time"
)

// Now is the CPU time the process has used so far.
func Now() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Report reports the CPU time per operation since start (a value of Now
// taken after b.ResetTimer).
func Report(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(Now()-start)/float64(b.N), "cpu-ns/op")
}
