// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"regexp"
	"strings"

	"github.com/qapi-gen/qapi-gen/model/cond"
	"github.com/qapi-gen/qapi-gen/parser"
)

// condIdent is what a configuration symbol in an 'if' condition must
// look like.
var condIdent = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// checkIf validates the 'if' key of obj (when present) and returns the
// condition it states; nil when there is none.
func (c *exprChecker) checkIf(obj *parser.Object, source string) (*cond.Cond, error) {
	cond, ok := obj.Get("if")
	if !ok || cond == nil {
		return nil, nil
	}
	var err error
	if c.legacy {
		err = c.checkLegacyCond(cond, source)
	} else {
		err = c.checkCond(cond, source)
	}
	if err != nil {
		return nil, err
	}
	return toCond(cond, c.legacy), nil
}

// toCond converts a checked 'if' value into its condition. Current
// conditions are a symbol or a single-key object ('all', 'any', 'not');
// legacy ones a C expression or a list of them, all of which must hold.
func toCond(v parser.Value, legacy bool) *cond.Cond {
	switch v := v.(type) {
	case string:
		if legacy {
			return &cond.Cond{Kind: cond.Legacy, Name: v}
		}
		return &cond.Cond{Kind: cond.Name, Name: v}
	case []parser.Value:
		var args []*cond.Cond
		for _, e := range v {
			if c := toCond(e, legacy); c != nil {
				args = append(args, c)
			}
		}
		switch len(args) {
		case 0:
			return nil
		case 1:
			return args[0]
		}
		return &cond.Cond{Kind: cond.All, Args: args}
	case *parser.Object:
		if v == nil || v.Len() != 1 {
			return nil
		}
		switch v.Keys[0] {
		case "not":
			return &cond.Cond{Kind: cond.Not, Args: []*cond.Cond{toCond(v.Values[0], legacy)}}
		case "all", "any":
			kind := cond.All
			if v.Keys[0] == "any" {
				kind = cond.Any
			}
			list, _ := v.Values[0].([]parser.Value)
			c := &cond.Cond{Kind: kind}
			for _, e := range list {
				c.Args = append(c.Args, toCond(e, legacy))
			}
			return c
		}
	}
	return nil
}

// checkCond checks a condition of the current language: a symbol, or an
// object with exactly one of 'all', 'any' (lists of conditions) and 'not'
// (one condition).
func (c *exprChecker) checkCond(cond parser.Value, source string) error {
	if s, ok := asString(cond); ok {
		if !condIdent.MatchString(s) {
			return c.errorf("'if' condition '%s' of %s is not a valid identifier", s, source)
		}
		return nil
	}
	obj, ok := asObject(cond)
	if !ok {
		return c.errorf("'if' condition of %s must be a string or an object", source)
	}
	if err := c.checkKeys(obj, "'if' condition of "+source, nil, []string{"all", "any", "not"}); err != nil {
		return err
	}
	if obj.Len() != 1 {
		return c.errorf("'if' condition of %s has conflicting keys", source)
	}
	op, operand := obj.Keys[0], obj.Values[0]
	if op == "not" {
		return c.checkCond(operand, source)
	}
	operands, ok := asList(operand)
	if !ok {
		return c.errorf("'%s' condition of %s must be an array", op, source)
	}
	if len(operands) == 0 {
		return c.errorf("'if' condition [] of %s is useless", source)
	}
	for _, o := range operands {
		if err := c.checkCond(o, source); err != nil {
			return err
		}
	}
	return nil
}

// checkLegacyCond checks a QEMU 4.2 condition: a C preprocessor
// expression, or a non-empty list of them (all must hold).
func (c *exprChecker) checkLegacyCond(cond parser.Value, source string) error {
	list, isList := asList(cond)
	if !isList {
		list = []parser.Value{cond}
	} else if len(list) == 0 {
		return c.errorf("'if' condition [] of %s is useless", source)
	}
	for _, elt := range list {
		s, ok := asString(elt)
		if !ok {
			return c.errorf("'if' condition of %s must be a string or a list of strings", source)
		}
		if strings.TrimSpace(s) == "" {
			return c.errorf("'if' condition '%s' of %s makes no sense", s, source)
		}
	}
	return nil
}
