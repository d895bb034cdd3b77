// SPDX-License-Identifier: Apache-2.0

//go:build !unix

package parser

// openNonBlock is 0 where opening a file never waits for a writer.
const openNonBlock = 0
