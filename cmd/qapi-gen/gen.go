// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/qapi-gen/qapi-gen/gen"
	"github.com/qapi-gen/qapi-gen/gen/names"
)

// condFlags collects repeated -cond NAME[=BOOL] flags.
type condFlags map[string]bool

func (c condFlags) String() string { return "" }

func (c condFlags) Set(s string) error {
	name, val, hasVal := strings.Cut(s, "=")
	if name == "" {
		return fmt.Errorf("empty condition name")
	}
	v := true
	if hasVal {
		b, err := strconv.ParseBool(val)
		if err != nil {
			return fmt.Errorf("condition %s: %q is not a boolean", name, val)
		}
		v = b
	}
	c[name] = v
	return nil
}

// runGen implements "qapi-gen gen". It generates everything in memory
// and writes only when that succeeded, so an error leaves DIR untouched.
func runGen(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("gen",
		"usage: qapi-gen gen -o DIR [-check] [-pkg NAME] [-legacy] [-lenient-docs] [-cond NAME=false ...] [-rename FILE] [-nodoc] [-no-client | -server] [SCHEMA.json]",
		"Without SCHEMA.json, generates from the embedded example schema.",
	)
	out := fs.String("o", "", "output directory (required)")
	pkg := fs.String("pkg", "", "Go package name (default: the output directory's name)")
	schemaFlags := addSchemaFlags(fs, true)
	noClient := fs.Bool("no-client", false, "do not generate client.go (the typed QMP client)")
	server := fs.Bool("server", false, "also generate server.go: a typed QMP server (Handler, NewServer, Emit) for fakes of QEMU in tests; not with -no-client")
	renameFile := fs.String("rename", "", "`FILE` of Go names to use instead of generated ones, one 'QAPI-NAME GoName'\nor 'QAPI-NAME.member GoName' a line (see docs/mapping.md)")
	noDoc := fs.Bool("nodoc", false, "leave the schema's doc text out of the generated code (see README: licence)")
	quiet := fs.Bool("q", false, "print nothing on success")
	check := fs.Bool("check", false, "write nothing: list the files that generating would create, update or remove,\nand exit with status 1 if there is any (for CI: are committed bindings up to date?)")
	conds := condFlags{}
	fs.Var(conds, "cond", "`NAME[=BOOL]`: give a configuration symbol a value; definitions whose\n'if' condition is then false are left out (repeatable; unlisted symbols are true)")
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return status
	}
	if *out == "" {
		fs.Usage()
		return 2
	}
	name := *pkg
	if name == "" {
		abs, err := filepath.Abs(*out)
		if err != nil {
			fmt.Fprintln(stderr, "qapi-gen:", err)
			return 1
		}
		name = strings.NewReplacer("-", "_", ".", "_").Replace(filepath.Base(abs))
	}
	var renames *names.Renames
	if *renameFile != "" {
		data, err := os.ReadFile(*renameFile)
		if err != nil {
			fmt.Fprintln(stderr, "qapi-gen:", err)
			return 1
		}
		if renames, err = names.ParseRenames(*renameFile, data); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	s, source, status := schemaFlags.loadOrStatus(fs, stderr)
	if status != 0 {
		return status
	}
	files, err := gen.Generate(s, gen.Options{
		Package:  name,
		Source:   source,
		Conds:    conds,
		NoClient: *noClient,
		Server:   *server,
		NoDoc:    *noDoc,
		Renames:  renames,
	})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *check {
		return checkGenerated(*out, files, *quiet, stdout, stderr)
	}
	st, err := gen.WriteDir(*out, files)
	if err != nil {
		fmt.Fprintln(stderr, "qapi-gen:", err)
		return 1
	}
	if !*quiet {
		stubs := ""
		if len(st.Stubbed) > 0 {
			stubs = fmt.Sprintf(", %d emptied (their modules are gone; the next run removes them)", len(st.Stubbed))
		}
		fmt.Fprintf(stdout, "%s: %d files written, %d unchanged, %d removed%s\n",
			*out, len(st.Written), len(st.Unchanged), len(st.Removed), stubs)
	}
	return 0
}

// checkGenerated implements gen -check: it names each file that writing
// would change, one a line, and returns 1 when there is any.
func checkGenerated(dir string, files []gen.File, quiet bool, stdout, stderr io.Writer) int {
	c, err := gen.CheckDir(dir, files)
	if err != nil {
		fmt.Fprintln(stderr, "qapi-gen:", err)
		return 1
	}
	if c.UpToDate() {
		if !quiet {
			fmt.Fprintf(stdout, "%s: up to date (%d files)\n", dir, len(c.Unchanged))
		}
		return 0
	}
	for _, l := range c.Lines(dir) {
		fmt.Fprintln(stdout, l)
	}
	fmt.Fprintf(stderr, "qapi-gen: %s is not up to date: %d missing, %d stale, %d obsolete files; run qapi-gen gen without -check\n",
		dir, len(c.Created), len(c.Updated), len(c.Removed))
	return 1
}
