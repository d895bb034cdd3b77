// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"fmt"
	"io"
)

// runProbe implements "qapi-gen probe": one line per path, "true",
// "false" or "error: ..." for a malformed path. Only a source that
// cannot be read fails the command.
func runProbe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("probe",
		"usage: qapi-gen probe [-cond NAME=false ...] [-u] [-legacy] [-lenient-docs] SOURCE PATH...",
		"Answers libvirt-style schema path queries (command/arg-type/member/+branch/^value/$feature).",
		"SOURCE is a schema file, a query-qmp-schema reply file, unix:PATH or tcp:HOST:PORT.",
	)
	src := addSourceFlags(fs)
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return status
	}
	if fs.NArg() < 2 {
		fs.Usage()
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
