// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Version is the QEMU version announced in the QMP greeting.
type Version struct {
	Major, Minor, Micro int
	// Package is the distributor's package string, often empty.
	Package string
}

// String formats the version as "major.minor.micro".
func (v Version) String() string {
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Micro)
}

// Greeting is the first message a QMP server sends.
type Greeting struct {
	Version Version
	// Capabilities lists what the server offers (for example "oob"), not
	// what was enabled; see [Conn.OOBEnabled].
	Capabilities []string
}

// Event is an asynchronous notification. Data is the raw "data" member (nil
// when absent); typed decoding is left to generated code.
type Event struct {
	Name string
	Data json.RawMessage
	// Timestamp is the server's clock when it emitted the event; the zero
	// time if the server sent none, a negative one, or one that could not
	// be decoded.
	Timestamp time.Time
	// Err, when not nil, is a *ProtocolError naming a member of the
	// event that could not be decoded (a name or timestamp of the wrong
	// type); the event holds what could be. The connection is unaffected.
	Err error
}

// Error is an error reply from the peer: the command reached the server and
// the server refused or failed it. The connection stays usable.
type Error struct {
	// Class is the error class, for example ClassGenericError or
	// ClassCommandNotFound; errors.Is(err, class) tests it (see ErrorClass).
	Class ErrorClass
	// Desc is the human-readable description sent by the server.
	Desc string
	// Command is the command that failed.
	Command string
}

func (e *Error) Error() string {
	return fmt.Sprintf("qmp: %s: %s: %s", e.Command, e.Class, e.Desc)
}

// Decoder is implemented by results that decode the "return" value
// themselves. When the result passed to Execute implements it, DecodeQMP is
// called with the raw JSON of the "return" member (never nil on success)
// instead of json.Unmarshal. The slice is not retained by the package and may
// be kept by the implementation.
type Decoder interface {
	DecodeQMP(data []byte) error
}

var (
	// ErrClosed is returned by calls on a connection after Close (even
	// if the connection had ended before for another reason, which Err
	// still reports), and by calls that were pending when Close was
	// called.
	ErrClosed = errors.New("qmp: connection closed")

	// ErrDisconnected is matched (errors.Is) by every error reporting that
	// the connection ended because of the peer or the transport: end of
	// file, an I/O error, a message that breaks the protocol or exceeds
	// the size limit, or a write cut half-way when its call's context
	// ended. The underlying cause is wrapped too.
	ErrDisconnected = errors.New("qmp: connection lost")

	// ErrOOBNotEnabled is returned by ExecuteOOB when out-of-band execution
	// was not negotiated (not requested with WithOOB, or not offered).
	ErrOOBNotEnabled = errors.New("qmp: out-of-band execution not negotiated")

	// ErrFilesUnsupported is returned by ExecuteWithFiles when the
	// connection is not a Unix domain socket.
	ErrFilesUnsupported = errors.New("qmp: file descriptor passing needs a unix socket connection")
)

// ProtocolError reports a message from the peer that breaks the protocol.
// It is wrapped, together with ErrDisconnected, in the error that ends the
// connection; a malformed reply that still names its call fails that call
// with a ProtocolError alone, and a malformed event member is reported in
// [Event.Err].
type ProtocolError struct {
	Reason string
	// Message holds the start of the offending message (at most 256 bytes).
	Message []byte
	// Err is the decoding error, if any.
	Err error
}

func (e *ProtocolError) Error() string {
	s := "qmp: protocol error: " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	if len(e.Message) > 0 {
		s += fmt.Sprintf(" (message starts %q)", e.Message)
	}
	return s
}

func (e *ProtocolError) Unwrap() error { return e.Err }

func newProtocolError(reason string, msg []byte, err error) *ProtocolError {
	const keep = 256
	if len(msg) > keep {
		msg = msg[:keep]
	}
	return &ProtocolError{Reason: reason, Message: append([]byte(nil), msg...), Err: err}
}
