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
	for _, d := range vw.Defs {
		switch d.Kind {
		case Struct, Alternate, Command:
			d.NoCompare = hasFields(d) && vw.comparable(d)
		}
	}
}

// hasFields reports whether d's Go struct has a field.
func hasFields(d *Def) bool {
	return len(d.Fields)+len(d.Branches) > 0 || d.Arg != nil || d.Extra != ""
}

// comparable reports whether Go lets == compare d's struct, as its
// fields' types are declared.
func (vw *View) comparable(d *Def) bool {
	if d.Extra != "" { // a map
		return false
	}
	for _, f := range d.Fields {
		if !vw.comparableField(f.Type, f.Member.Type) {
			return false
		}
	}
	for _, b := range d.Branches {
		if !vw.comparableField(b.Type, b.Variant.Type) {
			return false
		}
	}
	// Only commands and events have an argument type, and events are
	// not asked.
	return d.Arg == nil || vw.comparableField(named(d.Arg.Type), d.Def.(*model.Command).Arg)
}

// comparableField reports whether == compiles on a field of Go type t
// holding values of schema type mt. Of the package's struct types only
// those without fields are: a union holds a map of unknown members, and
// every other struct with fields either holds a slice or map or gets the
// marker.
func (vw *View) comparableField(t Type, mt model.Type) bool {
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
	if md, ok := mt.(model.Definition); ok {
		if d := vw.byDef[md]; d != nil {
			return d.Kind != Union && !hasFields(d)
		}
	}
	return false
}
