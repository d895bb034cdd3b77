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
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
)

// WriteStats tells what WriteDir did.
type WriteStats struct {
	Written, Unchanged, Removed []string // file names, sorted
	// Stubbed are the files of modules that no longer exist, turned into
	// stubs (see WriteDir); the next run removes them.
	Stubbed []string
}

// WriteDir puts files into dir (created if needed), all or nothing: the
// package in dir must build afterwards, and a mix of old and new files
// may not (a type that moved between modules would be declared twice).
//
//   - A file that exists but does not start with Header is never
//     overwritten: that is an error, reported before anything is written.
//   - The files whose content changed are first written to temporary
//     files in dir; only when all are written does each replace its old
//     version by a rename, so readers never see half a file. A failure
//     before that (a full disk) removes the temporary files and leaves
//     dir as it was; a failed rename puts the files replaced so far back
//     as they were.
//   - Generated .go files in dir (they start with Header) that are not in
//     files belong to modules that no longer exist: each is first turned
//     into a stub (the header, a note and "//go:build ignore"), and a stub
//     still not in files is removed on the next run.
//   - Temporary files that an earlier run of a process no longer alive
//     left behind (killed while writing) are removed.
//
// The stub step is for go generate: it lists a package's files before it
// runs the package's directives, then scans each listed file for more, so
// a file deleted by a directive makes the run fail ("open x.go: no such
// file or directory"). A stub is still there to scan and holds no
// directive, and its build constraint keeps it out of builds and out of
// the next go generate's list, so deleting it then is safe.
//
// What remains is a process killed during the renames or the removals,
// which take a moment, or a failed removal: dir can then hold old and
// new files; running the generator again repairs it. The files are not
// flushed to disk (fsync) before the renames: that would make a run
// several times slower, for the case of a machine that stops within
// seconds of a run, and the files can be generated again. Local file
// systems report a full disk on write, NFS on close, and both are
// checked before anything is replaced.
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
	// Leftovers are garbage whatever happens next.
	for _, name := range p.leftovers {
		_ = fsOps.remove(filepath.Join(dir, name))
	}
	st.Unchanged = p.unchanged
	temps, err := writeTemps(dir, p.changed)
	if err != nil {
		return st, err
	}
	if err := replaceAll(dir, p.changed, temps, p.old); err != nil {
		return st, err
	}
	for _, f := range p.changed[len(p.stubs):] {
		st.Written = append(st.Written, f.Name)
	}
	st.Stubbed = p.stubs
	for _, name := range p.stale {
		if err := fsOps.remove(filepath.Join(dir, name)); err != nil {
			return st, err
		}
		st.Removed = append(st.Removed, name)
	}
	sortNames(st.Written, st.Unchanged, st.Removed, st.Stubbed)
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

// Lines names each change, one "DIR/NAME: missing" (or stale, or
// obsolete) a line: the files to create, then to update, then to remove.
func (c DirChanges) Lines(dir string) []string {
	var out []string
	for _, l := range []struct {
		what  string
		names []string
	}{{"missing", c.Created}, {"stale", c.Updated}, {"obsolete", c.Removed}} {
		for _, name := range l.names {
			out = append(out, filepath.Join(dir, name)+": "+l.what)
		}
	}
	return out
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
	sortNames(c.Created, c.Updated, c.Removed, c.Unchanged)
	return c, nil
}

// sortNames sorts each list of file names: the lists WriteDir and
// CheckDir report are sorted, whatever order the work was done in.
func sortNames(lists ...[]string) {
	for _, l := range lists {
		sort.Strings(l)
	}
}

// dirPlan is what writing files into a directory takes.
type dirPlan struct {
	changed   []File            // to write: the stubs first, then the files
	exists    map[string]bool   // names of changed files already in dir
	unchanged []string          // names of files whose content is already there
	stubs     []string          // names of generated files to turn into stubs
	stale     []string          // names of stubs to remove
	leftovers []string          // temporary files of runs that were killed
	old       map[string][]byte // content of the files to replace, for a rollback
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
	p.old = current
	for _, e := range entries {
		name := e.Name()
		if isLeftoverTemp(name) {
			p.leftovers = append(p.leftovers, name)
			continue
		}
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
			current[name] = content
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

// writeTemps writes the files to temporary files in dir, one after the
// other, and returns their names in the order of files. On failure it
// removes the ones it made. Not in parallel: creating files in one
// directory takes the directory's lock, so parallel writers wait for
// each other and gain nothing (BenchmarkTricks measured it).
func writeTemps(dir string, files []File) ([]string, error) {
	temps := make([]string, len(files))
	for i, f := range files {
		var err error
		if temps[i], err = writeTemp(dir, f.Name, f.Content); err != nil {
			removeTemps(temps)
			return nil, err
		}
	}
	return temps, nil
}

// replaceAll renames each temporary file over its target. If a rename
// fails, the targets replaced so far get their old content back (or are
// removed if they did not exist), and the remaining temporary files are
// removed.
func replaceAll(dir string, files []File, temps []string, old map[string][]byte) error {
	for i, f := range files {
		target := filepath.Join(dir, f.Name)
		err := fsOps.rename(temps[i], target)
		if err == nil {
			continue
		}
		removeTemps(temps[i:])
		for _, done := range files[:i] {
			restore(dir, done.Name, old)
		}
		return fmt.Errorf("gen: writing %s: %w", target, err)
	}
	return nil
}

// restore puts back the content a file had before WriteDir replaced it,
// or removes it if it did not exist. This is the best that can be done
// after a failure, so its own errors are not reported.
func restore(dir, name string, old map[string][]byte) {
	content, existed := old[name]
	if !existed {
		_ = fsOps.remove(filepath.Join(dir, name))
		return
	}
	if tmp, err := writeTemp(dir, name, content); err == nil {
		if fsOps.rename(tmp, filepath.Join(dir, name)) != nil {
			_ = fsOps.remove(tmp)
		}
	}
}

func removeTemps(temps []string) {
	for _, t := range temps {
		if t != "" {
			_ = fsOps.remove(t)
		}
	}
}

func firstError(errs []error) error {
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

// Temporary files are named ".NAME.go.tmpPID-SEQ": hidden from the go
// tool, and recognizable with the ID of the process that wrote them.
const tmpInfix = ".go.tmp"

func tempName(name string) string {
	return "." + name + ".tmp" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatUint(tmpSeq.Add(1), 10)
}

// isLeftoverTemp reports whether name is a temporary file of ours whose
// process is gone: it was killed before it could remove it. The files
// of a live process (another run writing to the same dir) are its own.
func isLeftoverTemp(name string) bool {
	i := strings.LastIndex(name, tmpInfix)
	if !strings.HasPrefix(name, ".") || i < 0 {
		return false
	}
	pidText, seq, ok := strings.Cut(name[i+len(tmpInfix):], "-")
	pid, err := strconv.Atoi(pidText)
	if !ok || err != nil || pid <= 0 || !allDigits(seq) {
		return false
	}
	return !processAlive(pid)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// writeTemp writes content to a new temporary file in dir for the file
// name and returns its path. The file gets mode 0644 less the umask, as
// os.WriteFile gives.
func writeTemp(dir, name string, content []byte) (string, error) {
	target := filepath.Join(dir, name)
	var f tempFile
	var err error
	for try := 0; try < 100; try++ {
		f, err = fsOps.create(filepath.Join(dir, tempName(name)))
		if !errors.Is(err, fs.ErrExist) {
			break // a name in use is skipped, anything else fails
		}
	}
	if err != nil {
		return "", fmt.Errorf("gen: writing %s: %w", target, err)
	}
	_, werr := f.Write(content)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		_ = fsOps.remove(f.Name())
		return "", fmt.Errorf("gen: writing %s: %w", target, werr)
	}
	return f.Name(), nil
}

// tempFile is what WriteDir needs of a file it writes.
type tempFile interface {
	io.Writer
	Close() error
	Name() string
}

// fileOps are the file system operations WriteDir changes dir with;
// tests replace them to inject faults.
type fileOps struct {
	create func(path string) (tempFile, error) // exclusive: fails if path exists
	rename func(from, to string) error
	remove func(path string) error
}

var osFileOps = fileOps{
	create: func(path string) (tempFile, error) {
		return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	},
	rename: os.Rename,
	remove: os.Remove,
}

var fsOps = osFileOps
