// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"syscall"

	"github.com/qapi-gen/qapi-gen/source"
)

// include processes an 'include' directive at info: it records it as an
// expression, then parses the included file unless it was read before.
func (r *run) include(fname string, obj *Object, info *source.Info) error {
	if obj.Len() != 1 {
		return source.Errorf(info, "invalid 'include' directive")
	}
	v, _ := obj.Get("include")
	include, ok := v.(string)
	if !ok {
		return source.Errorf(info, "value of 'include' must be a string")
	}
	inclName := pyJoin(pyDirname(fname), include)
	r.schema.Exprs = append(r.schema.Exprs, &Expr{
		Obj:  &Object{Keys: []string{"include"}, Values: []Value{inclName}},
		Info: info,
	})

	abs := abspath(r.cwd, inclName)
	for inf := info; inf != nil; inf = inf.Parent {
		if abs == abspath(r.cwd, inf.File) {
			return source.Errorf(info, "inclusion loop for %s", include)
		}
	}
	if r.included[abs] {
		return nil
	}
	pf := r.files.get(inclName, &r.lines)
	if pf.readErr != nil {
		return source.Errorf(info, "can't read include file '%s': %s", inclName, strerror(pf.readErr))
	}
	return r.parseFile(pf, info)
}

// pragma applies a 'pragma' directive at info to the schema's pragmas.
func (r *run) pragma(obj *Object, info *source.Info) error {
	if obj.Len() != 1 {
		return source.Errorf(info, "invalid 'pragma' directive")
	}
	v, _ := obj.Get("pragma")
	pragmas, ok := v.(*Object)
	if !ok {
		return source.Errorf(info, "value of 'pragma' must be an object")
	}
	prag := info.Pragma
	for i, name := range pragmas.Keys {
		value := pragmas.Values[i]
		var list *[]string
		switch name {
		case "doc-required":
			b, ok := value.(bool)
			if !ok {
				return source.Errorf(info, "pragma 'doc-required' must be boolean")
			}
			prag.DocRequired = b
			continue
		case "command-name-exceptions":
			list = &prag.CommandNameExceptions
		case "command-returns-exceptions":
			list = &prag.CommandReturnsExceptions
		case "documentation-exceptions":
			list = &prag.DocumentationExceptions
		case "member-name-exceptions":
			list = &prag.MemberNameExceptions
		case "returns-whitelist":
			if r.acceptOldPragma(name, info) {
				list = &prag.CommandReturnsExceptions
			}
		case "name-case-whitelist":
			if r.acceptOldPragma(name, info) {
				list = &prag.MemberNameExceptions
			}
		}
		if list == nil {
			return source.Errorf(info, "unknown pragma '%s'", name)
		}
		strs, ok := stringList(value)
		if !ok {
			return source.Errorf(info, "pragma %s must be a list of strings", name)
		}
		*list = strs
	}
	return nil
}

// acceptOldPragma reports whether the pragma names of QEMU before 6.2
// are read, and records the first use in Auto mode.
func (r *run) acceptOldPragma(name string, info *source.Info) bool {
	if r.opts.Auto && !r.opts.Legacy && r.schema.OldPragma == nil {
		r.schema.OldPragma, r.schema.OldPragmaName = info, name
	}
	return r.opts.Legacy || r.opts.Auto
}

func stringList(v Value) ([]string, bool) {
	list, ok := v.([]Value)
	if !ok {
		return nil, false
	}
	strs := make([]string, 0, len(list))
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, false
		}
		strs = append(strs, s)
	}
	return strs, true
}

// pyDirname is Python's os.path.dirname for POSIX paths.
func pyDirname(p string) string {
	head := p[:strings.LastIndexByte(p, '/')+1]
	if head != "" && strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head
}

// pyJoin is Python's os.path.join of two POSIX paths.
func pyJoin(a, b string) string {
	switch {
	case strings.HasPrefix(b, "/"):
		return b
	case a == "" || strings.HasSuffix(a, "/"):
		return a + b
	}
	return a + "/" + b
}

// abspath is Python's os.path.abspath with working directory cwd, used
// only to tell whether two names denote the same file.
func abspath(cwd, p string) string {
	if !strings.HasPrefix(p, "/") {
		p = pyJoin(cwd, p)
	}
	clean := path.Clean(p)
	// POSIX keeps a leading "//" distinct, and so does Python.
	if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
		clean = "/" + clean
	}
	return clean
}

// strerror is the C library's text for the error behind err, which is
// what QEMU prints for files it cannot read.
func strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if s, ok := glibcErrors[errno]; ok {
			return s
		}
		s := errno.Error()
		if s != "" {
			return strings.ToUpper(s[:1]) + s[1:]
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return glibcErrors[syscall.ENOENT]
	case errors.Is(err, fs.ErrPermission):
		return glibcErrors[syscall.EACCES]
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// glibcErrors holds glibc's strerror texts for the errors that opening
// and reading a file can give.
var glibcErrors = map[syscall.Errno]string{
	syscall.EPERM:        "Operation not permitted",
	syscall.ENOENT:       "No such file or directory",
	syscall.EIO:          "Input/output error",
	syscall.ENXIO:        "No such device or address",
	syscall.EBADF:        "Bad file descriptor",
	syscall.EAGAIN:       "Resource temporarily unavailable",
	syscall.ENOMEM:       "Cannot allocate memory",
	syscall.EACCES:       "Permission denied",
	syscall.EFAULT:       "Bad address",
	syscall.EBUSY:        "Device or resource busy",
	syscall.ENODEV:       "No such device",
	syscall.ENOTDIR:      "Not a directory",
	syscall.EISDIR:       "Is a directory",
	syscall.EINVAL:       "Invalid argument",
	syscall.ENFILE:       "Too many open files in system",
	syscall.EMFILE:       "Too many open files",
	syscall.ETXTBSY:      "Text file busy",
	syscall.EFBIG:        "File too large",
	syscall.ENOSPC:       "No space left on device",
	syscall.EROFS:        "Read-only file system",
	syscall.ENAMETOOLONG: "File name too long",
	syscall.ELOOP:        "Too many levels of symbolic links",
	syscall.EOVERFLOW:    "Value too large for defined data type",
	syscall.EINTR:        "Interrupted system call",
	syscall.ESTALE:       "Stale file handle",
	syscall.EDQUOT:       "Disk quota exceeded",
	syscall.ENOTCONN:     "Transport endpoint is not connected",
	syscall.EOPNOTSUPP:   "Operation not supported",
}
