// Command qapi-gen reads QEMU QAPI schemas. Each job is a subcommand:
//
//	qapi-gen gen -o DIR [-pkg NAME] [-legacy] [-lenient-docs] [-cond NAME=BOOL ...] [SCHEMA.json]
//
// generates a Go package (one file per schema module) into DIR, for use
// from go:generate; see docs/mapping.md for the mapping.
//
//	qapi-gen dump [-nodoc] [-legacy] [-lenient-docs] [SCHEMA.json]
//
// prints the checked schema in the format of QEMU's front-end test
// harness. On an invalid schema it prints QEMU's error message on stderr
// and exits with status 1; usage errors exit with status 2.
//
// Without SCHEMA.json, both read the embedded example schema
// (schema/example.json).
//
// Schema files must be regular files of at most 64 MiB. GOGC or
// GOMEMLIMIT in the environment replace qapi-gen's own settings of the
// garbage collector (see tuneMemory).
package main

import (
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
	"gen":  {"generate a Go package from a schema", runGen},
	"dump": {"print the checked schema as QEMU's test harness does", runDump},
}

// subcommandOrder lists the subcommands for the usage message.
var subcommandOrder = []string{"gen", "dump"}

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
		fmt.Fprintf(w, "  %-8s %s\n", name, subcommands[name].summary)
	}
}
