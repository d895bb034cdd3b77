// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"regexp"
	"strings"
	"testing"
)

// The hand-written name rule must accept exactly what QEMU's regular
// expression accepts, with the same stem. The expression is kept here as
// the oracle; every name over a small alphabet up to length 5 is tried.
func TestSplitNameMatchesRule(t *testing.T) {
	rule := regexp.MustCompile(`^(?:__[a-zA-Z0-9.-]+_)?(?:[xX]-)?([a-zA-Z][a-zA-Z0-9_-]*)$`)
	cRule := regexp.MustCompile(`[^A-Za-z0-9_]`)
	alphabet := []string{"_", "x", "X", "-", "a", "1", ".", "q", "é", " "}
	names := append(allStrings(alphabet, 5), "__org.qemu_x-foo", "__a_", "x-", "x-1", "X-a-b", "__com.redhat_drive-mirror", "q_obj", "q-1", "qa")
	for _, name := range names {
		m := rule.FindStringSubmatch(name)
		stem, ok := splitName(name)
		if ok != (m != nil) || ok && stem != m[1] {
			t.Fatalf("splitName(%q) = %q, %v; the rule says %v", name, stem, ok, m)
		}
		if want := cRule.ReplaceAllString(name, "_"); cName(name) != want {
			t.Fatalf("cName(%q) = %q, want %q", name, cName(name), want)
		}
		if got, want := isReservedPrefixQ(name), strings.HasPrefix(cRule.ReplaceAllString(name, "_"), "q_"); got != want {
			t.Fatalf("isReservedPrefixQ(%q) = %v, want %v", name, got, want)
		}
	}
	t.Logf("%d names compared", len(names))
}
