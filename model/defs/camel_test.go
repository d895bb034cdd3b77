// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"regexp"
	"testing"
)

// TestIsCamelStem compares the hand-written CamelCase rule with the
// regular expression it replaces, on names built from every kind of
// character in every position up to length 3 and on a few longer ones.
func TestIsCamelStem(t *testing.T) {
	rule := regexp.MustCompile(`^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$`)
	alphabet := []string{"A", "Z", "a", "z", "0", "9", "_", "-", ".", "é", "@"}
	names := append(allStrings(alphabet, 3), "BlockdevOptions", "ABC", "ABc", "X86CPU", "Foo_Bar", "Foo-bar", "QCryptoTLS", "aB")
	for _, name := range names {
		if got, want := isCamelStem(name), rule.MatchString(name); got != want {
			t.Errorf("isCamelStem(%q) = %v, the rule says %v", name, got, want)
		}
	}
}

// allStrings is every string of at most maxLen symbols from alphabet,
// the empty one included: the inputs of the tests that check a
// hand-written matcher against the regular expression it replaces.
func allStrings(alphabet []string, maxLen int) []string {
	var out []string
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		out = append(out, prefix)
		if n == 0 {
			return
		}
		for _, a := range alphabet {
			grow(prefix+a, n-1)
		}
	}
	grow("", maxLen)
	return out
}
