// SPDX-License-Identifier: Apache-2.0

package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/schema"
)

// schemaArgs are the flags and the argument every subcommand that reads a
// schema shares.
type schemaArgs struct {
	legacy  *bool
	lenient *bool
	// auto: the schema of any release is read without flags, which then
	// only force a reading; otherwise (dump, the conformance interface)
	// the current language is the default.
	auto bool
}

// addSchemaFlags adds the language flags; auto says whether the language
// is recognised from the schema when no flag forces it.
func addSchemaFlags(fs *flag.FlagSet, auto bool) schemaArgs {
	legacyHelp := "read the language of QEMU before 6.2 (implies -lenient-docs)"
	lenientHelp := "accept the doc comment conventions of QEMU before 10.0"
	if auto {
		legacyHelp = "force the language of QEMU before 6.2 (implies -lenient-docs; by default the language is recognised)"
		lenientHelp = "read every doc comment with the conventions of QEMU before 10.0 (by default each is read as its release wrote it)"
	}
	return schemaArgs{
		legacy:  fs.Bool("legacy", false, legacyHelp),
		lenient: fs.Bool("lenient-docs", false, lenientHelp),
		auto:    auto,
	}
}

// load reads the schema named by the only argument, or the embedded
// example schema when there is none. It returns the schema and the name
// to record as its source.
func (a schemaArgs) load(fs *flag.FlagSet) (*model.Schema, string, error) {
	opts := a.loadOptions()
	switch fs.NArg() {
	case 0:
		s, err := frontend.LoadBytes(schema.ExampleName, schema.Example, opts)
		return s, schema.ExampleName, err
	case 1:
		file := fs.Arg(0)
		s, err := frontend.Load(file, opts)
		return s, filepath.ToSlash(filepath.Base(file)), err
	}
	return nil, "", errUsage
}

// loadOptions are the front end's options the flags select.
func (a schemaArgs) loadOptions() frontend.Options {
	return frontend.Options{Legacy: *a.legacy, LenientDocs: *a.lenient || *a.legacy, Auto: a.auto}
}

// errUsage tells a subcommand to print its usage and exit with status 2.
var errUsage = fmt.Errorf("usage")

// loadOrStatus is load for a subcommand: on failure it prints the usage
// or the schema error and returns the exit status (2 or 1); 0 means s is
// loaded.
func (a schemaArgs) loadOrStatus(fs *flag.FlagSet, stderr io.Writer) (s *model.Schema, source string, status int) {
	s, source, err := a.load(fs)
	switch {
	case err == errUsage:
		fs.Usage()
		return nil, "", 2
	case err != nil:
		fmt.Fprintln(stderr, err)
		return nil, "", 1
	}
	return s, source, 0
}
