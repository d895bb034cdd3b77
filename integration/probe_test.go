//go:build integration

package integration

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/qmp"
	"github.com/qapi-gen/qapi-gen/wire"
)

// probePaths are libvirt's capability queries and paths that end in
// every kind of answer, errors included.
var probePaths = []string{
	"blockdev-add/arg-type/+file/aio/^io_uring",
	"blockdev-add/arg-type/+qcow2/discard-no-unref",
	"blockdev-add/arg-type/+nvme",
	"blockdev-snapshot/$allow-write-only-overlay",
	"chardev-add/arg-type/backend/+socket/data/reconnect",
	"device_add/$json-cli-hotplug",
	"migrate-set-capabilities/arg-type/capabilities/capability/^x-colo/$unstable",
	"netdev_add/arg-type/type/^dgram",
	"query-display-options/ret-type/+egl-headless/rendernode",
	"screendump/arg-type/format/^png",
	"block-commit/arg-type/*top",
	"blockdev-add/arg-type/+qcow2/file/!string",
	"query-cpu-model-baseline",
	"query-status/$x/y",
	"query-status/meta-type",
	"",
}

// replyFile is the reply of the installed binary's Debian build, kept in
// the corpus.
func replyFile(t *testing.T, name string) string {
	return filepath.Join(corpus.Require(t), "qemu", "v7.2.0", "introspection", name)
}

func decodeFile(t *testing.T, file string) *wire.Schema {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s, err := wire.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sameSchema compares two wire views entry for entry.
func sameSchema(t *testing.T, got, want *wire.Schema) {
	t.Helper()
	if len(got.Entries) != len(want.Entries) {
		t.Errorf("%d entries, want %d", len(got.Entries), len(want.Entries))
	}
	bad := 0
	for i := 0; i < len(got.Entries) && i < len(want.Entries); i++ {
		g, _ := got.Entries[i].MarshalJSON()
		w, _ := want.Entries[i].MarshalJSON()
		if string(g) != string(w) {
			if bad++; bad <= 5 {
				t.Errorf("entry %d:\n got %s\nwant %s", i, g, w)
			}
		}
	}
}

// Scenario: what a live QEMU 7.2 says of its schema, through
// qmp.QuerySchema and through qapi-gen probe on its socket, is what the
// reply file of its Debian build says.
func TestProbeLive(t *testing.T) {
	t.Parallel()
	bin := buildQapiGen(t)
	qemu := needBinary(t, "qemu-system-x86_64")
	reply := replyFile(t, "qemu-system-x86_64-7.2.22-debian.json")
	dir := tempDir(t)
	sock, cliSock := filepath.Join(dir, "a.sock"), filepath.Join(dir, "b.sock")
	p := startProcess(t, cliSock, qemu, append(machineArgs(sock), "-qmp", "unix:"+cliSock+",server=on,wait=off")...)
	conn, err := dialRetry(t, p, func(ctx context.Context) (*qmp.Conn, error) { return qmp.Dial(ctx, "unix", sock) })
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	checkLive(t, conn, reply)
	checkProbeCLI(t, bin, "unix:"+cliSock, reply)
}

// The same for the storage daemon, whose one monitor serves the program
// first, then qapi-gen.
func TestProbeLiveStorageDaemon(t *testing.T) {
	t.Parallel()
	bin := buildQapiGen(t)
	qsd := needBinary(t, "qemu-storage-daemon")
	reply := replyFile(t, "qemu-storage-daemon-7.2.22-debian.json")
	dir := tempDir(t)
	sock, pid := filepath.Join(dir, "qsd.sock"), filepath.Join(dir, "qsd.pid")
	p := startProcess(t, sock, qsd, "--chardev", "socket,id=mon0,path="+sock+",server=on,wait=off", "--monitor", "chardev=mon0", "--pidfile", pid)
	// As in TestStorageDaemon: the monitor is ready once the pid file is.
	for deadline := time.Now().Add(startTimeout); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(pid); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("qemu-storage-daemon wrote no pid file")
		}
	}
	conn, err := dialRetry(t, p, func(ctx context.Context) (*qmp.Conn, error) { return qmp.Dial(ctx, "unix", sock) })
	if err != nil {
		t.Fatal(err)
	}
	checkLive(t, conn, reply)
	conn.Close()
	checkProbeCLI(t, bin, "unix:"+sock, reply)
}

// buildQapiGen builds the qapi-gen command for the test, or skips.
func buildQapiGen(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not in PATH: cannot build qapi-gen")
	}
	bin := filepath.Join(t.TempDir(), "qapi-gen")
	ctx, cancel := context.WithTimeout(context.Background(), 2*callTimeout)
	defer cancel()
	if out, err := exec.CommandContext(ctx, goBin, "build", "-o", bin, "../cmd/qapi-gen").CombinedOutput(); err != nil {
		t.Fatalf("building qapi-gen: %v\n%s", err, out)
	}
	return bin
}

// checkLive compares qmp.QuerySchema on conn with the reply file, entry
// for entry and probe for probe.
func checkLive(t *testing.T, conn *qmp.Conn, reply string) {
	t.Helper()
	live, err := qmp.QuerySchema(testCtx(t), conn)
	if err != nil {
		t.Fatal(err)
	}
	file := decodeFile(t, reply)
	sameSchema(t, live, file)
	for _, path := range probePaths {
		lok, lerr := live.Probe(path)
		fok, ferr := file.Probe(path)
		if lok != fok || (lerr == nil) != (ferr == nil) {
			t.Errorf("Probe(%q): live %v, %v; reply file %v, %v", path, lok, lerr, fok, ferr)
		}
	}
}

// checkProbeCLI runs qapi-gen probe on the live source and on the reply
// file: the answers must be the same, one a line, of every kind.
func checkProbeCLI(t *testing.T, bin, source, reply string) {
	t.Helper()
	probe := func(source string) string {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, append([]string{"probe", source}, probePaths...)...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 {
			t.Fatalf("qapi-gen probe %s: %v\n%s", source, err, stderr.String())
		}
		return string(out)
	}
	fromSocket, fromFile := probe(source), probe(reply)
	if fromSocket != fromFile {
		t.Errorf("qapi-gen probe on the socket:\n%s\non the reply file:\n%s", fromSocket, fromFile)
	}
	if n := strings.Count(fromSocket, "\n"); n != len(probePaths) || !strings.Contains(fromSocket, "true\n") ||
		!strings.Contains(fromSocket, "false\n") || !strings.Contains(fromSocket, "error: ") {
		t.Errorf("qapi-gen probe printed %d lines for %d paths, not all answers there:\n%s", n, len(probePaths), fromSocket)
	}
}
