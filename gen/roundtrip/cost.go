// SPDX-License-Identifier: Apache-2.0

package roundtrip

import "github.com/qapi-gen/qapi-gen/model"

// infinite is the cost of a type that has no finite value (a struct that
// requires itself, an enum without values).
const infinite = 1 << 30

// costs gives every type the size of its smallest value: lists empty,
// optional members absent, the cheapest branch and alternative. Building
// values along the cheapest choices always ends, because each choice
// costs strictly less than the type that made it; recursive types need
// this. It is a fixed point, found by iterating until nothing changes
// (each round lowers some cost, so it ends).
func costs(s *model.Schema) map[model.Type]int {
	var types []model.Type
	for _, e := range s.Entities {
		if t, ok := e.(model.Type); ok {
			types = append(types, t)
		}
	}
	cost := map[model.Type]int{}
	for _, t := range types {
		cost[t] = infinite
	}
	get := func(t model.Type) int {
		if c, ok := cost[t]; ok {
			return c
		}
		return infinite
	}
	for changed := true; changed; {
		changed = false
		for _, t := range types {
			c := typeCost(t, get)
			if c < cost[t] {
				cost[t] = c
				changed = true
			}
		}
	}
	return cost
}

func typeCost(t model.Type, get func(model.Type) int) int {
	switch t := t.(type) {
	case *model.Builtin, *model.Array:
		return 1
	case *model.Enum:
		if len(t.Members) == 0 {
			return infinite
		}
		return 1
	case *model.Object:
		c := 1
		for _, m := range t.Members {
			if !m.Optional {
				c = add(c, get(m.Type))
			}
		}
		if t.Branches != nil {
			best := infinite
			for _, v := range t.Branches.Variants {
				best = min(best, get(v.Type))
			}
			c = add(c, best)
		}
		return c
	case *model.Alternate:
		best := infinite
		for _, v := range t.Alternatives {
			best = min(best, get(v.Type))
		}
		return add(1, best)
	}
	return infinite
}

func add(a, b int) int { return min(a+b, infinite) }

// cheapestBranch is the union branch with the smallest value (the first
// of equals); nil for a struct.
func (b *builder) cheapestBranch(o *model.Object) *model.Variant {
	if o.Branches == nil {
		return nil
	}
	var best *model.Variant
	for _, v := range o.Branches.Variants {
		if best == nil || b.cost[v.Type] < b.cost[best.Type] {
			best = v
		}
	}
	return best
}

// cheapestAlternative is the alternative with the smallest value (the
// first of equals), leaving out null unless withNull; nil when there is
// none with a finite value.
func (b *builder) cheapestAlternative(a *model.Alternate, withNull bool) *model.Variant {
	var best *model.Variant
	for _, v := range a.Alternatives {
		if !withNull && v.Type.JSONType() == "null" || b.cost[v.Type] >= infinite {
			continue
		}
		if best == nil || b.cost[v.Type] < b.cost[best.Type] {
			best = v
		}
	}
	return best
}
