// SPDX-License-Identifier: Apache-2.0

package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"

	"github.com/qapi-gen/qapi-gen/internal/tricks"
)

// A run over a schema the size of QEMU's allocates a few tens of
// megabytes and lives for a fraction of a second: collecting garbage as
// it goes costs more CPU than the memory is worth. So the collector
// starts off, with a soft memory limit. Reaching the limit means the
// input is large: collecting then is worth it, but the limit would make
// the collector run back to back once the live heap nears it, so the
// first collection the runtime starts by itself (noticed by a finalizer)
// hands over to the default collector, whose memory grows with the live
// heap, without limit.
var gcOffLimit int64 = 256 << 20 // a variable for tests only

// tuneMemory sets up the heap and the collector for a run. A GOGC or
// GOMEMLIMIT in the environment is the user's choice and stands.
func tuneMemory() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	if tricks.On(tricks.HugePages) {
		preferHugePages()
	}
	if !tricks.On(tricks.GCOff) {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(gcOffLimit)
	watchFirstAutoGC()
}

// gcSentinel is garbage from the start: its finalizer runs after the
// first collection.
type gcSentinel struct{ _ [16]byte }

// watchFirstAutoGC turns the default collector on after the first
// collection the runtime starts by itself. A collection the program
// asks for (runtime.GC) does not count: the watch goes on.
func watchFirstAutoGC() {
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
		if autoGCCycles() == 0 {
			watchFirstAutoGC()
			return
		}
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	})
}

func autoGCCycles() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/automatic:gc-cycles"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
