// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"slices"
	"strings"

	"github.com/qapi-gen/qapi-gen/parser"
)

// quoteSorted renders key names as QEMU lists them: sorted, quoted,
// comma-separated.
func quoteSorted(keys []string) string {
	s := slices.Clone(keys)
	slices.Sort(s)
	s = slices.Compact(s)
	for i := range s {
		s[i] = "'" + s[i] + "'"
	}
	return strings.Join(s, ", ")
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// checkKeys reports the first problem with obj's key set: missing
// required keys first, then keys that are neither required nor optional.
func (c *exprChecker) checkKeys(obj *parser.Object, source string, required, optional []string) error {
	var missing []string
	for _, k := range required {
		if !obj.Has(k) {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return c.errorf("%s misses key%s %s", source, plural(len(missing)), quoteSorted(missing))
	}
	var unknown []string
	for _, k := range obj.Keys {
		if !slices.Contains(required, k) && !slices.Contains(optional, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		allowed := append(slices.Clone(required), optional...)
		return c.errorf("%s has unknown key%s %s\nValid keys are %s.",
			source, plural(len(unknown)), quoteSorted(unknown), quoteSorted(allowed))
	}
	return nil
}

// checkFlags checks the boolean flags. Each flag has exactly one
// meaningful value: the one that differs from its default.
func (c *exprChecker) checkFlags(obj *parser.Object) error {
	for _, key := range []string{"gen", "success-response"} {
		if v, ok := obj.Get(key); ok && !isFalse(v) {
			return c.errorf("flag '%s' may only use false value", key)
		}
	}
	for _, key := range []string{"boxed", "allow-oob", "allow-preconfig", "coroutine"} {
		if v, ok := obj.Get(key); ok && !isTrue(v) {
			return c.errorf("flag '%s' may only use true value", key)
		}
	}
	if obj.Has("allow-oob") && obj.Has("coroutine") {
		return c.errorf("flags 'allow-oob' and 'coroutine' are incompatible")
	}
	return nil
}
