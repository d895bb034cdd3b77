// SPDX-License-Identifier: Apache-2.0

// Package corpus locates the shared test data (QEMU's QAPI test suite and
// release schemas) that the tests read but the repository never holds:
// $QAPI_CORPUS, or else ../shared beside the repository root.
package corpus

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/testmod"
)

// Lookup returns the corpus directory as an absolute path, or "" and the
// reason when there is none.
func Lookup() (string, error) {
	dir := os.Getenv("QAPI_CORPUS")
	if dir == "" {
		root, err := testmod.Root()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, "..", "shared")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(abs, "qemu")); err != nil {
		return "", err
	}
	return abs, nil
}

// Require returns the corpus directory, or skips the test, saying why.
func Require(tb testing.TB) string {
	tb.Helper()
	dir, err := Lookup()
	if err != nil {
		tb.Skipf("SKIP: test corpus not found (set QAPI_CORPUS to the shared test data): %v", err)
	}
	return dir
}
