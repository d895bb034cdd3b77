// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bufio"
	"errors"
	"io"
)

// valueScanner cuts what a client sends a server into top-level JSON
// values, as QEMU's JSON streamer does: objects and arrays by nesting depth
// outside strings, bare scalars up to the next delimiter. A byte that can
// start no JSON value is returned on its own as a stray, so that the
// server can answer it with an error and go on, as QEMU does, instead of
// losing the connection.
//
// The scanner does not validate the JSON inside a value (json.Unmarshal
// does) and keeps at most limit bytes of one value; a longer value is
// reported by errTooLong once it is consumed, without being kept.
type valueScanner struct {
	r     *bufio.Reader
	limit int
	buf   []byte
	// agent makes a 0xFF byte drop the value being read, as the guest
	// agent does when a client resynchronises.
	agent bool
}

var errTooLong = errors.New("message size limit exceeded")

// scanned is one unit of input.
type scanned struct {
	value []byte // a JSON value (possibly malformed); nil for a stray
	stray byte   // a byte that starts no value
	reset bool   // agent: a 0xFF byte, which drops partial input
}

func newValueScanner(r io.Reader, limit int, agent bool) *valueScanner {
	return &valueScanner{r: bufio.NewReaderSize(r, 16<<10), limit: limit, agent: agent}
}

// next returns the next unit of input. The value is valid until the next
// call. io.EOF means the input ended between values.
func (s *valueScanner) next() (scanned, error) {
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			return scanned{}, err
		}
		switch {
		case b == ' ' || b == '\t' || b == '\r' || b == '\n':
			continue
		case b == 0xFF && s.agent:
			return scanned{reset: true}, nil
		case b == '{' || b == '[':
			return s.nested(b)
		case b == '"':
			return s.nested(b)
		case b == '}' || b == ']':
			// A closing bracket with nothing open is a value of its
			// own to QEMU's parser, which then finds it malformed.
			s.buf = append(s.buf[:0], b)
			return scanned{value: s.buf}, nil
		case b == '-' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z'):
			return s.bare(b)
		}
		return scanned{stray: b}, nil
	}
}

// add keeps b unless the value is already over the limit.
func (s *valueScanner) add(b byte) {
	if len(s.buf) <= s.limit {
		s.buf = append(s.buf, b)
	}
}

func (s *valueScanner) result() (scanned, error) {
	if len(s.buf) > s.limit {
		s.buf = s.buf[:0]
		return scanned{}, errTooLong
	}
	return scanned{value: s.buf}, nil
}

// nested reads an object, an array or a string that starts with first.
func (s *valueScanner) nested(first byte) (scanned, error) {
	s.buf = append(s.buf[:0], first)
	depth, inString, escaped := 1, first == '"', false
	if inString {
		depth = 0
	}
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			return scanned{}, err
		}
		if b == 0xFF && s.agent {
			return scanned{reset: true}, nil
		}
		s.add(b)
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case b == '\\':
				escaped = true
			case b == '"':
				inString = false
			}
		case b == '"':
			inString = true
		case b == '{' || b == '[':
			depth++
		case b == '}' || b == ']':
			depth--
		}
		if depth <= 0 && !inString {
			return s.result()
		}
	}
}

// bare reads a number or a keyword that starts with first.
func (s *valueScanner) bare(first byte) (scanned, error) {
	s.buf = append(s.buf[:0], first)
	for {
		b, err := s.r.ReadByte()
		if err == io.EOF {
			return s.result()
		}
		if err != nil {
			return scanned{}, err
		}
		if b == '-' || b == '+' || b == '.' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') {
			s.add(b)
			continue
		}
		s.r.UnreadByte()
		return s.result()
	}
}
