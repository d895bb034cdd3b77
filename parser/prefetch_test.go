// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/source"
)

// TestPrefetchErrorOrder checks that files read ahead report their errors
// only where the sequential walk meets them, and never when the walk
// stops before. (The expected texts are QEMU's.)
func TestPrefetchErrorOrder(t *testing.T) {
	bad := "{ 'struct': 'B', 'data': { 'x': 'y', 'x': 'z' } }\n"
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{{
		name: "first error in QEMU order",
		files: map[string]string{
			"main.json": "{ 'include': 'a.json' }\n{ 'include': 'b.json' }\n",
			"a.json":    "{ 'include': 'c.json' }\n{ 'struct': 'A' ]\n",
			"b.json":    bad,
			"c.json":    "{ 'struct': 'C' }\n'junk'\n",
		},
		want: "In file included from main.json:1:\nIn file included from a.json:1:\nc.json:2: top-level expression must be an object",
	}, {
		name: "walk stops before a bad include",
		files: map[string]string{
			"main.json": "{ 'include': 'a.json' }\n'x'\n{ 'include': 'missing.json' }\n{ 'include': 'b.json' }\n",
			"a.json":    "{ 'struct': 'A' }\n",
			"b.json":    bad,
		},
		want: "main.json:2: top-level expression must be an object",
	}, {
		name: "doc error before a read-ahead file",
		files: map[string]string{
			"main.json": "##\n# @A:\n##\n{ 'include': 'b.json' }\n",
			"b.json":    bad,
		},
		want: "main.json:1: documentation for 'A' is not followed by the definition",
	}, {
		name: "unreadable file where the walk reaches it",
		files: map[string]string{
			"main.json": "{ 'include': 'a.json' }\n{ 'include': 'missing.json' }\n{ 'include': 'b.json' }\n",
			"a.json":    "{ 'struct': 'A' }\n",
			"b.json":    bad,
		},
		want: "main.json:2: can't read include file 'missing.json': No such file or directory",
	}, {
		name: "error in a file included twice under the same name",
		files: map[string]string{
			"main.json": "{ 'include': 'a.json' }\n{ 'include': 'b.json' }\n",
			"a.json":    "{ 'include': 'b.json' }\n",
			"b.json":    bad,
		},
		want: "In file included from main.json:1:\nIn file included from a.json:1:\nb.json:1:43: duplicate key 'x'",
	}}
	for _, c := range cases {
		for _, procs := range []int{1, 2, 4} {
			t.Run(fmt.Sprintf("%s/%d", c.name, procs), func(t *testing.T) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				_, err := Parse("main.json", Options{ReadFile: memFiles(c.files)})
				if err == nil {
					t.Fatalf("no error, want %q", c.want)
				}
				if got := err.Error(); got != c.want {
					t.Errorf("got %q, want %q", got, c.want)
				}
			})
		}
	}
}

// manyFiles returns a schema whose main file includes n files, each
// including the next and a few definitions with doc comments; the last
// included file has a syntax error when broken is set.
func manyFiles(n int, broken bool) map[string]string {
	files := map[string]string{}
	var main strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&main, "{ 'include': 'f%d.json' }\n", i)
		var f strings.Builder
		if i+1 < n {
			fmt.Fprintf(&f, "{ 'include': 'f%d.json' }\n", i+1)
		}
		for j := 0; j < 50; j++ {
			fmt.Fprintf(&f, "##\n# @T%d_%d:\n#\n# @a: text\n##\n{ 'struct': 'T%d_%d', 'data': { 'a': ['str'] } }\n", i, j, i, j)
		}
		if broken && i == n-1 {
			f.WriteString("{ 'x': }\n")
		}
		files[fmt.Sprintf("f%d.json", i)] = f.String()
	}
	files["main.json"] = main.String()
	return files
}

// TestPrefetchSerialReads checks that ReadFile calls never overlap, so
// that a ReadFile need not be safe for concurrent use.
func TestPrefetchSerialReads(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	files := manyFiles(20, false)
	read := memFiles(files)
	var active, overlaps, calls atomic.Int32
	opts := Options{ReadFile: func(name string) ([]byte, error) {
		if active.Add(1) > 1 {
			overlaps.Add(1)
		}
		defer active.Add(-1)
		calls.Add(1)
		time.Sleep(100 * time.Microsecond)
		return read(name)
	}}
	s, err := Parse("main.json", opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Exprs) != 20*50+20+19 {
		t.Errorf("got %d expressions, want %d", len(s.Exprs), 20*50+20+19)
	}
	if overlaps.Load() != 0 {
		t.Errorf("%d overlapping ReadFile calls", overlaps.Load())
	}
	if calls.Load() != 21 {
		t.Errorf("%d ReadFile calls, want 21 (each file once)", calls.Load())
	}
}

// TestPrefetchNoLeak checks that no goroutine outlives Parse, also when
// an error stops it while files are being read ahead.
func TestPrefetchNoLeak(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	before := runtime.NumGoroutine()
	files := manyFiles(30, true)
	files["main.json"] = "{ 'include': 'f29.json' }\n" + files["main.json"]
	_, err := Parse("main.json", Options{ReadFile: memFiles(files)})
	if err == nil || !strings.Contains(err.Error(), "f29.json") {
		t.Fatalf("got error %v, want one in f29.json", err)
	}
	// Workers are waited for; give them a moment to return.
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after Parse, %d before", n, before)
	}
}

// TestPrefetchDeterministic checks that the result does not depend on
// how many goroutines pre-parse: same expressions, docs and positions.
func TestPrefetchDeterministic(t *testing.T) {
	files := manyFiles(12, false)
	files["f3.json"] += "{ 'pragma': { 'doc-required': true } }\n{ 'include': 'f4.json' }\n"
	var want string
	for _, procs := range []int{1, 2, 3, 8} {
		func() {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			s, err := Parse("main.json", Options{ReadFile: memFiles(files)})
			if err != nil {
				t.Fatal(err)
			}
			got := describeSchema(s)
			if want == "" {
				want = got
			} else if got != want {
				t.Errorf("GOMAXPROCS %d: result differs from GOMAXPROCS 1", procs)
			}
		}()
	}
	if !strings.Contains(want, "f3.json:7 <- f2.json:1 <- f1.json:1 <- f0.json:1 <- main.json:1") {
		t.Errorf("include chain missing from result:\n%.500s", want)
	}
}

func describeSchema(s *Schema) string {
	var b strings.Builder
	for _, e := range s.Exprs {
		fmt.Fprintf(&b, "%s %s %v", chain(e.Info), describeValue(e.Obj), e.Info.Pragma.DocRequired)
		if e.Doc != nil {
			fmt.Fprintf(&b, " doc %s@%s", e.Doc.Symbol, chain(e.Doc.Info))
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "%d docs\n", len(s.Docs))
	return b.String()
}

func chain(info *source.Info) string {
	var parts []string
	for ; info != nil; info = info.Parent {
		parts = append(parts, fmt.Sprintf("%s:%d", info.File, info.Line))
	}
	return strings.Join(parts, " <- ")
}

func describeValue(v Value) string {
	switch v := v.(type) {
	case *Object:
		var parts []string
		for i, k := range v.Keys {
			parts = append(parts, k+": "+describeValue(v.Values[i]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []Value:
		var parts []string
		for _, e := range v {
			parts = append(parts, describeValue(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprintf("%q", v)
}

// TestPrefetchFromDisk reads included files with os.ReadFile (no
// ReadFile option) from a temporary directory.
func TestPrefetchFromDisk(t *testing.T) {
	dir := t.TempDir()
	for name, text := range manyFiles(5, false) {
		if err := os.WriteFile(dir+"/"+name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Parse(dir+"/main.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Exprs) != 5*50+5+4 {
		t.Errorf("got %d expressions, want %d", len(s.Exprs), 5*50+5+4)
	}
}

// TestPrefetchPanic checks that a panic while reading ahead (here in
// ReadFile) reaches Parse's caller when the walk gets to that file, and
// not at all when an error stops the walk first.
func TestPrefetchPanic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	files := manyFiles(3, false)
	read := memFiles(files)
	opts := Options{ReadFile: func(name string) ([]byte, error) {
		if name == "boom.json" {
			panic("boom")
		}
		return read(name)
	}}
	parse := func(main string) (panicked any, err error) {
		defer func() { panicked = recover() }()
		files["main.json"] = main
		_, err = Parse("main.json", opts)
		return nil, err
	}
	if p, _ := parse("{ 'include': 'f0.json' }\n{ 'include': 'boom.json' }\n"); p != "boom" {
		t.Errorf("got panic %v, want boom", p)
	}
	p, err := parse("{ 'include': 'f0.json' }\n'x'\n{ 'include': 'boom.json' }\n")
	if p != nil || err == nil || !strings.Contains(err.Error(), "top-level expression must be an object") {
		t.Errorf("got error %v and panic %v, want the error only", err, p)
	}
}
