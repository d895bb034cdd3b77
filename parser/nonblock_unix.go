// SPDX-License-Identifier: Apache-2.0

//go:build unix

package parser

import "syscall"

// openNonBlock makes opening a FIFO return at once.
const openNonBlock = syscall.O_NONBLOCK
