// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// MaxFileSize is the largest schema file the parser reads: far beyond
// any real schema (QEMU's largest module is a few hundred kilobytes), and
// small enough that a file that never ends, or a huge one given by
// mistake, fails at once instead of filling the memory.
const MaxFileSize = 64 << 20

// errNotRegular and errTooLarge are what readSchemaFile reports for
// files it refuses: a device or a FIFO could be read forever, or block.
var (
	errNotRegular = errors.New("not a regular file")
	errTooLarge   = fmt.Errorf("file larger than %d MiB", MaxFileSize>>20)
)

// readSchemaFile reads a schema file from disk: only a regular file of at
// most MaxFileSize bytes. A directory fails as Python's open fails on it.
func readSchemaFile(name string) ([]byte, error) {
	// Opening a FIFO blocks until a writer comes, unless non-blocking.
	f, err := os.OpenFile(name, os.O_RDONLY|openNonBlock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	switch {
	case fi.IsDir():
		return nil, syscall.EISDIR
	case !fi.Mode().IsRegular():
		return nil, errNotRegular
	case fi.Size() > MaxFileSize:
		return nil, errTooLarge
	}
	// The file may grow while it is read.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return checkSize(data)
}

// checkSize refuses data larger than MaxFileSize, whoever read it.
func checkSize(data []byte) ([]byte, error) {
	if len(data) > MaxFileSize {
		return nil, errTooLarge
	}
	return data, nil
}
