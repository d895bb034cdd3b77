// SPDX-License-Identifier: Apache-2.0

// Package schema holds the project's own QAPI schemas: example.json, the
// default input of qapi-gen when no schema is named, and everything.json,
// which uses every construct of the language and feeds the golden tests.
package schema

import _ "embed"

// ExampleName is the file name the embedded example is known by in
// messages and generated headers.
const ExampleName = "example.json"

// Example is the text of example.json.
//
//go:embed example.json
var Example []byte
