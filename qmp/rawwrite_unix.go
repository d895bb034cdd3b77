// SPDX-License-Identifier: Apache-2.0

//go:build unix

package qmp

import (
	"io"
	"net"
	"syscall"
)

// rawWriter writes without waiting: a request that fits in the socket's
// buffer goes out in one system call, with nothing set up to interrupt a
// write that cannot block. Only a write that would block falls back to
// the interruptible path (see engine.send).
type rawWriter struct {
	rc  syscall.RawConn
	try func(fd uintptr) bool // rawWriter.attempt, bound once
	b   []byte
	n   int
	err error
}

// newRawWriter returns a rawWriter for the sockets of package net, nil
// for anything else: a type that merely embeds one may do more in its
// Write than the descriptor would.
func newRawWriter(w io.Writer) *rawWriter {
	var sc syscall.Conn
	switch c := w.(type) {
	case *net.UnixConn:
		sc = c
	case *net.TCPConn:
		sc = c
	default:
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	rw := &rawWriter{rc: rc}
	rw.try = rw.attempt
	return rw
}

// writeOnce makes one attempt at writing b and returns how much went out;
// err is nil when the rest would have blocked.
func (rw *rawWriter) writeOnce(b []byte) (int, error) {
	rw.b, rw.n, rw.err = b, 0, nil
	if err := rw.rc.Write(rw.try); err != nil {
		return 0, err
	}
	rw.b = nil
	return rw.n, rw.err
}

func (rw *rawWriter) attempt(fd uintptr) bool {
	for {
		n, err := syscall.Write(int(fd), rw.b)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
		case err != nil:
			rw.err = err
		default:
			rw.n = n
		}
		return true
	}
}
