// SPDX-License-Identifier: Apache-2.0

package defs

import "github.com/qapi-gen/qapi-gen/parser"

// The helpers below look at raw parser values the way QEMU's Python front
// end does: lists may arrive as []parser.Value or []any, and "truthy"
// follows Python's rules because QEMU tests flags with plain `if value:`.

func asString(v parser.Value) (string, bool) {
	s, ok := v.(string)
	return s, ok
}

func asObject(v parser.Value) (*parser.Object, bool) {
	o, ok := v.(*parser.Object)
	return o, ok && o != nil
}

func asList(v parser.Value) ([]parser.Value, bool) {
	switch l := v.(type) {
	case []parser.Value:
		return l, true
	case []any:
		out := make([]parser.Value, len(l))
		for i, x := range l {
			out[i] = x
		}
		return out, true
	}
	return nil, false
}

// truthy is Python's bool(value) for schema values.
func truthy(v parser.Value) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case *parser.Object:
		return x != nil && x.Len() > 0
	}
	if l, ok := asList(v); ok {
		return len(l) > 0
	}
	return true
}

// isTrue and isFalse are Python's `value is True` / `value is False`.
func isTrue(v parser.Value) bool  { b, ok := v.(bool); return ok && b }
func isFalse(v parser.Value) bool { b, ok := v.(bool); return ok && !b }

// lookup returns obj[key], or nil when absent (QEMU's dict.get).
func lookup(obj *parser.Object, key string) parser.Value {
	v, _ := obj.Get(key)
	return v
}

// asMemberObject normalizes a member value: QEMU accepts 'name': 'T' as
// shorthand for 'name': {'type': 'T'}.
func asMemberObject(v parser.Value) *parser.Object {
	if o, ok := asObject(v); ok {
		return o
	}
	return &parser.Object{Keys: []string{"type"}, Values: []parser.Value{v}}
}

// asNamedObject normalizes a feature or enum member: 'x' is shorthand
// for {'name': 'x'}.
func asNamedObject(v parser.Value) *parser.Object {
	if o, ok := asObject(v); ok {
		return o
	}
	return &parser.Object{Keys: []string{"name"}, Values: []parser.Value{v}}
}
