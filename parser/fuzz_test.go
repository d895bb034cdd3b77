// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/source"
)

// FuzzParse checks that no input makes the parser panic or hang, and that
// every error is a *source.Error. Files are served from memory only: the
// input is both the schema and any file it includes.
func FuzzParse(f *testing.F) {
	if dir, err := corpus.Lookup(); err == nil {
		seeds, _ := filepath.Glob(filepath.Join(dir, "qapi-schema-tests", "*.json"))
		for _, name := range seeds {
			if data, err := os.ReadFile(name); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("{ 'include': 'inc.json' }\n##\n# @A:\n##\n{ 'struct': 'A', 'data': { 'a': [ true ] } }"))
	f.Fuzz(func(t *testing.T, data []byte) {
		files := map[string][]byte{"inc.json": data, "main.json": data}
		opts := Options{ReadFile: func(name string) ([]byte, error) {
			if b, ok := files[name]; ok {
				return b, nil
			}
			return nil, os.ErrNotExist
		}}
		for _, legacy := range []bool{false, true} {
			opts.Legacy = legacy
			s, err := ParseBytes("main.json", data, opts)
			if err != nil {
				var se *source.Error
				if !errors.As(err, &se) {
					t.Fatalf("error is %T, not *source.Error: %v", err, err)
				}
				_ = se.Error()
				continue
			}
			for _, e := range s.Exprs {
				if e.Obj == nil || e.Info == nil {
					t.Fatalf("incomplete expression %+v", e)
				}
			}
		}
	})
}
