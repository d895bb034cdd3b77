// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// parseWithin parses file from disk, failing the test if that takes
// longer than a generous bound: the files under test used to make the
// parser read forever or block.
func parseWithin(t *testing.T, file string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := Parse(file, Options{})
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(time.Minute):
		t.Fatalf("parsing %s does not end", file)
		return nil
	}
}

// TestIncludeNotRegular checks that only regular files are read, for
// the main file and for included ones, with the error at the include
// directive: devices never end and a FIFO blocks until a writer comes.
func TestIncludeNotRegular(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /dev/zero and FIFOs")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	// Larger than the limit, without using the disk.
	huge := filepath.Join(dir, "huge.json")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ target, why string }{
		{"/dev/zero", "not a regular file"},
		{"/dev/urandom", "not a regular file"},
		{fifo, "not a regular file"},
		{link, "not a regular file"},
		{huge, "file larger than 64 MiB"},
		{dir, "Is a directory"},
	} {
		t.Run(filepath.Base(c.target), func(t *testing.T) {
			main := filepath.Join(t.TempDir(), "main.json")
			src := "{ 'struct': 'A', 'data': {} }\n{ 'include': '" + c.target + "' }\n"
			if err := os.WriteFile(main, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			want := main + ":2: can't read include file '" + c.target + "': " + c.why
			if err := parseWithin(t, main); err == nil || err.Error() != want {
				t.Errorf("include: got %.300v, want %q", err, want)
			}
			want = "can't read schema file '" + c.target + "': " + c.why
			if err := parseWithin(t, c.target); err == nil || err.Error() != want {
				t.Errorf("main file: got %.300v, want %q", err, want)
			}
		})
	}
}

// TestReadFileSizeLimit checks that the limit holds for files served by
// Options.ReadFile too.
func TestReadFileSizeLimit(t *testing.T) {
	files := map[string][]byte{
		"t.json":   []byte("{ 'include': 'big.json' }\n"),
		"big.json": make([]byte, MaxFileSize+1),
	}
	_, err := Parse("t.json", Options{ReadFile: memFileBytes(files)})
	want := "t.json:1: can't read include file 'big.json': file larger than 64 MiB"
	if err == nil || err.Error() != want {
		t.Errorf("got %.300v, want %q", err, want)
	}
}
