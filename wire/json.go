package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

// Decode reads a query-qmp-schema reply: the whole reply object
// ({"return": [...]}) or its bare array. Keys it does not know are
// ignored (a newer QEMU may add some); a value of the wrong JSON type,
// a nameless or duplicate entry is an error.
func Decode(data []byte) (*Schema, error) {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '{' {
		var reply struct {
			Return *json.RawMessage `json:"return"`
			Error  *struct {
				Class string `json:"class"`
				Desc  string `json:"desc"`
			} `json:"error"`
		}
		if err := json.Unmarshal(data, &reply); err != nil {
			return nil, fmt.Errorf("query-qmp-schema reply: %w", err)
		}
		switch {
		case reply.Error != nil:
			return nil, fmt.Errorf("query-qmp-schema failed: %s: %s", reply.Error.Class, reply.Error.Desc)
		case reply.Return == nil:
			return nil, fmt.Errorf("query-qmp-schema reply: no \"return\" member")
		}
		data = *reply.Return
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, fmt.Errorf("query-qmp-schema reply: want an array of SchemaInfo: %w", err)
	}
	entries := make([]*SchemaInfo, len(raws))
	for i, raw := range raws {
		si := new(SchemaInfo)
		if err := si.UnmarshalJSON(raw); err != nil {
			return nil, fmt.Errorf("query-qmp-schema reply: entry %d: %w", i, err)
		}
		entries[i] = si
	}
	s, err := New(entries)
	if err != nil {
		return nil, fmt.Errorf("query-qmp-schema reply: %w", err)
	}
	return s, nil
}

// rawInfo is the union of every meta-type's keys.
type rawInfo struct {
	Name        string          `json:"name"`
	MetaType    MetaType        `json:"meta-type"`
	Features    []string        `json:"features"`
	JSONType    string          `json:"json-type"`
	Values      []string        `json:"values"`
	Members     json.RawMessage `json:"members"`
	ElementType string          `json:"element-type"`
	Tag         string          `json:"tag"`
	Variants    []struct {
		Case string `json:"case"`
		Type string `json:"type"`
	} `json:"variants"`
	ArgType  string `json:"arg-type"`
	RetType  string `json:"ret-type"`
	AllowOOB bool   `json:"allow-oob"`
}

type rawMember struct {
	Name     string          `json:"name"`
	Type     string          `json:"type"`
	Default  json.RawMessage `json:"default"`
	Features []string        `json:"features"`
}

// UnmarshalJSON decodes one SchemaInfo object.
func (si *SchemaInfo) UnmarshalJSON(data []byte) error {
	var r rawInfo
	if err := json.Unmarshal(data, &r); err != nil {
		return err
	}
	*si = SchemaInfo{Name: r.Name, MetaType: r.MetaType, Features: r.Features}
	var members []rawMember
	if len(r.Members) > 0 && string(r.Members) != "null" {
		if err := json.Unmarshal(r.Members, &members); err != nil {
			return fmt.Errorf("%s: members: %w", r.Name, err)
		}
	}
	switch r.MetaType {
	case MetaBuiltin:
		si.Builtin = &BuiltinInfo{JSONType: r.JSONType}
	case MetaEnum:
		e := &EnumInfo{}
		if members != nil {
			for _, m := range members {
				e.Members = append(e.Members, EnumMember{Name: m.Name, Features: m.Features})
			}
		} else {
			for _, v := range r.Values {
				e.Members = append(e.Members, EnumMember{Name: v})
			}
		}
		si.Enum = e
	case MetaArray:
		si.Array = &ArrayInfo{ElementType: r.ElementType}
	case MetaObject:
		o := &ObjectInfo{Tag: r.Tag}
		for _, m := range members {
			// "default" present, even as null, marks an optional member.
			o.Members = append(o.Members, Member{Name: m.Name, Type: m.Type, Optional: m.Default != nil, Features: m.Features})
		}
		for _, v := range r.Variants {
			o.Variants = append(o.Variants, Variant{Case: v.Case, Type: v.Type})
		}
		si.Object = o
	case MetaAlternate:
		a := &AlternateInfo{}
		for _, m := range members {
			a.Members = append(a.Members, AlternateMember{Type: m.Type})
		}
		si.Alternate = a
	case MetaCommand:
		si.Command = &CommandInfo{ArgType: r.ArgType, RetType: r.RetType, AllowOOB: r.AllowOOB}
	case MetaEvent:
		si.Event = &EventInfo{ArgType: r.ArgType}
	}
	return nil
}

// MarshalJSON encodes the entry as QEMU does, keys in a fixed order:
// name, meta-type, the meta-type's keys, features.
func (si *SchemaInfo) MarshalJSON() ([]byte, error) { return si.appendJSON(nil), nil }

// MarshalJSON encodes the schema compactly, as the bare array of a reply.
func (s *Schema) MarshalJSON() ([]byte, error) {
	b := []byte{'['}
	for i, si := range s.Entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = si.appendJSON(b)
	}
	return append(b, ']'), nil
}

// Write writes the schema as a JSON array, one entry a line.
func (s *Schema) Write(w io.Writer) error {
	b := []byte{'['}
	for i, si := range s.Entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n  "...)
		b = si.appendJSON(b)
	}
	b = append(b, "\n]\n"...)
	_, err := w.Write(b)
	return err
}

func (si *SchemaInfo) appendJSON(b []byte) []byte {
	b = append(b, `{"name":`...)
	b = appendString(b, si.Name)
	b = appendKey(b, "meta-type")
	b = appendString(b, string(si.MetaType))
	switch {
	case si.Builtin != nil:
		b = appendKey(b, "json-type")
		b = appendString(b, si.Builtin.JSONType)
	case si.Enum != nil:
		b = appendKey(b, "members")
		b = append(b, '[')
		for i, m := range si.Enum.Members {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendString(b, m.Name)
			b = appendFeatures(b, m.Features)
			b = append(b, '}')
		}
		b = append(b, ']')
		b = appendKey(b, "values")
		b = append(b, '[')
		for i, m := range si.Enum.Members {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m.Name)
		}
		b = append(b, ']')
	case si.Array != nil:
		b = appendKey(b, "element-type")
		b = appendString(b, si.Array.ElementType)
	case si.Object != nil:
		b = appendKey(b, "members")
		b = append(b, '[')
		for i, m := range si.Object.Members {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendString(b, m.Name)
			b = appendKey(b, "type")
			b = appendString(b, m.Type)
			if m.Optional {
				b = append(b, `,"default":null`...)
			}
			b = appendFeatures(b, m.Features)
			b = append(b, '}')
		}
		b = append(b, ']')
		if si.Object.Tag != "" || si.Object.Variants != nil {
			b = appendKey(b, "tag")
			b = appendString(b, si.Object.Tag)
			b = appendKey(b, "variants")
			b = append(b, '[')
			for i, v := range si.Object.Variants {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"case":`...)
				b = appendString(b, v.Case)
				b = appendKey(b, "type")
				b = appendString(b, v.Type)
				b = append(b, '}')
			}
			b = append(b, ']')
		}
	case si.Alternate != nil:
		b = appendKey(b, "members")
		b = append(b, '[')
		for i, m := range si.Alternate.Members {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"type":`...)
			b = appendString(b, m.Type)
			b = append(b, '}')
		}
		b = append(b, ']')
	case si.Command != nil:
		b = appendKey(b, "arg-type")
		b = appendString(b, si.Command.ArgType)
		b = appendKey(b, "ret-type")
		b = appendString(b, si.Command.RetType)
		if si.Command.AllowOOB {
			b = append(b, `,"allow-oob":true`...)
		}
	case si.Event != nil:
		b = appendKey(b, "arg-type")
		b = appendString(b, si.Event.ArgType)
	}
	b = appendFeatures(b, si.Features)
	return append(b, '}')
}

func appendKey(b []byte, key string) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

// appendFeatures appends the "features" key, left out when fs is nil.
func appendFeatures(b []byte, fs []string) []byte {
	if fs == nil {
		return b
	}
	b = appendKey(b, "features")
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f)
	}
	return append(b, ']')
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as encoding/json does.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\\ufffd"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
