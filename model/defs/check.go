// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"github.com/qapi-gen/qapi-gen/doc"
	"github.com/qapi-gen/qapi-gen/parser"
	"github.com/qapi-gen/qapi-gen/source"
)

// Check validates exprs in order, as QEMU's expression checker does, and
// returns one Def per expression. The first problem found is returned as
// a *source.Error whose text matches QEMU's.
func Check(exprs []*parser.Expr, opts Options) ([]Def, error) {
	defs := make([]Def, len(exprs))
	for i, e := range exprs {
		c := &exprChecker{info: e.Info, legacy: opts.Legacy, markDocErrors: opts.MarkDocErrors}
		d, err := c.check(e)
		if err != nil {
			return nil, err
		}
		defs[i] = d
	}
	return defs, nil
}

// exprChecker checks one expression; errors are reported at its position.
type exprChecker struct {
	info          *source.Info
	legacy        bool
	markDocErrors bool
}

func (c *exprChecker) errorf(format string, args ...any) error {
	return source.Errorf(c.info, format, args...)
}

func (c *exprChecker) check(e *parser.Expr) (Def, error) {
	obj := e.Obj
	if v, ok := obj.Get("include"); ok {
		file, _ := asString(v)
		return &Include{File: file, Info: e.Info}, nil
	}
	meta, err := c.meta(obj)
	if err != nil {
		return nil, err
	}
	name, ok := asString(lookup(obj, meta))
	if !ok {
		return nil, c.errorf("'%s' requires a string name", meta)
	}
	// From here on, messages name the definition.
	c.info.SetDefn(meta, name)
	if err := c.checkDefnName(name, meta); err != nil {
		return nil, err
	}
	if err := c.checkDoc(e.Doc, obj, name, meta); err != nil {
		return nil, err
	}
	keys := defKeys[meta]
	if c.legacy {
		keys = legacyDefKeys[meta]
	}
	if err := c.checkKeys(obj, meta, keys.required, keys.optional); err != nil {
		return nil, err
	}
	def, err := c.kind(obj, meta, name)
	if err != nil {
		return nil, err
	}
	h := def.Header()
	h.Meta, h.Name, h.Info, h.Doc = meta, name, e.Info, e.Doc
	if h.If, err = c.checkIf(obj, meta); err != nil {
		return nil, err
	}
	if h.Features, err = c.features(lookup(obj, "features")); err != nil {
		return nil, err
	}
	if err := c.checkFlags(obj); err != nil {
		return nil, err
	}
	if cmd, ok := def.(*Command); ok {
		setCommandFlags(cmd, obj)
	}
	if ev, ok := def.(*Event); ok {
		ev.Boxed = obj.Has("boxed")
	}
	return def, nil
}

// meta finds the key that says what kind of definition obj is.
func (c *exprChecker) meta(obj *parser.Object) (string, error) {
	if c.legacy {
		for _, m := range legacyMetas {
			if obj.Has(m) {
				return m, nil
			}
		}
		return "", c.errorf("expression is missing metatype")
	}
	var found []string
	for _, m := range []string{"enum", "struct", "union", "alternate", "command", "event"} {
		if obj.Has(m) {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		return "", c.errorf("expression must have exactly one key" +
			" 'enum', 'struct', 'union', 'alternate', 'command', 'event'")
	}
	return found[0], nil
}

// checkDoc checks that the doc comment in front of a definition is the
// definition's own, and that one is there when the schema requires it.
func (c *exprChecker) checkDoc(d *doc.Doc, obj *parser.Object, name, meta string) error {
	if d == nil {
		if c.info.Pragma.DocRequired {
			return c.errorf("documentation comment required")
		}
		return nil
	}
	if d.Symbol != name {
		return c.errorf("documentation comment is for '%s'", d.Symbol)
	}
	// The doc comment vetoes sections that make no sense for the kind
	// (such as 'Returns' on a non-command).
	err := d.CheckExpr(meta == "command", obj.Has("returns"))
	if c.markDocErrors {
		err = doc.MarkConvention(err)
	}
	return err
}

// kind runs the kind-specific checks and builds the definition.
func (c *exprChecker) kind(obj *parser.Object, meta, name string) (Def, error) {
	switch meta {
	case "enum":
		return c.enum(obj, name)
	case "struct":
		if c.legacy {
			return c.legacyStruct(obj, name)
		}
		return c.structDef(obj, name)
	case "union":
		if c.legacy {
			return c.legacyUnion(obj, name)
		}
		return c.union(obj, name)
	case "alternate":
		if c.legacy {
			return c.legacyAlternate(obj, name)
		}
		return c.alternate(obj)
	case "command":
		if c.legacy {
			return c.legacyCommand(obj, name)
		}
		return c.command(obj)
	case "event":
		if c.legacy {
			return c.legacyEvent(obj, name)
		}
		return c.event(obj)
	}
	// Unreachable: meta() returns only the kinds above.
	return nil, c.errorf("internal error: unexpected meta '%s'", meta)
}

// setCommandFlags records the flags; checkFlags has made sure each flag
// present has its non-default value.
func setCommandFlags(cmd *Command, obj *parser.Object) {
	cmd.Boxed = obj.Has("boxed")
	cmd.Gen = !obj.Has("gen")
	cmd.SuccessResponse = !obj.Has("success-response")
	cmd.AllowOOB = obj.Has("allow-oob")
	cmd.AllowPreconfig = obj.Has("allow-preconfig")
	cmd.Coroutine = obj.Has("coroutine")
}
