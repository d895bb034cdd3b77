// SPDX-License-Identifier: Apache-2.0

package model

import (
	"fmt"

	"github.com/qapi-gen/qapi-gen/source"
)

// checkState is an object's progress through the check: QEMU checks an
// object when it is first needed (as a base or branch), and meeting an
// object again while checking it means it contains itself.
type checkState uint8

const (
	unchecked checkState = iota
	checking
	checked
)

// check checks every entity and connects its doc, then assigns modules,
// then checks the docs, in QEMU's order.
func (b *builder) check() error {
	for _, e := range b.s.Entities {
		if err := b.checkEntity(e); err != nil {
			return err
		}
		if err := b.connectDoc(e); err != nil {
			return b.docError(err)
		}
	}
	if b.opts.Legacy {
		b.settleWrapperConds()
		acceptCommandMemberDocs(b.s.Entities)
	}
	for _, e := range b.s.Entities {
		b.setModule(e)
	}
	for _, d := range b.s.Docs {
		if err := d.Check(); err != nil {
			return b.docError(err)
		}
	}
	if !b.opts.Legacy && len(b.s.FeatureNames) > 64 {
		return source.Errorf(b.featureInfo[64], "Maximum of 64 schema features is permitted")
	}
	return nil
}

func (b *builder) checkEntity(e Entity) error {
	switch e := e.(type) {
	case *Include:
		return nil
	case *Builtin:
		return b.checkFeatures(&e.Def, false)
	case *Enum:
		return b.checkEnum(e)
	case *Array:
		return b.checkArray(e)
	case *Object:
		return b.checkObject(e)
	case *Alternate:
		return b.checkAlternate(e)
	case *Command:
		return b.checkCommand(e)
	case *Event:
		return b.checkEvent(e)
	}
	return fmt.Errorf("model: unexpected entity %T", e)
}

// resolve looks up a type used at info; what names the user in the
// error message when there is no such type.
func (b *builder) resolve(name string, info *source.Info, what func() string) (Type, error) {
	if t := b.lookupType(name); t != nil {
		return t, nil
	}
	return nil, source.Errorf(info, "%s uses unknown type '%s'", what(), name)
}

func whatIs(s string) func() string { return func() string { return s } }

// clashes detects names that map to the same C name, remembering what
// holds each name so that a collision can name both.
type clashes map[string]holder

// holder is a member, value, branch or feature holding a name: role and
// name as QEMU describes it, and what it belongs to (see describeIn).
type holder struct {
	role, name string
	in         Definition
	inName     string
}

// add records h's name, or reports it colliding with an earlier holder.
// Both are described relative to info, the definition being checked.
func (b *builder) add(c clashes, h holder, info *source.Info) error {
	_, err := b.addKey(c, h, info)
	return err
}

// addKey is add, also returning the key under which h was recorded.
func (b *builder) addKey(c clashes, h holder, info *source.Info) (string, error) {
	key := cName(h.name)
	if prev, ok := c[key]; ok {
		return "", source.Errorf(info, "%s collides with %s", b.describe(h, info), b.describe(prev, info))
	}
	c[key] = h
	return key, nil
}

// checkFeatures rejects duplicate features and, for types, the special
// features QEMU gives a meaning only for commands, events and members.
func (b *builder) checkFeatures(d *Def, isType bool) error {
	if err := b.checkFeatureClash(d.Features, d.Info); err != nil {
		return err
	}
	if isType && !b.opts.Legacy {
		for _, f := range d.Features {
			if f.Special() {
				return source.Errorf(d.Info, "feature '%s' is not supported for types", f.Name)
			}
		}
	}
	return nil
}

func (b *builder) checkFeatureClash(fs []*Feature, info *source.Info) error {
	if len(fs) == 0 {
		return nil
	}
	seen := clashes{}
	for _, f := range fs {
		if err := b.add(seen, holder{"feature", f.Name, nil, f.definedIn}, info); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) checkEnum(e *Enum) error {
	if err := b.checkFeatures(&e.Def, true); err != nil {
		return err
	}
	seen := clashes{}
	for _, m := range e.Members {
		if err := b.add(seen, holder{"value", m.Name, e, ""}, e.Info); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) checkArray(a *Array) error {
	if err := b.checkFeatures(&a.Def, true); err != nil {
		return err
	}
	what := ""
	if a.Info != nil {
		what = a.Info.DefnMeta
	}
	t, err := b.resolve(a.elemName, a.Info, whatIs(what))
	if err != nil {
		return err
	}
	a.Element = t
	a.If = t.Common().If
	return nil
}

// checkMember resolves a member's type and checks its features.
func (b *builder) checkMember(m *Member) error {
	t, err := b.resolve(m.typeName, m.Info, func() string { return b.describeMember(m, m.Info) })
	if err != nil {
		return err
	}
	m.Type = t
	return b.checkFeatureClash(m.Features, m.Info)
}

// checkObject checks a struct or union once; it is called again for
// each use as a base or branch, where it must be complete already.
func (b *builder) checkObject(o *Object) error {
	switch o.state {
	case checked:
		return nil
	case checking:
		return source.Errorf(o.Info, "object %s contains itself", o.Name)
	}
	o.state = checking
	if err := b.checkFeatures(&o.Def, true); err != nil {
		return err
	}
	seen := clashes{}
	var members []*Member
	if o.baseName != "" {
		t, err := b.resolve(o.baseName, o.Info, whatIs("'base'"))
		if err != nil {
			return err
		}
		base, ok := t.(*Object)
		if !ok || base.Branches != nil {
			return source.Errorf(o.Info, "'base' requires a struct type, %s isn't", describeDef(t))
		}
		if err := b.checkObject(base); err != nil {
			return err
		}
		if err := b.objectClash(base, o.Info, seen, nil); err != nil {
			return err
		}
		o.Base = base
		members = append(members, base.Members...)
	}
	for _, m := range o.Local {
		if err := b.checkMember(m); err != nil {
			return err
		}
		if err := b.add(seen, memberHolder(m), o.Info); err != nil {
			return err
		}
	}
	members = append(members, o.Local...)
	if o.Branches != nil {
		if err := b.checkBranches(o, members, seen); err != nil {
			return err
		}
		if err := b.branchesClash(o.Branches, o.Info, seen); err != nil {
			return err
		}
	}
	o.Members = members
	o.state = checked
	return nil
}

// objectClash checks that o's members (and those of its branches) do not
// collide with seen, on behalf of the definition at info.
func (b *builder) objectClash(o *Object, info *source.Info, seen clashes, added *[]string) error {
	for _, m := range o.Members {
		key, err := b.addKey(seen, memberHolder(m), info)
		if err != nil {
			return err
		}
		if added != nil {
			*added = append(*added, key)
		}
	}
	if o.Branches != nil {
		return b.branchesClash(o.Branches, info, seen)
	}
	return nil
}

// branchesClash checks each branch's members against seen separately:
// branches do not clash with each other. A branch's names are added to
// seen and taken out again after it (cheaper than checking a copy): add
// records only names not there before, and an error ends the check.
func (b *builder) branchesClash(br *Branches, info *source.Info, seen clashes) error {
	var added []string
	for _, v := range br.Variants {
		o, ok := v.Type.(*Object)
		if !ok {
			continue
		}
		added = added[:0]
		if err := b.objectClash(o, info, seen, &added); err != nil {
			return err
		}
		for _, k := range added {
			delete(seen, k)
		}
	}
	return nil
}

// checkBranches resolves a union's tag and branches. members are the
// union's members so far (base and local), by which the tag is found.
func (b *builder) checkBranches(o *Object, members []*Member, seen clashes) error {
	br := o.Branches
	if br.Tag == nil {
		if err := b.findTag(o, members); err != nil {
			return err
		}
	}
	tagEnum, _ := br.Tag.Type.(*Enum)
	if len(br.Variants) == 0 {
		return source.Errorf(o.Info, "union has no branches")
	}
	for _, v := range br.Variants {
		t, err := b.resolve(v.typeName, v.Info, func() string { return b.describeVariant(v, v.Info) })
		if err != nil {
			return err
		}
		v.Type = t
		if len(seen) == 0 {
			continue
		}
		if !enumHas(tagEnum, v.Name) {
			return source.Errorf(o.Info, "branch '%s' is not a value of %s", v.Name, describeDef(tagEnum))
		}
		vo, ok := t.(*Object)
		if !ok || (b.opts.Legacy && vo.Branches != nil) {
			return source.Errorf(o.Info, "%s cannot use %s", b.describeVariant(v, o.Info), describeDef(t))
		}
		if err := b.checkObject(vo); err != nil {
			return err
		}
	}
	return nil
}

// findTag finds a union's discriminator among its base's members,
// checks it, and adds an empty branch for each tag value without one.
func (b *builder) findTag(o *Object, members []*Member) error {
	br := o.Branches
	var tag *Member
	key := cName(br.tagName)
	for _, m := range members {
		if cName(m.Name) == key {
			tag = m
			break
		}
	}
	base := "'base'"
	if tag == nil || tag.Name != br.tagName {
		return source.Errorf(o.Info, "discriminator '%s' is not a member of %s", br.tagName, base)
	}
	br.Tag = tag
	if tag.DefinedIn.Common().Implicit == nil {
		base = fmt.Sprintf("base type '%s'", tag.DefinedIn.Common().Name)
	}
	enum, ok := tag.Type.(*Enum)
	switch {
	case !ok:
		return source.Errorf(o.Info, "discriminator member '%s' of %s must be of enum type", br.tagName, base)
	case tag.Optional:
		return source.Errorf(o.Info, "discriminator member '%s' of %s must not be optional", br.tagName, base)
	case tag.If != nil:
		return source.Errorf(o.Info, "discriminator member '%s' of %s must not be conditional", br.tagName, base)
	}
	covered := make(map[string]bool, len(br.Variants))
	for _, v := range br.Variants {
		covered[v.Name] = true
	}
	for _, m := range enum.Members {
		if !covered[m.Name] {
			br.Variants = append(br.Variants, &Variant{
				Name: m.Name, Info: o.Info, If: m.If, DefinedIn: tag.DefinedIn, typeName: b.qEmpty.Name,
			})
		}
	}
	return nil
}

func enumHas(e *Enum, name string) bool {
	if e == nil {
		return false
	}
	for _, m := range e.Members {
		if m.Name == name {
			return true
		}
	}
	return false
}

func (b *builder) checkAlternate(a *Alternate) error {
	if err := b.checkFeatures(&a.Def, true); err != nil {
		return err
	}
	a.Tag.Type = b.qType
	for _, v := range a.Alternatives {
		t, err := b.resolve(v.typeName, v.Info, func() string { return b.describeVariant(v, v.Info) })
		if err != nil {
			return err
		}
		v.Type = t
	}
	seen := clashes{}
	// typesSeen maps each JSON kind an alternative claims to its name.
	typesSeen := map[string]string{}
	for _, v := range a.Alternatives {
		if err := b.add(seen, variantHolder(v), a.Info); err != nil {
			return err
		}
		for _, qt := range b.conflicting(v.Type) {
			if qt == "" {
				return source.Errorf(a.Info, "%s cannot use %s", b.describeVariant(v, a.Info), describeDef(v.Type))
			}
			if prev, ok := typesSeen[qt]; ok {
				return source.Errorf(a.Info, "%s can't be distinguished from '%s'", b.describeVariant(v, a.Info), prev)
			}
			typesSeen[qt] = v.Name
		}
	}
	return nil
}

// conflicting lists the QType kinds an alternative of type t could be
// confused with on the wire (input visitors parse strings as numbers and
// booleans too): its own first, "" when t cannot be an alternative.
func (b *builder) conflicting(t Type) []string {
	var qt string
	switch t.JSONType() {
	case "null":
		qt = "QTYPE_QNULL"
	case "string":
		qt = "QTYPE_QSTRING"
	case "number", "int":
		qt = "QTYPE_QNUM"
	case "boolean":
		qt = "QTYPE_QBOOL"
	case "array":
		if !b.opts.Legacy {
			qt = "QTYPE_QLIST"
		}
	case "object":
		qt = "QTYPE_QDICT"
	}
	if qt != "QTYPE_QSTRING" {
		return []string{qt}
	}
	e, ok := t.(*Enum)
	if !ok {
		return []string{qt, "QTYPE_QNUM", "QTYPE_QBOOL"}
	}
	out := []string{qt}
	var boolish, numberish bool
	for _, m := range e.Members {
		if m.Name == "on" || m.Name == "off" {
			boolish = true
		}
		if m.Name != "" && (m.Name[0] == '-' || m.Name[0] == '+' || m.Name[0] == '.' || (m.Name[0] >= '0' && m.Name[0] <= '9')) {
			numberish = true
		}
	}
	if numberish {
		out = append(out, "QTYPE_QNUM")
	}
	if boolish {
		out = append(out, "QTYPE_QBOOL")
	}
	return out
}

// argType resolves a command's or event's 'data' type. what is
// "command" or "event".
func (b *builder) argType(name string, boxed bool, info *source.Info, what string) (*Object, error) {
	if name == "" {
		return nil, nil
	}
	t, err := b.resolve(name, info, whatIs(what+"'s 'data'"))
	if err != nil {
		return nil, err
	}
	o, ok := t.(*Object)
	if !ok {
		return nil, source.Errorf(info, "%s's 'data' cannot take %s", what, describeDef(t))
	}
	if o.Branches != nil && !boxed {
		return nil, source.Errorf(info, "%s's 'data' can take %s only with 'boxed': true", what, describeDef(o))
	}
	if b.opts.Legacy {
		// QEMU 4.2 neither checked the type here nor rejected
		// conditional arguments; the type is checked on its own.
		return o, nil
	}
	if err := b.checkObject(o); err != nil {
		return nil, err
	}
	if o.HasConditionalMembers() && !boxed {
		return nil, source.Errorf(info, "conditional %s arguments require 'boxed': true", what)
	}
	return o, nil
}

func (b *builder) checkCommand(c *Command) error {
	if err := b.checkFeatures(&c.Def, false); err != nil {
		return err
	}
	arg, err := b.argType(c.argName, c.Boxed, c.Info, "command")
	if err != nil {
		return err
	}
	c.Arg = arg
	if c.retName == "" {
		return nil
	}
	ret, err := b.resolve(c.retName, c.Info, whatIs("command's 'returns'"))
	if err != nil {
		return err
	}
	c.Ret = ret
	if c.Info != nil && c.Info.Pragma != nil && contains(c.Info.Pragma.CommandReturnsExceptions, c.Name) {
		return nil
	}
	elem := ret
	if a, ok := ret.(*Array); ok {
		elem = a.Element
	}
	if _, ok := elem.(*Object); !ok {
		return source.Errorf(c.Info, "command's 'returns' cannot take %s", describeDef(ret))
	}
	return nil
}

func (b *builder) checkEvent(e *Event) error {
	if err := b.checkFeatures(&e.Def, false); err != nil {
		return err
	}
	arg, err := b.argType(e.argName, e.Boxed, e.Info, "event")
	if err != nil {
		return err
	}
	e.Arg = arg
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// setModule puts e into the module of the file it was defined in; an
// array type goes with its element type, built-ins into the built-in
// module.
func (b *builder) setModule(e Entity) {
	info := e.Pos()
	if a, ok := e.(*Array); ok {
		info = a.Element.Pos()
	}
	file := BuiltinModuleName
	if info != nil {
		file = info.File
	}
	m := b.makeModule(file)
	switch e := e.(type) {
	case *Include:
		e.Module = m
	case Definition:
		e.Common().Module = m
	}
	m.Entities = append(m.Entities, e)
}

// acceptCommandMemberDocs marks every member description in the docs of
// commands and events as matched: QEMU before 4.2 did not check them, so
// a description of a member the command or event lacks was no error
// (QEMU 4.0's announce-self has one).
func acceptCommandMemberDocs(entities []Entity) {
	for _, e := range entities {
		switch e.(type) {
		case *Command, *Event:
		default:
			continue
		}
		if d := e.(Definition).Common().Doc; d != nil {
			for _, s := range d.Args {
				s.Connected = true
			}
		}
	}
}
