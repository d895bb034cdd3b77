// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"
)

// members holds the top-level members of one incoming message that the
// protocols define, as raw JSON slices of the message (nil when absent).
// Splitting the message by hand, instead of decoding it into a struct,
// lets a member of the wrong type spoil only itself: the call or event it
// belongs to is told, and the connection goes on.
type members struct {
	greeting, ret, err, event, data, timestamp, id []byte
}

// maxDepth bounds the nesting of a message, as encoding/json does, so
// that a hostile peer cannot make validation use memory out of proportion.
const maxDepth = 10000

var errSyntax = errors.New("invalid JSON")

// splitMessage validates msg as one JSON object and returns its members.
// The framer has already found where the object ends, so msg starts with
// '{' and ends with its matching '}'.
func splitMessage(msg []byte) (members, error) {
	var m members
	i := skipSpace(msg, 1)
	if i < len(msg) && msg[i] == '}' {
		if skipSpace(msg, i+1) != len(msg) {
			return m, errSyntax
		}
		return m, nil
	}
	for {
		if i >= len(msg) || msg[i] != '"' {
			return m, errSyntax
		}
		kend, plain, err := scanString(msg, i)
		if err != nil {
			return m, err
		}
		key := msg[i+1 : kend-1]
		i = skipSpace(msg, kend)
		if i >= len(msg) || msg[i] != ':' {
			return m, errSyntax
		}
		i = skipSpace(msg, i+1)
		vend, err := scanValue(msg, i)
		if err != nil {
			return m, err
		}
		if plain { // no protocol member name needs an escape
			if slot := m.slot(key); slot != nil {
				*slot = msg[i:vend]
			}
		}
		i = skipSpace(msg, vend)
		if i >= len(msg) {
			return m, errSyntax
		}
		switch msg[i] {
		case ',':
			i = skipSpace(msg, i+1)
			continue
		case '}':
			if skipSpace(msg, i+1) != len(msg) {
				return m, errSyntax
			}
			return m, nil
		}
		return m, errSyntax
	}
}

// slot returns where the member called key goes, or nil for a member the
// protocols do not define (a later duplicate wins, as in encoding/json).
func (m *members) slot(key []byte) *[]byte {
	switch string(key) {
	case "return":
		return &m.ret
	case "id":
		return &m.id
	case "error":
		return &m.err
	case "event":
		return &m.event
	case "data":
		return &m.data
	case "timestamp":
		return &m.timestamp
	case "QMP":
		return &m.greeting
	}
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}

// scanString returns the end (past the closing quote) of the string that
// starts at b[i], and whether it holds no escape.
func scanString(b []byte, i int) (end int, plain bool, err error) {
	plain = true
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1, plain, nil
		case c == '\\':
			plain = false
			i++
			if i >= len(b) {
				return 0, false, errSyntax
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) {
					return 0, false, errSyntax
				}
				for _, h := range b[i+1 : i+5] {
					if !isHex(h) {
						return 0, false, errSyntax
					}
				}
				i += 4
			default:
				return 0, false, errSyntax
			}
		case c < 0x20:
			return 0, false, errSyntax
		}
	}
	return 0, false, errSyntax
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// scanValue returns the end of the JSON value that starts at b[i]. It
// keeps the open brackets on a stack, not in recursion, so that deep
// nesting costs neither stack nor time beyond maxDepth.
func scanValue(b []byte, i int) (int, error) {
	var stack []byte // '{' or '[' for each open container
	for {
		// A value starts at b[i].
		if i >= len(b) {
			return 0, errSyntax
		}
		switch c := b[i]; {
		case c == '{' || c == '[':
			if len(stack) >= maxDepth {
				return 0, errors.New("nested too deeply")
			}
			stack = append(stack, c)
			i = skipSpace(b, i+1)
			if i < len(b) && b[i] == c+2 { // '}' or ']': empty container
				stack = stack[:len(stack)-1]
				i++
				break
			}
			if c == '{' {
				var err error
				if i, err = scanKey(b, i); err != nil {
					return 0, err
				}
			}
			continue
		case c == '"':
			end, _, err := scanString(b, i)
			if err != nil {
				return 0, err
			}
			i = end
		case c == '-' || '0' <= c && c <= '9':
			end, err := scanNumber(b, i)
			if err != nil {
				return 0, err
			}
			i = end
		default:
			end, err := scanLiteral(b, i)
			if err != nil {
				return 0, err
			}
			i = end
		}
		// A value ended: close containers or go on to the next element.
		for {
			if len(stack) == 0 {
				return i, nil
			}
			i = skipSpace(b, i)
			if i >= len(b) {
				return 0, errSyntax
			}
			top := stack[len(stack)-1]
			if b[i] == top+2 {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if b[i] != ',' {
				return 0, errSyntax
			}
			i = skipSpace(b, i+1)
			if top == '{' {
				var err error
				if i, err = scanKey(b, i); err != nil {
					return 0, err
				}
			}
			break
		}
	}
}

// scanKey scans `"key" :` at b[i] and returns where the value starts.
func scanKey(b []byte, i int) (int, error) {
	if i >= len(b) || b[i] != '"' {
		return 0, errSyntax
	}
	end, _, err := scanString(b, i)
	if err != nil {
		return 0, err
	}
	i = skipSpace(b, end)
	if i >= len(b) || b[i] != ':' {
		return 0, errSyntax
	}
	return skipSpace(b, i+1), nil
}

func scanNumber(b []byte, i int) (int, error) {
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	default:
		return 0, errSyntax
	}
	if i < len(b) && b[i] == '.' {
		i++
		start := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i == start {
			return 0, errSyntax
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		start := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i == start {
			return 0, errSyntax
		}
	}
	return i, nil
}

func scanLiteral(b []byte, i int) (int, error) {
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
			return i + len(lit), nil
		}
	}
	return 0, errSyntax
}

// isNull reports whether a member is absent or JSON null.
func isNull(raw []byte) bool { return raw == nil || string(raw) == "null" }

// parseID returns the request id in raw, if it is one this package could
// have sent (a plain unsigned integer).
func parseID(raw []byte) (uint64, bool) {
	if len(raw) == 0 || len(raw) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range raw {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// decodeString decodes a JSON string member; ok is false when raw is not
// a string.
func decodeString(raw []byte) (s string, ok bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	plain := true
	for _, c := range inner {
		if c == '\\' || c >= 0x80 {
			plain = false
			break
		}
	}
	if plain {
		return string(inner), true
	}
	return s, json.Unmarshal(raw, &s) == nil
}

// decodeTimestamp decodes an event's "timestamp" member. Seconds or
// microseconds written as a fraction are taken as they come.
func decodeTimestamp(raw []byte) (time.Time, error) {
	if raw == nil {
		return time.Time{}, nil
	}
	var ts struct {
		Seconds      json.Number `json:"seconds"`
		Microseconds json.Number `json:"microseconds"`
	}
	if err := json.Unmarshal(raw, &ts); err != nil {
		return time.Time{}, newProtocolError("malformed event timestamp", raw, err)
	}
	sec, err1 := number(ts.Seconds)
	usec, err2 := number(ts.Microseconds)
	if err := errors.Join(err1, err2); err != nil {
		return time.Time{}, newProtocolError("malformed event timestamp", raw, err)
	}
	if sec < 0 || usec < 0 {
		return time.Time{}, nil
	}
	whole := int64(sec)
	return time.Unix(whole, int64((sec-float64(whole))*1e9+usec*1e3)), nil
}

// number converts a JSON number; an absent one is zero.
func number(n json.Number) (float64, error) {
	if n == "" {
		return 0, nil
	}
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		return float64(i), nil
	}
	return strconv.ParseFloat(string(n), 64)
}
