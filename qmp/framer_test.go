// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func frames(t *testing.T, input string, agent bool) ([]string, error) {
	t.Helper()
	f := newFramer(strings.NewReader(input), agent, DefaultMaxMessageSize)
	var out []string
	for {
		msg, err := f.next()
		if err != nil {
			return out, err
		}
		out = append(out, string(msg))
	}
}

func TestFramer(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		agent       bool
		want        []string
		wantErr     error
	}{
		{"lines", "{\"a\": 1}\r\n{\"b\": [2, {}]}\n", false, []string{`{"a": 1}`, `{"b": [2, {}]}`}, io.EOF},
		{"pretty", "{\n    \"return\": {\n        \"x\": 1\n    }\n}\n", false, []string{"{\n    \"return\": {\n        \"x\": 1\n    }\n}"}, io.EOF},
		{"no separator", `{"a":"}"}{"b":"\"{"}`, false, []string{`{"a":"}"}`, `{"b":"\"{"}`}, io.EOF},
		{"escaped backslash", `{"a":"\\"}{"b":1}`, false, []string{`{"a":"\\"}`, `{"b":1}`}, io.EOF},
		{"truncated", `{"a": {`, false, nil, io.ErrUnexpectedEOF},
		{"agent skips until delimiter", "{\"old\": 1}\ngarbage{\"x\xff{\"new\": 2}\n", true, []string{`{"new": 2}`}, io.EOF},
		{"agent delimiter drops partial", "\xff{\"half\": \xff{\"whole\": 3}", true, []string{`{"whole": 3}`}, io.EOF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := frames(t, tc.input, tc.agent)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("frames = %q, want %q", got, tc.want)
			}
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestFramerRejectsNonObjects(t *testing.T) {
	for _, input := range []string{"[1]", "42", "\"s\"", "\xff{}"} {
		_, err := frames(t, input, false)
		var pe *ProtocolError
		if !errors.As(err, &pe) {
			t.Errorf("%q: error = %v, want *ProtocolError", input, err)
		}
	}
}
