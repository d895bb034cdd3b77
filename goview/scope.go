// SPDX-License-Identifier: Apache-2.0

package goview

import (
	"github.com/qapi-gen/qapi-gen/gen/names"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/source"
)

// scope is a Go name space (the package, or one struct's fields and
// methods). Claiming a name twice is the error QAPI authors see when two
// schema names map to one Go identifier.
type scope struct {
	what  string            // "package", "struct Foo"
	owner map[string]string // Go identifier -> what claimed it
}

func newScope(what string) *scope { return &scope{what: what, owner: map[string]string{}} }

// claim records that desc uses ident; info is desc's position.
func (sc *scope) claim(ident, desc string, info *source.Info) error {
	if prev, ok := sc.owner[ident]; ok {
		return source.Errorf(info, "%s maps to Go identifier %s, which %s already uses in %s; %s",
			desc, ident, prev, sc.what, RenameHint)
	}
	sc.owner[ident] = desc
	return nil
}

// RenameHint ends the message of a clash between two schema names: the
// way out is to give one of them another Go name.
const RenameHint = "rename one of them with a -rename file"

// Identifiers the generator adds itself (helpers, methods, lists of enum
// values) yield to the schema's: schema names map to identifiers without
// '_' (see package names), so an added identifier whose name a schema name
// already has in its scope takes the name with a trailing '_', which no
// schema name can take. Names Go fixes (goFixed) cannot move; a schema
// name that maps to one of those gets the '_' instead.

// yield claims the generated identifier name in sc, or name + "_" when a
// schema name has it (more '_' while taken: a union branch that yielded
// to a member may have name + "_"), and returns the one it claimed.
func (sc *scope) yield(name, desc string) string {
	for {
		if _, taken := sc.owner[name]; !taken {
			break
		}
		name += "_"
	}
	sc.owner[name] = desc
	return name
}

// goFixed are method names whose meaning Go fixes: encoding/json calls
// MarshalJSON and UnmarshalJSON, and IsZero for omitzero. The generated
// types that have them cannot rename them, so a field of that name would
// not build.
var goFixed = map[string]bool{"MarshalJSON": true, "UnmarshalJSON": true, "IsZero": true}

// vetChecked are the method names go vet's stdmethods analyzer checks by
// name alone: a Client method of one of these names (command
// 'read-byte') would fail go vet.
var vetChecked = map[string]bool{
	"As": true, "Format": true, "GobDecode": true, "GobEncode": true, "Is": true,
	"MarshalJSON": true, "MarshalXML": true, "ReadByte": true, "ReadFrom": true,
	"ReadRune": true, "Scan": true, "Seek": true, "UnmarshalJSON": true,
	"UnmarshalXML": true, "UnreadByte": true, "UnreadRune": true, "Unwrap": true,
	"WriteByte": true, "WriteTo": true,
}

// fieldIdent is the Go field of a member, union branch or alternative
// named name: its exported name, with a trailing '_' when that is a
// name Go fixes as a method (goFixed).
func fieldIdent(name string) string {
	id := names.Exported(name)
	if goFixed[id] {
		id += "_"
	}
	return id
}

// clientMethodName is the Client method of a command: its exported name,
// with a trailing '_' when go vet checks methods of that name.
func clientMethodName(command string) string {
	id := names.Exported(command)
	if vetChecked[id] {
		id += "_"
	}
	return id
}

// argField is the field of a command or event type that holds its named
// argument type typeName, and whether that is embedded: an argument type
// whose name Go fixes as a method (a struct MarshalJSON) cannot be
// embedded without hiding that method, so it is the field typeName_.
func argField(typeName string) (string, bool) {
	if goFixed[typeName] {
		return typeName + "_", false
	}
	return typeName, true
}

// describe names a schema entity for messages: "struct 'Foo'".
func describe(d model.Definition) string {
	return d.Meta() + " '" + d.Common().Name + "'"
}

// InlineArgs reports whether a command's or event's argument object is
// its own inline 'data' (then its members become the type's fields).
func InlineArgs(arg *model.Object) bool {
	return arg != nil && arg.Implicit != nil && arg.Implicit.Role == model.ImplicitArgs
}
