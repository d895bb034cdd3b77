// SPDX-License-Identifier: Apache-2.0

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	// Named so: the tests of this package have a diff function.
	schemadiff "github.com/qapi-gen/qapi-gen/diff"
	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/introspect"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/wire"
)

// runDiff implements "qapi-gen diff": the wire changes between two
// schemas, classified by QEMU's compatibility rules, then how the
// generated Go API changes.
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("diff",
		"usage: qapi-gen diff [-json] [-fail-on breaking] [-cond NAME=false ...] OLD NEW",
		"Compares what clients see on the wire, by QEMU's compatibility rules, then the generated Go API.",
		"OLD and NEW are schema files, query-qmp-schema reply files, unix:PATH or tcp:HOST:PORT.",
	)
	src := addSourceFlags(fs)
	asJSON := fs.Bool("json", false, "print the wire changes as a JSON array of {path, direction, severity, change, message}")
	failOn := fs.String("fail-on", "", "`breaking`: exit with status 1 when a change is breaking")
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return status
	}
	if fs.NArg() != 2 || *failOn != "" && *failOn != "breaking" {
		fs.Usage()
		return 2
	}
	opts := src.options()
	opts.Introspect.Unmask = true // names make messages readable; the comparison ignores them
	r, err := compareSources(fs.Arg(0), fs.Arg(1), opts, !*asJSON)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *asJSON {
		changes := r.Wire
		if changes == nil {
			changes = []schemadiff.Change{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(changes)
	} else {
		err = r.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "qapi-gen:", err)
		return 1
	}
	if *failOn == "breaking" && r.Breaking() > 0 {
		return 1
	}
	return 0
}

// diffSide is one side of a comparison: the wire view, and the schema
// when the source is a schema file.
type diffSide struct {
	wire   *wire.Schema
	schema *model.Schema
	err    error
}

// compareSources reads both sides (at once: they are independent) and
// compares them, their Go APIs too when goAPI is set.
func compareSources(oldSrc, newSrc string, opts wireOptions, goAPI bool) (*schemadiff.Report, error) {
	done := make(chan diffSide, 1)
	go func() { done <- loadSide(newSrc, opts) }()
	old := loadSide(oldSrc, opts)
	new := <-done
	if old.err != nil {
		return nil, old.err
	}
	if new.err != nil {
		return nil, new.err
	}
	res := schemadiff.Wire(old.wire, new.wire)
	r := &schemadiff.Report{Wire: res.Changes}
	if !goAPI {
		return r, nil
	}
	if old.schema == nil || new.schema == nil {
		r.NoGoAPI = "a side is not a schema file"
		return r, nil
	}
	api, err := schemadiff.GoAPI(old.schema, new.schema, res.Renames)
	if err != nil {
		return nil, err
	}
	r.GoAPI = api
	return r, nil
}

// loadSide reads a source as loadWire does, keeping the schema of a
// schema file.
func loadSide(source string, opts wireOptions) diffSide {
	if _, _, live := liveAddress(source); !live {
		data, err := os.ReadFile(source)
		if err != nil {
			return diffSide{err: err}
		}
		if !isReply(data) {
			s, err := frontend.LoadBytes(source, data, opts.Load)
			if err != nil {
				return diffSide{err: err}
			}
			w, err := introspect.Build(s, opts.Introspect)
			return diffSide{wire: w, schema: s, err: err}
		}
	}
	w, err := loadWire(source, opts)
	return diffSide{wire: w, err: err}
}
