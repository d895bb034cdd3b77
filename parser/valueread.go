// SPDX-License-Identifier: Apache-2.0

package parser

import "github.com/qapi-gen/qapi-gen/source"

// maxDepth bounds the nesting of values. QEMU's recursive parser dies of
// Python's recursion limit well before; we report an error instead.
const maxDepth = 1000

// manyKeys is the object size from which duplicate keys are found with a
// map rather than by scanning the keys seen so far.
const manyKeys = 16

// errorAt is an error positioned at a token, as QEMU's QAPIParseError.
func (p *fileParser) errorAt(t *token, msg string) *source.Error {
	return &source.Error{Info: p.sc.infoAt(t.line), Col: column(p.src, t.pos), Msg: msg}
}

// build converts participle's tree for the value starting at token index
// start into a Value. Members are visited in source order, so the first
// duplicate key found is the one QEMU reports.
func (p *fileParser) build(v *pValue, start int) (Value, error) {
	if v.Node == nil {
		return p.scalar(&p.toks[start]), nil
	}
	return p.buildNode(v.Node)
}

// buildNode converts an object or list node. Its tokens (comments left
// out) are walked in order; a nested object or list is the next of the
// node's kids, and is skipped over by its token count.
func (p *fileParser) buildNode(n *pNode) (Value, error) {
	ptoks, kids := n.Tokens, n.Kids
	toks := p.toks
	// value reads the value at ptoks[i] and returns the index after it.
	value := func(i int) (Value, int, error) {
		t := &toks[ptoks[i].Pos.Offset]
		if t.kind != tokLBrace && t.kind != tokLBracket {
			return p.scalar(t), i + 1, nil
		}
		kid := kids[0]
		kids = kids[1:]
		val, err := p.buildNode(kid)
		return val, i + len(kid.Tokens), err
	}
	// Counting each kid as one token, a list of n elements has 2n+1
	// tokens, an object of n members 4n+1.
	flat := len(ptoks) - 1
	for _, k := range kids {
		flat -= len(k.Tokens) - 1
	}
	if toks[ptoks[0].Pos.Offset].kind == tokLBracket {
		list := make([]Value, 0, flat/2)
		for i := 1; i < len(ptoks)-1; i++ { // i at an element, then at a comma
			val, next, err := value(i)
			if err != nil {
				return nil, err
			}
			list = append(list, val)
			i = next
		}
		return list, nil
	}
	obj := &Object{Keys: make([]string, 0, flat/4), Values: make([]Value, 0, flat/4)}
	var seen map[string]bool
	for i := 1; i < len(ptoks)-1; i++ { // i at a key, then at a comma
		key := toks[ptoks[i].Pos.Offset].str(p.src)
		i += 2 // the value
		if seen == nil && len(obj.Keys) == manyKeys {
			seen = make(map[string]bool, 2*manyKeys)
			for _, k := range obj.Keys {
				seen[k] = true
			}
		}
		if dup := seen[key] || (seen == nil && obj.Has(key)); dup {
			return nil, p.errorAt(&toks[ptoks[i].Pos.Offset], "duplicate key '"+key+"'")
		}
		if seen != nil {
			seen[key] = true
		}
		val, next, err := value(i)
		if err != nil {
			return nil, err
		}
		obj.Keys = append(obj.Keys, key)
		obj.Values = append(obj.Values, val)
		i = next
	}
	return obj, nil
}

func (p *fileParser) scalar(t *token) Value {
	switch t.kind {
	case tokTrue:
		return true
	case tokFalse:
		return false
	}
	return t.str(p.src)
}

// frame is an open object or list while re-reading a failed value.
type frame struct {
	object bool
	keys   map[string]bool
	key    string // the key being defined
}

// syntaxError explains why participle failed at token index at. The
// tokens before it form a valid prefix; walking them gives the grammatical
// context QEMU's message depends on, and any duplicate key QEMU would
// have reported first.
func (p *fileParser) syntaxError(start, at int) error {
	if at < start || at >= len(p.toks) {
		at = len(p.toks) - 1
	}
	// The value's tokens without comments, up to the failing one.
	var toks []token
	for i := start; i <= at; i++ {
		if p.toks[i].kind != tokComment {
			toks = append(toks, p.toks[i])
		}
	}
	at = len(toks) - 1
	var stack []*frame
	top := func() *frame {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1]
	}
	for i := 0; i < at; i++ {
		t := &toks[i]
		switch t.kind {
		case tokLBrace:
			stack = append(stack, &frame{object: true, keys: map[string]bool{}})
		case tokLBracket:
			stack = append(stack, &frame{})
		case tokRBrace, tokRBracket:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case tokString:
			if f := top(); f != nil && f.object && isKeyPosition(toks, i) {
				f.key = t.str(p.src)
			}
		case tokColon:
			f := top()
			if f == nil {
				break
			}
			// QEMU checks for a duplicate after reading the token that
			// follows the colon, so a lexical error there comes first.
			next := &toks[i+1]
			if next.kind == tokError {
				return p.lexErr
			}
			if f.keys[f.key] {
				return p.errorAt(next, "duplicate key '"+f.key+"'")
			}
			f.keys[f.key] = true
		}
	}
	t := &toks[at]
	if t.kind == tokError {
		return p.lexErr
	}
	return p.errorAt(t, expectation(toks, at, top()))
}

// isKeyPosition reports whether the string at index i of an object's
// tokens is a key: it follows the opening brace or a comma.
func isKeyPosition(toks []token, i int) bool {
	return i > 0 && (toks[i-1].kind == tokLBrace || toks[i-1].kind == tokComma)
}

// expectation is QEMU's message for an unexpected token at index at,
// given the innermost open object or list.
func expectation(toks []token, at int, f *frame) string {
	const anyValue = "expected '{', '[', string, or boolean"
	if at == 0 {
		return anyValue
	}
	switch toks[at-1].kind {
	case tokLBrace:
		return "expected string or '}'"
	case tokLBracket:
		return "expected '{', '[', ']', string, or boolean"
	case tokColon:
		return anyValue
	case tokComma:
		if f != nil && f.object {
			return "expected string"
		}
		return anyValue
	case tokString:
		if f != nil && f.object && isKeyPosition(toks, at-1) {
			return "expected ':'"
		}
	}
	if f != nil && f.object {
		return "expected ',' or '}'"
	}
	if f != nil {
		return "expected ',' or ']'"
	}
	return anyValue
}
