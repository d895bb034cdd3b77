// SPDX-License-Identifier: Apache-2.0

package tricky

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzDecodeHostile feeds any bytes a peer could send to the decoders of
// the unions and alternates, which share the reflection-driven helpers of
// qapi.go: decoding never panics, and what decodes encodes again to JSON
// that decodes to the same encoding.
func FuzzDecodeHostile(f *testing.F) {
	for _, s := range []string{`{}`, `null`, `1`, `true`, `"x"`, `[1]`, `{"kind":"a"}`,
		`{"type":"circle","r":1}`, `{"mode":"on","count":2}`, `{"a":1,"a":2}`, `[{"x":{}}]`} {
		f.Add([]byte(s))
	}
	news := []func() any{
		func() any { return new(Group) }, func() any { return new(Figure) }, func() any { return new(Cased) },
		func() any { return new(Value) }, func() any { return new(ModeOrCount) }, func() any { return new(StrOrNull) },
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mk := range news {
			v := mk()
			_ = DecodeStrict(data, mk())
			if json.Unmarshal(data, v) != nil {
				continue
			}
			out, err := json.Marshal(v)
			if err != nil {
				continue // a value QEMU could not have sent either (no branch set)
			}
			w := mk()
			if err := json.Unmarshal(out, w); err != nil {
				t.Fatalf("%T: %s encodes as %s, which does not decode: %v", v, data, out, err)
			}
			again, err := json.Marshal(w)
			if err != nil || !bytes.Equal(again, out) {
				t.Fatalf("%T: %s encodes as %s, then as %s (%v)", v, data, out, again, err)
			}
		}
	})
}
