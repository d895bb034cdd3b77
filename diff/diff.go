// Package diff compares two schemas as clients see them on the wire (the
// query-qmp-schema view) and classifies each change by QEMU's
// compatibility rules (docs/devel/qapi-code-gen.rst, "Compatibility
// considerations"): what a client sends (command arguments) may only
// widen, what it receives (command returns, event data) may only narrow,
// and a type used in both ways is held to both. Type names are invisible
// on the wire, so the comparison follows the structure from each command
// and event: renaming a type, or moving members into a base type, is no
// change.
//
// A second comparison (GoAPI) tells how the Go package generated from
// each schema differs: what code using it must change after regenerating.
package diff

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/qapi-gen/qapi-gen/wire"
)

// Direction is the way data flows through the change: input is what a
// client sends (command arguments), output what it receives (returns,
// event data).
type Direction string

// The directions.
const (
	Input  Direction = "input"
	Output Direction = "output"
)

// Severity says whether clients written for the old schema keep working.
type Severity string

// The severities.
const (
	Breaking   Severity = "breaking"
	Compatible Severity = "compatible"
)

// Change is one difference on the wire.
type Change struct {
	// Path reaches the change from a command or event, in the syntax of
	// wire.Schema.Probe: "C", "C/arg-type/m", "E/arg-type/m/+branch",
	// "C/ret-type/m/^value", "C/$feature". A path to something added
	// holds in the new schema, one to something removed in the old.
	Path      string    `json:"path"`
	Direction Direction `json:"direction"`
	Severity  Severity  `json:"severity"`
	// Change is the kind of change, such as "member-added-required".
	Change  string `json:"change"`
	Message string `json:"message"`
}

// Result is the comparison of two wire views.
type Result struct {
	// Changes are the changes from old to new. Each change is listed
	// once for each command or event that reaches it, under the shortest
	// path from there; they are sorted by command or event name, then by
	// path length, then by path.
	Changes []Change
	// Renames maps the names of old types to the names of the new types
	// that took their place, where the names differ and each exists on
	// one side only (with masked names, there are none).
	Renames map[string]string
}

// Wire compares two wire views.
func Wire(old, new *wire.Schema) *Result {
	d := &differ{old: old, new: new, memo: map[pairKey]*pairDiff{}}
	for _, si := range old.Entries {
		switch si.MetaType {
		case wire.MetaCommand, wire.MetaEvent:
			d.root(si, new.Lookup(si.Name))
		}
	}
	for _, si := range new.Entries {
		if o := old.Lookup(si.Name); o == nil || o.MetaType != si.MetaType {
			switch si.MetaType {
			case wire.MetaCommand:
				d.add(Change{Path: si.Name, Direction: Input, Severity: Compatible, Change: "command-added",
					Message: fmt.Sprintf("command '%s' was added", si.Name)})
			case wire.MetaEvent:
				d.add(Change{Path: si.Name, Direction: Output, Severity: Compatible, Change: "event-added",
					Message: fmt.Sprintf("event '%s' was added", si.Name)})
			}
		}
	}
	slices.SortStableFunc(d.out, func(a, b Change) int {
		return cmp.Or(cmp.Compare(rootOf(a.Path), rootOf(b.Path)), cmp.Compare(depth(a.Path), depth(b.Path)), cmp.Compare(a.Path, b.Path))
	})
	return &Result{Changes: d.out, Renames: d.renames()}
}

// renames pairs the type names that differ, in the order the pairs were
// first compared (the first pairing of a name wins).
func (d *differ) renames() map[string]string {
	out := map[string]string{}
	for _, k := range d.pairs {
		if k.old == k.new || masked(k.old) || masked(k.new) || d.new.Lookup(k.old) != nil || d.old.Lookup(k.new) != nil {
			continue
		}
		if _, ok := out[k.old]; !ok {
			out[k.old] = k.new
		}
	}
	return out
}

func rootOf(path string) string {
	for i := 0; i < len(path); i++ {
		if path[i] == '/' {
			return path[:i]
		}
	}
	return path
}

func depth(path string) int {
	n := 0
	for i := 0; i < len(path); i++ {
		if path[i] == '/' {
			n++
		}
	}
	return n
}

type differ struct {
	old, new *wire.Schema
	memo     map[pairKey]*pairDiff
	pairs    []pairKey // the keys of memo, in the order they were added
	out      []Change
}

func (d *differ) add(c Change) { d.out = append(d.out, c) }

// root compares a command or event with its namesake (nil when it is
// gone) and everything reachable from it.
func (d *differ) root(o, n *wire.SchemaInfo) {
	name := o.Name
	isCmd := o.MetaType == wire.MetaCommand
	dir, kind := Output, "event"
	if isCmd {
		dir, kind = Input, "command"
	}
	if n == nil || n.MetaType != o.MetaType {
		c := Change{Path: name, Direction: dir, Severity: Breaking, Change: kind + "-removed",
			Message: fmt.Sprintf("%s '%s' was removed", kind, name)}
		if !isCmd {
			// QEMU's rules: removing what can no longer be sent makes no
			// difference to clients (they never see it).
			c.Severity = Compatible
			c.Message += "; clients waiting for it will not receive it"
		}
		d.add(c)
		return
	}
	for _, l := range featureChanges(o.Features, n.Features, kind+" '"+name+"'") {
		d.emit(join(name, l.suffix), dir, l)
	}
	var starts []edge
	if isCmd {
		oc, nc := o.Command, n.Command
		if oc.AllowOOB && !nc.AllowOOB {
			d.emit(name, Input, local{kind: "oob-removed", breaking: true,
				msg: fmt.Sprintf("command '%s' no longer allows out-of-band execution", name)})
		} else if !oc.AllowOOB && nc.AllowOOB {
			d.emit(name, Input, local{kind: "oob-added",
				msg: fmt.Sprintf("command '%s' now allows out-of-band execution", name)})
		}
		starts = []edge{
			{comp: "arg-type", key: pairKey{oc.ArgType, nc.ArgType, Input}},
			{comp: "ret-type", key: pairKey{oc.RetType, nc.RetType, Output}},
		}
	} else {
		starts = []edge{{comp: "arg-type", key: pairKey{o.Event.ArgType, n.Event.ArgType, Output}}}
	}
	d.walk(name, starts)
}

// step is a type pair to visit, with the path that reached it.
type step struct {
	key  pairKey
	path string
}

// walk visits the type pairs reachable from the root's starting edges,
// shortest paths first (edges without a component, through arrays and
// alternates, cost nothing), and emits each pair's changes once.
func (d *differ) walk(root string, starts []edge) {
	seen := map[pairKey]bool{}
	// A deque as two parts: zero-cost steps (front, a stack) come before
	// the steps one component longer (back, a queue).
	var front, back []step
	for _, e := range starts {
		back = append(back, step{e.key, root + "/" + e.comp})
	}
	for len(front) > 0 || len(back) > 0 {
		var s step
		if n := len(front); n > 0 {
			s, front = front[n-1], front[:n-1]
		} else {
			s, back = back[0], back[1:]
		}
		if seen[s.key] {
			continue
		}
		seen[s.key] = true
		pd := d.pair(s.key)
		for _, l := range pd.locals {
			d.emit(join(s.path, l.suffix), s.key.dir, l)
		}
		// Reversed onto the stack, so that they are visited in order.
		for i := len(pd.edges) - 1; i >= 0; i-- {
			if e := pd.edges[i]; e.comp == "" && !seen[e.key] {
				front = append(front, step{e.key, s.path})
			}
		}
		for _, e := range pd.edges {
			if e.comp != "" && !seen[e.key] {
				back = append(back, step{e.key, s.path + "/" + e.comp})
			}
		}
	}
}

func join(path, suffix string) string {
	if suffix == "" {
		return path
	}
	return path + "/" + suffix
}

func (d *differ) emit(path string, dir Direction, l local) {
	sev := Compatible
	if l.breaking {
		sev = Breaking
	}
	d.add(Change{Path: path, Direction: dir, Severity: sev, Change: l.kind, Message: l.msg})
}

// pairKey is an old type and the new type in its place, compared for a
// direction.
type pairKey struct {
	old, new string
	dir      Direction
}

// pairDiff is what comparing a type pair finds: changes at the pair
// itself (or right below it, by suffix) and the pairs of types below.
type pairDiff struct {
	locals []local
	edges  []edge
}

// local is a change found at a type pair; suffix extends the pair's path
// ("m", "^value", "$feature", "m/$feature").
type local struct {
	suffix   string
	kind     string
	breaking bool
	msg      string
}

// edge leads to a pair of types below, under path component comp ("" to
// stay on the same path, through arrays and alternates).
type edge struct {
	comp string
	key  pairKey
}

func (d *differ) pair(k pairKey) *pairDiff {
	if pd := d.memo[k]; pd != nil {
		return pd
	}
	pd := &pairDiff{}
	d.memo[k] = pd // before comparing: recursive types lead back here
	d.pairs = append(d.pairs, k)
	o, n := d.old.Lookup(k.old), d.new.Lookup(k.new)
	if o == nil || n == nil {
		return pd // a reply that names a type it lacks: nothing to follow
	}
	c := comparer{pd: pd, dir: k.dir, old: d.old, new: d.new}
	c.compare(o, n)
	return pd
}
