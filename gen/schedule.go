// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"sort"

	"github.com/qapi-gen/qapi-gen/internal/tricks"
	"github.com/qapi-gen/qapi-gen/model"
)

// schedule is the order in which runPool starts the units: the heaviest
// first, so that no worker is left with a big one at the end while the
// others are idle.
func schedule(units []*unit) []int {
	order := make([]int, len(units))
	for i := range order {
		order[i] = i
	}
	if !tricks.On(tricks.Weighted) {
		return order
	}
	weights := make([]int, len(units))
	for i, u := range units {
		weights[i] = u.weight()
	}
	sort.SliceStable(order, func(a, b int) bool { return weights[order[a]] > weights[order[b]] })
	return order
}

// weight estimates the work of making the unit's file.
func (u *unit) weight() int {
	g := u.g
	switch {
	case u.module != nil:
		return moduleWeight(u.module)
	case u.stem == builtinStem:
		w := len(g.commands) + len(g.events)
		for _, m := range g.s.Modules {
			if m.Builtin {
				w += moduleWeight(m)
			}
		}
		return w
	case u.stem == clientStem:
		return 4 * len(g.commands)
	case u.stem == serverStem:
		return 3 * len(g.commands)
	}
	return 0
}

// moduleWeight estimates the work of emitting and formatting a module:
// a few units per definition and one per member.
func moduleWeight(m *model.Module) int {
	w := 0
	for _, e := range m.Entities {
		w += 4
		switch d := e.(type) {
		case *model.Enum:
			w += len(d.Members)
		case *model.Object:
			w += len(d.Members)
			if d.Branches != nil {
				w += 8 + 2*len(d.Branches.Variants) + 2*len(d.Members)
			}
		case *model.Alternate:
			w += 8 + 4*len(d.Alternatives)
		case *model.Command:
			w += 4
			if d.Arg != nil {
				w += len(d.Arg.Members)
			}
		case *model.Event:
			if d.Arg != nil {
				w += len(d.Arg.Members)
			}
		}
	}
	return w
}
