// SPDX-License-Identifier: Apache-2.0

package model

import (
	"github.com/qapi-gen/qapi-gen/doc"
)

// docError marks err, an error of a doc check, when Options ask for it.
func (b *builder) docError(err error) error {
	if b.opts.MarkDocErrors {
		return doc.MarkConvention(err)
	}
	return err
}

// connectDoc matches an entity's doc comment with its features, members
// and values, in QEMU's order: the definition's features, then (for
// objects) an implicit base's members, then members, each followed by
// its own features. Commands and events connect their implicit argument
// type's members; a command with a return type gets a Returns stub when
// its doc has no Returns section.
func (b *builder) connectDoc(e Entity) error {
	d, ok := e.(Definition)
	if !ok {
		return nil
	}
	doc := d.Common().Doc
	if doc == nil {
		return nil
	}
	if err := connectFeatures(doc, d.Common().Features); err != nil {
		return err
	}
	switch d := d.(type) {
	case *Enum:
		for _, m := range d.Members {
			if err := doc.ConnectMember(m.Name, "value", m.Info); err != nil {
				return err
			}
			if err := connectFeatures(doc, m.Features); err != nil {
				return err
			}
		}
	case *Object:
		return connectObject(doc, d)
	case *Alternate:
		for _, v := range d.Alternatives {
			if err := doc.ConnectMember(v.Name, "branch", v.Info); err != nil {
				return err
			}
		}
	case *Command:
		if d.Arg != nil && d.Arg.Implicit != nil {
			if err := connectObject(doc, d.Arg); err != nil {
				return err
			}
		}
		if d.Ret != nil && d.Info != nil {
			doc.EnsureReturns(d.Info)
		}
	case *Event:
		if d.Arg != nil && d.Arg.Implicit != nil {
			return connectObject(doc, d.Arg)
		}
	}
	return nil
}

// connectObject connects the members an object declares (and those of an
// implicit base) to doc, which documents the object or its owner.
func connectObject(doc *doc.Doc, o *Object) error {
	if o.Implicit != nil {
		// Implicit types have no features of their own; the owner's
		// were connected by the caller.
		if err := connectFeatures(doc, o.Features); err != nil {
			return err
		}
	}
	if o.Base != nil && o.Base.Implicit != nil {
		if err := connectObject(doc, o.Base); err != nil {
			return err
		}
	}
	for _, m := range o.Local {
		if err := doc.ConnectMember(m.Name, "member", m.Info); err != nil {
			return err
		}
		if err := connectFeatures(doc, m.Features); err != nil {
			return err
		}
	}
	return nil
}

func connectFeatures(doc *doc.Doc, fs []*Feature) error {
	for _, f := range fs {
		if err := doc.ConnectFeature(f.Name, f.Info); err != nil {
			return err
		}
	}
	return nil
}
