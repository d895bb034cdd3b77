// SPDX-License-Identifier: Apache-2.0

package doc

import (
	"slices"
	"strings"

	"github.com/qapi-gen/qapi-gen/source"
)

// ConnectMember matches a member of the documented definition with its
// description. role is the member's role as QEMU names it in messages
// ("member", "value", "branch"); info is the member's position.
//
// An undocumented member is an error unless the definition is listed in
// the 'documentation-exceptions' pragma, or the doc was parsed in Legacy
// mode (releases before 10.0 did not require member docs). Then an empty
// stub description is added after the leading member descriptions, and
// its name appended to ArgOrder.
func (d *Doc) ConnectMember(name, role string, info *source.Info) error {
	s, ok := d.Args[name]
	if !ok {
		if !d.Legacy && (info == nil || info.Pragma == nil ||
			!slices.Contains(info.Pragma.DocumentationExceptions, d.Symbol)) {
			return source.Errorf(info, "%s '%s' lacks documentation", role, name)
		}
		s = &Section{Info: d.Info, Kind: Member, Name: name, Stub: true}
		d.Args[name] = s
		d.ArgOrder = append(d.ArgOrder, name)
		// QEMU places the stub after the member descriptions that directly
		// follow the body (and crashes when nothing follows them; we append).
		at := 1
		for at < len(d.All) && d.All[at].Kind == Member {
			at++
		}
		d.All = slices.Insert(d.All, at, s)
	}
	s.Connected = true
	return nil
}

// ConnectFeature matches a feature of the documented definition with its
// description; info is the feature's position.
func (d *Doc) ConnectFeature(name string, info *source.Info) error {
	s, ok := d.Features[name]
	if !ok {
		return source.Errorf(info, "feature '%s' lacks documentation", name)
	}
	s.Connected = true
	return nil
}

// EnsureReturns adds an empty Returns stub to a command's doc that has no
// Returns section, placed as QEMU places it: after the last member
// description, else before the last Errors section, else before the last
// feature description, else right after the body. info is the command's
// position. The stub is added to All only.
func (d *Doc) EnsureReturns(info *source.Info) {
	for _, s := range d.All {
		if s.Kind == Returns {
			return
		}
	}
	stub := &Section{Info: info, Kind: Returns, Stub: true}
	lastOf := func(k Kind) int {
		for i := len(d.All) - 1; i >= 0; i-- {
			if d.All[i].Kind == k {
				return i
			}
		}
		return -1
	}
	at := 1
	if i := lastOf(Member); i >= 0 {
		at = i + 1
	} else if i := lastOf(Errors); i >= 0 {
		at = i
	} else if i := lastOf(Feature); i >= 0 {
		at = i
	}
	d.All = slices.Insert(d.All, min(at, len(d.All)), stub)
}

// CheckExpr checks the doc's sections against the kind of definition it
// documents: Returns and Errors sections belong to commands, and Returns
// only to commands that return something. In Legacy mode a Returns
// section on a command without 'returns' is accepted, as releases before
// 9.1 did, and a misplaced Returns is reported as QEMU 4.2 to 6.1 did: at
// the start of the block, naming the tag.
func (d *Doc) CheckExpr(isCommand, hasReturns bool) error {
	if d.Legacy && !isCommand && d.Returns != nil {
		return source.Errorf(d.Info, "'Returns:' is only valid for commands")
	}
	if isCommand {
		if d.Returns != nil && !hasReturns && !d.Legacy {
			return source.Errorf(d.Returns.Info, "'Returns' section, but command doesn't return anything")
		}
		return nil
	}
	if d.Returns != nil {
		return source.Errorf(d.Returns.Info, "'Returns' section is only valid for commands")
	}
	if d.Errors != nil {
		return source.Errorf(d.Errors.Info, "'Errors' section is only valid for commands")
	}
	return nil
}

// Check reports descriptions of members and features that the definition
// does not have (those no Connect call matched), members first. In Legacy
// mode the error is QEMU 4.2 to 6.1's: at the start of the block, and
// calling features members too.
func (d *Doc) Check() error {
	featureWord := "feature"
	if d.Legacy {
		featureWord = "member"
	}
	if err := d.checkConnected(d.Args, d.ArgOrder, "member"); err != nil {
		return err
	}
	return d.checkConnected(d.Features, d.FeatureOrder, featureWord)
}

func (d *Doc) checkConnected(descs map[string]*Section, order []string, what string) error {
	var bogus []string
	for _, name := range order {
		if !descs[name].Connected {
			bogus = append(bogus, name)
		}
	}
	if len(bogus) == 0 {
		return nil
	}
	plural, verb := "", "does"
	if len(bogus) > 1 {
		plural, verb = "s", "do"
	}
	at := descs[bogus[0]].Info
	if d.Legacy {
		at = d.Info
	}
	return source.Errorf(at, "documented %s%s '%s' %s not exist",
		what, plural, strings.Join(bogus, "', '"), verb)
}
