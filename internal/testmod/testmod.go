// SPDX-License-Identifier: Apache-2.0

// Package testmod sets up throw-away Go modules for tests that build
// generated code: the generated client imports this project's runtime, so
// such a module must resolve github.com/qapi-gen/qapi-gen to this checkout.
package testmod

import (
	"fmt"
	"os"
	"path/filepath"
)

// ModulePath is this project's module path.
const ModulePath = "github.com/qapi-gen/qapi-gen"

// Init writes dir/go.mod for a module named name that requires this
// project, replaced by the checkout that contains the working directory,
// and copies the checkout's go.sum beside it.
func Init(dir, name string) error {
	root, err := Root()
	if err != nil {
		return err
	}
	mod := fmt.Sprintf("module %s\n\ngo 1.24\n\nrequire %s v0.0.0\n\nreplace %s => %s\n", name, ModulePath, ModulePath, root)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
}

// Root finds the checkout's root: the nearest directory above the working
// directory that has a go.mod.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}
