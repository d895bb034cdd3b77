package wire

import (
	"errors"
	"fmt"
	"strings"
)

// Has reports whether the schema has what path describes (see Probe); a
// malformed path gives false.
func (s *Schema) Has(path string) bool {
	ok, _ := s.Probe(path)
	return ok
}

// Probe answers a path query in the syntax of libvirt's
// virQEMUQAPISchemaPathGet, exactly as libvirt answers it:
//
//	command_or_event/arg-type/member/+variant/*optional-member/...
//
// The first component names a command or event (or any entry); after a
// command or event, "arg-type" or "ret-type" selects a type. Then each
// component, according to its first character, steps into the current
// type or asks a yes/no question, which must end the path:
//
//	name      an object member
//	*name     an object member that is optional
//	+case     a union variant
//	^value    the enum has the value (may be followed by $feature,
//	          asking about the value's feature)
//	!json     the built-in type has that JSON type
//	$feature  the object, command or event has the feature
//
// A name that does not start with a letter is written after one space.
// Arrays stand for their element type and alternates are tried branch
// by branch, first success wins. The answer is false when something is
// missing; the error is for a malformed path (a component after one that
// must end it, an empty path) or a schema that does not hold together,
// with libvirt's message.
func (s *Schema) Probe(path string) (bool, error) {
	_, ok, err := s.walk(path)
	return ok, err
}

// Resolve is Probe returning the entry a path that selects a type ends
// at (as libvirt's virQEMUQAPISchemaPathGet fills in its entry): the
// command or event, a member's or variant's type, an array's element
// type. It returns nil for a path that is not found or ends in a yes/no
// question (^value, !json, $feature).
func (s *Schema) Resolve(path string) (*SchemaInfo, error) {
	si, _, err := s.walk(path)
	return si, err
}

func (s *Schema) walk(path string) (*SchemaInfo, bool, error) {
	if path == "" {
		return nil, false, errors.New("malformed query string")
	}
	first, rest, more := strings.Cut(path, "/")
	if s.byName[first] == nil {
		return nil, false, nil
	}
	p := prober{s: s, rest: rest, more: more, prev: first}
	switch rc := p.traverse(first); rc {
	case found:
		return p.entry, true, nil
	case malformedSchema:
		return nil, false, fmt.Errorf("malformed QAPI schema when querying '%s' of '%s'", p.prev, path)
	case malformedQuery:
		return nil, false, fmt.Errorf("terminal QAPI query component '%s' of '%s' must not have followers", p.prev, path)
	}
	return nil, false, nil
}

// result is a step's outcome, as libvirt's traversal functions return it.
type result int

const (
	notFound result = iota
	found
	malformedSchema // libvirt's -2
	malformedQuery  // libvirt's -3
)

// maxDepth bounds the traversal steps along one path through the
// schema, as libvirt does against loops.
const maxDepth = 1000

// maxSteps bounds all the steps of one probe. Alternates are tried
// branch by branch, each branch from the same place in the path: in a
// hostile reply, alternates whose branches lead back to them make that
// exponential in the path's length, where libvirt would not come back.
const maxSteps = 1 << 16

// prober walks one path. Its state is a value, so an alternate can
// restore it before trying the next branch.
type prober struct {
	s     *Schema
	rest  string // the components not consumed yet
	more  bool   // whether rest holds a component (it may be empty)
	prev  string // the last component consumed (for messages)
	depth int
	entry *SchemaInfo // where a type query ended
	steps int         // all steps, those of the branches an alternate tried included
}

func (p *prober) hasNext() bool { return p.more }

func (p *prober) next() string {
	var c string
	c, p.rest, p.more = strings.Cut(p.rest, "/")
	p.prev = c
	return c
}

// stripModifier removes the first character of a component that does
// not start with an ASCII letter: a modifier, or the space written
// before a name that does not start with a letter.
func stripModifier(c string) (modifier byte, name string) {
	if c == "" {
		return 0, ""
	}
	m := c[0]
	if isAlpha(m) {
		return m, c
	}
	return m, c[1:]
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func (p *prober) traverse(name string) result {
	if p.depth > maxDepth || p.steps >= maxSteps {
		return malformedSchema
	}
	p.depth++
	p.steps++
	si := p.s.byName[name]
	if si == nil {
		return malformedSchema
	}
	if !p.hasNext() {
		p.entry = si
		return found
	}
	switch {
	case si.Object != nil:
		return p.object(si)
	case si.Array != nil:
		return p.traverse(si.Array.ElementType)
	case si.Command != nil, si.Event != nil:
		return p.command(si)
	case si.Enum != nil:
		return p.enum(si.Enum)
	case si.Builtin != nil:
		return p.builtin(si.Builtin)
	case si.Alternate != nil:
		return p.alternate(si.Alternate)
	}
	return notFound
}

func featureResult(fs []string, name string) result {
	if contains(fs, name) {
		return found
	}
	return notFound
}

func (p *prober) object(si *SchemaInfo) result {
	modifier, name := stripModifier(p.next())
	switch modifier {
	case '^', '!':
		return notFound
	case '$':
		if p.hasNext() {
			return malformedQuery
		}
		return featureResult(si.Features, name)
	case '+':
		for _, v := range si.Object.Variants {
			if v.Case == name {
				return p.traverse(v.Type)
			}
		}
		return notFound
	}
	for _, m := range si.Object.Members {
		if m.Name == name {
			if modifier == '*' && !m.Optional {
				return notFound
			}
			return p.traverse(m.Type)
		}
	}
	return notFound
}

// command steps from a command or event into the type its key names:
// libvirt looks the component up among the entry's string-valued keys.
func (p *prober) command(si *SchemaInfo) result {
	modifier, key := stripModifier(p.next())
	switch modifier {
	case '^', '!', '+', '*':
		return notFound
	case '$':
		if p.hasNext() {
			return malformedQuery
		}
		return featureResult(si.Features, key)
	}
	var typ string
	switch key {
	case "name":
		typ = si.Name
	case "meta-type":
		typ = string(si.MetaType)
	case "arg-type":
		if si.Command != nil {
			typ = si.Command.ArgType
		} else {
			typ = si.Event.ArgType
		}
	case "ret-type":
		if si.Command == nil {
			return notFound
		}
		typ = si.Command.RetType
	default:
		return notFound
	}
	return p.traverse(typ)
}

func (p *prober) enum(e *EnumInfo) result {
	query := p.next()
	if query == "" || query[0] != '^' {
		return notFound
	}
	var feature string
	asksFeature := p.hasNext()
	if asksFeature {
		f := p.next()
		if f == "" || f[0] != '$' || p.hasNext() {
			return malformedQuery
		}
		feature = f[1:]
	}
	if e.listless {
		// libvirt reads the values only for a question about a value.
		if asksFeature {
			return notFound
		}
		return malformedSchema
	}
	value := query[1:]
	for _, m := range e.Members {
		if m.Name == value {
			if asksFeature {
				return featureResult(m.Features, feature)
			}
			return found
		}
	}
	return notFound
}

func (p *prober) builtin(b *BuiltinInfo) result {
	query := p.next()
	if query == "" || query[0] != '!' {
		return notFound
	}
	if p.hasNext() {
		return malformedQuery
	}
	if b.JSONType == "" {
		return malformedSchema // a reply without json-type
	}
	if b.JSONType == query[1:] {
		return found
	}
	return notFound
}

func (p *prober) alternate(a *AlternateInfo) result {
	if a.listless {
		return malformedSchema
	}
	saved := *p
	for _, m := range a.Members {
		steps := p.steps
		*p = saved
		p.steps = steps
		if rc := p.traverse(m.Type); rc != notFound {
			return rc
		}
	}
	return notFound
}
