// SPDX-License-Identifier: Apache-2.0

package model

import (
	"fmt"
	"strings"

	"github.com/qapi-gen/qapi-gen/source"
)

// describeDef names a definition in messages as QEMU does: "struct type
// 'Foo'", "array type ['Foo']", "command 'bar'".
func describeDef(d Definition) string {
	switch d := d.(type) {
	case *Array:
		return fmt.Sprintf("array type ['%s']", d.elemName)
	case Type:
		return fmt.Sprintf("%s type '%s'", d.Meta(), d.Common().Name)
	}
	return fmt.Sprintf("%s '%s'", d.Meta(), d.Common().Name)
}

// describeIn names a member-like thing (role "member", "value",
// "branch", "feature") called name that belongs to the definition,
// member or value named inName, as seen from the definition at info.
// in is the definition it belongs to when that is known (not for
// features): members of implicit types are described in terms of the
// definition that caused the type.
func (b *builder) describeIn(role, name string, in Definition, inName string, info *source.Info) string {
	meta := "type"
	var implicit ImplicitRole = -1
	if in != nil {
		inName = in.Common().Name
		if imp := in.Common().Implicit; imp != nil && imp.Owner != nil {
			implicit = imp.Role
			switch imp.Role {
			case ImplicitArgs, ImplicitBase:
				inName = imp.Owner.Common().Name
			}
		}
	}
	switch implicit {
	case ImplicitArgs:
		role, meta = "parameter", "command"
	case ImplicitBase:
		role = "base " + role
	}
	if b.opts.Legacy {
		// QEMU 4.2 described members of implicit types without their
		// owner, and called the values of a tag enum branches.
		switch implicit {
		case ImplicitArgs, ImplicitBase, ImplicitWrapper:
			return fmt.Sprintf("%s '%s'", role, name)
		case ImplicitKind:
			return fmt.Sprintf("branch '%s'", name)
		}
	}
	defn := ""
	if info != nil {
		defn = info.DefnName
	}
	if inName != defn {
		return fmt.Sprintf("%s '%s' of %s '%s'", role, name, meta, inName)
	}
	return fmt.Sprintf("%s '%s'", role, name)
}

func (b *builder) describe(h holder, info *source.Info) string {
	return b.describeIn(h.role, h.name, h.in, h.inName, info)
}

func memberHolder(m *Member) holder   { return holder{"member", m.Name, m.DefinedIn, ""} }
func variantHolder(v *Variant) holder { return holder{"branch", v.Name, v.DefinedIn, ""} }

func (b *builder) describeMember(m *Member, info *source.Info) string {
	return b.describe(memberHolder(m), info)
}

func (b *builder) describeVariant(v *Variant, info *source.Info) string {
	return b.describe(variantHolder(v), info)
}

// cName maps a name to the C identifier QEMU's generated code uses for
// it; two members clash when their C names are equal.
func cName(name string) string {
	if isCIdent(name) {
		if cReserved[name] || name[0] >= '0' && name[0] <= '9' {
			return "q_" + name
		}
		return name
	}
	if ascii := asciiCName(name); ascii != "" {
		name = ascii
		if cReserved[name] || name[0] >= '0' && name[0] <= '9' {
			return "q_" + name
		}
		return name
	}
	var b strings.Builder
	b.Grow(len(name) + 2)
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			c = '_'
		}
		b.WriteRune(c)
	}
	s := b.String()
	if cReserved[s] || (s != "" && s[0] >= '0' && s[0] <= '9') {
		return "q_" + s
	}
	return s
}

// asciiCName is cName's mapping for a non-empty ASCII name (every byte
// not allowed in C becomes '_'), without the reserved-name rule; "" for
// other names. Member names with '-' take this path.
func asciiCName(name string) string {
	if name == "" {
		return ""
	}
	b := []byte(name)
	for i, c := range b {
		if c >= 0x80 {
			return ""
		}
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

// isCIdent reports whether name is non-empty and consists of ASCII
// letters, digits and '_' only.
func isCIdent(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return name != ""
}

// cReserved are the identifiers QEMU protects with a "q_" prefix: C and
// C++ keywords and a few names predefined by compilers.
var cReserved = func() map[string]bool {
	words := strings.Fields(`
		auto break case char const continue default do double else enum
		extern float for goto if int long register return short signed
		sizeof static struct switch typedef union unsigned void volatile
		while
		inline restrict _Bool _Complex _Imaginary
		_Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert
		_Thread_local
		asm typeof
		bool catch class const_cast delete dynamic_cast explicit false
		friend mutable namespace new operator private protected public
		reinterpret_cast static_cast template this throw true try typeid
		typename using virtual wchar_t
		and and_eq bitand bitor compl not not_eq or or_eq xor xor_eq
		unix errno mips sparc i386 linux`)
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}()
