// SPDX-License-Identifier: Apache-2.0

//go:build !unix

package qmp

import (
	"io"
	"os"
)

func writeWithFiles(io.Writer, []byte, []*os.File) (int, error) { return 0, ErrFilesUnsupported }
