// Package wire is the schema as a QEMU binary describes itself on the
// wire: the SchemaInfo list that the QMP command query-qmp-schema
// returns. It holds what a client can see of a schema (commands, events,
// the types they use, with masked type names and conditions resolved),
// decodes and encodes the reply, and answers path probes in libvirt's
// syntax (see Probe).
//
// The package uses only the standard library, so the QMP runtime and
// generated code can use it.
package wire

import "fmt"

// MetaType is the kind of a SchemaInfo entry.
type MetaType string

// The meta-types of QEMU's SchemaMetaType enum.
const (
	MetaBuiltin   MetaType = "builtin"
	MetaEnum      MetaType = "enum"
	MetaArray     MetaType = "array"
	MetaObject    MetaType = "object"
	MetaAlternate MetaType = "alternate"
	MetaCommand   MetaType = "command"
	MetaEvent     MetaType = "event"
)

// SchemaInfo is one entry of the schema: a command, an event or a type.
// Exactly one of the kind-specific fields is set, the one matching
// MetaType; none when the meta-type is one this package does not know
// (a QEMU newer than it).
type SchemaInfo struct {
	// Name is the command or event name; for types, a number when the
	// binary masks type names (QEMU's default), the type's name
	// otherwise. Built-in types keep their names ("str", "int") and
	// arrays are named "[ELEMENT]".
	Name     string
	MetaType MetaType
	// Features lists the entry's features, in schema order. Nil when
	// the reply has no "features" key; empty (not nil) when it has an
	// empty list, as a binary does when its build configuration
	// excludes every feature of the entry.
	Features []string

	Builtin   *BuiltinInfo
	Enum      *EnumInfo
	Array     *ArrayInfo
	Object    *ObjectInfo
	Alternate *AlternateInfo
	Command   *CommandInfo
	Event     *EventInfo
}

// HasFeature reports whether the entry has the feature name.
func (si *SchemaInfo) HasFeature(name string) bool { return contains(si.Features, name) }

// BuiltinInfo describes a built-in type.
type BuiltinInfo struct {
	// JSONType is "string", "number", "int", "boolean", "null" or
	// "value" (any JSON value).
	JSONType string
}

// EnumInfo describes an enumeration.
type EnumInfo struct {
	// Members are the values in schema order. On the wire they appear
	// twice: as "members" (with features, QEMU 6.2 and later) and as
	// the plain string list "values". A reply without "members" (older
	// QEMU) gives members without features.
	Members []EnumMember
	// ValuesOnly is set when the entry lists the plain values only, as
	// QEMU before 6.2 did: no "members", so no features.
	ValuesOnly bool

	listless bool // decoded from an entry with neither list (a malformed reply)
}

// EnumMember is a value of an enumeration.
type EnumMember struct {
	Name     string
	Features []string // as SchemaInfo.Features
}

// ArrayInfo describes an array type.
type ArrayInfo struct {
	ElementType string
}

// ObjectInfo describes a struct or union type; commands' and events'
// arguments are objects too.
type ObjectInfo struct {
	// Members are all members on the wire, inherited ones included.
	Members []Member
	// Tag names the member whose value selects a variant; empty for
	// structs.
	Tag string
	// Variants are a union's branches, one per tag value (values
	// without members of their own have an empty object).
	Variants []Variant
}

// Member is a member of an object.
type Member struct {
	Name string
	Type string
	// Optional is set when the member may be absent: the wire form has
	// a "default" key (always null).
	Optional bool
	Features []string // as SchemaInfo.Features
}

// Variant is a union branch.
type Variant struct {
	Case string // the tag value
	Type string // an object type
}

// AlternateInfo describes an alternate: a value that is one of several
// types, told apart by their JSON types.
type AlternateInfo struct {
	Members []AlternateMember

	listless bool // decoded from an entry without "members" (a malformed reply)
}

// AlternateMember is an alternative of an alternate.
type AlternateMember struct {
	Type string
}

// CommandInfo describes a command.
type CommandInfo struct {
	ArgType string // an object type (the empty object when it takes none)
	RetType string // the empty object when it returns nothing
	// AllowOOB is set when the command may run out of band.
	AllowOOB bool
}

// EventInfo describes an event.
type EventInfo struct {
	ArgType string // an object type (the empty object when it has no data)
}

// Schema is a whole query-qmp-schema reply, with its entries indexed by
// name. Build one with New or Decode; do not modify Entries afterwards.
type Schema struct {
	// Entries are in the order the binary lists them.
	Entries []*SchemaInfo

	byName map[string]*SchemaInfo
}

// New indexes entries. Names must be non-empty and unique (commands,
// events and types share one name space).
func New(entries []*SchemaInfo) (*Schema, error) {
	s := &Schema{Entries: entries, byName: make(map[string]*SchemaInfo, len(entries))}
	for i, si := range entries {
		if si == nil {
			return nil, fmt.Errorf("schema entry %d is missing", i)
		}
		if si.Name == "" {
			return nil, fmt.Errorf("schema entry %d has no name", i)
		}
		if _, dup := s.byName[si.Name]; dup {
			return nil, fmt.Errorf("schema entry %d: duplicate name %q", i, si.Name)
		}
		s.byName[si.Name] = si
	}
	return s, nil
}

// Lookup returns the entry named name, or nil.
func (s *Schema) Lookup(name string) *SchemaInfo { return s.byName[name] }

// Command returns the command named name, or nil.
func (s *Schema) Command(name string) *SchemaInfo { return s.lookupMeta(name, MetaCommand) }

// Event returns the event named name, or nil.
func (s *Schema) Event(name string) *SchemaInfo { return s.lookupMeta(name, MetaEvent) }

func (s *Schema) lookupMeta(name string, mt MetaType) *SchemaInfo {
	if si := s.byName[name]; si != nil && si.MetaType == mt {
		return si
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
