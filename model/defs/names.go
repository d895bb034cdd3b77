// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"regexp"
	"slices"
	"strings"
)

// Name rules of the current language: an optional downstream prefix
// "__RFQDN_", an optional experimental prefix "x-", then the stem, which
// the per-kind rules below constrain further.
// The rules are checked by hand (splitName, isCamelStem) rather than with
// regular expressions: they run for every name of a schema, and the front
// end has a time budget.

// isCamelStem reports whether stem is a CamelCase stem: an uppercase
// letter, then letters and digits, at least one of them lowercase.
func isCamelStem(stem string) bool {
	if stem == "" || stem[0] < 'A' || stem[0] > 'Z' {
		return false
	}
	lower := false
	for i := 1; i < len(stem); i++ {
		b := stem[i]
		if b >= 'a' && b <= 'z' {
			lower = true
		} else if !isLetter(b) && !isDigit(b) {
			return false
		}
	}
	return lower
}

func isLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }
func isDigit(b byte) bool  { return b >= '0' && b <= '9' }

// isStem reports whether s is a letter followed by letters, digits, '_'
// and '-'.
func isStem(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if b := s[i]; !isLetter(b) && !isDigit(b) && b != '_' && b != '-' {
			return false
		}
	}
	return true
}

// splitName returns the stem of a valid name, or ok false for an invalid
// one. Valid names are ASCII.
func splitName(name string) (stem string, ok bool) {
	rest := name
	if strings.HasPrefix(rest, "__") {
		// "__RFQDN_": the RFQDN has no '_', so the first '_' ends it.
		i := 2
		for i < len(rest) && (isLetter(rest[i]) || isDigit(rest[i]) || rest[i] == '.' || rest[i] == '-') {
			i++
		}
		if i == 2 || i == len(rest) || rest[i] != '_' {
			return "", false
		}
		rest = rest[i+1:]
	}
	// "x-" is a prefix only when what follows is a stem on its own;
	// otherwise "x-..." is itself the stem.
	if len(rest) > 2 && rest[0]|0x20 == 'x' && rest[1] == '-' && isStem(rest[2:]) {
		return rest[2:], true
	}
	if isStem(rest) {
		return rest, true
	}
	return "", false
}

func isCIdentByte(b byte) bool { return isLetter(b) || isDigit(b) || b == '_' }

// Name rule of the legacy language (QEMU 4.2): no "x-" special case and
// case rules applied to the whole name rather than the stem.
var legacyValidName = regexp.MustCompile(`^(?:__[a-zA-Z0-9.-]+_)?[a-zA-Z][a-zA-Z0-9_-]*$`)

// cName is the C identifier QEMU derives from a name (without protecting
// C keywords). Names whose C form starts with "q_" are reserved for the
// generator's own identifiers.
func cName(name string) string {
	for i := 0; i < len(name); i++ {
		if !isCIdentByte(name[i]) {
			return cNameSlow(name)
		}
	}
	return name
}

func cNameSlow(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 0x80 && isCIdentByte(byte(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// isReservedPrefixQ reports whether name's C form starts with "q_".
func isReservedPrefixQ(name string) bool {
	return len(name) >= 2 && name[0] == 'q' && !(name[1] < 0x80 && isLetter(name[1]) || isDigit(name[1]))
}

// legacyCName is QEMU 4.2's variant, which only mapped '.' and '-'.
func legacyCName(name string) string {
	return strings.NewReplacer(".", "_", "-", "_").Replace(name)
}

// nameStem validates name and returns its stem (the part after the
// prefixes).
func (c *exprChecker) nameStem(name, source string) (string, error) {
	stem, ok := splitName(name)
	if !ok || isReservedPrefixQ(name) {
		return "", c.errorf("%s has an invalid name", source)
	}
	return stem, nil
}

// checkNameUpper is the rule for event names: SHOUTY_CASE.
func (c *exprChecker) checkNameUpper(name, source string) error {
	stem, err := c.nameStem(name, source)
	if err != nil {
		return err
	}
	if strings.ContainsAny(stem, "abcdefghijklmnopqrstuvwxyz-") {
		return c.errorf("name of %s must not use lowercase or '-'", source)
	}
	return nil
}

// checkNameLower is the rule for commands, members, enum values and
// features: lower-case-with-dashes, unless a pragma exception applies.
func (c *exprChecker) checkNameLower(name, source string, permitUpper, permitUnderscore bool) error {
	stem, err := c.nameStem(name, source)
	if err != nil {
		return err
	}
	if (!permitUpper && strings.ContainsAny(stem, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")) ||
		(!permitUnderscore && strings.Contains(stem, "_")) {
		return c.errorf("name of %s must not use uppercase or '_'", source)
	}
	return nil
}

// checkNameCamel is the rule for type names.
func (c *exprChecker) checkNameCamel(name, source string) error {
	stem, err := c.nameStem(name, source)
	if err != nil {
		return err
	}
	if !isCamelStem(stem) {
		return c.errorf("name of %s must use CamelCase", source)
	}
	return nil
}

// checkDefnName applies the naming rule of a definition's kind.
func (c *exprChecker) checkDefnName(name, meta string) error {
	if c.legacy {
		return c.checkLegacyDefnName(name, meta)
	}
	switch meta {
	case "event":
		return c.checkNameUpper(name, meta)
	case "command":
		exempt := slices.Contains(c.info.Pragma.CommandNameExceptions, name)
		return c.checkNameLower(name, meta, false, exempt)
	}
	if err := c.checkNameCamel(name, meta); err != nil {
		return err
	}
	if strings.HasSuffix(name, "List") {
		return c.errorf("%s name should not end in 'List'", meta)
	}
	return nil
}

// legacyName selects the variations of QEMU 4.2's single name check.
type legacyName struct {
	optional    bool // a leading '*' marks an optional member
	enumMember  bool // may start with a digit
	permitUpper bool // the name-case pragma applies
	// alsoLower: QEMU 6.0 and 6.1 checked the name with check_name_lower
	// instead (case rules on the stem only, so prefixes such as
	// "__ORG.Name_" may use uppercase; '_' only with the pragma, which
	// then also permits uppercase). A name either rule accepts is valid.
	alsoLower bool
}

// checkLegacyName is QEMU 4.2's name check, widened by the 6.0 rule when
// how.alsoLower is set. Errors are 4.2's.
func (c *exprChecker) checkLegacyName(name, source string, how legacyName) error {
	bare := name
	if how.optional {
		bare = strings.TrimPrefix(bare, "*")
	}
	if how.enumMember && bare != "" && bare[0] >= '0' && bare[0] <= '9' {
		bare = "d" + bare // the case of the stand-in letter matters to no rule
	}
	if !legacyValidName.MatchString(bare) || strings.HasPrefix(legacyCName(bare), "q_") {
		return c.errorf("%s has an invalid name", source)
	}
	if !how.permitUpper && strings.ToLower(name) != name && !(how.alsoLower && lowerStemOK(bare)) {
		return c.errorf("%s uses uppercase in name", source)
	}
	return nil
}

// lowerStemOK is QEMU 6.0's case rule without the pragma (with it, the
// 4.2 rule already accepts every valid name) for a name that passed the
// 4.2 validity check, which accepts the same names: the stem has neither
// uppercase nor '_'.
func lowerStemOK(name string) bool {
	stem, ok := splitName(name)
	return ok && !strings.ContainsAny(stem, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_")
}

func (c *exprChecker) checkLegacyDefnName(name, meta string) error {
	if err := c.checkLegacyName(name, meta, legacyName{permitUpper: true}); err != nil {
		return err
	}
	for _, suffix := range []string{"Kind", "List"} {
		if strings.HasSuffix(name, suffix) {
			return c.errorf("%s name should not end in '%s'", meta, suffix)
		}
	}
	return nil
}

// isReservedMemberName reports names that would clash with the generated
// C code: the union field 'u' and the has_ flags of optional members.
func (c *exprChecker) isReservedMemberName(name string) bool {
	cn := cName(name)
	if c.legacy {
		cn = legacyCName(name)
	}
	return cn == "u" || strings.HasPrefix(cn, "has_")
}
