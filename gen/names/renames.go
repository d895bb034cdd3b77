// SPDX-License-Identifier: Apache-2.0

package names

import (
	"strings"

	"github.com/qapi-gen/qapi-gen/source"
)

// Renames are Go names a user chooses in place of the generated ones
// (qapi-gen gen -rename FILE), read by ParseRenames from a file of lines
//
//	QAPI-NAME GoName
//	QAPI-NAME.member GoName
//
// The first form renames a definition: GoName replaces the part of its Go
// names that comes from QAPI-NAME (a type's name; a command's Client
// method, its type being GoName+"Command"; an event's GoName+"Event").
// The second renames a member, union branch or alternative of that
// definition (its field), or an enum value (the part of the constant's
// name after the enum's Go name). A command's or event's arguments are
// its members. A '#' starts a comment; blank lines do not count.
//
// ParseRenames checks the form of each line; whether each rename names
// something of the schema is for the generator to check, which reports
// an unused rename as an error at its line.
type Renames struct {
	Entries []Rename
}

// Rename is one line of a renames file.
type Rename struct {
	Info   *source.Info // file and line
	Key    string       // "QAPI-NAME" or "QAPI-NAME.member"
	GoName string
}

// ParseRenames reads a renames file; file names it in error messages,
// "file:line: ...".
func ParseRenames(file string, data []byte) (*Renames, error) {
	r := &Renames{}
	root := source.NewRoot(file)
	first := map[string]int{}
	for n, line := range strings.Split(string(data), "\n") {
		info := root.AtLine(n + 1)
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 {
			return nil, source.Errorf(info, "want 'QAPI-NAME GoName' or 'QAPI-NAME.member GoName', not %q", strings.TrimSpace(line))
		}
		key, goName := f[0], f[1]
		if !goNamePart(goName) {
			return nil, source.Errorf(info, "%q is not an exported Go identifier (or, for an enum value, the end of one)", goName)
		}
		if prev, ok := first[key]; ok {
			return nil, source.Errorf(info, "'%s' is renamed twice (first on line %d)", key, prev)
		}
		first[key] = n + 1
		r.Entries = append(r.Entries, Rename{Info: info, Key: key, GoName: goName})
	}
	return r, nil
}

// goNamePart reports whether s can be a generated name: ASCII letters,
// digits and '_', starting with a capital letter or (the part of an enum
// constant after the type's name) a digit.
func goNamePart(s string) bool {
	if s == "" || !isUpper(s[0]) && !isDigit(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isUpper(c) && !isLower(c) && !isDigit(c) && c != '_' {
			return false
		}
	}
	return true
}
