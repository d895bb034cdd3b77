// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/qapi-gen/qapi-gen/qmp"
	"github.com/qapi-gen/qapi-gen/wire"
)

// runServe implements "qapi-gen serve": a fake QEMU on a socket, for the
// tests of programs that speak QMP. It answers from the schema what a
// schema can answer, and the rest from a recorded transcript.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve",
		"usage: qapi-gen serve [-replay TRANSCRIPT] [-version X.Y.Z] [-cond NAME=false ...] SOURCE unix:PATH|tcp:HOST:PORT",
		"Serves QMP on the address until interrupted. query-qmp-schema, query-commands and",
		"query-version are answered from SOURCE (a schema file, a query-qmp-schema reply or",
		"a live QEMU), other commands from the transcript; a command of the schema the",
		"transcript does not answer gets a GenericError, any other CommandNotFound.",
	)
	src := addSourceFlags(fs)
	replay := fs.String("replay", "", "answer commands with the replies recorded in `TRANSCRIPT` (see qapi-gen record)")
	version := fs.String("version", "", "the QEMU `VERSION` to announce, as MAJOR.MINOR.MICRO (default: the transcript's, else 0.0.0)")
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return status
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	network, addr, ok := liveAddress(fs.Arg(1))
	if !ok {
		fmt.Fprintf(stderr, "qapi-gen serve: %q is not unix:PATH or tcp:HOST:PORT\n", fs.Arg(1))
		return 2
	}
	w, err := loadWire(fs.Arg(0), src.options())
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	f := &fake{schema: w}
	if *replay != "" {
		if f.transcript, err = readTranscriptFile(*replay); err != nil {
			fmt.Fprintln(stderr, "qapi-gen serve:", err)
			return 1
		}
		f.replies = qmp.TranscriptHandler(f.transcript)
	}
	srv, err := f.server(*version)
	if err != nil {
		fmt.Fprintln(stderr, "qapi-gen serve:", err)
		return 2
	}
	if network == "unix" {
		// A socket file left by an earlier run would make Listen fail.
		if fi, err := os.Lstat(addr); err == nil && fi.Mode()&os.ModeSocket != 0 {
			os.Remove(addr)
		}
	}
	l, err := net.Listen(network, addr)
	if err != nil {
		fmt.Fprintln(stderr, "qapi-gen serve:", err)
		return 1
	}
	ctx, stop := interrupted()
	defer stop()
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	fmt.Fprintf(stdout, "qapi-gen serve: listening on %s:%s\n", network, l.Addr())
	if err := srv.Serve(l); err != nil && !errors.Is(err, qmp.ErrServerClosed) {
		fmt.Fprintln(stderr, "qapi-gen serve:", err)
		return 1
	}
	return 0
}

// interrupted returns a context that ends on SIGINT or SIGTERM: the
// long-running subcommands stop then. Tests replace it.
var interrupted = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func readTranscriptFile(path string) (*qmp.Transcript, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tr, err := qmp.ReadTranscript(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return tr, nil
}

// fake is what "qapi-gen serve" answers with.
type fake struct {
	schema     *wire.Schema
	transcript *qmp.Transcript // nil without -replay
	replies    qmp.Handler     // the transcript's, nil without -replay
	v          qmp.Version     // announced and answered to query-version
}

// server returns the QMP server of the fake, announcing version (empty:
// the transcript's, else 0.0.0).
func (f *fake) server(version string) (*qmp.Server, error) {
	v, err := f.version(version)
	if err != nil {
		return nil, err
	}
	f.v = v
	return &qmp.Server{
		Version: v,
		OOB:     true,
		AllowOOB: func(name string) bool {
			c := f.schema.Command(name)
			return c != nil && c.Command != nil && c.Command.AllowOOB
		},
		Handler: qmp.HandlerFunc(f.serve),
	}, nil
}

func (f *fake) version(flagValue string) (qmp.Version, error) {
	if flagValue != "" {
		parts := strings.Split(flagValue, ".")
		if len(parts) != 3 {
			return qmp.Version{}, fmt.Errorf("-version %q: want MAJOR.MINOR.MICRO", flagValue)
		}
		var n [3]int
		for i, p := range parts {
			x, err := strconv.Atoi(p)
			if err != nil || x < 0 {
				return qmp.Version{}, fmt.Errorf("-version %q: want MAJOR.MINOR.MICRO", flagValue)
			}
			n[i] = x
		}
		return qmp.Version{Major: n[0], Minor: n[1], Micro: n[2]}, nil
	}
	if f.transcript != nil {
		for _, e := range f.transcript.Entries {
			var g struct {
				QMP *struct {
					Version struct {
						QEMU    struct{ Major, Minor, Micro int } `json:"qemu"`
						Package string                            `json:"package"`
					} `json:"version"`
				} `json:"QMP"`
			}
			if !e.FromClient && json.Unmarshal(e.Msg, &g) == nil && g.QMP != nil {
				q := g.QMP.Version
				return qmp.Version{Major: q.QEMU.Major, Minor: q.QEMU.Minor, Micro: q.QEMU.Micro, Package: q.Package}, nil
			}
		}
	}
	return qmp.Version{}, nil
}

// serve answers one command.
func (f *fake) serve(ctx context.Context, req *qmp.Request) (any, error) {
	if ret, ok := qmp.SchemaAnswer(req.Command, f.schema, f.v); ok {
		return ret, nil
	}
	if f.replies != nil {
		ret, err := f.replies.ServeQMP(ctx, req)
		if !errors.Is(err, qmp.ErrNoRecordedReply) {
			return ret, err
		}
	}
	if f.schema.Command(req.Command) != nil {
		return nil, &qmp.Error{Class: "GenericError", Desc: fmt.Sprintf("qapi-gen serve: no reply to %s recorded", req.Command)}
	}
	return nil, &qmp.Error{Class: "CommandNotFound", Desc: fmt.Sprintf("The command %s has not been found", req.Command)}
}
