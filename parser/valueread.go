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
	return &source.Error{Info: t.info, Col: column(p.src, t.lineStart, t.pos), Msg: msg}
}

// build converts participle's tree into a Value. Members are visited in
// source order, so the first duplicate key found is the one QEMU reports.
func (p *fileParser) build(v *pValue) (Value, error) {
	toks := p.toks
	first := &toks[v.Pos.Offset]
	switch first.kind {
	case tokLBrace:
		n := len(v.Members)
		obj := &Object{Keys: make([]string, 0, n), Values: make([]Value, 0, n)}
		var seen map[string]bool
		if n > manyKeys {
			seen = make(map[string]bool, n)
		}
		for _, m := range v.Members {
			key := toks[m.Pos.Offset].val
			var val Value
			var err error
			valueAt := m.Scalar.Pos.Offset
			if m.Value != nil {
				valueAt = m.Value.Pos.Offset
			}
			if dup := seen[key] || (seen == nil && obj.Has(key)); dup {
				return nil, p.errorAt(&toks[valueAt], "duplicate key '"+key+"'")
			}
			if seen != nil {
				seen[key] = true
			}
			if m.Value != nil {
				val, err = p.build(m.Value)
				if err != nil {
					return nil, err
				}
			} else {
				val = scalar(&toks[valueAt])
			}
			obj.Keys = append(obj.Keys, key)
			obj.Values = append(obj.Values, val)
		}
		return obj, nil
	case tokLBracket:
		list := make([]Value, 0, len(v.Elems))
		for _, e := range v.Elems {
			val, err := p.build(e)
			if err != nil {
				return nil, err
			}
			list = append(list, val)
		}
		return list, nil
	}
	return scalar(first), nil
}

func scalar(t *token) Value {
	switch t.kind {
	case tokTrue:
		return true
	case tokFalse:
		return false
	}
	return t.val
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
				f.key = t.val
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
				return next.err
			}
			if f.keys[f.key] {
				return p.errorAt(next, "duplicate key '"+f.key+"'")
			}
			f.keys[f.key] = true
		}
	}
	t := &toks[at]
	if t.kind == tokError {
		return t.err
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
