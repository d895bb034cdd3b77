// SPDX-License-Identifier: Apache-2.0

// Package frontend runs the whole front end: it reads a schema file and
// its includes (parser), checks the expressions (model/defs) and builds
// the checked model (model). The model itself never sees how a schema was
// read.
package frontend

import (
	"errors"

	"github.com/qapi-gen/qapi-gen/doc"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/model/defs"
	"github.com/qapi-gen/qapi-gen/parser"
	"github.com/qapi-gen/qapi-gen/source"
)

// Options control Load.
type Options struct {
	// Legacy reads the language of QEMU before 6.2 (see defs.Options.Legacy);
	// it implies LenientDocs.
	Legacy bool
	// LenientDocs accepts the doc comment conventions of QEMU before
	// 10.0 (see doc.Options.Legacy).
	LenientDocs bool
	// Auto reads the schema of any QEMU release: the language is
	// recognised from the constructs the schema uses (see
	// defs.DetectLegacy), and each doc comment is read with the
	// conventions of its release (see parser.Options.Auto). Legacy and
	// LenientDocs, when set, force their reading instead.
	Auto bool
	// ReadFile reads schema files; nil means reading them from disk,
	// regular files only (see parser.Options.ReadFile).
	ReadFile func(name string) ([]byte, error)
}

// Load runs the whole front end on the schema file: it parses the file
// and its includes, checks the expressions and builds the model. Errors
// are *source.Error with QEMU's text.
func Load(file string, opts Options) (*model.Schema, error) {
	return load(file, opts, func(po parser.Options) (*parser.Schema, error) {
		return parser.Parse(file, po)
	})
}

// LoadBytes is Load with the main file's content given; included files
// are read with opts.ReadFile.
func LoadBytes(file string, data []byte, opts Options) (*model.Schema, error) {
	return load(file, opts, func(po parser.Options) (*parser.Schema, error) {
		return parser.ParseBytes(file, data, po)
	})
}

// load runs the front end. In Auto mode, when the current doc
// conventions reject a doc comment, the schema is read again with the
// older ones, which all releases before 10.0 wrote: a schema keeps the
// conventions of its release throughout, so one reading applies to all
// its comments. When the older conventions fail as well, the error
// reported is the older reading's, unless it is a doc error at the very
// place the current reading failed: then no release accepts that
// comment, and the current message says why.
func load(file string, opts Options, parse func(parser.Options) (*parser.Schema, error)) (*model.Schema, error) {
	s, err := loadOnce(file, opts, parse)
	var de *doc.ConventionError
	if !opts.Auto || opts.Legacy || opts.LenientDocs || !errors.As(err, &de) {
		return s, doc.UnmarkConvention(err)
	}
	older := opts
	older.LenientDocs = true
	s, olderErr := loadOnce(file, older, parse)
	if olderErr == nil {
		return s, nil
	}
	if errors.As(olderErr, &de) && samePlace(olderErr, err) {
		return nil, doc.UnmarkConvention(err)
	}
	return nil, doc.UnmarkConvention(olderErr)
}

// samePlace reports whether two schema errors are at the same file and
// line.
func samePlace(a, b error) bool {
	var sa, sb *source.Error
	if !errors.As(a, &sa) || !errors.As(b, &sb) || sa.Info == nil || sb.Info == nil {
		return false
	}
	return sa.Info.File == sb.Info.File && sa.Info.Line == sb.Info.Line
}

func loadOnce(file string, opts Options, parse func(parser.Options) (*parser.Schema, error)) (*model.Schema, error) {
	ps, err := parse(parserOptions(opts))
	if err != nil {
		return nil, err
	}
	return fromParsed(file, ps, opts)
}

func parserOptions(opts Options) parser.Options {
	return parser.Options{Legacy: opts.Legacy, LenientDocs: opts.LenientDocs, Auto: opts.Auto, ReadFile: opts.ReadFile}
}

func fromParsed(file string, ps *parser.Schema, opts Options) (*model.Schema, error) {
	legacy := opts.Legacy
	if opts.Auto && !legacy {
		var err error
		if legacy, err = defs.DetectLegacy(ps.Exprs, ps.OldPragma, ps.OldPragmaName); err != nil {
			return nil, err
		}
	}
	ds, err := defs.Check(ps.Exprs, defs.Options{Legacy: legacy, MarkDocErrors: opts.Auto})
	if err != nil {
		return nil, err
	}
	return model.Build(ds, ps.Docs, model.Options{File: file, Legacy: legacy, MarkDocErrors: opts.Auto})
}
