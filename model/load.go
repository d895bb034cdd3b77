// SPDX-License-Identifier: Apache-2.0

package model

import (
	"github.com/qapi-gen/qapi-gen/model/defs"
	"github.com/qapi-gen/qapi-gen/parser"
)

// LoadOptions control Load.
type LoadOptions struct {
	// Legacy reads the language of QEMU before 6.2 (see Options.Legacy);
	// it implies LenientDocs.
	Legacy bool
	// LenientDocs accepts the doc comment conventions of QEMU before
	// 10.0 (see doc.Options.Legacy).
	LenientDocs bool
	// ReadFile reads schema files; nil means os.ReadFile.
	ReadFile func(name string) ([]byte, error)
}

// Load runs the whole front end on the schema file: it parses the file
// and its includes, checks the expressions and builds the model. Errors
// are *source.Error with QEMU's text.
func Load(file string, opts LoadOptions) (*Schema, error) {
	ps, err := parser.Parse(file, parserOptions(opts))
	if err != nil {
		return nil, err
	}
	return fromParsed(file, ps, opts)
}

// LoadBytes is Load with the main file's content given; included files
// are read with opts.ReadFile.
func LoadBytes(file string, data []byte, opts LoadOptions) (*Schema, error) {
	ps, err := parser.ParseBytes(file, data, parserOptions(opts))
	if err != nil {
		return nil, err
	}
	return fromParsed(file, ps, opts)
}

func parserOptions(opts LoadOptions) parser.Options {
	return parser.Options{Legacy: opts.Legacy, LenientDocs: opts.LenientDocs, ReadFile: opts.ReadFile}
}

func fromParsed(file string, ps *parser.Schema, opts LoadOptions) (*Schema, error) {
	ds, err := defs.Check(ps.Exprs, defs.Options{Legacy: opts.Legacy})
	if err != nil {
		return nil, err
	}
	return Build(ds, ps.Docs, Options{File: file, Legacy: opts.Legacy})
}
