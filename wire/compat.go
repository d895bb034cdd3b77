package wire

import (
	"fmt"
	"slices"
)

// IncompatKind tells how a peer's schema fails what a client expects.
type IncompatKind int

// The kinds of incompatibility.
const (
	// Missing: the peer lacks a command, an event, an argument member, a
	// union branch or an enum value the client may send.
	Missing IncompatKind = iota
	// Required: the peer requires an argument member the client may
	// leave out (absent or optional on the client's side).
	Required
	// Optional: a member of what the peer sends, required by the
	// client, may be absent (or is absent altogether).
	Optional
	// Type: the JSON types differ in a way one side does not accept.
	Type
	// Unknown: the peer may send a union branch the client does not
	// know.
	Unknown
	// OOB: the client may run the command out of band, the peer does
	// not allow it.
	OOB
)

var incompatKindNames = [...]string{"missing", "required", "optional", "type", "unknown", "oob"}

func (k IncompatKind) String() string {
	if int(k) < len(incompatKindNames) {
		return incompatKindNames[k]
	}
	return fmt.Sprintf("IncompatKind(%d)", int(k))
}

// Incompat is one way the peer's schema breaks the client's.
type Incompat struct {
	// Path is where, in Probe's syntax, starting from the command or
	// event: "blockdev-add/arg-type/+qcow2/discard", ".../^value".
	Path   string
	Kind   IncompatKind
	Detail string
}

func (i Incompat) String() string {
	if i.Detail == "" {
		return i.Path + ": " + i.Kind.String()
	}
	return i.Path + ": " + i.Kind.String() + ": " + i.Detail
}

// Compare lists how have (what a peer reports, e.g. by query-qmp-schema)
// breaks want (the schema a client was built from): for every command
// and event of want, in want's order, what have lacks or shapes
// differently. Arguments flow from the client, so have must accept all
// that want allows; replies and event data flow to the client, so want
// must accept all that have may send. Additions that cannot break the
// client (new commands, new optional arguments, new reply members, new
// enum values in replies, features) are not listed. A type met again
// through another command is compared once, reported under the first
// path. Type names may be masked differently on each side: types are
// matched by their place, not their names.
func Compare(want, have *Schema) []Incompat {
	c := &comparer{want: want, have: have, seen: map[typePair]bool{}, kindsOf: map[schemaName][]string{}}
	for _, w := range want.Entries {
		switch {
		case w.Command != nil:
			h := have.Command(w.Name)
			if h == nil {
				c.report(w.Name, Missing, "no such command")
				continue
			}
			if w.Command.AllowOOB && !h.Command.AllowOOB {
				c.report(w.Name, OOB, "")
			}
			c.compare(w.Name+"/arg-type", w.Command.ArgType, h.Command.ArgType, toPeer)
			c.compare(w.Name+"/ret-type", w.Command.RetType, h.Command.RetType, fromPeer)
		case w.Event != nil:
			h := have.Event(w.Name)
			if h == nil {
				c.report(w.Name, Missing, "no such event")
				continue
			}
			c.compare(w.Name+"/arg-type", w.Event.ArgType, h.Event.ArgType, fromPeer)
		}
	}
	return c.out
}

// direction is which way values flow.
type direction bool

const (
	toPeer   direction = true // arguments: the client's values must be accepted
	fromPeer direction = false
)

type typePair struct {
	want, have string
	dir        direction
}

type comparer struct {
	want, have *Schema
	seen       map[typePair]bool
	kindsOf    map[schemaName][]string
	out        []Incompat
}

func (c *comparer) report(path string, kind IncompatKind, format string, args ...any) {
	c.out = append(c.out, Incompat{Path: path, Kind: kind, Detail: fmt.Sprintf(format, args...)})
}

// kinds returns the JSON types a type's values may have: one, or an
// alternate's several ("value" for any); nil for a type that is missing.
// Results are kept: a hostile reply may nest alternates deeply, or in a
// loop (a loop contributes nothing).
func (c *comparer) kinds(s *Schema, name string) []string {
	key := schemaName{s, name}
	if ks, ok := c.kindsOf[key]; ok {
		return ks
	}
	c.kindsOf[key] = nil // until known, for loops
	si := s.Lookup(name)
	var ks []string
	switch {
	case si == nil:
	case si.Builtin != nil:
		ks = []string{si.Builtin.JSONType}
	case si.Enum != nil:
		ks = []string{"string"}
	case si.Array != nil:
		ks = []string{"array"}
	case si.Object != nil:
		ks = []string{"object"}
	case si.Alternate != nil:
		for _, m := range si.Alternate.Members {
			for _, k := range c.kinds(s, m.Type) {
				if !slices.Contains(ks, k) {
					ks = append(ks, k)
				}
			}
		}
	}
	c.kindsOf[key] = ks
	return ks
}

type schemaName struct {
	s    *Schema
	name string
}

// accepts reports whether a receiver of JSON type to takes a value of
// JSON type from: the same, anything for "value", and an integer where
// a number goes.
func accepts(to, from string) bool {
	return to == from || to == "value" || (to == "number" && from == "int")
}

// branch returns the alternative of an alternate (or the type itself)
// that holds values of JSON type kind; "" when none does.
func (c *comparer) branch(s *Schema, name, kind string) string {
	for seen := 0; seen <= len(s.Entries); seen++ {
		si := s.Lookup(name)
		if si == nil || si.Alternate == nil {
			return name
		}
		next := ""
		for _, m := range si.Alternate.Members {
			if slices.ContainsFunc(c.kinds(s, m.Type), func(k string) bool { return accepts(k, kind) }) {
				next = m.Type
				break
			}
		}
		if next == "" {
			return ""
		}
		name = next
	}
	return "" // alternates in a loop
}

func (c *comparer) compare(path, want, have string, dir direction) {
	key := typePair{want, have, dir}
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	wk, hk := c.kinds(c.want, want), c.kinds(c.have, have)
	if wk == nil || hk == nil {
		if wk == nil {
			c.report(path, Type, "type %s is missing from the client's schema", want)
		} else {
			c.report(path, Type, "type %s is missing from the peer's schema", have)
		}
		return
	}
	// The values that flow: the sender's kinds, each to be taken by
	// some kind of the receiver's.
	send, recv, sendSchema, recvSchema := wk, hk, c.want, c.have
	sendType, recvType := want, have
	if dir == fromPeer {
		send, recv, sendSchema, recvSchema = hk, wk, c.have, c.want
		sendType, recvType = have, want
	}
	for _, k := range send {
		to := ""
		for _, r := range recv {
			if accepts(r, k) {
				to = r
				break
			}
		}
		if to == "" {
			c.report(path, Type, "%s sent, %s expected", k, kindList(recv))
			continue
		}
		if to == "value" || k != to {
			continue // any value, or a number taking an integer
		}
		s, r := c.branch(sendSchema, sendType, k), c.branch(recvSchema, recvType, k)
		if dir == toPeer {
			c.compareSame(path, s, r, dir)
		} else {
			c.compareSame(path, r, s, dir)
		}
	}
}

func kindList(ks []string) string {
	if len(ks) == 1 {
		return ks[0]
	}
	return fmt.Sprint(ks)
}

// compareSame compares two types of the same JSON type, neither an
// alternate.
func (c *comparer) compareSame(path, want, have string, dir direction) {
	w, h := c.want.Lookup(want), c.have.Lookup(have)
	switch {
	case w == nil || h == nil:
		return
	case w.Builtin != nil && h.Enum != nil:
		if dir == toPeer {
			c.report(path, Type, "any string sent, the peer takes only its enum's values")
		}
	case w.Enum != nil && h.Enum != nil:
		if dir == toPeer {
			for _, m := range w.Enum.Members {
				if !slices.ContainsFunc(h.Enum.Members, func(e EnumMember) bool { return e.Name == m.Name }) {
					c.report(path+"/^"+m.Name, Missing, "")
				}
			}
		}
	case w.Array != nil && h.Array != nil:
		c.compare(path, w.Array.ElementType, h.Array.ElementType, dir)
	case w.Object != nil && h.Object != nil:
		c.compareObjects(path, w.Object, h.Object, dir)
	}
}

func memberNamed(ms []Member, name string) *Member {
	for i := range ms {
		if ms[i].Name == name {
			return &ms[i]
		}
	}
	return nil
}

func (c *comparer) compareObjects(path string, w, h *ObjectInfo, dir direction) {
	for _, wm := range w.Members {
		p := path + "/" + componentName(wm.Name)
		hm := memberNamed(h.Members, wm.Name)
		switch {
		case dir == toPeer && hm == nil:
			c.report(p, Missing, "")
		case dir == fromPeer && hm == nil && !wm.Optional:
			c.report(p, Optional, "never sent")
		case dir == fromPeer && hm != nil && hm.Optional && !wm.Optional:
			c.report(p, Optional, "may be absent")
		}
		if hm != nil {
			c.compare(p, wm.Type, hm.Type, dir)
		}
	}
	if dir == toPeer {
		for _, hm := range h.Members {
			if hm.Optional {
				continue
			}
			if wm := memberNamed(w.Members, hm.Name); wm == nil || wm.Optional {
				c.report(path+"/"+componentName(hm.Name), Required, "")
			}
		}
	}
	// A struct may become a union (or the reverse) compatibly as long
	// as the members the other side needs are there; only a union whose
	// branches the peer cannot take, or a changed tag, is a difference
	// of its own.
	switch {
	case w.Tag != "" && h.Tag != "" && w.Tag != h.Tag:
		c.report(path, Type, "union tag %s, the peer's %s", w.Tag, h.Tag)
		return
	case w.Tag != "" && h.Tag == "" && dir == toPeer:
		c.report(path, Type, "union sent, the peer's type has no branches")
		return
	}
	variant := func(vs []Variant, name string) *Variant {
		for i := range vs {
			if vs[i].Case == name {
				return &vs[i]
			}
		}
		return nil
	}
	for _, wv := range w.Variants {
		p := path + "/+" + wv.Case
		// A branch the peer lacks to take arguments is reported as the
		// tag's missing enum value.
		if hv := variant(h.Variants, wv.Case); hv != nil {
			c.compare(p, wv.Type, hv.Type, dir)
		}
	}
	// A client's struct takes any branch of what became a union.
	if dir == fromPeer && w.Tag != "" {
		for _, hv := range h.Variants {
			if variant(w.Variants, hv.Case) == nil {
				c.report(path+"/+"+hv.Case, Unknown, "")
			}
		}
	}
}

// componentName writes a member name as a path component: one space
// before a name that does not start with a letter.
func componentName(name string) string {
	if name != "" && isAlpha(name[0]) {
		return name
	}
	return " " + name
}
