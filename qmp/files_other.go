//go:build !unix

package qmp

import (
	"io"
	"os"
)

func writeWithFiles(io.Writer, []byte, []*os.File) (bool, error) { return false, ErrFilesUnsupported }
