// SPDX-License-Identifier: Apache-2.0

// Package tricks lets a benchmark switch the program's speed tricks off,
// one by one, to measure what each is worth. A trick stays in the code
// only while an A/B benchmark in one run shows that it pays; the switch
// stays with it so the question can be asked again.
//
// The switches are set at link time, for a binary that a benchmark
// builds in a variant:
//
//	go build -ldflags='-X github.com/qapi-gen/qapi-gen/internal/tricks.off=NAME,NAME'
//
// or, in a benchmark's own process, with Set. Ordinary builds have every
// trick on.
package tricks

import (
	"slices"
	"strings"
)

// off lists the tricks to leave out, comma-separated (see the package
// doc). It is a string so that -ldflags -X can set it.
var off string

// Var is the name of off for -ldflags -X.
const Var = "github.com/qapi-gen/qapi-gen/internal/tricks.off"

// The tricks, by the names off lists.
const (
	GCOff     = "gcoff"     // the collector starts off (cmd/qapi-gen)
	HugePages = "hugepages" // the heap asks for huge pages (cmd/qapi-gen)
	DocMarks  = "docmarks"  // go/format sees markers, not doc comments (gen)
	Prefetch  = "prefetch"  // included files are pre-parsed in parallel (parser)
	ParRender = "parrender" // output files are made on one worker per CPU (gen)
	// qapi.go and qapi_schema.go are printed in gofmt's form, not
	// formatted (gen).
	PrintDirect = "printdirect"
	ForcedGC    = "forcedgc" // a collection frees the huge-page range (cmd/qapi-gen)
)

// On reports whether the trick name is on.
func On(name string) bool {
	return off == "" || !slices.Contains(strings.Split(off, ","), name)
}

// Set switches off the tricks listed (comma-separated, "" for none) and
// returns a function that restores the previous setting. It is for
// benchmarks, which must not run it concurrently with the code it
// affects.
func Set(list string) (restore func()) {
	old := off
	off = list
	return func() { off = old }
}
