// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// A Transcript is a recorded QMP or guest agent session: every message
// both ways, in order, with the time it passed. [Record] makes one from a
// live connection and [Replayer] plays the server's part back, so a
// scenario recorded once against a real QEMU becomes a test fixture that
// needs no QEMU.
//
// Its text form has one message a line, readable and easy to edit:
//
//	# qapi-gen transcript 1
//	S 0.000123 {"QMP": {"version": ...}}
//	C 0.000200 {"execute":"qmp_capabilities","id":1}
//	S 0.000410 {"return": {}, "id": 1}
//
// S lines are what the server sent and C lines what the client sent, each
// message exactly as it was on the wire (a message that spanned lines is
// compacted); the number is the time in seconds since the session began.
// A guest agent's 0xFF delimiter is a line of its own, "S 0.1 0xFF".
// Lines starting with # are comments.
type Transcript struct {
	Entries []Entry
}

// Entry is one message of a [Transcript].
type Entry struct {
	// FromClient reports a message the client sent.
	FromClient bool
	// At is when the message passed, since the session began.
	At time.Duration
	// Msg is the message as sent; nil for a delimiter.
	Msg json.RawMessage
	// Delimiter is a guest agent 0xFF byte.
	Delimiter bool
}

const transcriptHeader = "# qapi-gen transcript 1"

// String formats the entry as a transcript line, without its newline.
func (e Entry) String() string {
	dir := "S"
	if e.FromClient {
		dir = "C"
	}
	msg := string(e.Msg)
	if e.Delimiter {
		msg = "0xFF"
	}
	return fmt.Sprintf("%s %.6f %s", dir, e.At.Seconds(), msg)
}

// WriteTo writes the transcript's text form.
func (t *Transcript) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	b.WriteString(transcriptHeader + "\n")
	for _, e := range t.Entries {
		b.WriteString(e.String() + "\n")
	}
	return b.WriteTo(w)
}

// ReadTranscript reads a transcript's text form. Errors name the line.
func ReadTranscript(r io.Reader) (*Transcript, error) {
	t := &Transcript{}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 256<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		e, err := parseEntry(line)
		if err != nil {
			return nil, fmt.Errorf("transcript:%d: %v", n, err)
		}
		t.Entries = append(t.Entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("transcript: %w", err)
	}
	return t, nil
}

func parseEntry(line string) (Entry, error) {
	dir, rest, ok1 := strings.Cut(line, " ")
	at, msg, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 || (dir != "S" && dir != "C") {
		return Entry{}, fmt.Errorf("want \"S|C SECONDS MESSAGE\", got %.40q", line)
	}
	secs, err := strconv.ParseFloat(at, 64)
	if err != nil || secs < 0 {
		return Entry{}, fmt.Errorf("bad time %q", at)
	}
	e := Entry{FromClient: dir == "C", At: time.Duration(secs * float64(time.Second))}
	if msg == "0xFF" {
		e.Delimiter = true
		return e, nil
	}
	if !json.Valid([]byte(msg)) {
		return Entry{}, fmt.Errorf("message is not valid JSON: %.60q", msg)
	}
	e.Msg = json.RawMessage(msg)
	return e, nil
}

// splitter cuts a byte stream, pushed in pieces, into JSON values and
// guest agent delimiters, for recording. It does not validate.
type splitter struct {
	buf               []byte
	depth             int
	inString, escaped bool
	bare              bool // in a scalar at top level
}

// push feeds b and calls emit for every complete value (delim false) or
// delimiter (msg nil, delim true).
func (s *splitter) push(b []byte, emit func(msg []byte, delim bool)) {
	for _, c := range b {
		if c == 0xFF {
			s.buf, s.depth, s.inString, s.escaped, s.bare = s.buf[:0], 0, false, false, false
			emit(nil, true)
			continue
		}
		top := s.depth == 0 && !s.inString
		if top && (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			if s.bare {
				s.flush(emit)
			}
			continue
		}
		s.buf = append(s.buf, c)
		switch {
		case s.inString:
			switch {
			case s.escaped:
				s.escaped = false
			case c == '\\':
				s.escaped = true
			case c == '"':
				s.inString = false
				if s.depth == 0 {
					s.flush(emit)
				}
			}
		case c == '"':
			s.inString = true
		case c == '{' || c == '[':
			s.depth++
		case c == '}' || c == ']':
			s.depth--
			if s.depth <= 0 {
				s.flush(emit)
			}
		case s.depth == 0:
			s.bare = true
		}
	}
}

func (s *splitter) flush(emit func(msg []byte, delim bool)) {
	if len(s.buf) > 0 {
		msg := s.buf
		if bytes.ContainsAny(msg, "\r\n") {
			var c bytes.Buffer
			if json.Compact(&c, msg) == nil {
				msg = c.Bytes()
			}
		}
		emit(msg, false)
	}
	s.buf, s.depth, s.bare = s.buf[:0], 0, false
}
