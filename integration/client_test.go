// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/qmp"

	qapi "github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qmp"
)

// TestClientOOB: on a connection that negotiated out-of-band execution,
// the generated client sends allow-oob commands (query-yank) with
// exec-oob, which QEMU accepts for them only, and the others with
// execute; without it, everything goes with execute.
func TestClientOOB(t *testing.T) {
	t.Parallel()
	bin := needBinary(t, "qemu-system-x86_64")
	dir := tempDir(t)
	sock := filepath.Join(dir, "qmp.sock")
	p := startProcess(t, sock, bin, machineArgs(sock)...)
	for _, oob := range []bool{true, false} {
		var opts []qmp.Option
		if oob {
			opts = append(opts, qmp.WithOOB())
		}
		conn, err := dialRetry(t, p, func(ctx context.Context) (*qmp.Conn, error) { return qmp.Dial(ctx, "unix", sock, opts...) })
		if err != nil {
			t.Fatal(err)
		}
		if conn.OOBEnabled() != oob {
			t.Fatalf("WithOOB=%v: OOBEnabled %v (capabilities offered: %v)", oob, conn.OOBEnabled(), conn.Greeting().Capabilities)
		}
		x := newCheckedExecutor(conn)
		c := qapi.NewClient(x, qapi.Strict())
		ctx := testCtx(t)
		if _, err := c.QueryYank(ctx); err != nil {
			t.Errorf("WithOOB=%v: query-yank: %v", oob, err)
		}
		if _, err := c.QueryStatus(ctx); err != nil {
			t.Errorf("WithOOB=%v: query-status: %v", oob, err)
		}
		wantOOB := 0
		if oob {
			wantOOB = 1
		}
		if n, m := x.sent("exec-oob", "query-yank"), x.sent("execute", "query-yank"); n != wantOOB || n+m != 1 {
			t.Errorf("WithOOB=%v: query-yank sent %d times with exec-oob and %d with execute", oob, n, m)
		}
		if n := x.sent("exec-oob", "query-status"); n != 0 {
			t.Errorf("WithOOB=%v: query-status (not allow-oob) sent with exec-oob", oob)
		}
		// The monitor takes one client at a time.
		conn.Close()
	}
}
