// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/introspect"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/qmp"
	"github.com/qapi-gen/qapi-gen/wire"
)

// wireOptions tell loadWire how to read a schema file; they do not
// apply to replies and live QEMUs, which are what they are.
type wireOptions struct {
	Load       frontend.Options
	Introspect introspect.Options
}

// liveTimeout bounds connecting to a live QEMU and its reply, so that a
// frozen peer cannot hang the command.
const liveTimeout = 30 * time.Second

// loadWire reads the wire view from source:
//   - "unix:PATH" or "tcp:HOST:PORT": a live QEMU's QMP socket, asked
//     with query-qmp-schema;
//   - a file holding a query-qmp-schema reply (the whole reply or its
//     bare array);
//   - any other file: a schema, introspected as QEMU's generator does,
//     under opts.
func loadWire(source string, opts wireOptions) (*wire.Schema, error) {
	if network, addr, ok := liveAddress(source); ok {
		ctx, cancel := context.WithTimeout(context.Background(), liveTimeout)
		defer cancel()
		return queryLive(ctx, network, addr)
	}
	data, err := os.ReadFile(source)
	if err != nil {
		return nil, err
	}
	if isReply(data) {
		s, err := wire.Decode(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		return s, nil
	}
	m, err := frontend.LoadBytes(source, data, opts.Load)
	if err != nil {
		return nil, err
	}
	return introspect.Build(m, opts.Introspect)
}

// liveAddress splits a "unix:PATH" or "tcp:HOST:PORT" source.
func liveAddress(source string) (network, addr string, ok bool) {
	for _, network := range []string{"unix", "tcp"} {
		if addr, ok := strings.CutPrefix(source, network+":"); ok {
			return network, addr, true
		}
	}
	return "", "", false
}

func queryLive(ctx context.Context, network, addr string) (*wire.Schema, error) {
	conn, err := qmp.Dial(ctx, network, addr)
	if err != nil {
		return nil, fmt.Errorf("%s:%s: %w", network, addr, err)
	}
	defer conn.Close()
	s, err := qmp.QuerySchema(ctx, conn)
	if err != nil {
		return nil, fmt.Errorf("%s:%s: %w", network, addr, err)
	}
	return s, nil
}

// isReply tells a query-qmp-schema reply from a schema file: a reply is
// one JSON value, an array or an object with "return" (or "error"); a
// schema file is a sequence of expressions, usually with comments and
// single quotes, never an array.
func isReply(data []byte) bool {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return false
	}
	if data[0] == '[' {
		return true
	}
	var obj map[string]json.RawMessage
	if data[0] != '{' || json.Unmarshal(data, &obj) != nil {
		return false
	}
	_, ret := obj["return"]
	_, failed := obj["error"]
	return ret || failed
}

// sourceFlags are the flags of subcommands that read a wire view.
type sourceFlags struct {
	schema schemaArgs
	conds  condFlags
	unmask *bool
}

func addSourceFlags(fs *flag.FlagSet) *sourceFlags {
	f := &sourceFlags{schema: addSchemaFlags(fs, true), conds: condFlags{}}
	f.unmask = fs.Bool("u", false, "keep type names instead of numbers (schema files only)")
	fs.Var(f.conds, "cond", "`NAME[=BOOL]`: give a configuration symbol a value, as a build does; what its\n'if' condition then excludes is left out (schema files only; repeatable)")
	return f
}

func (f *sourceFlags) options() wireOptions {
	return wireOptions{
		Load:       f.schema.loadOptions(),
		Introspect: introspect.Options{Unmask: *f.unmask, Config: model.Config(f.conds)},
	}
}
