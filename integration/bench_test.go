// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/internal/qmpbench"
	"github.com/qapi-gen/qapi-gen/qmp"

	qapi "github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qmp"
)

// BenchmarkQEMUQueryStatusClient compares query-status through the
// generated client (decoding the result, plainly and with Strict) with a bare
// socket loop, on two monitors of one QEMU 7.2, with 1 and 16 requests in
// flight; see package qmpbench for the rules and the metrics.
func BenchmarkQEMUQueryStatusClient(b *testing.B) {
	dir := tempDir(b)
	bin := needBinary(b, "qemu-system-x86_64")
	sock, bareSock := filepath.Join(dir, "qmp.sock"), filepath.Join(dir, "bare.sock")
	p := startProcess(b, bareSock, bin, append(machineArgs(sock), "-qmp", "unix:"+bareSock+",server=on,wait=off")...)
	conn, err := dialRetry(b, p, func(ctx ctxT) (*qmp.Conn, error) { return qmp.Dial(ctx, "unix", sock) })
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	bare := qmpbench.MustDialBare(b, bareSock, "query-status")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, decoding := range []struct {
		name string
		opts []qapi.ClientOption
	}{{"plain", nil}, {"strict", []qapi.ClientOption{qapi.Strict()}}} {
		client := qapi.NewClient(conn, decoding.opts...)
		call := func() error {
			st, err := client.QueryStatus(ctx)
			if err == nil && st.Status != qapi.RunStatePrelaunch {
				err = fmt.Errorf("query-status = %+v", st)
			}
			return err
		}
		qmpbench.Callers(b, "decoding="+decoding.name+"/", call, bare)
	}
}
