// SPDX-License-Identifier: Apache-2.0

//go:build unix

package qmp

import (
	"io"
	"net"
	"os"
	"syscall"
)

// unixWriter is what a connection needs to pass file descriptors;
// *net.UnixConn has it.
type unixWriter interface {
	WriteMsgUnix(b, oob []byte, addr *net.UnixAddr) (n, oobn int, err error)
}

// writeWithFiles writes b with the descriptors of files attached as
// SCM_RIGHTS ancillary data. The peer receives duplicates; the caller keeps
// ownership of files. n counts the bytes written: a message the kernel
// refuses as a whole (too many descriptors, a closed file, a deadline
// before anything went out) leaves the stream intact with n == 0.
func writeWithFiles(w io.Writer, b []byte, files []*os.File) (n int, err error) {
	uw, ok := w.(unixWriter)
	if !ok {
		return 0, ErrFilesUnsupported
	}
	err = withFDs(files, nil, func(fds []int) error {
		var err error
		n, _, err = uw.WriteMsgUnix(b, syscall.UnixRights(fds...), nil)
		if err != nil {
			return err
		}
		// The descriptors travel with the first byte; a short write only
		// leaves ordinary bytes to send.
		if n < len(b) {
			var m int
			m, err = w.Write(b[n:])
			n += m
		}
		return err
	})
	return n, err
}

// withFDs calls fn with the raw descriptors of files, keeping each one valid
// (and its blocking mode untouched, unlike File.Fd) for the duration.
func withFDs(files []*os.File, fds []int, fn func([]int) error) error {
	if len(files) == 0 {
		return fn(fds)
	}
	rc, err := files[0].SyscallConn()
	if err != nil {
		return err
	}
	var inner error
	if err := rc.Control(func(fd uintptr) {
		inner = withFDs(files[1:], append(fds, int(fd)), fn)
	}); err != nil {
		return err
	}
	return inner
}
