// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bufio"
	"fmt"
	"io"
)

// delimiter is the byte the guest agent sends before the reply to
// guest-sync-delimited. It can never occur in UTF-8 text, so it is an
// unambiguous resynchronisation point.
const delimiter = 0xFF

// framer cuts a byte stream into top-level JSON objects by tracking nesting
// depth outside strings. It does not validate the JSON (splitMessage does).
// A message longer than max bytes is a protocol error: the peer (on the
// guest agent, the guest) must not make memory grow without bound.
//
// A read error in the middle of a message leaves the framer where it was:
// the next call goes on with the same message. The engine relies on this
// when it interrupts a read with a deadline (see engine.readFor).
type framer struct {
	r *bufio.Reader
	// agent enables guest agent rules: input before the first delimiter is
	// discarded (it may be left over from an earlier client), and a
	// delimiter anywhere drops a partial message.
	agent  bool
	synced bool
	buf    []byte
	max    int

	// The message being scanned.
	inMessage         bool
	depth             int
	inString, escaped bool
}

func newFramer(r io.Reader, agent bool, max int) *framer {
	return &framer{r: bufio.NewReaderSize(r, 64<<10), agent: agent, max: max}
}

// release drops the buffer of a message that was done with if it grew
// large, so that one huge message does not keep its memory pinned.
func (f *framer) release() {
	if cap(f.buf) > keepBuf {
		f.buf = nil
	}
}

// grow appends part of the current message to the buffer, unless the
// message would exceed the limit.
func (f *framer) grow(part []byte) error {
	if len(f.buf)+len(part) > f.max {
		return newProtocolError(fmt.Sprintf("message longer than %d bytes (see WithMaxMessageSize)", f.max), f.buf, nil)
	}
	f.buf = append(f.buf, part...)
	return nil
}

// next returns the next object. The slice is valid until the next call.
func (f *framer) next() ([]byte, error) {
	for {
		if !f.inMessage {
			if err := f.skipToObject(); err != nil {
				return nil, err
			}
			f.buf = append(f.buf[:0], '{')
			f.inMessage, f.depth, f.inString, f.escaped = true, 1, false, false
		}
		msg, restart, err := f.scan()
		if restart {
			f.inMessage = false
			continue
		}
		if err == nil {
			f.inMessage = false
		}
		return msg, err
	}
}

// scan reads on to the end of the current message. restart reports a
// guest agent delimiter: the message is dropped and reading starts again
// at the delimiter.
func (f *framer) scan() (msg []byte, restart bool, err error) {
	for {
		if f.r.Buffered() == 0 {
			if _, err := f.r.Peek(1); err != nil {
				if err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				return nil, false, err
			}
		}
		chunk, _ := f.r.Peek(f.r.Buffered())
		end := -1
	scan:
		for i, b := range chunk {
			switch {
			case f.inString:
				switch {
				case f.escaped:
					f.escaped = false
				case b == '\\':
					f.escaped = true
				case b == '"':
					f.inString = false
				}
			case b == '"':
				f.inString = true
			case b == '{' || b == '[':
				f.depth++
			case b == '}' || b == ']':
				f.depth--
				if f.depth == 0 {
					end = i + 1
					break scan
				}
			}
			if b == delimiter && f.agent {
				// The agent restarted its output: what came before is
				// garbage. Keep the delimiter for skipToObject.
				f.r.Discard(i)
				return nil, true, nil
			}
		}
		if end >= 0 {
			if err := f.grow(chunk[:end]); err != nil {
				return nil, false, err
			}
			f.r.Discard(end)
			return f.buf, false, nil
		}
		if err := f.grow(chunk); err != nil {
			return nil, false, err
		}
		f.r.Discard(len(chunk))
	}
}

// skipToObject consumes input up to and including the next '{' that starts
// a message.
func (f *framer) skipToObject() error {
	for {
		b, err := f.r.ReadByte()
		if err != nil {
			return err
		}
		if f.agent && !f.synced {
			f.synced = b == delimiter
			continue
		}
		switch b {
		case '{':
			return nil
		case ' ', '\t', '\r', '\n':
		case delimiter:
			if !f.agent {
				return newProtocolError("unexpected byte 0xFF between messages", nil, nil)
			}
		default:
			rest, _ := f.r.Peek(min(f.r.Buffered(), 64))
			return newProtocolError("message is not a JSON object", append([]byte{b}, rest...), nil)
		}
	}
}
