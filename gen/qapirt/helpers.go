// SPDX-License-Identifier: Apache-2.0

// Package qapirt holds the helpers every generated package needs. The
// generator copies this file verbatim (with its package clause replaced)
// into each generated package as qapi.go, so generated code depends on the
// standard library only. It is a package of its own so that it is compiled,
// vetted and tested like any other code.
package qapirt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
)

// Any is a JSON value of any type (QAPI's 'any'), kept verbatim: numbers
// of any size and precision survive decoding and encoding unchanged. The
// zero value (nil) means absent and encodes as JSON null.
type Any json.RawMessage

// NewAny encodes v as an Any.
func NewAny(v any) (Any, error) {
	b, err := json.Marshal(v)
	return Any(b), err
}

// MustAny is NewAny for values that always encode (literals, maps of
// strings and numbers), so that an Any can be built inside a composite
// literal. It panics if v does not encode, which is a programming error.
func MustAny(v any) Any {
	a, err := NewAny(v)
	if err != nil {
		panic(fmt.Sprintf("qapi: MustAny(%T): %v", v, err))
	}
	return a
}

// Ptr returns a pointer to a copy of v, for the optional members (pointer
// fields) of composite literals: Size: Ptr(uint64(1 << 30)).
func Ptr[T any](v T) *T { return &v }

// MarshalJSON returns the value as it was decoded or built.
func (a Any) MarshalJSON() ([]byte, error) {
	if len(a) == 0 {
		return []byte("null"), nil
	}
	return a, nil
}

// UnmarshalJSON keeps a copy of data.
func (a *Any) UnmarshalJSON(data []byte) error {
	*a = append((*a)[:0], data...)
	return nil
}

// Decode decodes the value into v, as json.Unmarshal does.
func (a Any) Decode(v any) error { return json.Unmarshal(a, v) }

// String returns the JSON text.
func (a Any) String() string { return string(a) }

// Null is QAPI's 'null' as the type of a required member or a list
// element: its only value is JSON null. (Optional members are
// OptionalNull; an alternate's null alternative is a bool field.)
type Null struct{}

// MarshalJSON returns JSON null.
func (Null) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

// UnmarshalJSON accepts JSON null only, as QEMU does.
func (*Null) UnmarshalJSON(data []byte) error {
	if k := qapiJSONKind(data); k != 'n' {
		return fmt.Errorf("qapi: a JSON %s is not null", qapiKindName(k))
	}
	return nil
}

// OptionalNull is the type of an optional member of type 'null': true
// means present (JSON null), false absent (the field has omitzero).
type OptionalNull bool

// MarshalJSON returns JSON null.
func (OptionalNull) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

// UnmarshalJSON accepts JSON null only and records that it was present.
func (n *OptionalNull) UnmarshalJSON(data []byte) error {
	if k := qapiJSONKind(data); k != 'n' {
		return fmt.Errorf("qapi: a JSON %s is not null", qapiKindName(k))
	}
	*n = true
	return nil
}

// Uint8List is QAPI's ['uint8']. It is a type of its own because
// encoding/json writes a plain []uint8 as a base64 string, not as the
// JSON array of numbers QEMU expects.
type Uint8List []uint8

// MarshalJSON encodes the list as a JSON array of numbers ([] when nil).
func (l Uint8List) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+4*len(l))
	b = append(b, '[')
	for i, v := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(b, uint64(v), 10)
	}
	return append(b, ']'), nil
}

// UnmarshalJSON decodes a JSON array of numbers (not a base64 string).
func (l *Uint8List) UnmarshalJSON(data []byte) error {
	if k := qapiJSONKind(data); k != 'a' {
		if k == 'n' {
			return nil // like any other list: null leaves it alone
		}
		return fmt.Errorf("qapi: a JSON %s is not a list of uint8", qapiKindName(k))
	}
	return json.Unmarshal(data, (*[]uint8)(l))
}

// CommandSpec describes a command as the schema declares it.
type CommandSpec struct {
	Name string // the command's name on the wire
	// AllowOOB: the command may be sent out-of-band ("exec-oob").
	AllowOOB bool
	// AllowPreconfig: the command works in the preconfig state.
	AllowPreconfig bool
	// SuccessResponse is false for commands QEMU never answers on success.
	SuccessResponse bool
	// Deprecated and Unstable report the special features.
	Deprecated, Unstable bool
	// result is the type of the command's return value, nil when it
	// returns nothing (see NewResult).
	result reflect.Type
}

// NewResult returns a pointer to a new value of the command's return type
// to decode the return value into, or nil when the command returns
// nothing.
func (s CommandSpec) NewResult() any {
	if s.result == nil {
		return nil
	}
	return reflect.New(s.result).Interface()
}

// qapiElem is the type p points to, for the return types of the table of
// CommandSpecs.
func qapiElem(p any) reflect.Type { return reflect.TypeOf(p).Elem() }

// Command is implemented by a pointer to every command's type, the type
// holding the command's arguments. Code running any Command sends cmd (it
// encodes as the arguments) as the command named by its CommandSpec and
// decodes the return value into the spec's NewResult. One method, the
// spec taken from a table, rather than one per fact: every method is a
// function the compiler builds for each command.
type Command interface {
	CommandSpec() CommandSpec
}

// Event is implemented by every event's data value.
type Event interface {
	EventName() string
}

// UnknownEvent is an event this package does not know (a newer QEMU's, or
// one left out by a condition). Data is the event's data as received.
type UnknownEvent struct {
	Name string
	Data json.RawMessage
}

// EventName returns the event's name.
func (e UnknownEvent) EventName() string { return e.Name }

// DecodeStrict decodes data into v like json.Unmarshal, then fails if
// data holds an object member that v's types do not know, or lacks a
// required member (at any depth, inside unions and alternates too).
// Unknown enum values and union discriminator values are not errors: they
// decode to values whose Known method (enums) reports false or whose raw
// members are kept (unions).
//
// It works without any global switch: the decoded value is encoded again
// and every object member of the input must reappear in the output, which
// holds exactly when nothing was dropped; and every member of the output
// must be in the input: absent optional members encode as nothing, so a
// member that appears from nowhere is a required one that was missing.
func DecodeStrict(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	again, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if qapiSameShape(data, again) {
		return nil
	}
	var in, out any
	if err := qapiDecodeGeneric(data, &in); err != nil {
		return err
	}
	if err := qapiDecodeGeneric(again, &out); err != nil {
		return err
	}
	return qapiSameMembers(in, out, "")
}

// qapiSameShape reports whether qapiSameMembers would find nothing wrong
// with the valid JSON values in and out, scanning them in place: it is the
// fast path of DecodeStrict, which decodes both only when it reports
// false, to name the member at fault. It reports false too when unsure
// (an object with a key that is not plain ASCII), leaving the verdict to
// qapiSameMembers. Of a repeated key, decoding keeps the last value: the
// stable sort pairs the last one of in with the last one of out.
func qapiSameShape(in, out []byte) bool {
	in, out = in[qapiSkipSpace(in, 0):], out[qapiSkipSpace(out, 0):]
	switch {
	case len(in) == 0 || len(out) == 0 || in[0] != out[0]:
		return true // only objects and arrays matched with their own kind are compared
	case in[0] == '[':
		for i, j := qapiSkipSpace(in, 1), qapiSkipSpace(out, 1); ; {
			if in[i] == ']' || out[j] == ']' {
				return true // arrays of different lengths are not compared
			}
			ie, je := qapiSkipValue(in, i), qapiSkipValue(out, j)
			if !qapiSameShape(in[i:ie], out[j:je]) {
				return false
			}
			i, j = qapiNextElement(in, ie), qapiNextElement(out, je)
		}
	case in[0] == '{':
		var ib, ob [16]qapiShapeMember
		im, iok := qapiShapeMembers(in, ib[:0])
		om, ook := qapiShapeMembers(out, ob[:0])
		if !iok || !ook || len(im) != len(om) {
			return false
		}
		for i := range im {
			if !bytes.Equal(im[i].key, om[i].key) {
				return false
			}
			if !qapiSameShape(im[i].value, om[i].value) {
				return false
			}
		}
	}
	return true
}

// qapiShapeMember is a member of a JSON object: its key as written
// (without quotes) and its value.
type qapiShapeMember struct{ key, value []byte }

// qapiShapeMembers appends the members of the valid JSON object data to
// into, in a stable sort by key; ok is false if a key is not plain ASCII
// without escapes, whose bytes are its name.
func qapiShapeMembers(data []byte, into []qapiShapeMember) (members []qapiShapeMember, ok bool) {
	for i := qapiSkipSpace(data, 1); data[i] != '}'; {
		end := qapiSkipValue(data, i)
		key := data[i+1 : end-1]
		for _, c := range key {
			if c == '\\' || c >= 0x80 {
				return nil, false
			}
		}
		i = qapiSkipSpace(data, qapiSkipSpace(data, end)+1) // past ':'
		end = qapiSkipValue(data, i)
		into = append(into, qapiShapeMember{key, data[i:end]})
		i = qapiNextElement(data, end)
	}
	if len(into) > 16 {
		// A copy: sorting through an interface would move the caller's
		// buffer to the heap for every object.
		large := qapiByKey(append([]qapiShapeMember(nil), into...))
		sort.Stable(large)
		return large, true
	}
	// Insertion sort (stable) keeps a small object's members on the stack.
	for i := 1; i < len(into); i++ {
		for j := i; j > 0 && bytes.Compare(into[j].key, into[j-1].key) < 0; j-- {
			into[j], into[j-1] = into[j-1], into[j]
		}
	}
	return into, true
}

// qapiByKey sorts members by key.
type qapiByKey []qapiShapeMember

func (m qapiByKey) Len() int           { return len(m) }
func (m qapiByKey) Less(i, j int) bool { return bytes.Compare(m[i].key, m[j].key) < 0 }
func (m qapiByKey) Swap(i, j int)      { m[i], m[j] = m[j], m[i] }

// qapiNextElement returns the index of the next member or element after
// the one ending at index i of valid JSON data, or of the closing bracket.
func qapiNextElement(data []byte, i int) int {
	if i = qapiSkipSpace(data, i); data[i] == ',' {
		i = qapiSkipSpace(data, i+1)
	}
	return i
}

func qapiDecodeGeneric(data []byte, v *any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	return d.Decode(v)
}

// qapiSameMembers reports the first member of in that out lacks (unknown
// to the types), or else the first member of out that in lacks (a
// required member missing from the input).
func qapiSameMembers(in, out any, path string) error {
	switch in := in.(type) {
	case map[string]any:
		o, ok := out.(map[string]any)
		if !ok {
			return nil
		}
		for _, k := range qapiSortedKeys(in) {
			ov, ok := o[k]
			if !ok {
				return fmt.Errorf("qapi: unknown member %q at %s", k, qapiPath(path))
			}
			if err := qapiSameMembers(in[k], ov, path+"."+k); err != nil {
				return err
			}
		}
		if len(o) > len(in) {
			for _, k := range qapiSortedKeys(o) {
				if _, ok := in[k]; !ok {
					return fmt.Errorf("qapi: required member %q missing at %s", k, qapiPath(path))
				}
			}
		}
	case []any:
		o, ok := out.([]any)
		if !ok || len(o) != len(in) {
			return nil
		}
		for i := range in {
			if err := qapiSameMembers(in[i], o[i], path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	}
	return nil
}

func qapiSortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func qapiPath(p string) string {
	if p == "" {
		return "top level"
	}
	return p[1:]
}

// qapiIn reports whether v is one of the space-separated words of list.
// Every enum's Known calls it with its values as one string constant: a
// plain function is compiled once, where a generic one over each enum's
// list of values costs an instance per enum, and a slice or a switch per
// enum costs more code in every Known. Not inlined, for the same reason.
//
//go:noinline
func qapiIn(list, v string) bool {
	for i := 0; i < len(list); {
		j := i
		for j < len(list) && list[j] != ' ' {
			j++
		}
		if j > i && list[i:j] == v {
			return true
		}
		i = j + 1
	}
	return false
}

// qapiMergeObjects encodes a union: the base members, then the members of
// the branch (nil, a typed nil pointer or a map of raw members).
func qapiMergeObjects(base, branch any) ([]byte, error) {
	b, err := json.Marshal(base)
	if err != nil {
		return nil, err
	}
	if branch == nil {
		return b, nil
	}
	r, err := json.Marshal(branch)
	if err != nil {
		return nil, err
	}
	r = bytes.TrimSpace(r)
	if string(r) == "null" || string(r) == "{}" {
		return b, nil
	}
	if len(r) < 2 || r[0] != '{' {
		return nil, errors.New("qapi: union branch does not encode as a JSON object")
	}
	if string(b) == "{}" {
		return r, nil
	}
	out := make([]byte, 0, len(b)+len(r))
	out = append(out, b[:len(b)-1]...)
	out = append(out, ',')
	return append(out, r[1:]...), nil
}

// qapiUnion describes a union's Go type for the shared code that encodes
// and decodes every union: the type holds the base members' fields (in
// the order of baseKeys, their wire names), then one pointer field per
// branch (in the order of values, their tag values, and fields, their
// names), then the members of a branch the package does not know.
type qapiUnion struct {
	typeName, tagField string
	tag                int // the index of the tag's field
	baseKeys           []string
	values, fields     []string
	bare               []string // the tag values without a branch
}

// qapiMarshalUnion encodes a union: base is its value converted to a type
// without its methods (the branch fields are json:"-"), unknown the
// members of a branch the package does not know. A branch other than the
// one the tag selects that is set is an error: encoding would drop it
// without a word.
func qapiMarshalUnion(u *qapiUnion, base any, unknown map[string]json.RawMessage) ([]byte, error) {
	v := reflect.ValueOf(base)
	tag := v.Field(u.tag).String()
	var branch any = unknown
	for i, value := range u.values {
		f := v.Field(len(u.baseKeys) + i)
		switch {
		case value == tag:
			branch = f.Interface()
		case !f.IsNil():
			return nil, fmt.Errorf("qapi: %s: %s is %q but branch %s (for %q) is set; set the branch %s selects, or %s to %q",
				u.typeName, u.tagField, tag, u.fields[i], value, u.tagField, u.tagField, value)
		}
	}
	return qapiMergeObjects(base, branch)
}

// qapiUnmarshalUnion decodes a union into base, a pointer to the union
// converted to a type without its methods: the base members, then the
// branch the tag selects from the other members (names match exactly,
// as in QEMU). For a tag value without a known branch, the other members
// go to *unknown.
func qapiUnmarshalUnion(u *qapiUnion, data []byte, base any, unknown *map[string]json.RawMessage) error {
	b, rest, err := qapiSplitUnion(data, u.baseKeys...)
	if err != nil {
		return err
	}
	v := reflect.ValueOf(base).Elem()
	w := reflect.New(v.Type())
	if err := json.Unmarshal(b, w.Interface()); err != nil {
		return err
	}
	v.Set(w.Elem())
	tag := v.Field(u.tag).String()
	for i, value := range u.values {
		if value == tag {
			return qapiDecodeNew(rest, v.Field(len(u.baseKeys)+i))
		}
	}
	for _, value := range u.bare {
		if value == tag {
			return nil
		}
	}
	*unknown, err = qapiMembers(rest)
	return err
}

// qapiDecodeNew points the pointer field f to a new value and decodes
// data into it.
func qapiDecodeNew(data []byte, f reflect.Value) error {
	p := reflect.New(f.Type().Elem())
	f.Set(p)
	return json.Unmarshal(data, p.Interface())
}

// qapiAlternate describes an alternate's Go type for the shared code that
// encodes and decodes every alternate: one field per alternative, in the
// order of fields (their names) and kinds (the qapiJSONKind of each
// alternative's wire form). The null alternative's field is a bool, a
// list's a slice, every other's a pointer.
type qapiAlternate struct {
	typeName string
	fields   []string
	kinds    string
}

// qapiAlternateSet reports whether the alternative of field i of v is set.
func qapiAlternateSet(a *qapiAlternate, v reflect.Value, i int) bool {
	if a.kinds[i] == 'n' {
		return v.Field(i).Bool()
	}
	return !v.Field(i).IsNil()
}

// qapiMarshalAlternate encodes the alternative of v that is set. More
// than one set is an error: encoding would send one and drop the others.
func qapiMarshalAlternate(a *qapiAlternate, v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	set := -1
	for i := range a.fields {
		if !qapiAlternateSet(a, rv, i) {
			continue
		}
		if set >= 0 {
			return nil, fmt.Errorf("qapi: %s: both %s and %s are set; an alternate holds exactly one", a.typeName, a.fields[set], a.fields[i])
		}
		set = i
	}
	switch {
	case set < 0:
		return nil, qapiEmptyAlternate(a.typeName)
	case a.kinds[set] == 'n':
		return []byte("null"), nil
	}
	return json.Marshal(rv.Field(set).Interface())
}

// qapiUnmarshalAlternate decodes data into *v, a pointer to an alternate,
// picking the alternative by the JSON value's type, as QEMU does.
func qapiUnmarshalAlternate(a *qapiAlternate, data []byte, v any) error {
	rv := reflect.ValueOf(v).Elem()
	rv.SetZero()
	k := qapiJSONKind(data)
	for i := range a.fields {
		if a.kinds[i] != k {
			continue
		}
		f := rv.Field(i)
		switch k {
		case 'n':
			f.SetBool(true)
			return nil
		case 'a':
			return json.Unmarshal(data, f.Addr().Interface())
		}
		return qapiDecodeNew(data, f)
	}
	return qapiAlternateError(a.typeName, k)
}

// qapiWithExtra encodes the declared members of a command type, then
// the extra members of a command that takes more than it declares ('gen':
// false). An extra member named like a declared one is an error: the
// wire would carry the name twice.
func qapiWithExtra(typeName string, declared any, extra map[string]any, names ...string) ([]byte, error) {
	b, err := json.Marshal(declared)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	for _, k := range qapiSortedKeys(extra) {
		for _, n := range names {
			if k == n {
				return nil, fmt.Errorf("qapi: %s: Extra holds %q, which is a declared member: set its field instead", typeName, k)
			}
		}
	}
	return qapiMergeObjects(json.RawMessage(b), extra)
}

// qapiSplitUnion splits a union's JSON object into two objects: its base
// members (those named exactly one of baseKeys) and the others (those of
// the branch). Names match exactly, as in QEMU: encoding/json alone
// matches them case-insensitively, so a branch member "Name" would fill
// the base member "name", and the branch would see the base's members.
// JSON null gives two empty objects; a value that is not an object is an
// error.
func qapiSplitUnion(data []byte, baseKeys ...string) (base, rest []byte, err error) {
	if !json.Valid(data) || qapiJSONKind(data) != 'o' && qapiJSONKind(data) != 'n' {
		var m map[string]json.RawMessage // for encoding/json's error
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, nil, err
		}
		return nil, nil, errors.New("qapi: a union is not a JSON object")
	}
	base, rest = make([]byte, 1, len(data)+2), make([]byte, 1, len(data)+2)
	base[0], rest[0] = '{', '{'
	i := qapiSkipSpace(data, 0)
	if data[i] == 'n' { // null
		return append(base, '}'), append(rest, '}'), nil
	}
	for i = qapiSkipSpace(data, i+1); data[i] != '}'; {
		key := i
		i = qapiSkipValue(data, i)
		isBase := qapiKeyIn(data[key:i], baseKeys)
		i = qapiSkipSpace(data, qapiSkipSpace(data, i)+1) // past ':'
		end := qapiSkipValue(data, i)
		out := &rest
		if isBase {
			out = &base
		}
		if len(*out) > 1 {
			*out = append(*out, ',')
		}
		*out = append(*out, data[key:end]...)
		if i = qapiSkipSpace(data, end); data[i] == ',' {
			i = qapiSkipSpace(data, i+1)
		}
	}
	return append(base, '}'), append(rest, '}'), nil
}

// qapiKeyIn reports whether the JSON string quoted is one of keys.
func qapiKeyIn(quoted []byte, keys []string) bool {
	name := string(quoted[1 : len(quoted)-1])
	if bytes.IndexByte(quoted, '\\') >= 0 {
		if err := json.Unmarshal(quoted, &name); err != nil {
			return false
		}
	}
	for _, k := range keys {
		if k == name {
			return true
		}
	}
	return false
}

// qapiSkipSpace returns the index of the first byte at or after i of
// valid JSON data that is not white space.
func qapiSkipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// qapiSkipValue returns the index just after the JSON value that starts
// at index i of valid JSON data.
func qapiSkipValue(data []byte, i int) int {
	depth := 0
	for ; i < len(data); i++ {
		switch c := data[i]; c {
		case '"':
			for i++; data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
			if depth == 0 {
				return i + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
			if depth < 0 { // the end of the enclosing value
				return i
			}
		case ',', ' ', '\t', '\n', '\r', ':':
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// qapiMembers decodes a JSON object into its members, nil when it has none.
func qapiMembers(object []byte) (map[string]json.RawMessage, error) {
	if string(object) == "{}" {
		return nil, nil
	}
	var m map[string]json.RawMessage
	err := json.Unmarshal(object, &m)
	return m, err
}

// qapiJSONKind tells a JSON value's type by its first byte, the way QEMU's
// input visitor picks an alternate's branch: 'o'bject, 'a'rray,
// 's'tring, 'b'oolean, 'n'ull or 'd' for a number.
func qapiJSONKind(data []byte) byte {
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) == 0 {
		return 0
	}
	switch data[0] {
	case '{':
		return 'o'
	case '[':
		return 'a'
	case '"':
		return 's'
	case 't', 'f':
		return 'b'
	case 'n':
		return 'n'
	}
	return 'd'
}

// qapiKindName names a qapiJSONKind result for error messages.
func qapiKindName(k byte) string {
	switch k {
	case 'o':
		return "object"
	case 'a':
		return "array"
	case 's':
		return "string"
	case 'b':
		return "boolean"
	case 'n':
		return "null"
	case 'd':
		return "number"
	}
	return "empty input"
}

// qapiAlternateError is the error for a JSON value no branch accepts.
func qapiAlternateError(typeName string, kind byte) error {
	return fmt.Errorf("qapi: a JSON %s is not a valid %s", qapiKindName(kind), typeName)
}

// qapiEmptyAlternate is the error for encoding an alternate with no branch set.
func qapiEmptyAlternate(typeName string) error {
	return fmt.Errorf("qapi: %s has no branch set", typeName)
}

// qapiDecodeEventData decodes an event's data into *p, a new value of the
// event's type, and returns that value; absent data is no error (events
// without data members have none).
func qapiDecodeEventData(data []byte, p any, strict bool) (Event, error) {
	var err error
	switch {
	case len(bytes.TrimSpace(data)) == 0:
	case strict:
		err = DecodeStrict(data, p)
	default:
		err = json.Unmarshal(data, p)
	}
	return reflect.ValueOf(p).Elem().Interface().(Event), err
}
