// SPDX-License-Identifier: Apache-2.0

package goview

import "github.com/qapi-gen/qapi-gen/model"

// fill names the fields and methods of declaration d in a scope of its
// own.
func (vw *View) fill(d *Def) error {
	switch dd := d.Def.(type) {
	case *model.Object:
		if d.Kind == Union {
			return vw.fillUnion(d, dd)
		}
		fs, err := vw.fields(dd.Members, newScope("struct "+d.Name), dd)
		if err != nil {
			return err
		}
		d.Fields = fs
		if hasRequiredList(fs) {
			d.Methods = []string{"MarshalJSON"}
		}
	case *model.Alternate:
		return vw.fillAlternate(d, dd)
	case *model.Enum:
		d.Methods = []string{"Known"}
		if dd.Name == ErrorClassEnum {
			d.Methods = append(d.Methods, "Error", "QMPErrorClass")
		}
	case *model.Command:
		sc := newScope("command type " + d.Name)
		if err := vw.fillArgs(d, dd.Arg, sc); err != nil {
			return err
		}
		if !dd.Gen && dd.Arg != nil {
			d.Extra = sc.yield("Extra", "the field for extra members ('gen': false)")
		}
		d.Method = vw.MethodName(dd)
		if dd.Ret != nil {
			t := vw.TypeOf(dd.Ret)
			d.Result = &t
		}
		d.TakesFile = fileCommands[dd.Name] && dd.SuccessResponse
		vw.argMethods(d, d.Extra != "")
		for _, m := range vw.commandMethods {
			d.Methods = append(d.Methods, vw.Method(m))
		}
	case *model.Event:
		if err := vw.fillArgs(d, dd.Arg, newScope("event type "+d.Name)); err != nil {
			return err
		}
		vw.argMethods(d, false)
		for _, m := range vw.eventMethods {
			d.Methods = append(d.Methods, vw.Method(m))
		}
	}
	return nil
}

// ErrorClassEnum is the schema name of the enum of QMP error classes
// (qapi/error.json); its values are what *qmp.Error's Class holds, and
// its type gets the methods that make a value a target of errors.Is.
const ErrorClassEnum = "QapiErrorClass"

// fileCommands are the commands whose QEMU handler takes the file
// descriptor that came with the command's message (SCM_RIGHTS over the
// monitor's Unix socket): without one they fail with "No file descriptor
// supplied via SCM_RIGHTS". The schema has no marker for this (the
// handlers fetch the descriptor themselves), so the list is kept here:
// getfd (a named descriptor for later commands) and add-fd (a descriptor
// added to an fd set). Commands that only refer to such a descriptor by
// name or fd set (closefd, remove-fd, add_client, ...) take none.
var fileCommands = map[string]bool{
	"getfd":  true,
	"add-fd": true,
}

// fields gives the kept members their fields in sc; owner declares them
// (for positions, and recursion).
func (vw *View) fields(ms []*model.Member, sc *scope, owner *model.Object) ([]*Field, error) {
	var out []*Field
	for _, m := range ms {
		if !vw.Allows(m.If) {
			continue
		}
		id := vw.FieldName(m)
		if err := sc.claim(id, "member '"+m.Name+"'", at(m.Info, owner)); err != nil {
			return nil, err
		}
		rec := vw.recursive[memberKey{owner, m}]
		t, omit := vw.fieldType(m, rec)
		_, list := m.Type.(*model.Array)
		out = append(out, &Field{Member: m, Name: id, Type: t, JSON: m.Name, Omit: omit,
			Optional: m.Optional, Recursive: rec, RequiredList: list && !m.Optional, If: m.If})
	}
	return out, nil
}

// hasRequiredList reports a required array member (see
// Field.RequiredList).
func hasRequiredList(fs []*Field) bool {
	for _, f := range fs {
		if f.RequiredList {
			return true
		}
	}
	return false
}

// fillArgs names the fields of a command or event type: the inline
// arguments' members, or the named argument type's field.
func (vw *View) fillArgs(d *Def, arg *model.Object, sc *scope) error {
	if arg == nil {
		return nil
	}
	if InlineArgs(arg) {
		fs, err := vw.fields(arg.Members, sc, arg)
		d.Fields = fs
		return err
	}
	t := vw.TypeOf(arg).String()
	f, embedded := argField(t)
	d.Arg = &Arg{Field: f, Type: t, Embedded: embedded}
	return sc.claim(f, "the embedded argument type", d.Def.Pos())
}

// argMethods are the JSON methods of a command or event type: a
// MarshalJSON for extra members or required lists, both for a named
// argument type that is a field rather than embedded.
func (vw *View) argMethods(d *Def, extra bool) {
	if extra || hasRequiredList(d.Fields) || d.Arg != nil && !d.Arg.Embedded {
		d.Methods = append(d.Methods, "MarshalJSON")
	}
	if d.Arg != nil && !d.Arg.Embedded {
		d.Methods = append(d.Methods, "UnmarshalJSON")
	}
}

// fillUnion names a union's fields: the base members', then a branch's
// per tag value with a type of its own. QAPI keeps tag values apart from
// member names (a union may have a member 'size' and a branch 'size'), so
// a branch field whose name a member's field has yields: it takes a
// trailing '_' (more than one if needed), which no member's can have but
// a member named like a method Go fixes. All members count, whatever
// their condition, so that -cond does not rename branches. Two branches
// with one name stay a clash.
func (vw *View) fillUnion(d *Def, o *model.Object) error {
	sc := newScope("union " + d.Name)
	fs, err := vw.fields(o.Members, sc, o)
	if err != nil {
		return err
	}
	d.Fields = fs
	tag := o.Branches.Tag
	for _, f := range fs {
		if f.Member.Name == tag.Name {
			d.Tag = f
		}
	}
	taken := map[string]bool{}
	for _, m := range o.Members {
		taken[fieldIdent(m.Name)] = true
	}
	for _, v := range o.Branches.Variants {
		if !vw.Allows(v.If) || !vw.TagValueKept(tag, v.Name) {
			continue
		}
		if !v.HasOwnType() {
			d.Bare = append(d.Bare, v.Name)
			continue
		}
		tc := vw.EnumConst(tag.Type, v.Name)
		id, renamed := vw.renames.parts[partKey{o, v.Name}]
		if !renamed {
			id = fieldIdent(v.Name)
			for taken[id] {
				id += "_"
			}
		}
		if err := sc.claim(id, "branch '"+v.Name+"'", at(v.Info, o)); err != nil {
			return err
		}
		d.Branches = append(d.Branches, &Branch{Variant: v, Name: id, Type: vw.TypeOf(v.Type).Ptr(), Tag: tc, If: v.If})
	}
	d.UnknownBranch = sc.yield("UnknownBranch", "the generated methods")
	d.Methods = []string{"MarshalJSON", "UnmarshalJSON", d.UnknownBranch}
	return nil
}

// fillAlternate names an alternate's fields, one per alternative.
func (vw *View) fillAlternate(d *Def, a *model.Alternate) error {
	sc := newScope("alternate " + d.Name)
	for _, v := range a.Alternatives {
		if !vw.Allows(v.If) {
			continue
		}
		id := vw.BranchName(a, v)
		if err := sc.claim(id, "alternative '"+v.Name+"'", at(v.Info, a)); err != nil {
			return err
		}
		d.Branches = append(d.Branches, &Branch{Variant: v, Name: id, Type: vw.alternativeType(v.Type), If: v.If})
	}
	d.Methods = []string{"MarshalJSON", "UnmarshalJSON", "IsZero"}
	return nil
}
