package gen

import "github.com/qapi-gen/qapi-gen/model"

// TypeNames returns the Go identifier Generate(s, opts) gives each
// definition it declares; an implicit argument type maps to its command's
// or event's type, which holds its members. It lets code written against
// the generated package (tests, for one) name its types without repeating
// the generator's naming rules. Fields are named by FieldName (members,
// alternatives) and BranchFields (union branches); enum constants follow
// from package names alone (see docs/mapping.md). The generator's own
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
