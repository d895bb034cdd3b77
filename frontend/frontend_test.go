// SPDX-License-Identifier: Apache-2.0

package frontend

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/internal/cputime"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/model/defs"
	"github.com/qapi-gen/qapi-gen/parser"
	"github.com/qapi-gen/qapi-gen/source"
)

// cachedReader serves files from memory after the first read, so that
// benchmarks measure the front end, not the disk.
func cachedReader() func(string) ([]byte, error) {
	files := map[string][]byte{}
	return func(name string) ([]byte, error) {
		if data, ok := files[name]; ok {
			return data, nil
		}
		data, err := os.ReadFile(name)
		if err == nil {
			files[name] = data
		}
		return data, err
	}
}

// BenchmarkFrontEndQMP10 loads QEMU 10.1's QMP schema: parse, check,
// build, doc connection.
func BenchmarkFrontEndQMP10(b *testing.B) {
	file := filepath.Join(corpus.Require(b), "qemu", "v10.1.0", "qapi", "qapi-schema.json")
	opts := Options{ReadFile: cachedReader()}
	if _, err := Load(file, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Now()
	for i := 0; i < b.N; i++ {
		if _, err := Load(file, opts); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, cpu)
}

// BenchmarkBuildQMP10 measures model.Build alone on QEMU 10.1's QMP schema.
// (Repeated builds reuse the docs, which keep the stubs the first build
// added; that changes nothing else.)
func BenchmarkBuildQMP10(b *testing.B) {
	file := filepath.Join(corpus.Require(b), "qemu", "v10.1.0", "qapi", "qapi-schema.json")
	ps, err := parser.Parse(file, parser.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ds, err := defs.Check(ps.Exprs, defs.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Now()
	for i := 0; i < b.N; i++ {
		if _, err := model.Build(ds, ps.Docs, model.Options{File: file}); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, cpu)
}

// TestLoadQMP10 checks a few facts of the model of a real schema that
// the dump does not show.
func TestLoadQMP10(t *testing.T) {
	file := filepath.Join(corpus.Require(t), "qemu", "v10.1.0", "qapi", "qapi-schema.json")
	s, err := Load(file, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cmd, ok := s.Lookup("blockdev-add").(*model.Command)
	if !ok || cmd.Arg == nil || cmd.Arg.Name != "BlockdevOptions" || !cmd.Boxed {
		t.Fatalf("blockdev-add: %+v", cmd)
	}
	qmpCap, ok := s.Lookup("qmp_capabilities").(*model.Command)
	if !ok || qmpCap.Arg == nil || qmpCap.Arg.Implicit == nil ||
		qmpCap.Arg.Implicit.Role != model.ImplicitArgs || qmpCap.Arg.Implicit.Owner != model.Definition(qmpCap) {
		t.Fatalf("qmp_capabilities argument type not implicit and owned: %+v", qmpCap.Arg)
	}
	if s.Modules[0].Name != model.BuiltinModuleName || s.Modules[1].Name != "qapi-schema.json" {
		t.Errorf("first modules %q, %q", s.Modules[0].Name, s.Modules[1].Name)
	}
	if s.FeatureNames[0] != "deprecated" || s.FeatureNames[1] != "unstable" || len(s.FeatureNames) > 64 {
		t.Errorf("features %v", s.FeatureNames)
	}
	for _, e := range s.Entities {
		if e.InModule() == nil {
			t.Fatalf("entity without module: %#v", e)
		}
		if a, ok := e.(*model.Array); ok && a.Element == nil {
			t.Fatalf("unresolved array %s", a.Name)
		}
	}
}

// memFS is an in-memory file system for the fuzzer: the main file and
// one file it may include.
func memFS(main, sub []byte) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		switch filepath.Clean(name) {
		case "main.json":
			return main, nil
		case "sub.json":
			return sub, nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
}

// FuzzFrontEnd runs parse, check and build on arbitrary input, in the
// legacy language or the one Auto recognises: the front end must return
// a model or a *source.Error, never panic or hang.
func FuzzFrontEnd(f *testing.F) {
	dir := os.Getenv("QAPI_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared")
	}
	cases, _ := filepath.Glob(filepath.Join(dir, "qapi-schema-tests", "*.json"))
	for _, c := range cases {
		if data, err := os.ReadFile(c); err == nil {
			f.Add(data, []byte("{ 'enum': 'Sub', 'data': [ 'a' ] }\n"), false)
		}
	}
	f.Add([]byte("{ 'include': 'sub.json' }\n{ 'union': 'U', 'data': { 'a': 'Sub' } }\n"),
		[]byte("{ 'struct': 'Sub', 'data': { 'x': 'int' } }\n"), true)
	f.Fuzz(func(t *testing.T, main, sub []byte, legacy bool) {
		// Legacy or recognised: Auto's detection and its second reading
		// get the inputs too.
		opts := Options{Legacy: legacy, Auto: !legacy, ReadFile: memFS(main, sub)}
		s, err := Load("main.json", opts)
		if err != nil {
			var serr *source.Error
			if !errors.As(err, &serr) {
				t.Fatalf("error %T is not a *source.Error: %v", err, err)
			}
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if s == nil {
			t.Fatal("no schema and no error")
		}
	})
}

// TestLoadLenientDocs checks that LenientDocs reaches the doc parser
// alone: old doc sections are read, old pragma names are not.
func TestLoadLenientDocs(t *testing.T) {
	schema := "##\n# @Foo:\n#\n# Note: an old style section\n##\n{ 'enum': 'Foo', 'data': [ 'a' ] }\n"
	if _, err := LoadBytes("t.json", []byte(schema), Options{}); err == nil {
		t.Error("a 'Note:' section must be an error without LenientDocs")
	}
	if _, err := LoadBytes("t.json", []byte(schema), Options{LenientDocs: true}); err != nil {
		t.Errorf("LenientDocs: %v", err)
	}
	pragma := []byte("{ 'pragma': { 'returns-whitelist': [ 'a' ] } }\n")
	_, err := LoadBytes("t.json", pragma, Options{LenientDocs: true})
	if want := "t.json:1: unknown pragma 'returns-whitelist'"; err == nil || err.Error() != want {
		t.Errorf("LenientDocs with an old pragma name: got %v, want %q", err, want)
	}
	if _, err := LoadBytes("t.json", pragma, Options{Legacy: true}); err != nil {
		t.Errorf("Legacy with an old pragma name: %v", err)
	}
}
