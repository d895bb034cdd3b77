// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bytes"
	"encoding/json"
	"testing"
)

// messageSeeds are objects, valid and not, on which splitMessage must
// agree with encoding/json.
var messageSeeds = []string{
	`{}`, `{ }`, `{"a":1} `, `{"return": {}, "id": 1}`, `{"return":[1,2,{"a":[]}],"id":12}`,
	`{"event": "X", "data": {"s": "a\"b\\c\u00e9\n"}, "timestamp": {"seconds": 1, "microseconds": 2}}`,
	`{"QMP": {"version": {}, "capabilities": ["oob"]}}`, `{"return": -0.5e+10}`, `{"return": 1E3}`,
	`{"return": true, "x": false, "y": null}`, `{"a":1,"a":2}`, `{"ret\u0075rn": 1}`,
	`{"return": }`, `{"return": 1,}`, `{,}`, `{"a" 1}`, `{"a": 1 "b": 2}`, `{"a": [1,]}`, `{"a": [,1]}`,
	`{"a": 01}`, `{"a": 1.}`, `{"a": .5}`, `{"a": 1e}`, `{"a": -}`, `{"a": +1}`, `{"a": tru}`, `{"a": nul}`,
	`{"a": "\x"}`, `{"a": "\u12"}`, "{\"a\": \"\t\"}", `{"a": "unterminated}`, `{"a": {"b": 1}`,
	`{"a": [1, 2}`, `{"a": {]}`, `{1: 2}`, `{"a": 1} x`, `{"a": truex}`, `{"a": [true false]}`,
	`{"a": {"b" 1}}`, `{"a": {"b": 1,}}`, `{"a": {,}}`, `{"a": "\ud800"}`, "{\"a\": \"\xff\"}",
}

func checkSplit(t *testing.T, msg []byte) {
	m, err := splitMessage(msg)
	var want map[string]json.RawMessage
	werr := json.Unmarshal(msg, &want)
	if (err == nil) != (werr == nil) {
		t.Fatalf("splitMessage(%q) error = %v, encoding/json = %v", msg, err, werr)
	}
	if err != nil {
		return
	}
	for key, got := range map[string][]byte{"return": m.ret, "id": m.id, "error": m.err, "event": m.event,
		"data": m.data, "timestamp": m.timestamp, "QMP": m.greeting} {
		w, ok := want[key]
		if ok != (got != nil) || !bytes.Equal(got, w) {
			// encoding/json also matches escaped spellings of a name;
			// protocol members are never escaped, so splitMessage does not.
			if bytes.Contains(msg, []byte(`\u`)) {
				continue
			}
			t.Errorf("splitMessage(%q): member %s = %q, encoding/json %q", msg, key, got, w)
		}
	}
}

func TestSplitMessage(t *testing.T) {
	for _, s := range messageSeeds {
		checkSplit(t, []byte(s))
	}
}

func FuzzSplitMessage(f *testing.F) {
	for _, s := range messageSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		if len(msg) < 2 || msg[0] != '{' || msg[len(msg)-1] != '}' {
			return
		}
		checkSplit(t, msg)
	})
}
