// SPDX-License-Identifier: Apache-2.0

package goview

import "github.com/qapi-gen/qapi-gen/model"

// markNoCompare sets NoCompare on every struct, alternate and command
// type with fields that Go would let == compare. Such a comparison is
// rarely what its writer means: an optional member is a pointer, so ==
// tells whether two values share it, not whether they hold the same.
// And a comparable struct costs the compiler an equality function of
// its own, compiled on every build of the package. Event types are
// left as Go makes them: an Event interface value holding one may be
// compared or be a map key, which would panic at run time rather than
// fail to compile if the marker made them incomparable.
func (vw *View) markNoCompare() {
	memo := make(map[*Def]bool, len(vw.Defs))
	for _, d := range vw.Defs {
		vw.comparableDef(d, memo)
	}
}

// comparableDef reports whether == compiles for d's Go type, once the
// markers are in; for a struct with fields it marks instead.
func (vw *View) comparableDef(d *Def, memo map[*Def]bool) bool {
	if c, ok := memo[d]; ok {
		return c
	}
	c := false
	switch d.Kind {
	case Enum:
		c = true
	case Struct, Alternate, Command, Event:
		// A union holds a map of unknown members, and Extra is a map.
		c = d.Extra == ""
		for _, f := range d.Fields {
			c = c && vw.comparableType(f.Type, f.Member.Type, memo)
		}
		for _, b := range d.Branches {
			c = c && vw.comparableType(b.Type, b.Variant.Type, memo)
		}
		if d.Arg != nil {
			c = c && vw.comparableType(named(d.Arg.Type), argType(d.Def), memo)
		}
		hasFields := len(d.Fields)+len(d.Branches) > 0 || d.Arg != nil
		if c && hasFields && d.Kind != Event {
			d.NoCompare, c = true, false
		}
	}
	memo[d] = c
	return c
}

// comparableType reports whether == compiles on a field of Go type t
// holding values of schema type mt.
func (vw *View) comparableType(t Type, mt model.Type, memo map[*Def]bool) bool {
	switch t.Kind {
	case Builtin, Pointer, EmptyStruct:
		return true
	case Slice:
		return false
	}
	switch mt := mt.(type) {
	case *model.Builtin:
		// Any is raw JSON (a slice); Null and OptionalNull are not.
		return mt.Name != "any"
	case *model.Array:
		return false // Uint8List
	case *model.Enum:
		return true
	}
	if md, ok := mt.(model.Definition); ok && vw.byDef[md] != nil {
		return vw.comparableDef(vw.byDef[md], memo)
	}
	return false
}

// argType is the argument type of a command or event.
func argType(d model.Definition) *model.Object {
	switch d := d.(type) {
	case *model.Command:
		return d.Arg
	case *model.Event:
		return d.Arg
	}
	return nil
}
