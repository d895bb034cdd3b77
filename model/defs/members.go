// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"strings"

	"github.com/qapi-gen/qapi-gen/model/cond"
	"github.com/qapi-gen/qapi-gen/parser"
)

// typeName checks a reference that must be a plain type name. Absent
// (nil) is fine; the caller decides whether absence matters.
func (c *exprChecker) typeName(v parser.Value, source string) (string, error) {
	if v == nil {
		return "", nil
	}
	s, ok := asString(v)
	if !ok {
		return "", c.errorf("%s should be a type name", source)
	}
	return s, nil
}

// typeRef checks a reference that may be a type name or ['T'].
func (c *exprChecker) typeRef(v parser.Value, source string) (*TypeRef, error) {
	if v == nil {
		return nil, nil
	}
	if s, ok := asString(v); ok {
		return &TypeRef{Name: s}, nil
	}
	list, ok := asList(v)
	if !ok {
		return nil, c.errorf("%s should be a type name or array", source)
	}
	return c.arrayRef(list, source)
}

func (c *exprChecker) arrayRef(list []parser.Value, source string) (*TypeRef, error) {
	if len(list) == 1 {
		if s, ok := asString(list[0]); ok {
			return &TypeRef{Name: s, Array: true}, nil
		}
	}
	return nil, c.errorf("%s: array type must contain single type name", source)
}

// implicitMembers checks the members of an implicit (inline) struct type:
// a command's or event's arguments, a struct's data, a union's inline
// base. owner names the definition whose member-name-exceptions pragma
// entry relaxes the case rules; "" for none.
func (c *exprChecker) implicitMembers(v parser.Value, source, owner string) ([]*Member, error) {
	obj, ok := asObject(v)
	if !ok {
		return nil, c.errorf("%s should be an object or type name", source)
	}
	permissive := owner != "" && c.info.Pragma.IsMemberNameException(owner)
	members := make([]*Member, 0, obj.Len())
	for i, key := range obj.Keys {
		m, err := c.member(key, obj.Values[i], source, permissive)
		if err != nil {
			return nil, err
		}
		members = append(members, m)
	}
	return members, nil
}

func (c *exprChecker) member(key string, value parser.Value, source string, permissive bool) (*Member, error) {
	keySource := source + " member '" + key + "'"
	name, optional := strings.CutPrefix(key, "*")
	if err := c.checkNameLower(name, keySource, permissive, permissive); err != nil {
		return nil, err
	}
	if c.isReservedMemberName(name) {
		return nil, c.errorf("%s uses reserved name", keySource)
	}
	if _, isObj := value.(*parser.Object); !isObj {
		// The shorthand 'name': 'T' (or ['T']), which stands for
		// {'type': ...}: nothing to check but the type.
		ref, err := c.typeRef(value, keySource)
		if err != nil {
			return nil, err
		}
		return &Member{Name: name, Optional: optional, Type: *ref}, nil
	}
	arg, cond, features, err := c.memberObject(value, keySource)
	if err != nil {
		return nil, err
	}
	ref, err := c.typeRef(lookup(arg, "type"), keySource)
	if err != nil {
		return nil, err
	}
	return &Member{Name: name, Optional: optional, Type: *ref, If: cond, Features: features}, nil
}

// memberObject checks a member's object form {'type': ..., 'if': ...,
// 'features': [...]} (a string stands for {'type': ...}) and returns it
// with its condition and features; the caller checks the type.
func (c *exprChecker) memberObject(value parser.Value, keySource string) (*parser.Object, *cond.Cond, []*Feature, error) {
	arg := asMemberObject(value)
	if err := c.checkKeys(arg, keySource, []string{"type"}, []string{"if", "features"}); err != nil {
		return nil, nil, nil, err
	}
	cond, err := c.checkIf(arg, keySource)
	if err != nil {
		return nil, nil, nil, err
	}
	features, err := c.features(lookup(arg, "features"))
	if err != nil {
		return nil, nil, nil, err
	}
	return arg, cond, features, nil
}

// features checks a 'features' list; nil when absent.
func (c *exprChecker) features(v parser.Value) ([]*Feature, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := asList(v)
	if !ok {
		return nil, c.errorf("'features' must be an array")
	}
	features := make([]*Feature, 0, len(list))
	for _, elt := range list {
		const source = "'features' member"
		feat := asNamedObject(elt)
		if err := c.checkKeys(feat, source, []string{"name"}, []string{"if"}); err != nil {
			return nil, err
		}
		name, ok := asString(lookup(feat, "name"))
		if !ok {
			return nil, c.errorf("%s requires a string name", source)
		}
		named := source + " '" + name + "'"
		var err error
		if c.legacy {
			// QEMU 6.1 allowed any case in feature names; 4.2 to 6.0
			// were stricter.
			err = c.checkLegacyName(name, named, legacyName{permitUpper: true})
		} else {
			err = c.checkNameLower(name, named, false, false)
		}
		if err != nil {
			return nil, err
		}
		cond, err := c.checkIf(feat, named)
		if err != nil {
			return nil, err
		}
		features = append(features, &Feature{Name: name, If: cond})
	}
	return features, nil
}
