// SPDX-License-Identifier: Apache-2.0

package source

import (
	"fmt"
	"sync"
	"testing"
)

// TestPragmaExceptions checks the lookups against the lists, also after
// a later pragma replaced a list, and from several goroutines at once.
func TestPragmaExceptions(t *testing.T) {
	p := &Pragma{}
	if p.IsMemberNameException("a") {
		t.Error("empty list has a")
	}
	p.MemberNameExceptions = []string{"a", "b"}
	p.CommandNameExceptions = []string{"c"}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !p.IsMemberNameException("b") || p.IsMemberNameException("c") || !p.IsCommandNameException("c") {
				t.Error("wrong lookup result")
			}
		}()
	}
	wg.Wait()
	// A later pragma replaces the list, as in QEMU.
	p.MemberNameExceptions = []string{"c"}
	if p.IsMemberNameException("a") || !p.IsMemberNameException("c") {
		t.Error("lookup does not see the replaced list")
	}
	p.DocumentationExceptions = []string{"d"}
	p.CommandReturnsExceptions = []string{"r"}
	if !p.IsDocumentationException("d") || !p.IsCommandReturnsException("r") || p.IsDocumentationException("r") {
		t.Error("wrong lookup result")
	}
}

// BenchmarkPragmaExceptions looks each of n names up in a list of n
// exceptions, as n definitions do: ns/op grows in proportion to n.
func BenchmarkPragmaExceptions(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			names := make([]string, n)
			for i := range names {
				names[i] = fmt.Sprintf("name-%d", i)
			}
			for i := 0; i < b.N; i++ {
				p := &Pragma{CommandNameExceptions: names}
				for _, name := range names {
					if !p.IsCommandNameException(name) {
						b.Fatal(name)
					}
				}
			}
		})
	}
}
