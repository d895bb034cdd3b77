// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"io"

	"github.com/qapi-gen/qapi-gen/dump"
)

// runDump implements "qapi-gen dump".
func runDump(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("dump",
		"usage: qapi-gen dump [-nodoc] [-legacy] [-lenient-docs] [SCHEMA.json]",
		"Without SCHEMA.json, dumps the embedded example schema.",
	)
	noDoc := fs.Bool("nodoc", false, "leave out the doc comments")
	schemaFlags := addSchemaFlags(fs, false)
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return status
	}
	s, _, status := schemaFlags.loadOrStatus(fs, stderr)
	if status != 0 {
		return status
	}
	if err := dump.Write(stdout, s, dump.Options{NoDoc: *noDoc}); err != nil {
		fmt.Fprintln(stderr, "qapi-gen:", err)
		return 1
	}
	return 0
}
