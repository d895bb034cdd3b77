// SPDX-License-Identifier: Apache-2.0

package gen

import "github.com/qapi-gen/qapi-gen/model"

// TypeNames returns the Go identifier Generate(s, opts) gives each
// definition it declares; an implicit argument type maps to its command's
// or event's type, which holds its members. It lets code written against
// the generated package (tests, for one) name its types without repeating
// the generator's naming rules. Fields are named by FieldName (members,
// alternatives) and BranchFields (union branches); enum constants follow
// from package names alone (see docs/mapping.md) when opts has no
// Renames. The generator's own
// identifiers may differ when schema names take theirs (a trailing '_').
func TypeNames(s *model.Schema, opts Options) (map[model.Definition]string, error) {
	g := newGenerator(s, opts)
	if err := g.nameAll(); err != nil {
		return nil, err
	}
	out := make(map[model.Definition]string, len(g.goName))
	for d, name := range g.goName {
		out[d] = name
	}
	return out, nil
}

// OwnNames returns the names Generate(s, opts) gives its own identifiers
// (the helpers, and the methods of the Command and Event interfaces),
// keyed by their usual names: the usual name itself, or with a trailing
// '_' where a schema name took it (see docs/mapping.md).
func OwnNames(s *model.Schema, opts Options) (map[string]string, error) {
	g := newGenerator(s, opts)
	if err := g.nameAll(); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(g.ownPkg)+len(g.ownMethod))
	for k, v := range g.ownPkg {
		out[k] = v
	}
	for k, v := range g.ownMethod {
		out[k] = v
	}
	return out, nil
}

// ArgField is the field of a command's or event's type that holds its
// named argument type typeName: the type embedded, or the field
// typeName_ for a type named like a method Go fixes (MarshalJSON).
func ArgField(typeName string) string {
	f, _ := argField(typeName)
	return f
}

// MethodName is the name of the Client (and Handler) method of the
// command named command, when opts has no Renames for it.
func MethodName(command string) string { return clientMethodName(command) }

// TakesFile reports whether the Client method of cmd takes a file (its
// descriptor is passed with the command).
func TakesFile(cmd *model.Command) bool { return takesFile(cmd) }
