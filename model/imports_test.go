// SPDX-License-Identifier: Apache-2.0

package model

import (
	"go/build"
	"slices"
	"testing"
)

// TestModelIsIndependentOfParsing: the checked model is built from
// checked definitions (model/defs), never from parser values, so that a
// model can come from anywhere; reading files is package frontend's job.
func TestModelIsIndependentOfParsing(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	const parser = "github.com/qapi-gen/qapi-gen/parser"
	if slices.Contains(pkg.Imports, parser) {
		t.Errorf("package model imports %s", parser)
	}
}
