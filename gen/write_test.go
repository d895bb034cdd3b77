// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// dirContents maps the names of the files in dir to their contents.
func dirContents(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

func sameContents(t *testing.T, got, want map[string]string) {
	t.Helper()
	for name, w := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s is gone", name)
		} else if g != w {
			t.Errorf("%s changed: %q, was %q", name, g, w)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s was added", name)
		}
	}
}

func genFile(name, body string) File {
	return File{Name: name, Content: []byte(Header + "\npackage p\n\n// " + body + "\n")}
}

// failingFile is a temporary file whose Write or Close fails.
type failingFile struct {
	tempFile
	write, close error
}

func (f failingFile) Write(b []byte) (int, error) {
	if f.write != nil {
		return 0, f.write
	}
	return f.tempFile.Write(b)
}

func (f failingFile) Close() error {
	err := f.tempFile.Close()
	if f.close != nil {
		return f.close
	}
	return err
}

// withFileOps replaces WriteDir's file operations for the test.
func withFileOps(t *testing.T, ops fileOps) {
	saved := fsOps
	fsOps = ops
	t.Cleanup(func() { fsOps = saved })
}

// nth returns a function that reports true on its n-th call only.
func nth(n int) func() bool {
	var mu sync.Mutex
	calls := 0
	return func() bool {
		mu.Lock()
		defer mu.Unlock()
		calls++
		return calls == n
	}
}

// failingNthFile returns file operations whose n-th temporary file
// fails as failing does.
func failingNthFile(n int, failing failingFile) fileOps {
	isNth := nth(n)
	ops := osFileOps
	ops.create = func(path string) (tempFile, error) {
		f, err := osFileOps.create(path)
		if err == nil && isNth() {
			failing.tempFile = f
			return failing, nil
		}
		return f, err
	}
	return ops
}

// TestWriteDirAllOrNothing checks that a write that fails half-way, at
// any step, leaves the directory exactly as it was: old files, a stale
// module's file, no temporary files. A mix of old and new files is a
// package that may not build.
func TestWriteDirAllOrNothing(t *testing.T) {
	enospc := &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}
	eio := &os.PathError{Op: "close", Path: "x", Err: syscall.EIO}
	faults := []struct {
		name string
		ops  func() fileOps
		want string
	}{
		{"disk full on the third file", func() fileOps {
			return failingNthFile(3, failingFile{write: enospc})
		}, "no space left on device"},
		{"write-back error on closing the second file", func() fileOps {
			return failingNthFile(2, failingFile{close: eio})
		}, "input/output error"},
		{"no room for a temporary file", func() fileOps {
			fourth := nth(4)
			ops := osFileOps
			ops.create = func(path string) (tempFile, error) {
				if fourth() {
					return nil, &os.PathError{Op: "open", Path: path, Err: syscall.ENOSPC}
				}
				return osFileOps.create(path)
			}
			return ops
		}, "no space left on device"},
		{"third rename fails", func() fileOps {
			third := nth(3)
			ops := osFileOps
			ops.rename = func(from, to string) error {
				if third() {
					return &os.LinkError{Op: "rename", Old: from, New: to, Err: syscall.EIO}
				}
				return osFileOps.rename(from, to)
			}
			return ops
		}, "input/output error"},
	}
	for _, fault := range faults {
		t.Run(fault.name, func(t *testing.T) {
			dir := t.TempDir()
			old := []File{genFile("a.go", "a1"), genFile("b.go", "b1"), genFile("c.go", "c1"), genFile("gone.go", "gone")}
			if _, err := WriteDir(dir, old); err != nil {
				t.Fatal(err)
			}
			before := dirContents(t, dir)
			withFileOps(t, fault.ops())
			// b.go moves into d.go, gone.go's module is gone.
			_, err := WriteDir(dir, []File{genFile("a.go", "a2"), genFile("c.go", "c2"), genFile("d.go", "b1"), genFile("e.go", "e")})
			if err == nil || !strings.Contains(err.Error(), fault.want) {
				t.Fatalf("got error %v, want one with %q", err, fault.want)
			}
			sameContents(t, dirContents(t, dir), before)
		})
	}
}

// TestWriteDirRemovesLeftovers checks that temporary files of a killed
// run are removed by the next, and only those: a live process's
// temporary files and other hidden files stay.
func TestWriteDirRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	// No process has an ID above the kernel's maximum, 2^22.
	dead := ".a.go.tmp" + strconv.Itoa(1<<22+1) + "-7"
	alive := fmt.Sprintf(".a.go.tmp%d-1", os.Getppid())
	keep := []string{alive, ".a.go.tmp1x-2", ".notes.go.bak", ".x.go.tmp5-"}
	for _, name := range append([]string{dead}, keep...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := WriteDir(dir, []File{genFile("a.go", "a")}); err != nil {
		t.Fatal(err)
	}
	got := dirContents(t, dir)
	if _, ok := got[dead]; ok {
		t.Errorf("leftover %s of a dead process not removed", dead)
	}
	for _, name := range keep {
		if _, ok := got[name]; !ok {
			t.Errorf("%s removed", name)
		}
	}
	if _, ok := got["a.go"]; !ok {
		t.Error("a.go not written")
	}
}

// TestWriteDirSuccessLeavesNoTemps checks that a successful write
// leaves only the files.
func TestWriteDirSuccessLeavesNoTemps(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteDir(dir, []File{genFile("a.go", "a"), genFile("b.go", "b")}); err != nil {
		t.Fatal(err)
	}
	for name := range dirContents(t, dir) {
		if name != "a.go" && name != "b.go" {
			t.Errorf("unexpected file %s", name)
		}
	}
}
