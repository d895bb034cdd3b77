// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"
)

// QEMU prints JSON from its own dictionary type, so what a fake server
// sends must follow the same rules for a client (or a test comparing
// transcripts) to see no difference: a space after every ',' and ':',
// object members in the dictionary's iteration order, every character
// outside printable ASCII escaped as \uXXXX with upper-case digits, and
// numbers normalised as QEMU's number type prints them.

// appendQEMUJSON appends the valid JSON value v formatted as QEMU prints
// it.
func appendQEMUJSON(dst, v []byte) []byte {
	dst, _ = appendValue(dst, v, skipSpace(v, 0))
	return dst
}

// appendValue formats the value starting at v[i] and returns the index
// just past it.
func appendValue(dst, v []byte, i int) ([]byte, int) {
	switch v[i] {
	case '{':
		return appendObject(dst, v, i)
	case '[':
		dst = append(dst, '[')
		i = skipSpace(v, i+1)
		for n := 0; v[i] != ']'; n++ {
			if n > 0 {
				dst = append(dst, ", "...)
			}
			dst, i = appendValue(dst, v, i)
			i = skipSpace(v, i)
			if v[i] == ',' {
				i = skipSpace(v, i+1)
			}
		}
		return append(dst, ']'), i + 1
	case '"':
		end := stringEnd(v, i)
		return appendQEMUString(dst, v[i:end]), end
	}
	end := i
	for end < len(v) && !bytes.ContainsRune([]byte(" \t\r\n,]}:"), rune(v[end])) {
		end++
	}
	return appendNumberOrWord(dst, v[i:end]), end
}

// appendObject formats the object starting at v[i] with its members in
// the order QEMU's dictionary iterates them.
func appendObject(dst, v []byte, i int) ([]byte, int) {
	type kv struct {
		key        string
		start, end int // the value in v
	}
	var members []kv
	i = skipSpace(v, i+1)
	for v[i] != '}' {
		kend := stringEnd(v, i)
		var key string
		json.Unmarshal(v[i:kend], &key)
		vstart := skipSpace(v, skipSpace(v, kend)+1) // past ':'
		_, vend := appendValue(nil, v, vstart)
		// A repeated key replaces the earlier value in place, as in QEMU.
		if k := slices.IndexFunc(members, func(m kv) bool { return m.key == key }); k >= 0 {
			members[k].start, members[k].end = vstart, vend
		} else {
			members = append(members, kv{key, vstart, vend})
		}
		i = skipSpace(v, vend)
		if v[i] == ',' {
			i = skipSpace(v, i+1)
		}
	}
	keys := make([]string, len(members))
	for k, m := range members {
		keys[k] = m.key
	}
	order := qdictOrder(keys)
	dst = append(dst, '{')
	for n, k := range order {
		if n > 0 {
			dst = append(dst, ", "...)
		}
		m := members[k]
		dst = appendQEMUString(dst, strconv.AppendQuote(nil, m.key))
		dst = append(dst, ": "...)
		dst, _ = appendValue(dst, v, m.start)
	}
	return append(dst, '}'), i + 1
}

// qdictOrder returns the indexes of keys (inserted in that order) in the
// order QEMU's dictionary iterates them: by hash bucket, and within a
// bucket the most recently inserted first.
func qdictOrder(keys []string) []int {
	const buckets = 512
	idx := make([]int, len(keys))
	for k := range idx {
		idx[k] = k
	}
	bucket := func(k int) uint32 { return qdictHash(keys[k]) % buckets }
	slices.SortStableFunc(idx, func(a, b int) int {
		ba, bb := bucket(a), bucket(b)
		switch {
		case ba != bb:
			return int(ba) - int(bb)
		default:
			return b - a
		}
	})
	return idx
}

// qdictHash is the hash QEMU's dictionary uses for its keys.
func qdictHash(key string) uint32 {
	value := uint32(0x238F13AF) * uint32(len(key))
	for i := 0; i < len(key); i++ {
		value += uint32(key[i]) << (uint(i) * 5 % 24)
	}
	return 1103515243*value + 12345
}

// appendNumberOrWord formats a number as QEMU's number type prints it (an
// integer as it is, anything else as a double with 17 significant
// digits), and true, false and null as they are.
func appendNumberOrWord(dst, lit []byte) []byte {
	s := string(lit)
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return append(dst, lit...)
	}
	if _, err := strconv.ParseUint(s, 10, 64); err == nil {
		return append(dst, lit...)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return strconv.AppendFloat(dst, f, 'g', 17, 64)
	}
	return append(dst, lit...)
}

// stringEnd returns the index just past the JSON string starting at
// v[start].
func stringEnd(v []byte, start int) int {
	for i := start + 1; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(v)
}

// appendQEMUString re-escapes the JSON string literal lit as QEMU does.
func appendQEMUString(dst, lit []byte) []byte {
	var s string
	if err := json.Unmarshal(lit, &s); err != nil {
		return append(dst, lit...)
	}
	const hex = "0123456789ABCDEF"
	u4 := func(dst []byte, r rune) []byte {
		return append(dst, '\\', 'u', hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
	}
	dst = append(dst, '"')
	for _, r := range s {
		switch {
		case r == '"':
			dst = append(dst, '\\', '"')
		case r == '\\':
			dst = append(dst, '\\', '\\')
		case r == '\b':
			dst = append(dst, '\\', 'b')
		case r == '\f':
			dst = append(dst, '\\', 'f')
		case r == '\n':
			dst = append(dst, '\\', 'n')
		case r == '\r':
			dst = append(dst, '\\', 'r')
		case r == '\t':
			dst = append(dst, '\\', 't')
		case r >= 0x20 && r < 0x7F:
			dst = append(dst, byte(r))
		case r > 0xFFFF:
			r -= 0x10000
			dst = u4(dst, 0xD800+(r>>10))
			dst = u4(dst, 0xDC00+(r&0x3FF))
		case r == utf8.RuneError:
			dst = u4(dst, 0xFFFD)
		default:
			dst = u4(dst, r)
		}
	}
	return append(dst, '"')
}
