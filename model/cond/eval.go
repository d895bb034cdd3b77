// SPDX-License-Identifier: Apache-2.0

package cond

import "regexp"

// Config gives configuration symbols a value, as a build configuration
// does (QEMU's CONFIG_* and target symbols). Conditions are evaluated in
// three-valued logic: a symbol not in the map is unknown, and only a
// condition that is false whatever the unknown symbols are excludes what
// it guards. The empty Config keeps everything.
type Config map[string]bool

// MayHold reports whether c may hold under the configuration (is not
// known to be false). A nil condition always holds.
func (c *Cond) MayHold(cfg Config) bool { return cfg.eval(c) != no }

type tristate int

const (
	unknown tristate = iota
	no
	yes
)

func (cfg Config) eval(c *Cond) tristate {
	if c == nil {
		return yes
	}
	switch c.Kind {
	case Name:
		return cfg.symbol(c.Name)
	case All, Any:
		// All is settled by its first false operand, Any by its first
		// true one; otherwise an unknown operand leaves it unknown.
		settles, r := no, yes
		if c.Kind == Any {
			settles, r = yes, no
		}
		for _, a := range c.Args {
			switch cfg.eval(a) {
			case settles:
				return settles
			case unknown:
				r = unknown
			}
		}
		return r
	case Not:
		if len(c.Args) != 1 {
			return unknown
		}
		switch cfg.eval(c.Args[0]) {
		case yes:
			return no
		case no:
			return yes
		}
		return unknown
	case Legacy:
		// C preprocessor expressions, understood in the forms QEMU's
		// schemas use: "defined(X)", "!defined(X)", a bare symbol.
		if m := legacyDefined.FindStringSubmatch(c.Name); m != nil {
			name := m[2]
			if name == "" {
				name = m[3]
			}
			v := cfg.symbol(name)
			if m[1] == "!" && v != unknown {
				v = 3 - v // yes <-> no
			}
			return v
		}
	}
	return unknown
}

var legacyDefined = regexp.MustCompile(`^\s*(!?)\s*(?:defined\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)|([A-Za-z_][A-Za-z0-9_]*))\s*$`)

func (cfg Config) symbol(name string) tristate {
	v, ok := cfg[name]
	switch {
	case !ok:
		return unknown
	case v:
		return yes
	}
	return no
}
