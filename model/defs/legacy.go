// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"fmt"
	"slices"

	"github.com/qapi-gen/qapi-gen/parser"
)

// This file holds the checks of the legacy language, where they differ
// from the current ones: a single type check with switches for arrays and
// inline members, simple unions, 'if' as C preprocessor strings, and the
// old pragma names (which the parser maps onto the new ones).
//
// The legacy language is what the QEMU releases before 6.2 (2.12 to 6.1)
// accepted, taken together: a schema any of them accepted passes. Where
// their rules differ, the releases only ever added constructs (features
// on more kinds of definitions and on members in 5.0, 'coroutine' in 5.2)
// or changed the naming rules (6.0, 6.1); for names, a name either rule
// accepts is valid, and the error reported is QEMU 4.2's.
//
// The releases before 4.2 (2.12 to 4.1) are read too. They checked the
// case of member names later, on the types: a member's name could then
// use uppercase when the name-case pragma listed the type the member
// ended up in, which for inline members is an implicit type
// (q_obj_NAME-base for a union's inline base, q_obj_NAME-arg for the
// arguments of a command or event, NAMEKind for the branches of a simple
// union). caseExempt takes the names that apply at each place.

// legacyDefKeys are the keys of each kind as of QEMU 6.1, the last legacy
// release, which accepted every key the earlier ones did.
var legacyDefKeys = map[string]struct{ required, optional []string }{
	"enum":      {[]string{"enum", "data"}, []string{"if", "features", "prefix"}},
	"union":     {[]string{"union", "data"}, []string{"base", "discriminator", "if", "features"}},
	"alternate": {[]string{"alternate", "data"}, []string{"if", "features"}},
	"struct":    {[]string{"struct", "data"}, []string{"base", "if", "features"}},
	"command": {[]string{"command"}, []string{"data", "returns", "boxed", "if", "features",
		"gen", "success-response", "allow-oob", "allow-preconfig", "coroutine"}},
	"event": {[]string{"event"}, []string{"data", "boxed", "if", "features"}},
}

// legacyMetas is the order in which QEMU 4.2 to 6.1 looked for the kind
// key.
var legacyMetas = []string{"enum", "union", "alternate", "struct", "command", "event"}

// legacyTypeRule says what forms a legacy type reference may take.
type legacyTypeRule struct {
	array  bool     // ['T'] allowed
	inline bool     // inline members allowed
	owners []string // names looked up in the name-case exceptions
}

// legacyType is a checked legacy type reference: a name, an array, or
// inline members.
type legacyType struct {
	ref     *TypeRef // nil when absent or inline
	members []*Member
	inline  bool
}

func (c *exprChecker) legacyType(v parser.Value, source string, rule legacyTypeRule) (legacyType, error) {
	if v == nil {
		return legacyType{}, nil
	}
	if list, ok := asList(v); ok {
		if !rule.array {
			return legacyType{}, c.errorf("%s cannot be an array", source)
		}
		ref, err := c.arrayRef(list, source)
		return legacyType{ref: ref}, err
	}
	if s, ok := asString(v); ok {
		return legacyType{ref: &TypeRef{Name: s}}, nil
	}
	if !rule.inline {
		return legacyType{}, c.errorf("%s should be a type name", source)
	}
	obj, ok := asObject(v)
	if !ok {
		return legacyType{}, c.errorf("%s should be an object or type name", source)
	}
	permitUpper := c.caseExempt(rule.owners...)
	out := legacyType{inline: true, members: make([]*Member, 0, obj.Len())}
	for i, key := range obj.Keys {
		m, err := c.legacyMember(key, obj.Values[i], source, permitUpper)
		if err != nil {
			return legacyType{}, err
		}
		out.members = append(out.members, m)
	}
	return out, nil
}

func (c *exprChecker) legacyMember(key string, value parser.Value, source string, permitUpper bool) (*Member, error) {
	keySource := fmt.Sprintf("%s member '%s'", source, key)
	how := legacyName{optional: true, permitUpper: permitUpper, alsoLower: true}
	if err := c.checkLegacyName(key, keySource, how); err != nil {
		return nil, err
	}
	// QEMU 4.2 tested the key with its '*' still on; 6.0 stripped it
	// first and so reserved more names. The union is 4.2's rule.
	if c.isReservedMemberName(key) {
		return nil, c.errorf("%s uses reserved name", keySource)
	}
	// Member features came with QEMU 5.0: the legacy rule is the same.
	arg, cond, features, err := c.memberObject(value, keySource)
	if err != nil {
		return nil, err
	}
	t, err := c.legacyType(lookup(arg, "type"), keySource, legacyTypeRule{array: true})
	if err != nil {
		return nil, err
	}
	name := key
	optional := len(key) > 0 && key[0] == '*'
	if optional {
		name = key[1:]
	}
	return &Member{Name: name, Optional: optional, Type: *t.ref, If: cond, Features: features}, nil
}

func (c *exprChecker) legacyStruct(obj *parser.Object, name string) (*Struct, error) {
	data, err := c.legacyType(lookup(obj, "data"), "'data'", legacyTypeRule{inline: true, owners: []string{name}})
	if err != nil {
		return nil, err
	}
	if !data.inline {
		// QEMU 4.2 let a type name through here and then failed
		// internally; report it as later QEMU does.
		return nil, c.errorf("'data' should be an object or type name")
	}
	base, err := c.legacyType(lookup(obj, "base"), "'base'", legacyTypeRule{})
	if err != nil {
		return nil, err
	}
	def := &Struct{Members: data.members}
	if base.ref != nil {
		def.Base = base.ref.Name
	}
	return def, nil
}

func (c *exprChecker) legacyUnion(obj *parser.Object, name string) (*Union, error) {
	def := &Union{}
	base, hasBase := obj.Get("base")
	disc, hasDisc := obj.Get("discriminator")
	if !hasDisc {
		if hasBase {
			return nil, c.errorf("'base' requires 'discriminator'")
		}
	} else {
		t, err := c.legacyType(base, "'base'", legacyTypeRule{inline: true, owners: []string{name, "q_obj_" + name + "-base"}})
		if err != nil {
			return nil, err
		}
		if !truthy(base) {
			return nil, c.errorf("'discriminator' requires 'base'")
		}
		if t.inline {
			def.BaseMembers, def.HasInlineBase = t.members, true
		} else {
			def.BaseName = t.ref.Name
		}
		s, ok := asString(disc)
		if !ok {
			return nil, c.errorf("'discriminator' requires a string name")
		}
		def.Discriminator = s
	}
	data, ok := asObject(lookup(obj, "data"))
	if !ok {
		return nil, c.errorf("'data' must be an object")
	}
	for i, key := range data.Keys {
		source := fmt.Sprintf("'data' member '%s'", key)
		// QEMU 6.0 stopped checking the branch names of flat unions
		// (they must be values of the discriminator's enum, whose names
		// are checked there).
		b, err := c.legacyBranch(key, data.Values[i], source, legacyTypeRule{array: !truthy(base)}, !hasDisc, c.caseExempt(name+"Kind"))
		if err != nil {
			return nil, err
		}
		def.Branches = append(def.Branches, b)
	}
	return def, nil
}

func (c *exprChecker) legacyBranch(key string, value parser.Value, source string, rule legacyTypeRule, checkName, permitUpper bool) (*Branch, error) {
	if checkName {
		if err := c.checkLegacyName(key, source, legacyName{alsoLower: true, permitUpper: permitUpper}); err != nil {
			return nil, err
		}
	}
	obj := asMemberObject(value)
	if err := c.checkKeys(obj, source, []string{"type"}, []string{"if"}); err != nil {
		return nil, err
	}
	cond, err := c.checkIf(obj, source)
	if err != nil {
		return nil, err
	}
	t, err := c.legacyType(lookup(obj, "type"), source, rule)
	if err != nil {
		return nil, err
	}
	return &Branch{Name: key, Type: *t.ref, If: cond}, nil
}

func (c *exprChecker) legacyAlternate(obj *parser.Object, name string) (*Alternate, error) {
	v := lookup(obj, "data")
	if !truthy(v) {
		return nil, c.errorf("'data' must not be empty")
	}
	data, ok := asObject(v)
	if !ok {
		return nil, c.errorf("'data' must be an object")
	}
	def := &Alternate{}
	for i, key := range data.Keys {
		source := fmt.Sprintf("'data' member '%s'", key)
		b, err := c.legacyBranch(key, data.Values[i], source, legacyTypeRule{}, true, c.caseExempt(name))
		if err != nil {
			return nil, err
		}
		def.Alternatives = append(def.Alternatives, b)
	}
	return def, nil
}

// legacyArguments is arguments for the legacy language.
func (c *exprChecker) legacyArguments(obj *parser.Object, name string) (argType string, args []*Member, hasArgs bool, err error) {
	data, present := obj.Get("data")
	boxed := truthy(lookup(obj, "boxed"))
	if boxed && !present {
		return "", nil, false, c.errorf("'boxed': true requires 'data'")
	}
	t, err := c.legacyType(data, "'data'", legacyTypeRule{inline: !boxed, owners: []string{"q_obj_" + name + "-arg"}})
	if err != nil {
		return "", nil, false, err
	}
	if t.inline {
		return "", t.members, true, nil
	}
	if t.ref != nil {
		argType = t.ref.Name
	}
	return argType, nil, false, nil
}

func (c *exprChecker) legacyCommand(obj *parser.Object, name string) (*Command, error) {
	argType, args, hasArgs, err := c.legacyArguments(obj, name)
	if err != nil {
		return nil, err
	}
	def := &Command{ArgType: argType, Args: args, HasArgs: hasArgs}
	rets, err := c.legacyType(lookup(obj, "returns"), "'returns'", legacyTypeRule{array: true})
	if err != nil {
		return nil, err
	}
	def.Returns = rets.ref
	return def, nil
}

func (c *exprChecker) legacyEvent(obj *parser.Object, name string) (*Event, error) {
	argType, args, hasArgs, err := c.legacyArguments(obj, name)
	if err != nil {
		return nil, err
	}
	return &Event{ArgType: argType, Args: args, HasArgs: hasArgs}, nil
}

// caseExempt reports whether the name-case pragma lists one of owners.
func (c *exprChecker) caseExempt(owners ...string) bool {
	for _, o := range owners {
		if slices.Contains(c.info.Pragma.MemberNameExceptions, o) {
			return true
		}
	}
	return false
}
