// SPDX-License-Identifier: Apache-2.0

// Package integration holds the end-to-end tests that prove the whole chain
// on real QEMU binaries: a QAPI schema is read, checked and turned into Go,
// the generated typed client sends commands through the qmp runtime to
// qemu-system-x86_64, qemu-storage-daemon and qemu-ga, and the replies and
// events come back as strictly decoded Go values.
//
// The tests carry the build tag "integration" and import bindings that are
// generated at test time into internal/qemu72 (they are not committed: they
// carry QEMU's documentation text). `make integration` generates them and
// runs the tests; see the Makefile.
package integration
