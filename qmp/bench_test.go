// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/internal/qmpbench"
)

// BenchmarkQEMUQueryStatus compares this package with a bare socket loop,
// both doing query-status round trips against the same QEMU process with
// 1 and 16 requests in flight; see package qmpbench for the rules and the
// metrics; pipelined=16 keeps 16 commands in flight from one goroutine
// with Conn.Go. The integration package has the same comparison through
// the generated client.
func BenchmarkQEMUQueryStatus(b *testing.B) {
	bin := needBinary(b, "qemu-system-x86_64")
	dir := b.TempDir()
	libSock, bareSock := filepath.Join(dir, "lib.sock"), filepath.Join(dir, "bare.sock")
	startProcess(b, bareSock, bin, "-machine", "q35", "-accel", "tcg", "-nodefaults", "-display", "none", "-S",
		"-qmp", "unix:"+libSock+",server=on,wait=off", "-qmp", "unix:"+bareSock+",server=on,wait=off")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := Dial(ctx, "unix", libSock)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	bare := qmpbench.MustDialBare(b, bareSock, "query-status")
	qmpbench.Callers(b, "", func() error { return c.Execute(ctx, "query-status", nil, nil) }, bare)
	// One goroutine keeping 16 commands in flight with Go, as the bare
	// loop does.
	b.Run("pipelined=16", func(b *testing.B) {
		qmpbench.Compare(b,
			func(n int) error { return pipeline(ctx, c, n, 16) },
			func(n int) error { return bare.RoundTrips(n, 16) })
	})
}

// pipeline completes n query-status calls from one goroutine, keeping up
// to inFlight of them outstanding.
func pipeline(ctx context.Context, c *Conn, n, inFlight int) error {
	var calls []*Call
	for done := 0; done < n; done++ {
		for len(calls) < inFlight && done+len(calls) < n {
			calls = append(calls, c.Go(ctx, "query-status", nil, nil))
		}
		if err := calls[0].Wait(ctx); err != nil {
			return err
		}
		calls = calls[1:]
	}
	return nil
}
