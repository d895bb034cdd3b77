// SPDX-License-Identifier: Apache-2.0

//go:build unix

package gen

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with ID pid exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
