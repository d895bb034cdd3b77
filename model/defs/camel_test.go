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
	names := []string{"", "BlockdevOptions", "ABC", "ABc", "X86CPU", "Foo_Bar", "Foo-bar", "QCryptoTLS", "aB"}
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		names = append(names, prefix)
		if n == 0 {
			return
		}
		for _, a := range alphabet {
			grow(prefix+a, n-1)
		}
	}
	grow("", 3)
	for _, name := range names {
		if got, want := isCamelStem(name), rule.MatchString(name); got != want {
			t.Errorf("isCamelStem(%q) = %v, the rule says %v", name, got, want)
		}
	}
}
