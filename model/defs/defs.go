// SPDX-License-Identifier: Apache-2.0

// Package defs checks the shape of parsed top-level expressions (which
// keys, which value types, which names) and turns them into typed
// definitions. It is the first half of the model stage: the model builder
// consumes only these typed definitions and never looks at raw values.
package defs

import (
	"github.com/qapi-gen/qapi-gen/doc"
	"github.com/qapi-gen/qapi-gen/model/cond"
	"github.com/qapi-gen/qapi-gen/source"
)

// Options selects the language version.
type Options struct {
	// Legacy accepts the syntax of QEMU before 6.2: 'if' as C preprocessor
	// strings (or lists of them), simple unions (no 'discriminator').
	Legacy bool
	// MarkDocErrors returns the errors of the doc checks as
	// *doc.ConventionError (see frontend.Options.Auto).
	MarkDocErrors bool
}

// Def is one checked top-level expression: *Include, *Enum, *Struct,
// *Union, *Alternate, *Command or *Event.
type Def interface{ Header() *Header }

// Header holds what every definition has.
type Header struct {
	Meta     string // "enum", "struct", "union", "alternate", "command", "event"
	Name     string
	Info     *source.Info
	Doc      *doc.Doc
	If       *cond.Cond // the checked 'if' condition; nil when absent
	Features []*Feature
}

func (h *Header) Header() *Header { return h }

// header lets the definition types embed Header without a field named
// Header, which would hide the Header method and keep them from
// implementing Def. Header's fields are still promoted (e.Name), and
// e.Header() returns the whole header.
type header = Header

// Include is an include directive; File is the path as QEMU records it
// (joined with the including file's directory).
type Include struct {
	File string
	Info *source.Info
}

func (i *Include) Header() *Header { return &Header{Meta: "include", Info: i.Info} }

// Feature is a feature as written: ['name'] or [{'name':..., 'if':...}].
type Feature struct {
	Name string
	If   *cond.Cond
}

// TypeRef names a type: 'T' or ['T'].
type TypeRef struct {
	Name  string
	Array bool
}

// Member is an object member (or a command/event argument).
type Member struct {
	Name     string // without the '*' optional marker
	Optional bool
	Type     TypeRef
	If       *cond.Cond
	Features []*Feature
}

// EnumMember is an enum value.
type EnumMember struct {
	Name     string
	If       *cond.Cond
	Features []*Feature
}

// Branch is a union branch or an alternate's alternative.
type Branch struct {
	Name string
	Type TypeRef
	If   *cond.Cond
}

// Enum is {'enum': ...}.
type Enum struct {
	header
	Members   []*EnumMember
	Prefix    string
	HasPrefix bool
}

// Struct is {'struct': ...}.
type Struct struct {
	header
	Base    string // "" when absent
	Members []*Member
}

// Union is {'union': ...}. Exactly one of BaseName and BaseMembers is
// set, except for legacy simple unions, which have neither.
type Union struct {
	header
	BaseName      string
	BaseMembers   []*Member // inline base
	HasInlineBase bool
	Discriminator string // "" for a legacy simple union
	Branches      []*Branch
}

// Alternate is {'alternate': ...}.
type Alternate struct {
	header
	Alternatives []*Branch
}

// Command is {'command': ...}. Arguments are either a type name (ArgType)
// or inline members (Args, HasArgs); neither when there is no 'data'.
type Command struct {
	header
	ArgType         string
	Args            []*Member
	HasArgs         bool
	Returns         *TypeRef // nil when absent
	Boxed           bool
	Gen             bool // default true
	SuccessResponse bool // default true
	AllowOOB        bool
	AllowPreconfig  bool
	Coroutine       bool
}

// Event is {'event': ...}, with arguments as for Command.
type Event struct {
	header
	ArgType string
	Args    []*Member
	HasArgs bool
	Boxed   bool
}
