// SPDX-License-Identifier: Apache-2.0

// Package dump prints a checked schema in the text format of QEMU's
// front-end test harness (tests/qapi-schema/test-qapi.py): one block per
// entity, module by module, then the doc comments. Tests compare it with
// QEMU's own output to show that the front end sees a schema exactly as
// QEMU does.
package dump

import (
	"bufio"
	"fmt"
	"io"

	"github.com/qapi-gen/qapi-gen/model"
)

// Options control Write.
type Options struct {
	// NoDoc leaves out the doc comments.
	NoDoc bool
}

// Write prints s to w. A schema built in legacy mode prints as QEMU 4.2
// printed it: entities in definition order, with a "module" line
// whenever the module changes, the built-in module called "None".
func Write(w io.Writer, s *model.Schema, opts Options) error {
	p := &printer{w: bufio.NewWriter(w)}
	if s.Legacy {
		p.legacyModules(s)
	} else {
		for _, m := range s.Modules {
			p.printf("module %s\n", m.Name)
			for _, e := range m.Entities {
				p.entity(e)
			}
		}
	}
	if !opts.NoDoc {
		for _, d := range s.Docs {
			if p.err == nil {
				p.err = d.WriteDump(p.w)
			}
		}
	}
	if p.err != nil {
		return p.err
	}
	return p.w.Flush()
}

type printer struct {
	w   *bufio.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// legacyModules visits the entities in definition order, announcing the
// module whenever it changes.
func (p *printer) legacyModules(s *model.Schema) {
	cur := builtinOf(s)
	p.printf("module None\n")
	for _, e := range s.Entities {
		if m := e.InModule(); m != cur {
			cur = m
			p.printf("module %s\n", legacyModuleName(m))
		}
		p.entity(e)
	}
}

func builtinOf(s *model.Schema) *model.Module {
	for _, m := range s.Modules {
		if m.Builtin {
			return m
		}
	}
	return nil
}

func legacyModuleName(m *model.Module) string {
	if m.Builtin {
		return "None"
	}
	return m.Name
}

func (p *printer) entity(e model.Entity) {
	switch e := e.(type) {
	case *model.Include:
		p.printf("include %s\n", e.Sub.Name)
	case *model.Builtin:
		// Built-in types are not printed.
	case *model.Enum:
		p.printf("enum %s\n", e.Name)
		if e.Prefix != "" {
			p.printf("    prefix %s\n", e.Prefix)
		}
		for _, m := range e.Members {
			p.printf("    member %s\n", m.Name)
			p.cond(m.If, 8)
			p.features(m.Features, 8)
		}
		p.cond(e.If, 4)
		p.features(e.Features, 4)
	case *model.Array:
		if e.Info == nil {
			return // the built-in types' arrays are not printed
		}
		p.printf("array %s %s\n", e.Name, e.Element.Common().Name)
		p.cond(e.If, 4)
	case *model.Object:
		p.printf("object %s\n", e.Name)
		if e.Base != nil {
			p.printf("    base %s\n", e.Base.Name)
		}
		for _, m := range e.Local {
			p.printf("    member %s: %s optional=%s\n", m.Name, m.Type.Common().Name, pyBool(m.Optional))
			p.cond(m.If, 8)
			p.features(m.Features, 8)
		}
		if e.Branches != nil {
			p.variants(e.Branches.Tag.Name, e.Branches.Variants)
		}
		p.cond(e.If, 4)
		p.features(e.Features, 4)
	case *model.Alternate:
		p.printf("alternate %s\n", e.Name)
		p.variants(e.Tag.Name, e.Alternatives)
		p.cond(e.If, 4)
		p.features(e.Features, 4)
	case *model.Command:
		p.printf("command %s %s -> %s\n", e.Name, objName(e.Arg), typeName(e.Ret))
		coroutine := ""
		if e.Coroutine {
			coroutine = " coroutine=True"
		}
		p.printf("    gen=%s success_response=%s boxed=%s oob=%s preconfig=%s%s\n",
			pyBool(e.Gen), pyBool(e.SuccessResponse), pyBool(e.Boxed),
			pyBool(e.AllowOOB), pyBool(e.AllowPreconfig), coroutine)
		p.cond(e.If, 4)
		p.features(e.Features, 4)
	case *model.Event:
		p.printf("event %s %s\n", e.Name, objName(e.Arg))
		p.printf("    boxed=%s\n", pyBool(e.Boxed))
		p.cond(e.If, 4)
		p.features(e.Features, 4)
	}
}

func (p *printer) variants(tag string, vs []*model.Variant) {
	p.printf("    tag %s\n", tag)
	for _, v := range vs {
		p.printf("    case %s: %s\n", v.Name, v.Type.Common().Name)
		p.cond(v.If, 8)
	}
}

func (p *printer) cond(c *model.Cond, indent int) {
	if c != nil {
		p.printf("%*sif %s\n", indent, "", c)
	}
}

func (p *printer) features(fs []*model.Feature, indent int) {
	for _, f := range fs {
		p.printf("%*sfeature %s\n", indent, "", f.Name)
		p.cond(f.If, indent+4)
	}
}

// pyBool prints a bool as Python does.
func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func objName(o *model.Object) string {
	if o == nil {
		return "None"
	}
	return o.Name
}

func typeName(t model.Type) string {
	if t == nil {
		return "None"
	}
	return t.Common().Name
}
