// SPDX-License-Identifier: Apache-2.0

// Command qapi-gen reads QEMU QAPI schemas. Each job is a subcommand:
//
//	qapi-gen gen -o DIR [-check] [-pkg NAME] [-legacy] [-lenient-docs] [-cond NAME=BOOL ...] [SCHEMA.json]
//
// generates a Go package (one file per schema module) into DIR, for use
// from go:generate; see docs/mapping.md for the mapping. It reads the
// schema of any QEMU release: the language and doc conventions are
// recognised from the schema, and -legacy and -lenient-docs force them.
// With -check it writes nothing, names the files it would change and
// exits with status 1 if there is any.
//
//	qapi-gen dump [-nodoc] [-legacy] [-lenient-docs] [SCHEMA.json]
//
// prints the checked schema in the format of QEMU's front-end test
// harness, with QEMU 10.1's rules unless a flag selects an older
// reading. On an invalid schema it prints QEMU's error message on stderr
// and exits with status 1; usage errors exit with status 2.
//
//	qapi-gen introspect [-u] [-cond NAME=BOOL ...] [-legacy] [-lenient-docs] [SOURCE]
//
// prints the query-qmp-schema reply (its array, one entry a line) of a
// QEMU built from the schema: type names masked as QEMU masks them
// (unless -u), what the -cond configuration excludes left out.
//
//	qapi-gen probe [-cond NAME=BOOL ...] SOURCE PATH...
//
// answers path queries in libvirt's syntax, one line per path: true,
// false, or "error: ..." for a malformed path; it fails only when
// SOURCE cannot be read.
//
//	qapi-gen diff [-json] [-fail-on breaking] OLD NEW
//
// lists the wire changes between two schemas (schema files, reply files or
// QMP sockets) classified by QEMU's compatibility rules, then the changes
// of the generated Go API; -fail-on breaking exits with status 1 when a
// change is breaking.
//
//	qapi-gen serve [-replay TRANSCRIPT] [-version X.Y.Z] [-cond NAME=BOOL ...] SOURCE ADDRESS
//
// runs a fake QEMU on ADDRESS (unix:PATH or tcp:HOST:PORT) until
// interrupted: query-qmp-schema, query-commands and query-version are
// answered from SOURCE, other commands with the replies a transcript
// recorded; a command of the schema without a recorded reply gets a
// GenericError, any other CommandNotFound.
//
//	qapi-gen record -o FILE LISTEN QEMU
//
// proxies one client on LISTEN to the QMP socket QEMU and writes their
// session as a transcript (see qmp.Transcript).
//
// A SOURCE (and OLD, NEW) is a schema file, a file holding a
// query-qmp-schema reply (the whole reply or its array), or a live QEMU's
// QMP socket: unix:PATH or tcp:HOST:PORT.
//
// Without SCHEMA.json (or SOURCE), gen, dump and introspect read the
// embedded example schema (schema/example.json).
//
// Schema files must be regular files of at most 64 MiB. GOGC or
// GOMEMLIMIT in the environment replace qapi-gen's own settings of the
// garbage collector (see tuneMemory).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// subcommand runs one job with its arguments and returns the exit status.
type subcommand struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

var subcommands = map[string]subcommand{
	"gen":        {"generate a Go package from a schema", runGen},
	"dump":       {"print the checked schema as QEMU's test harness does", runDump},
	"introspect": {"print the query-qmp-schema reply of a QEMU built from a schema", runIntrospect},
	"probe":      {"answer libvirt-style schema path queries", runProbe},
	"diff":       {"classify the wire changes between two schemas, and the Go API changes", runDiff},
	"serve":      {"run a fake QEMU: QMP answered from a schema and a recorded transcript", runServe},
	"record":     {"record a client's session with a real QEMU as a transcript", runRecord},
}

// subcommandOrder lists the subcommands for the usage message.
var subcommandOrder = []string{"gen", "dump", "introspect", "probe", "diff", "serve", "record"}

func main() {
	tuneMemory()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to the subcommand named by args[0].
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	if isHelp(args[0]) {
		if len(args) > 1 { // "qapi-gen help gen" is "qapi-gen gen -h"
			if sub, ok := subcommands[args[1]]; ok {
				return sub.run([]string{"-h"}, stdout, stderr)
			}
		}
		usage(stdout)
		return 0
	}
	sub, ok := subcommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "qapi-gen: unknown subcommand %q\n", args[0])
		usage(stderr)
		return 2
	}
	return sub.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: qapi-gen SUBCOMMAND [flags] ARGS")
	for _, name := range subcommandOrder {
		fmt.Fprintf(w, "  %-11s %s\n", name, subcommands[name].summary)
	}
	fmt.Fprintln(w, "Run \"qapi-gen SUBCOMMAND -h\" for a subcommand's flags.")
}

// isHelp reports whether arg asks for the usage message.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// newFlagSet makes a subcommand's flag set, whose usage message is the
// lines given, then the flags. Parse it with parseFlags.
func newFlagSet(name string, usage ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		for _, line := range usage {
			fmt.Fprintln(fs.Output(), line)
		}
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses a subcommand's flags. A request for help (-h,
// --help) prints the usage on stdout and ends the run with status 0;
// other flag errors print on stderr and end it with status 2. ok is
// true when the subcommand should go on.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (status int, ok bool) {
	var msg bytes.Buffer
	fs.SetOutput(&msg)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	if errors.Is(err, flag.ErrHelp) {
		stdout.Write(msg.Bytes())
		return 0, false
	}
	stderr.Write(msg.Bytes())
	if err != nil {
		return 2, false
	}
	return 0, true
}
