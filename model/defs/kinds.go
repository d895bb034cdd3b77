// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"slices"

	"github.com/qapi-gen/qapi-gen/parser"
)

// Allowed keys per definition kind in the current language.
var defKeys = map[string]struct{ required, optional []string }{
	"enum":      {[]string{"enum", "data"}, []string{"if", "features", "prefix"}},
	"union":     {[]string{"union", "base", "discriminator", "data"}, []string{"if", "features"}},
	"alternate": {[]string{"alternate", "data"}, []string{"if", "features"}},
	"struct":    {[]string{"struct", "data"}, []string{"base", "if", "features"}},
	"command": {[]string{"command"}, []string{"data", "returns", "boxed", "if", "features",
		"gen", "success-response", "allow-oob", "allow-preconfig", "coroutine"}},
	"event": {[]string{"event"}, []string{"data", "boxed", "if", "features"}},
}

func (c *exprChecker) enum(obj *parser.Object, name string) (*Enum, error) {
	data, ok := asList(lookup(obj, "data"))
	if !ok {
		return nil, c.errorf("'data' must be an array")
	}
	def := &Enum{}
	if p, present := obj.Get("prefix"); present {
		s, ok := asString(p)
		if !ok {
			return nil, c.errorf("'prefix' must be a string")
		}
		def.Prefix, def.HasPrefix = s, true
	}
	permissive := slices.Contains(c.info.Pragma.MemberNameExceptions, name)
	for _, elt := range data {
		m, err := c.enumMember(asNamedObject(elt), permissive)
		if err != nil {
			return nil, err
		}
		def.Members = append(def.Members, m)
	}
	return def, nil
}

func (c *exprChecker) enumMember(obj *parser.Object, permissive bool) (*EnumMember, error) {
	source := "'data' member"
	optional := []string{"if", "features"}
	if c.legacy {
		optional = []string{"if"}
	}
	if err := c.checkKeys(obj, source, []string{"name"}, optional); err != nil {
		return nil, err
	}
	name, ok := asString(lookup(obj, "name"))
	if !ok {
		return nil, c.errorf("%s requires a string name", source)
	}
	source += " '" + name + "'"
	var err error
	if c.legacy {
		err = c.checkLegacyName(name, source, legacyName{enumMember: true, permitUpper: permissive, alsoLower: true})
	} else {
		// Enum values may start with a digit; check the rest as a name.
		checked := name
		if checked != "" && checked[0] >= '0' && checked[0] <= '9' {
			checked = "d" + checked
		}
		err = c.checkNameLower(checked, source, permissive, permissive)
	}
	if err != nil {
		return nil, err
	}
	cond, err := c.checkIf(obj, source)
	if err != nil {
		return nil, err
	}
	features, err := c.features(lookup(obj, "features"))
	if err != nil {
		return nil, err
	}
	return &EnumMember{Name: name, If: cond, Features: features}, nil
}

func (c *exprChecker) structDef(obj *parser.Object, name string) (*Struct, error) {
	members, err := c.implicitMembers(lookup(obj, "data"), "'data'", name)
	if err != nil {
		return nil, err
	}
	base, err := c.typeName(lookup(obj, "base"), "'base'")
	if err != nil {
		return nil, err
	}
	return &Struct{Base: base, Members: members}, nil
}

func (c *exprChecker) union(obj *parser.Object, name string) (*Union, error) {
	def := &Union{}
	switch base := lookup(obj, "base").(type) {
	case string:
		def.BaseName = base
	default:
		members, err := c.implicitMembers(base, "'base'", name)
		if err != nil {
			return nil, err
		}
		def.BaseMembers, def.HasInlineBase = members, true
	}
	disc, ok := asString(lookup(obj, "discriminator"))
	if !ok {
		return nil, c.errorf("'discriminator' requires a string name")
	}
	def.Discriminator = disc
	branches, err := c.branches(lookup(obj, "data"), false)
	if err != nil {
		return nil, err
	}
	def.Branches = branches
	return def, nil
}

// branches checks a union's or alternate's 'data'. Alternate branches are
// named like members and may be arrays; union branches must name a type.
func (c *exprChecker) branches(v parser.Value, alternate bool) ([]*Branch, error) {
	data, ok := asObject(v)
	if !ok {
		return nil, c.errorf("'data' must be an object")
	}
	branches := make([]*Branch, 0, data.Len())
	for i, key := range data.Keys {
		source := "'data' member '" + key + "'"
		if alternate {
			if err := c.checkNameLower(key, source, false, false); err != nil {
				return nil, err
			}
		}
		value := asMemberObject(data.Values[i])
		if err := c.checkKeys(value, source, []string{"type"}, []string{"if"}); err != nil {
			return nil, err
		}
		cond, err := c.checkIf(value, source)
		if err != nil {
			return nil, err
		}
		var ref *TypeRef
		if alternate {
			ref, err = c.typeRef(lookup(value, "type"), source)
		} else {
			var tn string
			tn, err = c.typeName(lookup(value, "type"), source)
			ref = &TypeRef{Name: tn}
		}
		if err != nil {
			return nil, err
		}
		branches = append(branches, &Branch{Name: key, Type: *ref, If: cond})
	}
	return branches, nil
}

func (c *exprChecker) alternate(obj *parser.Object) (*Alternate, error) {
	data := lookup(obj, "data")
	if !truthy(data) {
		return nil, c.errorf("'data' must not be empty")
	}
	branches, err := c.branches(data, true)
	if err != nil {
		return nil, err
	}
	return &Alternate{Alternatives: branches}, nil
}

// arguments checks the 'data' of a command or event: with 'boxed' it must
// name a type, otherwise it may also define the arguments inline.
func (c *exprChecker) arguments(obj *parser.Object) (argType string, args []*Member, hasArgs bool, err error) {
	data, present := obj.Get("data")
	if truthy(lookup(obj, "boxed")) {
		if !present {
			return "", nil, false, c.errorf("'boxed': true requires 'data'")
		}
		argType, err = c.typeName(data, "'data'")
		return argType, nil, false, err
	}
	if !present {
		return "", nil, false, nil
	}
	if s, ok := asString(data); ok {
		return s, nil, false, nil
	}
	args, err = c.implicitMembers(data, "'data'", "")
	return "", args, err == nil, err
}

func (c *exprChecker) command(obj *parser.Object) (*Command, error) {
	argType, args, hasArgs, err := c.arguments(obj)
	if err != nil {
		return nil, err
	}
	def := &Command{ArgType: argType, Args: args, HasArgs: hasArgs}
	def.Returns, err = c.typeRef(lookup(obj, "returns"), "'returns'")
	if err != nil {
		return nil, err
	}
	return def, nil
}

func (c *exprChecker) event(obj *parser.Object) (*Event, error) {
	argType, args, hasArgs, err := c.arguments(obj)
	if err != nil {
		return nil, err
	}
	return &Event{ArgType: argType, Args: args, HasArgs: hasArgs}, nil
}
