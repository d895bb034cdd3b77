// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// WriteStats tells what WriteDir did.
type WriteStats struct {
	Written, Unchanged, Removed []string // file names, sorted
	// Stubbed are the files of modules that no longer exist, turned into
	// stubs (see WriteDir); the next run removes them.
	Stubbed []string
}

// WriteDir puts files into dir (created if needed):
//   - a file is written only when its content changed, through a temporary
//     file in dir renamed over the old one, so readers never see half a file;
//   - a file that exists but does not start with Header is never
//     overwritten: that is an error, reported before anything is written;
//   - generated .go files in dir (they start with Header) that are not in
//     files belong to modules that no longer exist: each is first turned
//     into a stub (the header, a note and "//go:build ignore"), and a stub
//     still not in files is removed on the next run.
//
// The stub step is for go generate: it lists a package's files before it
// runs the package's directives, then scans each listed file for more, so
// a file deleted by a directive makes the run fail ("open x.go: no such
// file or directory"). A stub is still there to scan and holds no
// directive, and its build constraint keeps it out of builds and out of
// the next go generate's list, so deleting it then is safe.
func WriteDir(dir string, files []File) (WriteStats, error) {
	var st WriteStats
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	// Check everything first: an error must leave dir as it was.
	p, err := planDir(dir, files)
	if err != nil {
		return st, err
	}
	st.Unchanged = p.unchanged
	if err := writeAll(dir, p.changed); err != nil {
		return st, err
	}
	for _, f := range p.changed[len(p.stubs):] {
		st.Written = append(st.Written, f.Name)
	}
	st.Stubbed = p.stubs
	for _, name := range p.stale {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return st, err
		}
		st.Removed = append(st.Removed, name)
	}
	sort.Strings(st.Written)
	sort.Strings(st.Unchanged)
	sort.Strings(st.Removed)
	sort.Strings(st.Stubbed)
	return st, nil
}

// DirChanges is what WriteDir would do to a directory: the files it would
// create, update and remove (turn into a stub, the first step of
// removing), and those it would leave alone.
type DirChanges struct {
	Created, Updated, Removed, Unchanged []string // file names, sorted
}

// UpToDate reports whether WriteDir would change nothing.
func (c DirChanges) UpToDate() bool {
	return len(c.Created)+len(c.Updated)+len(c.Removed) == 0
}

// CheckDir tells what WriteDir(dir, files) would do, and the error it
// would fail with, without touching anything. A missing dir is one where
// every file would be created.
func CheckDir(dir string, files []File) (DirChanges, error) {
	var c DirChanges
	p, err := planDir(dir, files)
	if errors.Is(err, fs.ErrNotExist) {
		if _, statErr := os.Stat(dir); errors.Is(statErr, fs.ErrNotExist) {
			p, err = planDir("", files)
		}
	}
	if err != nil {
		return c, err
	}
	for _, f := range p.changed[len(p.stubs):] {
		if p.exists[f.Name] {
			c.Updated = append(c.Updated, f.Name)
		} else {
			c.Created = append(c.Created, f.Name)
		}
	}
	// A stub left by an earlier run is not a change: it is out of the
	// build already, and a check right after a run must pass.
	c.Removed = p.stubs
	c.Unchanged = p.unchanged
	sort.Strings(c.Created)
	sort.Strings(c.Updated)
	sort.Strings(c.Removed)
	sort.Strings(c.Unchanged)
	return c, nil
}

// dirPlan is what writing files into a directory takes.
type dirPlan struct {
	changed   []File          // to write: the stubs first, then the files
	exists    map[string]bool // names of changed files already in dir
	unchanged []string        // names of files whose content is already there
	stubs     []string        // names of generated files to turn into stubs
	stale     []string        // names of stubs to remove
}

// planDir compares files with the content of dir ("" for an empty
// directory that does not exist yet) and fails as WriteDir must fail,
// before anything is written.
func planDir(dir string, files []File) (dirPlan, error) {
	p := dirPlan{exists: map[string]bool{}}
	want := map[string]bool{}
	for _, f := range files {
		if filepath.Base(f.Name) != f.Name || !strings.HasSuffix(f.Name, ".go") {
			return p, fmt.Errorf("gen: bad output file name %q", f.Name)
		}
		want[f.Name] = true
	}
	var entries []fs.DirEntry
	if dir != "" {
		var err error
		if entries, err = os.ReadDir(dir); err != nil {
			return p, err
		}
	}
	current := map[string][]byte{}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".go") {
			if want[name] {
				return p, fmt.Errorf("gen: %s exists and is not a regular file", filepath.Join(dir, name))
			}
			continue
		}
		generated, content, err := readGenerated(filepath.Join(dir, name))
		if err != nil {
			return p, err
		}
		switch {
		case want[name] && !generated:
			return p, fmt.Errorf("gen: %s exists and was not generated by qapi-gen (no %q header); not overwriting it",
				filepath.Join(dir, name), Header)
		case want[name]:
			current[name] = content
		case generated && isStub(content):
			p.stale = append(p.stale, name)
		case generated:
			p.stubs = append(p.stubs, name)
			p.exists[name] = true
			p.changed = append(p.changed, File{Name: name, Content: stubContent(content)})
		}
	}
	for _, f := range files {
		old, ok := current[f.Name]
		if ok && bytes.Equal(old, f.Content) {
			p.unchanged = append(p.unchanged, f.Name)
			continue
		}
		p.exists[f.Name] = ok
		p.changed = append(p.changed, f)
	}
	return p, nil
}

// stubNote and stubConstraint make a stub: what WriteDir leaves of the
// file of a module that no longer exists, until its next run.
const (
	stubNote = "// The schema module of this file no longer exists. The file stays, empty\n" +
		"// and ignored by the build, until the next run of qapi-gen removes it, so\n" +
		"// that the go generate run that removed the module does not fail on a\n" +
		"// file gone missing.\n"
	stubConstraint = "//go:build ignore\n"
)

// stubContent is the stub of the generated file old, which keeps old's
// package clause.
func stubContent(old []byte) []byte {
	pkg := "package ignored"
	for _, l := range strings.Split(string(old), "\n") {
		if strings.HasPrefix(l, "package ") {
			pkg = l
			break
		}
	}
	return []byte(Header + "\n\n" + stubNote + "\n" + stubConstraint + "\n" + pkg + "\n")
}

// isStub reports whether the generated file content is a stub.
func isStub(content []byte) bool {
	return bytes.Contains(content, []byte("\n"+stubNote+"\n"+stubConstraint))
}

// writeAll writes the files in parallel, one worker per CPU; each write
// is atomic on its own.
func writeAll(dir string, files []File) error {
	errs := make([]error, len(files))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				errs[i] = writeAtomic(dir, files[i].Name, files[i].Content)
			}
		}()
	}
	for i := range files {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// readGenerated reads path and reports whether it starts with Header.
func readGenerated(path string) (bool, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, nil, err
	}
	defer f.Close()
	content, err := io.ReadAll(f)
	if err != nil {
		return false, nil, err
	}
	return bytes.HasPrefix(content, []byte(Header+"\n")), content, nil
}

// tmpSeq makes temporary file names unique within the process; the
// process ID makes them unique between processes writing to one dir.
var tmpSeq atomic.Uint64

// writeAtomic writes content to dir/name through a temporary file in dir
// renamed over it, so that a reader (go build, an editor) sees the old
// file or the new one, never a part. The file gets mode 0644 less the
// umask, as os.WriteFile gives.
//
// There is deliberately no fsync: the files are derived from the schema
// and regenerated by running the generator again, so surviving a power
// cut is not worth a disk flush per file (that would cost more than the
// whole generation on a slow disk). Atomic replacement is what matters.
func writeAtomic(dir, name string, content []byte) error {
	target := filepath.Join(dir, name)
	var f *os.File
	var err error
	for try := 0; try < 100; try++ {
		tmp := filepath.Join(dir, "."+name+".tmp"+strconv.Itoa(os.Getpid())+"-"+strconv.FormatUint(tmpSeq.Add(1), 10))
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			break // a left-over of a crashed run is skipped, anything else fails
		}
	}
	if err != nil {
		return fmt.Errorf("gen: writing %s: %w", target, err)
	}
	_, werr := f.Write(content)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(f.Name(), target)
	}
	if werr != nil {
		os.Remove(f.Name())
		return fmt.Errorf("gen: writing %s: %w", target, werr)
	}
	return nil
}
