package tricky

// Union wire forms that encoding/json's defaults get wrong. This file is
// not generated: regenerating the package keeps it.

import (
	"bytes"
	"encoding/json"
	"testing"
)

// duplicateMember returns the first object member that occurs twice in
// one object of data ("" if none): QEMU rejects such input.
func duplicateMember(t *testing.T, data []byte) string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	var walk func() string
	walk = func() string {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("invalid JSON %s: %v", data, err)
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			dup := ""
			for d.More() {
				k, _ := d.Token()
				if seen[k.(string)] && dup == "" {
					dup = k.(string)
				}
				seen[k.(string)] = true
				if inner := walk(); inner != "" && dup == "" {
					dup = inner
				}
			}
			d.Token()
			return dup
		case json.Delim('['):
			dup := ""
			for d.More() {
				if inner := walk(); inner != "" && dup == "" {
					dup = inner
				}
			}
			d.Token()
			return dup
		}
		return ""
	}
	return walk()
}

// TestNestedUnknownBranch: the branch of a union is a union whose
// discriminator value this package does not know. Its unknown members
// are the inner union's own, never the outer base's, so encoding again
// does not repeat the outer base members.
func TestNestedUnknownBranch(t *testing.T) {
	wire := `{"shape":"group","name":"g","kind":"future","label":"L","extra":[1,2]}`
	f := roundTrip[Figure](t, wire)
	if f.Group == nil || f.Group.Kind != "future" {
		t.Fatalf("inner union: %+v", f.Group)
	}
	raw := f.Group.UnknownBranch()
	if len(raw) != 1 || string(raw["extra"]) != "[1,2]" {
		t.Errorf("inner UnknownBranch() = %s, want only extra", raw)
	}
	out, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if dup := duplicateMember(t, out); dup != "" {
		t.Errorf("member %q encoded twice: %s", dup, out)
	}
}

// TestUnionMembersMatchExactly: a branch member that differs from a base
// member only in case fills its own field, not the base's, and the
// reverse, in either order on the wire.
func TestUnionMembersMatchExactly(t *testing.T) {
	for _, wire := range []string{
		`{"mode":"fast","name":"base","Name":"branch","Mode":"branch mode"}`,
		`{"Mode":"branch mode","Name":"branch","name":"base","mode":"fast"}`,
	} {
		c := roundTrip[Cased](t, wire)
		if c.Mode != ModeFast || c.Name == nil || *c.Name != "base" {
			t.Errorf("%s: base members %q %v", wire, c.Mode, c.Name)
		}
		if c.Fast == nil || c.Fast.Name != "branch" || c.Fast.Mode == nil || *c.Fast.Mode != "branch mode" {
			t.Errorf("%s: branch members %+v", wire, c.Fast)
		}
	}
	// A base member absent on the wire stays absent even when a branch
	// member of the same name in other case is there.
	c := roundTrip[Cased](t, `{"mode":"fast","Name":"branch"}`)
	if c.Name != nil {
		t.Errorf("base name filled from the branch's Name: %q", *c.Name)
	}
	// The same for a value this package does not know: the base members
	// are those exactly named, the rest are the unknown branch's.
	c = roundTrip[Cased](t, `{"mode":"slow","Name":"x"}`)
	if c.Name != nil || string(c.UnknownBranch()["Name"]) != `"x"` {
		t.Errorf("unknown branch: name %v, raw %s", c.Name, c.UnknownBranch())
	}
}

// BenchmarkUnionDecode compares the generated decoding (members split by
// exact name first) with decoding the whole object twice, into the base
// and into the branch, as encoding/json alone would (which is wrong, see
// above): the price of exact matching.
func BenchmarkUnionDecode(b *testing.B) {
	wire := []byte(`{"shape":"square","name":"sq","side":3,"tags":["a","b","c"]}`)
	b.Run("split", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var f Figure
			if err := json.Unmarshal(wire, &f); err != nil || f.Square == nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("whole-twice", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			type base Figure
			var w base
			if err := json.Unmarshal(wire, &w); err != nil {
				b.Fatal(err)
			}
			f := Figure(w)
			f.Square = new(Square)
			if err := json.Unmarshal(wire, f.Square); err != nil {
				b.Fatal(err)
			}
		}
	})
}
