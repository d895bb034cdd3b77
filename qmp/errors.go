// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ErrorClass is the class of an error reply. QEMU's schema lists the
// classes as the enum QapiErrorClass; the package generated from it has
// the same values, and both can be the target of errors.Is:
//
//	if errors.Is(err, qmp.ClassDeviceNotFound) { ... }
//	if errors.Is(err, qmpapi.QapiErrorClassDeviceNotFound) { ... }
//
// A class this package does not list is still an ErrorClass (the field
// holds what the server sent).
type ErrorClass string

// The classes QEMU sends (QapiErrorClass in qapi/error.json).
const (
	ClassGenericError    ErrorClass = "GenericError"
	ClassCommandNotFound ErrorClass = "CommandNotFound"
	ClassDeviceNotActive ErrorClass = "DeviceNotActive"
	ClassDeviceNotFound  ErrorClass = "DeviceNotFound"
	ClassKVMMissingCap   ErrorClass = "KVMMissingCap"
)

// Error makes a class usable as the target of errors.Is; it is never
// returned as an error itself.
func (c ErrorClass) Error() string { return string(c) }

// classNamer is implemented by the generated QapiErrorClass.
type classNamer interface{ QMPErrorClass() string }

// Is reports whether target names e's class: an ErrorClass, or a value of
// a generated QapiErrorClass.
func (e *Error) Is(target error) bool {
	switch t := target.(type) {
	case ErrorClass:
		return t == e.Class
	case classNamer:
		return ErrorClass(t.QMPErrorClass()) == e.Class
	}
	return false
}

// DecodeError is returned when a command ran (the server answered with
// success) but its return value did not decode into the result: a member
// the types lack or a required member missing under a strict client, or a
// value of the wrong JSON type. The command's effects happened, so it must
// not be retried as if it had failed; Reply holds the return value as
// received.
type DecodeError struct {
	Command string
	Reply   json.RawMessage
	Err     error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("qmp: %s: the command ran, but its result did not decode: %v", e.Command, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// Ran reports whether err says that the command ran on the server: err is
// nil, or a *DecodeError. Any other error means the command failed (a
// *Error), or that whether it ran is unknown (the connection ended, or ctx
// ended while waiting for the reply).
func Ran(err error) bool {
	var de *DecodeError
	return err == nil || errors.As(err, &de)
}
