package parser

import "errors"

// DocError is an error in a doc comment: one that the doc conventions of
// another release might not make. The front end returns doc errors so
// when asked (parser.Options.Auto and its counterparts in the checks),
// for a caller that reads schemas of unknown release to try again with
// the older conventions. Its text is the wrapped error's.
type DocError struct{ Err error }

func (e *DocError) Error() string { return e.Err.Error() }
func (e *DocError) Unwrap() error { return e.Err }

// MarkDoc returns err marked as a DocError; nil stays nil.
func MarkDoc(err error) error {
	if err == nil {
		return nil
	}
	var de *DocError
	if errors.As(err, &de) {
		return err
	}
	return &DocError{Err: err}
}

// UnmarkDoc returns the error a DocError wraps, or err itself.
func UnmarkDoc(err error) error {
	if de, ok := err.(*DocError); ok {
		return de.Err
	}
	return err
}
