// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"github.com/qapi-gen/qapi-gen/doc"
	"github.com/qapi-gen/qapi-gen/source"
)

// Value is a QAPI JSON-like value: string, bool, []Value or *Object.
// (QAPI has no numbers and no null.)
type Value any

// Object is a QAPI object with its keys in source order.
type Object struct {
	Keys   []string
	Values []Value
}

// Get returns the value of key and whether it is present.
func (o *Object) Get(key string) (Value, bool) {
	for i, k := range o.Keys {
		if k == key {
			return o.Values[i], true
		}
	}
	return nil, false
}

// Has reports whether key is present.
func (o *Object) Has(key string) bool {
	_, ok := o.Get(key)
	return ok
}

// Len is the number of members.
func (o *Object) Len() int { return len(o.Keys) }

// Expr is one top-level expression of a schema: a definition, or an
// include directive recorded as {'include': path-relative-to-cwd}.
// Pragma directives are applied while parsing and not recorded.
type Expr struct {
	Obj  *Object
	Info *source.Info
	Doc  *doc.Doc // the definition doc comment right before it, if any
}

// Schema is the result of parsing a schema file and everything it
// includes, in QEMU's order: included files' expressions appear where the
// include directive stands.
type Schema struct {
	Exprs []*Expr
	Docs  []*doc.Doc // every doc block, in source order
	// Pragma is the schema-wide pragma state after parsing.
	Pragma *source.Pragma
	// OldPragma is where a pragma first used a name of the language of
	// QEMU before 6.2 ('returns-whitelist', 'name-case-whitelist'), read
	// in Options.Auto mode, and OldPragmaName that name; nil and "" when
	// none did.
	OldPragma     *source.Info
	OldPragmaName string
}
