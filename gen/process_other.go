// SPDX-License-Identifier: Apache-2.0

//go:build !unix

package gen

import "os"

// processAlive reports whether a process with ID pid exists.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
