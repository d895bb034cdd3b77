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
	var raws []rawInfo
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, fmt.Errorf("query-qmp-schema reply: %w", locate(data, err))
	}
	entries := make([]*SchemaInfo, len(raws))
	for i := range raws {
		entries[i] = raws[i].info()
	}
	s, err := New(entries)
	if err != nil {
		return nil, fmt.Errorf("query-qmp-schema reply: %w", err)
	}
	return s, nil
}

// locate finds the entry that made the array fail to decode, for the
// message; err is the array's error.
func locate(data []byte, err error) error {
	var raws []json.RawMessage
	if json.Unmarshal(data, &raws) != nil {
		return fmt.Errorf("want an array of SchemaInfo: %w", err)
	}
	for i, raw := range raws {
		var r rawInfo
		if err := json.Unmarshal(raw, &r); err != nil {
			return fmt.Errorf("entry %d: %w", i, err)
		}
	}
	return err
}

// rawInfo is the union of every meta-type's keys, and rawMember that of
// every kind of member (enum, object, alternate).
type rawInfo struct {
	Name        string      `json:"name"`
	MetaType    MetaType    `json:"meta-type"`
	Features    []string    `json:"features"`
	JSONType    string      `json:"json-type"`
	Values      []string    `json:"values"`
	Members     []rawMember `json:"members"`
	ElementType string      `json:"element-type"`
	Tag         string      `json:"tag"`
	Variants    []Variant   `json:"variants"`
	ArgType     string      `json:"arg-type"`
	RetType     string      `json:"ret-type"`
	AllowOOB    bool        `json:"allow-oob"`
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
	*si = *r.info()
	return nil
}

func (r *rawInfo) info() *SchemaInfo {
	si := &SchemaInfo{Name: r.Name, MetaType: r.MetaType, Features: r.Features}
	switch r.MetaType {
	case MetaBuiltin:
		si.Builtin = &BuiltinInfo{JSONType: r.JSONType}
	case MetaEnum:
		e := &EnumInfo{ValuesOnly: r.Members == nil && r.Values != nil, listless: r.Members == nil && r.Values == nil}
		if r.Members != nil {
			for _, m := range r.Members {
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
		o := &ObjectInfo{Tag: r.Tag, Variants: r.Variants}
		for _, m := range r.Members {
			// "default" present, even as null, marks an optional member.
			o.Members = append(o.Members, Member{Name: m.Name, Type: m.Type, Optional: m.Default != nil, Features: m.Features})
		}
		si.Object = o
	case MetaAlternate:
		a := &AlternateInfo{listless: r.Members == nil}
		for _, m := range r.Members {
			a.Members = append(a.Members, AlternateMember{Type: m.Type})
		}
		si.Alternate = a
	case MetaCommand:
		si.Command = &CommandInfo{ArgType: r.ArgType, RetType: r.RetType, AllowOOB: r.AllowOOB}
	case MetaEvent:
		si.Event = &EventInfo{ArgType: r.ArgType}
	}
	return si
}

// MarshalJSON encodes the entry as QEMU does, keys in a fixed order:
// name, meta-type, the meta-type's keys, features.
func (si *SchemaInfo) MarshalJSON() ([]byte, error) { return si.appendJSON(nil), nil }

// MarshalJSON encodes the schema compactly, as the bare array of a reply.
func (s *Schema) MarshalJSON() ([]byte, error) {
	return appendArray(nil, len(s.Entries), func(b []byte, i int) []byte { return s.Entries[i].appendJSON(b) }), nil
}

// Write writes the schema as a JSON array, one entry a line.
func (s *Schema) Write(w io.Writer) error {
	b := appendArray(nil, len(s.Entries), func(b []byte, i int) []byte {
		return s.Entries[i].appendJSON(append(b, "\n  "...))
	})
	b = append(b[:len(b)-1], "\n]\n"...)
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
		ms := si.Enum.Members
		if !si.Enum.ValuesOnly {
			b = appendKey(b, "members")
			b = appendArray(b, len(ms), func(b []byte, i int) []byte {
				b = append(b, `{"name":`...)
				b = appendString(b, ms[i].Name)
				return append(appendFeatures(b, ms[i].Features), '}')
			})
		}
		b = appendKey(b, "values")
		b = appendArray(b, len(ms), func(b []byte, i int) []byte { return appendString(b, ms[i].Name) })
	case si.Array != nil:
		b = appendKey(b, "element-type")
		b = appendString(b, si.Array.ElementType)
	case si.Object != nil:
		ms, vs := si.Object.Members, si.Object.Variants
		b = appendKey(b, "members")
		b = appendArray(b, len(ms), func(b []byte, i int) []byte {
			b = append(b, `{"name":`...)
			b = appendString(b, ms[i].Name)
			b = appendKey(b, "type")
			b = appendString(b, ms[i].Type)
			if ms[i].Optional {
				b = append(b, `,"default":null`...)
			}
			return append(appendFeatures(b, ms[i].Features), '}')
		})
		if si.Object.Tag != "" || vs != nil {
			b = appendKey(b, "tag")
			b = appendString(b, si.Object.Tag)
			b = appendKey(b, "variants")
			b = appendArray(b, len(vs), func(b []byte, i int) []byte {
				b = append(b, `{"case":`...)
				b = appendString(b, vs[i].Case)
				b = appendKey(b, "type")
				return append(appendString(b, vs[i].Type), '}')
			})
		}
	case si.Alternate != nil:
		ms := si.Alternate.Members
		b = appendKey(b, "members")
		b = appendArray(b, len(ms), func(b []byte, i int) []byte {
			b = append(b, `{"type":`...)
			return append(appendString(b, ms[i].Type), '}')
		})
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

// appendArray appends a JSON array of n elements, each appended by elem.
func appendArray(b []byte, n int, elem func(b []byte, i int) []byte) []byte {
	b = append(b, '[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, i)
	}
	return append(b, ']')
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
	return appendArray(b, len(fs), func(b []byte, i int) []byte { return appendString(b, fs[i]) })
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
