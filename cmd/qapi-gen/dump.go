package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/qapi-gen/qapi-gen/dump"
	"github.com/qapi-gen/qapi-gen/model"
)

// runDump implements "qapi-gen dump".
func runDump(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dump", flag.ContinueOnError)
	fs.SetOutput(stderr)
	noDoc := fs.Bool("nodoc", false, "leave out the doc comments")
	legacy := fs.Bool("legacy", false, "read the language of QEMU before 6.2 (implies -lenient-docs)")
	lenient := fs.Bool("lenient-docs", false, "accept the doc comment conventions of QEMU before 10.0")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: qapi-gen dump [-nodoc] [-legacy] [-lenient-docs] SCHEMA.json")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	s, err := model.Load(fs.Arg(0), model.LoadOptions{Legacy: *legacy, LenientDocs: *lenient || *legacy})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := dump.Write(stdout, s, dump.Options{NoDoc: *noDoc}); err != nil {
		fmt.Fprintln(stderr, "qapi-gen:", err)
		return 1
	}
	return 0
}
