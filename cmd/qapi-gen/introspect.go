// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/introspect"
	"github.com/qapi-gen/qapi-gen/schema"
	"github.com/qapi-gen/qapi-gen/wire"
)

// runIntrospect implements "qapi-gen introspect".
func runIntrospect(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("introspect",
		"usage: qapi-gen introspect [-u] [-cond NAME=false ...] [-legacy] [-lenient-docs] [SOURCE]",
		"Prints the query-qmp-schema reply (its array) of a QEMU built from the schema.",
		"SOURCE is a schema file, a query-qmp-schema reply file, unix:PATH or tcp:HOST:PORT;",
		"without it, the embedded example schema.",
	)
	src := addSourceFlags(fs)
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return status
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return 2
	}
	var s *wire.Schema
	var err error
	if fs.NArg() == 0 {
		s, err = introspectExample(src.options())
	} else {
		s, err = loadWire(fs.Arg(0), src.options())
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	w := bufio.NewWriter(stdout)
	err = s.Write(w)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintln(stderr, "qapi-gen:", err)
		return 1
	}
	return 0
}

func introspectExample(opts wireOptions) (*wire.Schema, error) {
	m, err := frontend.LoadBytes(schema.ExampleName, schema.Example, opts.Load)
	if err != nil {
		return nil, err
	}
	return introspect.Build(m, opts.Introspect)
}
