// SPDX-License-Identifier: Apache-2.0

package frontend

import (
	"fmt"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/bigschema"
	"github.com/qapi-gen/qapi-gen/model"
)

// TestEnumMember checks model.Member on an enum built by model.Build (indexed) and
// on one made by hand (searched).
func TestEnumMember(t *testing.T) {
	s, err := LoadBytes("t.json", bigschema.UnionBranches(3), Options{})
	if err != nil {
		t.Fatal(err)
	}
	built, ok := s.LookupType("BigKind").(*model.Enum)
	if !ok {
		t.Fatal("no enum BigKind")
	}
	byHand := &model.Enum{Members: built.Members}
	for _, e := range []*model.Enum{built, byHand} {
		for _, m := range e.Members {
			if got := e.Member(m.Name); got != m {
				t.Errorf("Member(%q) = %v, want %v", m.Name, got, m)
			}
		}
		if got := e.Member("v3"); got != nil {
			t.Errorf("Member(v3) = %v, want nil", got)
		}
	}
}

// BenchmarkUnionBranches loads a union of n branches: each branch is
// looked up in the tag enum, and ns/op must grow in proportion to n.
func BenchmarkUnionBranches(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			src := bigschema.UnionBranches(n)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := LoadBytes("t.json", src, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
