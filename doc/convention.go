// SPDX-License-Identifier: Apache-2.0

package doc

import "errors"

// ConventionError is an error in a doc comment: one that the doc
// conventions of another release might not make. The front end returns
// doc errors so when asked (parser.Options.Auto and its counterparts in
// the checks), for a caller that reads schemas of unknown release to try
// again with the older conventions. Its text is the wrapped error's.
type ConventionError struct{ Err error }

func (e *ConventionError) Error() string { return e.Err.Error() }
func (e *ConventionError) Unwrap() error { return e.Err }

// MarkConvention returns err marked as a ConventionError; nil stays nil.
func MarkConvention(err error) error {
	if err == nil {
		return nil
	}
	var de *ConventionError
	if errors.As(err, &de) {
		return err
	}
	return &ConventionError{Err: err}
}

// UnmarkConvention returns the error a ConventionError wraps, or err
// itself.
func UnmarkConvention(err error) error {
	if de, ok := err.(*ConventionError); ok {
		return de.Err
	}
	return err
}
