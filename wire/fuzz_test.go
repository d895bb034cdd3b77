package wire

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzReply feeds arbitrary replies to everything that reads a decoded
// schema: a hostile peer may send loops (an array or alternate that
// contains itself), dangling names, entries of the wrong shape. Nothing
// may panic or hang; what decodes must encode and decode back the same.
func FuzzReply(f *testing.F) {
	f.Add(compatBase, "cmd/arg-type/u/+a/x")
	f.Add(`[{"name":"c","meta-type":"command","arg-type":"A","ret-type":"[A]"},{"name":"A","meta-type":"alternate","members":[{"type":"A"},{"type":"[A]"}]},{"name":"[A]","meta-type":"array","element-type":"[A]"}]`, "c/arg-type/x/!int")
	f.Add(`{"return":[{"name":"e","meta-type":"enum","values":["a"]},{"name":"o","meta-type":"object","members":[{"name":"m","type":"o","default":null}],"tag":"m","variants":[{"case":"a","type":"o"}]}]}`, "o/+a/*m/^a/$f")
	f.Fuzz(func(t *testing.T, reply, path string) {
		s, err := Decode([]byte(reply))
		if err != nil {
			return
		}
		s.Probe(path)
		s.Resolve(path)
		for _, si := range s.Entries {
			s.Probe(si.Name + "/" + path)
		}
		Compare(s, s)
		Compare(s, mustDecode(t, compatBase))
		Compare(mustDecode(t, compatBase), s)
		b, _ := s.MarshalJSON()
		back, err := Decode(b)
		if err != nil {
			if strings.ContainsRune(reply, '\uFFFD') || !validUTF8Names(s) {
				return // invalid UTF-8 is replaced on encoding
			}
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		if validUTF8Names(s) && !reflect.DeepEqual(normalize(back), normalize(s)) {
			t.Fatalf("re-decoded schema differs:\n%s", b)
		}
	})
}

func validUTF8Names(s *Schema) bool {
	b, _ := s.MarshalJSON()
	return !strings.Contains(string(b), `\ufffd`)
}

// normalize forgets what encoding cannot keep: an empty list of members
// or variants and a missing one look alike when decoded.
func normalize(s *Schema) []string {
	var out []string
	for _, si := range s.Entries {
		b, _ := si.MarshalJSON()
		out = append(out, string(b))
	}
	return out
}
