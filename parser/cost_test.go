// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/bigschema"
)

// memFileBytes serves files from memory.
func memFileBytes(files map[string][]byte) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if data, ok := files[name]; ok {
			return data, nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
}

// parseFiles parses a generated schema and checks that it has exprs
// expressions.
func parseFiles(tb testing.TB, main string, files map[string][]byte, exprs int) {
	s, err := Parse(main, Options{ReadFile: memFileBytes(files)})
	if err != nil {
		tb.Fatal(err)
	}
	if got := len(s.Exprs); got != exprs {
		tb.Fatalf("%d expressions, want %d", got, exprs)
	}
}

func parseChain(tb testing.TB, n int) {
	main, files := bigschema.IncludeChain(n)
	parseFiles(tb, main, files, 2*n+1)
}

func parseFan(tb testing.TB, n int) {
	main, files := bigschema.IncludeFan(n)
	parseFiles(tb, main, files, 4*n)
}

// TestIncludeChainCostLinear checks that the memory a chain of includes
// costs grows with its depth, not with its square: the inclusion loop
// check must not look at every file of the chain at each include.
func TestIncludeChainCostLinear(t *testing.T) {
	const k = 8
	if g := bigschema.AllocGrowth(func(n int) { parseChain(t, n) }, 300, k); g > 1.5*k {
		t.Errorf("%d times the depth allocates %.1f times the memory", k, g)
	}
}

// TestIncludeFanCostLinear checks the same for a main file including
// many files that include files.
func TestIncludeFanCostLinear(t *testing.T) {
	const k = 8
	if g := bigschema.AllocGrowth(func(n int) { parseFan(t, n) }, 300, k); g > 1.5*k {
		t.Errorf("%d times the files allocate %.1f times the memory", k, g)
	}
}

// TestPrefetchQueueCostLinear checks that queueing a file's includes
// before the files queued so far costs the same however long the queue
// is: the walk of a main file with many includes, each with includes of
// its own, queues in proportion to the number of files.
func TestPrefetchQueueCostLinear(t *testing.T) {
	walk := func(n int) {
		f := newPrefetcher(&Options{}, nil)
		f.maxWorkers = 0 // only the queue is measured
		names := make([]string, n)
		for i := range names {
			names[i] = fmt.Sprintf("fan%d.json", i)
		}
		f.prefetch(names, false)
		taken := 0
		for j := f.take(); j != nil; j = f.take() {
			taken++
			if strings.HasPrefix(j.name, "fan") {
				f.prefetch([]string{"leaf" + j.name}, true)
			}
		}
		if taken != 2*n {
			t.Fatalf("took %d jobs, want %d", taken, 2*n)
		}
	}
	const k = 8
	if g := bigschema.AllocGrowth(walk, 300, k); g > 1.5*k {
		t.Errorf("%d times the files allocate %.1f times the memory", k, g)
	}
}

// BenchmarkIncludeChain parses include chains of growing depth: ns/op
// and B/op grow in proportion.
func BenchmarkIncludeChain(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("depth=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				parseChain(b, n)
			}
		})
	}
}
