// SPDX-License-Identifier: Apache-2.0

package goview

import "github.com/qapi-gen/qapi-gen/model"

// A required member of object type is a Go value of its struct, and a Go
// struct cannot contain itself. QAPI allows that (QEMU's C members of
// struct type are pointers), so a required member whose type leads back,
// through required object members, to the struct that holds it is a
// pointer. Optional members, lists, alternates and union branches are
// pointers or slices already and never close such a loop.

// memberKey is a member as a field of one struct: an inherited member is
// one *model.Member in the base and in every struct built on it, and it
// may close a loop in one of them only.
type memberKey struct {
	owner *model.Object
	m     *model.Member
}

// valueEdges are the object types that the kept required members of o
// hold as values.
func (vw *View) valueEdges(o *model.Object, f func(*model.Member, *model.Object)) {
	for _, m := range o.Members {
		if m.Optional || !vw.Allows(m.If) {
			continue
		}
		if t, ok := m.Type.(*model.Object); ok && !t.IsEmpty() {
			f(m, t)
		}
	}
}

// findRecursion returns the members that must be pointers: those whose
// type is in the same strongly connected component of the value graph as
// their struct (Tarjan's algorithm, in definition order).
func (vw *View) findRecursion() map[memberKey]bool {
	index := map[*model.Object]int{}
	low := map[*model.Object]int{}
	onStack := map[*model.Object]bool{}
	comp := map[*model.Object]int{}
	var stack []*model.Object
	next, ncomp := 0, 0
	var visit func(o *model.Object)
	visit = func(o *model.Object) {
		index[o], low[o] = next, next
		next++
		stack = append(stack, o)
		onStack[o] = true
		vw.valueEdges(o, func(_ *model.Member, t *model.Object) {
			if _, seen := index[t]; !seen {
				visit(t)
				low[o] = min(low[o], low[t])
			} else if onStack[t] {
				low[o] = min(low[o], index[t])
			}
		})
		if low[o] == index[o] {
			for {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[top] = false
				comp[top] = ncomp
				if top == o {
					break
				}
			}
			ncomp++
		}
	}
	var objects []*model.Object
	for _, e := range vw.s.Entities {
		if o, ok := e.(*model.Object); ok {
			objects = append(objects, o)
		}
	}
	for _, o := range objects {
		if _, seen := index[o]; !seen {
			visit(o)
		}
	}
	out := map[memberKey]bool{}
	for _, o := range objects {
		vw.valueEdges(o, func(m *model.Member, t *model.Object) {
			if comp[t] == comp[o] {
				out[memberKey{o, m}] = true
			}
		})
	}
	return out
}
