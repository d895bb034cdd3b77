package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/qapi-gen/qapi-gen/dump"
)

// runDump implements "qapi-gen dump".
func runDump(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dump", flag.ContinueOnError)
	fs.SetOutput(stderr)
	noDoc := fs.Bool("nodoc", false, "leave out the doc comments")
	schemaFlags := addSchemaFlags(fs, false)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: qapi-gen dump [-nodoc] [-legacy] [-lenient-docs] [SCHEMA.json]")
		fmt.Fprintln(stderr, "Without SCHEMA.json, dumps the embedded example schema.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
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
