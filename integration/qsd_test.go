// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/qmp"

	qapi "github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qmp"
	"github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qsd"
)

// Scenario 9: the storage daemon exports a file node over NBD (on a Unix
// socket), and qemu-img reads the export.
func TestStorageDaemon(t *testing.T) {
	t.Parallel()
	bin := needBinary(t, "qemu-storage-daemon")
	dir := tempDir(t)
	sock, pid := filepath.Join(dir, "qsd.sock"), filepath.Join(dir, "qsd.pid")
	p := startProcess(t, sock, bin, "--chardev", "socket,id=mon0,path="+sock+",server=on,wait=off", "--monitor", "chardev=mon0", "--pidfile", pid)
	// The daemon writes its pid file once start-up is complete. A client
	// that connects before (the socket listens early) can race with the
	// monitor's set-up and have its connection reset.
	for deadline := time.Now().Add(startTimeout); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(pid); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("qemu-storage-daemon wrote no pid file")
		}
	}
	conn, err := dialRetry(t, p, func(ctx ctxT) (*qmp.Conn, error) { return qmp.Dial(ctx, "unix", sock) })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	client := qsd.NewClient(newCheckedExecutor(conn), qsd.Strict())
	stream := qsd.SubscribeEvents(conn, 16, qsd.Strict())
	events := newEventLog(t, func(ctx context.Context) (namedEvent, time.Time, error) {
		ev, err := stream.Next(ctx)
		return ev.Event, ev.Timestamp, err
	}, stream.Close, checkEvent)
	ctx := testCtx(t)

	image := filepath.Join(dir, "export.img")
	const size = 4 << 20
	if err := os.WriteFile(image, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(image, size); err != nil {
		t.Fatal(err)
	}
	err = client.BlockdevAdd(ctx, qsd.BlockdevAddCommand{BlockdevOptions: qsd.BlockdevOptions{
		Driver: qsd.BlockdevDriverFile, NodeName: ptr("file0"),
		File: &qsd.BlockdevOptionsFile{Filename: image},
	}})
	if err != nil {
		t.Fatal(err)
	}
	nbdSock := filepath.Join(dir, "nbd.sock")
	err = client.NBDServerStart(ctx, qsd.NBDServerStartCommand{Addr: qsd.SocketAddressLegacy{
		Type: qsd.SocketAddressTypeUnix,
		Unix: &qsd.UnixSocketAddressWrapper{Data: qsd.UnixSocketAddress{Path: nbdSock}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	err = client.BlockExportAdd(ctx, qsd.BlockExportAddCommand{BlockExportOptions: qsd.BlockExportOptions{
		Type: qsd.BlockExportTypeNBD, ID: "exp0", NodeName: "file0", Writable: ptr(false),
		NBD: &qsd.BlockExportOptionsNBD{Name: ptr("disk"), Description: ptr("integration test export")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	exports, err := client.QueryBlockExports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := qsd.BlockExportInfo{ID: "exp0", Type: qsd.BlockExportTypeNBD, NodeName: "file0"}
	if len(exports) != 1 || !reflect.DeepEqual(exports[0], want) {
		t.Errorf("query-block-exports = %+v, want [%+v]", exports, want)
	}

	// The export works: qemu-img reads its size over NBD.
	out := qemuImg(t, "info", "--output=json", "nbd+unix:///disk?socket="+nbdSock)
	var info struct {
		VirtualSize int64 `json:"virtual-size"`
	}
	if err := json.Unmarshal([]byte(out), &info); err != nil || info.VirtualSize != size {
		t.Errorf("qemu-img info of the export: %s (%v), want virtual-size %d", out, err, size)
	}

	cmds, err := client.QueryCommands(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var offered []string
	for _, c := range cmds {
		offered = append(offered, c.Name)
	}
	res := sweep(t, ctx, client, offered, isQuery)
	res.report(t, "qemu-storage-daemon")

	// The daemon's introspection against its own generated package (the
	// introspection types are the same QAPI types in both packages).
	raw, err := conn.ExecuteRaw(ctx, "query-qmp-schema", nil)
	if err != nil {
		t.Fatal(err)
	}
	var schema []qapi.SchemaInfo
	if err := qapi.DecodeStrict(raw, &schema); err != nil {
		t.Fatal(err)
	}
	specs := map[string]specFlags{}
	for _, s := range qsd.Commands() {
		specs[s.Name] = specFlags{s.AllowOOB, s.Deprecated, s.Unstable}
	}
	checkIntrospection(t, schema, generatedPackage{client: client, specs: specs, anyType: reflect.TypeFor[qsd.Any](),
		event: func(name string) (namedEvent, bool) {
			ev, err := qsd.DecodeEvent(name, nil)
			_, unknown := ev.(qsd.UnknownEvent)
			return ev, err == nil && !unknown
		}}, 50, 10)

	from := events.mark()
	if err := client.BlockExportDel(ctx, qsd.BlockExportDelCommand{ID: "exp0"}); err != nil {
		t.Fatal(err)
	}
	events.waitFor(from, "BLOCK_EXPORT_DELETED of exp0", func(e namedEvent) bool {
		ev, ok := e.(qsd.BlockExportDeletedEvent)
		return ok && ev.ID == "exp0"
	})
	if exports, err := client.QueryBlockExports(ctx); err != nil || len(exports) != 0 {
		t.Errorf("query-block-exports after block-export-del = %+v, %v", exports, err)
	}
}
