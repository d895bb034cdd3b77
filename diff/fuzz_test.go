package diff

import (
	"io"
	"testing"

	"github.com/qapi-gen/qapi-gen/wire"
)

// FuzzWire compares arbitrary query-qmp-schema replies (what a hostile or
// broken QEMU may send): the comparison and its report must end without
// panicking.
func FuzzWire(f *testing.F) {
	f.Add([]byte(`[{"name": "c", "meta-type": "command", "arg-type": "0", "ret-type": "0"},
		{"name": "0", "meta-type": "object", "members": [{"name": "a", "type": "1"}]},
		{"name": "1", "meta-type": "alternate", "members": [{"type": "1"}, {"type": "0"}]}]`),
		[]byte(`[{"name": "c", "meta-type": "command", "arg-type": "0", "ret-type": "2"},
		{"name": "0", "meta-type": "object", "members": [{"name": "a", "type": "2", "default": null}], "tag": "a",
		 "variants": [{"case": "x", "type": "0"}]},
		{"name": "2", "meta-type": "array", "element-type": "2"},
		{"name": "E", "meta-type": "event", "arg-type": "3"},
		{"name": "3", "meta-type": "enum", "values": ["a"], "members": [{"name": "a", "features": ["deprecated"]}]}]`))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		old, err := wire.Decode(a)
		if err != nil {
			return
		}
		new, err := wire.Decode(b)
		if err != nil {
			return
		}
		for _, pair := range [][2]*wire.Schema{{old, new}, {new, old}} {
			res := Wire(pair[0], pair[1])
			r := &Report{Wire: res.Changes, NoGoAPI: "replies"}
			if err := r.WriteText(io.Discard); err != nil {
				t.Fatal(err)
			}
		}
	})
}
