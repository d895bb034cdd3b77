// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"sync"

	"github.com/qapi-gen/qapi-gen/qmp"
)

// runRecord implements "qapi-gen record": a proxy between one client and
// a real QEMU that writes their session as a transcript, for "qapi-gen
// serve -replay" and qmp.Replayer.
func runRecord(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("record",
		"usage: qapi-gen record -o FILE LISTEN QEMU",
		"LISTEN and QEMU are unix:PATH or tcp:HOST:PORT. Waits for one client on LISTEN,",
		"connects it to the QMP socket QEMU, and records their session until either",
		"side hangs up (or an interrupt).",
	)
	out := fs.String("o", "", "write the transcript to `FILE` (required)")
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return status
	}
	if fs.NArg() != 2 || *out == "" {
		fs.Usage()
		return 2
	}
	lnet, laddr, ok1 := liveAddress(fs.Arg(0))
	qnet, qaddr, ok2 := liveAddress(fs.Arg(1))
	if !ok1 || !ok2 {
		fmt.Fprintln(stderr, "qapi-gen record: addresses are unix:PATH or tcp:HOST:PORT")
		return 2
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(stderr, "qapi-gen record:", err)
		return 1
	}
	defer f.Close()
	l, err := net.Listen(lnet, laddr)
	if err != nil {
		fmt.Fprintln(stderr, "qapi-gen record:", err)
		return 1
	}
	ctx, stop := interrupted()
	defer stop()
	go func() {
		<-ctx.Done()
		l.Close()
	}()
	fmt.Fprintf(stdout, "qapi-gen record: listening on %s:%s\n", lnet, l.Addr())
	client, err := l.Accept()
	l.Close()
	if err != nil {
		fmt.Fprintln(stderr, "qapi-gen record:", err)
		return 1
	}
	var d net.Dialer
	dctx, cancel := context.WithTimeout(ctx, liveTimeout)
	qemu, err := d.DialContext(dctx, qnet, qaddr)
	cancel()
	if err != nil {
		client.Close()
		fmt.Fprintln(stderr, "qapi-gen record:", err)
		return 1
	}
	proxy(ctx, client, qmp.Record(qemu, f))
	fmt.Fprintf(stdout, "qapi-gen record: session written to %s\n", *out)
	return 0
}

// proxy copies between client and server until one side hangs up or ctx
// ends, then closes both and waits for the copies to end.
func proxy(ctx context.Context, client net.Conn, server io.ReadWriteCloser) {
	var once sync.Once
	closeBoth := func() {
		once.Do(func() {
			client.Close()
			server.Close()
		})
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		io.Copy(server, client)
		closeBoth()
	}()
	go func() {
		defer wg.Done()
		io.Copy(client, server)
		closeBoth()
	}()
	stop := context.AfterFunc(ctx, closeBoth)
	wg.Wait()
	stop()
}
