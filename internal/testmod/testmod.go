// SPDX-License-Identifier: Apache-2.0

// Package testmod sets up throw-away Go modules for tests that build
// generated code: the generated client imports this project's runtime, so
// such a module must resolve github.com/qapi-gen/qapi-gen to this checkout.
package testmod

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ModulePath is this project's module path.
const ModulePath = "github.com/qapi-gen/qapi-gen"

// Init writes dir/go.mod for a module named name that requires this
// project, replaced by the checkout that contains the working directory,
// with qapi-gen as a tool (so "go tool qapi-gen" runs, as the README
// shows), and copies the checkout's go.sum beside it.
func Init(dir, name string) error {
	root, err := Root()
	if err != nil {
		return err
	}
	deps, err := requirements(filepath.Join(root, "go.mod"))
	if err != nil {
		return err
	}
	mod := fmt.Sprintf("module %s\n\ngo 1.24\n\ntool %s/cmd/qapi-gen\n\nrequire (\n\t%s v0.0.0\n%s)\n\nreplace %s => %s\n",
		name, ModulePath, ModulePath, deps, ModulePath, root)
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

// requirements returns the require lines of the go.mod at path, marked
// indirect: the tool directive builds qapi-gen in the test module, whose
// go.mod must then list qapi-gen's own dependencies.
func requirements(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
		switch {
		case strings.HasPrefix(line, "require ("):
			in = true
		case in && strings.HasPrefix(line, ")"):
			in = false
		case (in || strings.HasPrefix(line, "require ")) && len(f) >= 2 && f[0] != "(":
			fmt.Fprintf(&b, "\t%s %s // indirect\n", f[0], f[1])
		}
	}
	return b.String(), nil
}
