// SPDX-License-Identifier: Apache-2.0

package gen

import "github.com/qapi-gen/qapi-gen/model"

// TypeNames returns the Go identifier Generate(s, opts) gives each
// definition it declares; an implicit argument type maps to its command's
// or event's type, which holds its members. It lets code written against
// the generated package (tests, for one) name its types without repeating
// the generator's naming rules. Member, branch and enum-constant names
// follow from package names alone (see docs/mapping.md) when opts has no
// Renames.
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
