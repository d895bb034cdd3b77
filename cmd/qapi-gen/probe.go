package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
)

// runProbe implements "qapi-gen probe": one line per path, "true",
// "false" or "error: ..." for a malformed path. Only a source that
// cannot be read fails the command.
func runProbe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := addSourceFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: qapi-gen probe [-cond NAME=false ...] [-u] [-legacy] [-lenient-docs] SOURCE PATH...")
		fmt.Fprintln(stderr, "Answers libvirt-style schema path queries (command/arg-type/member/+branch/^value/$feature).")
		fmt.Fprintln(stderr, "SOURCE is a schema file, a query-qmp-schema reply file, unix:PATH or tcp:HOST:PORT.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil || fs.NArg() < 2 {
		if err == nil {
			fs.Usage()
		}
		return 2
	}
	s, err := loadWire(fs.Arg(0), src.options())
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	w := bufio.NewWriter(stdout)
	for _, path := range fs.Args()[1:] {
		switch ok, err := s.Probe(path); {
		case err != nil:
			fmt.Fprintf(w, "error: %v\n", err)
		default:
			fmt.Fprintln(w, ok)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(stderr, "qapi-gen:", err)
		return 1
	}
	return 0
}
