package firstday_test

import (
	"context"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	qmpapi "github.com/qapi-gen/qapi-gen/golden/firstday"
	"github.com/qapi-gen/qapi-gen/qmp"
	"github.com/qapi-gen/qapi-gen/wire"
)

// serveSchema runs a QMP server whose query-qmp-schema answers s, and
// returns a client connected to it.
func serveSchema(t *testing.T, s *wire.Schema) *qmp.Conn {
	t.Helper()
	srv := &qmp.Server{Handler: qmp.HandlerFunc(func(ctx context.Context, req *qmp.Request) (any, error) {
		if req.Command == "query-qmp-schema" {
			return s, nil
		}
		return nil, &qmp.Error{Class: "CommandNotFound", Desc: "no " + req.Command}
	})}
	a, b := net.Pipe()
	go srv.ServeConn(a)
	t.Cleanup(func() { srv.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := qmp.New(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// CheckCompatibility against the package's own schema finds nothing;
// against one that lacks a command and makes an optional argument
// required, it reports both, at their probe paths.
func TestCheckCompatibility(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	own := qmpapi.WireSchema()
	if own.Command("query-status") == nil || !own.Has("blockdev-add/arg-type/+file/filename") {
		t.Fatalf("the package's wire schema lacks what the schema has")
	}
	if got, err := qmpapi.CheckCompatibility(ctx, serveSchema(t, own)); err != nil || len(got) != 0 {
		t.Errorf("against itself: %v, %v", got, err)
	}

	// A peer without query-status, whose blockdev-add requires node-name.
	var entries []*wire.SchemaInfo
	for _, e := range own.Entries {
		if e.Name == "query-status" {
			continue
		}
		entries = append(entries, e)
	}
	args, err := own.Resolve("blockdev-add/arg-type")
	if err != nil {
		t.Fatal(err)
	}
	changed := *args
	obj := *args.Object
	obj.Members = slices.Clone(obj.Members)
	for i, m := range obj.Members {
		if m.Name == "node-name" {
			obj.Members[i].Optional = false
		}
	}
	changed.Object = &obj
	for i, e := range entries {
		if e.Name == args.Name {
			entries[i] = &changed
		}
	}
	peer, err := wire.New(entries)
	if err != nil {
		t.Fatal(err)
	}
	got, err := qmpapi.CheckCompatibility(ctx, serveSchema(t, peer))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, in := range got {
		lines = append(lines, in.Path+" "+in.Kind.String())
	}
	// node-name is required wherever blockdev-add's arguments hold the
	// type again: inline as a qcow2 node's file too.
	want := "blockdev-add/arg-type/node-name required\n" +
		"blockdev-add/arg-type/+qcow2/file/node-name required\n" +
		"query-status missing"
	if text := strings.Join(lines, "\n"); text != want {
		t.Errorf("against the changed peer:\n%s\nwant:\n%s", text, want)
	}
}
