package defs

import (
	"fmt"

	"github.com/qapi-gen/qapi-gen/parser"
	"github.com/qapi-gen/qapi-gen/source"
)

// The two languages differ in constructs that only one of them has, so
// which one a schema is written in shows in the schema: only the legacy
// language (QEMU before 6.2) has simple unions (no 'discriminator'),
// conditions that are C preprocessor expressions or lists of them, and
// the pragma names 'returns-whitelist' and 'name-case-whitelist'; only
// the current one has conditions written as objects, and features on
// enum values. Everything else is
// either common to both or an error in both, and a schema with neither
// kind of construct reads the same in both (plain symbols as conditions
// are the one overlap), so it is taken as current.

// languageMark is a construct that belongs to one language only.
type languageMark struct {
	info *source.Info // the definition, or the pragma
	meta string       // the definition's kind; "" for a pragma
	name string
	what string // the construct, as a message names it
}

func (m *languageMark) String() string {
	return m.info.Loc() + ": " + m.what
}

// DetectLegacy reports whether the parsed schema is written in the legacy
// language. oldPragma is where the parser met an old pragma name (nil if
// it met none), oldPragmaName that name. A schema that uses constructs of
// both languages is an error, reported at the first construct of the
// current language.
func DetectLegacy(exprs []*parser.Expr, oldPragma *source.Info, oldPragmaName string) (bool, error) {
	var legacy, current *languageMark
	if oldPragma != nil {
		legacy = &languageMark{info: oldPragma, what: fmt.Sprintf("pragma '%s'", oldPragmaName)}
	}
	for _, e := range exprs {
		l, c := exprMarks(e)
		if legacy == nil {
			legacy = l
		}
		if current == nil {
			current = c
		}
		if legacy != nil && current != nil {
			at := *current.info
			at.SetDefn(current.meta, current.name)
			return false, source.Errorf(&at,
				"%s is written as QEMU 6.2 and later write it, but %s is written as only releases before 6.2 accept: a schema cannot mix the two languages",
				current.what, legacy)
		}
	}
	return legacy != nil, nil
}

// exprMarks returns the first construct of each language in the
// definition e (nil where there is none).
func exprMarks(e *parser.Expr) (legacy, current *languageMark) {
	obj := e.Obj
	meta := ""
	for _, m := range legacyMetas {
		if obj.Has(m) {
			meta = m
			break
		}
	}
	if meta == "" {
		return nil, nil
	}
	name, _ := asString(lookup(obj, meta))
	s := markScan{info: e.Info, meta: meta, name: name}
	if meta == "union" && !obj.Has("discriminator") {
		s.mark(false, fmt.Sprintf("simple union '%s' (it has no 'discriminator')", name))
	}
	s.definitionParts(obj, fmt.Sprintf("%s '%s'", meta, name))
	data := lookup(obj, "data")
	if meta == "enum" {
		list, _ := asList(data)
		for _, v := range list {
			if m, ok := asObject(v); ok {
				value, _ := asString(lookup(m, "name"))
				of := fmt.Sprintf("value '%s' of enum '%s'", value, name)
				if m.Has("features") {
					s.mark(true, "the feature list of "+of)
				}
				s.definitionParts(m, of)
			}
		}
		return s.legacy, s.current
	}
	s.members(data, name)
	if meta == "union" {
		s.members(lookup(obj, "base"), name)
	}
	return s.legacy, s.current
}

// markScan collects the constructs of one definition.
type markScan struct {
	info            *source.Info
	meta, name      string
	legacy, current *languageMark
}

func (s *markScan) mark(isCurrent bool, what string) {
	m := &languageMark{info: s.info, meta: s.meta, name: s.name, what: what}
	switch {
	case isCurrent && s.current == nil:
		s.current = m
	case !isCurrent && s.legacy == nil:
		s.legacy = m
	}
}

// members scans inline members or branches: their 'if' and features.
func (s *markScan) members(v parser.Value, owner string) {
	obj, ok := asObject(v)
	if !ok {
		return
	}
	for i, key := range obj.Keys {
		if m, ok := asObject(obj.Values[i]); ok {
			s.definitionParts(m, fmt.Sprintf("member '%s' of '%s'", key, owner))
		}
	}
}

// definitionParts scans the 'if' and the features' 'if' of a definition,
// member or enum value.
func (s *markScan) definitionParts(obj *parser.Object, of string) {
	s.cond(lookup(obj, "if"), of)
	features, _ := asList(lookup(obj, "features"))
	for _, f := range features {
		if fo, ok := asObject(f); ok {
			fname, _ := asString(lookup(fo, "name"))
			s.cond(lookup(fo, "if"), fmt.Sprintf("feature '%s' of %s", fname, of))
		}
	}
}

func (s *markScan) cond(v parser.Value, of string) {
	switch c := v.(type) {
	case string:
		if !condIdent.MatchString(c) {
			s.mark(false, fmt.Sprintf("the 'if' condition '%s' of %s (a C expression)", c, of))
		}
	case *parser.Object:
		s.mark(true, fmt.Sprintf("the 'if' condition of %s (an object)", of))
	default:
		if _, ok := asList(v); ok {
			s.mark(false, fmt.Sprintf("the 'if' condition of %s (a list)", of))
		}
	}
}
