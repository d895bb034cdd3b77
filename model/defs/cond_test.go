// SPDX-License-Identifier: Apache-2.0

package defs

import (
	"testing"

	"github.com/qapi-gen/qapi-gen/parser"
)

func TestCondString(t *testing.T) {
	obj := func(k string, v parser.Value) *parser.Object {
		return &parser.Object{Keys: []string{k}, Values: []parser.Value{v}}
	}
	for _, tc := range []struct {
		v      parser.Value
		legacy bool
		want   string
	}{
		{"CONFIG_X", false, "CONFIG_X"},
		{obj("all", []parser.Value{"A", "B"}), false, "{'all': ['A', 'B']}"},
		{obj("not", obj("any", []parser.Value{obj("not", "A"), "B"})), false, "{'not': {'any': [{'not': 'A'}, 'B']}}"},
		{"defined(X)", true, "['defined(X)']"},
		{[]parser.Value{"defined(A)", "B"}, true, "['defined(A)', 'B']"},
		{[]parser.Value{"it's"}, true, `["it's"]`},
	} {
		if got := toCond(tc.v, tc.legacy).String(); got != tc.want {
			t.Errorf("cond %v: got %s, want %s", tc.v, got, tc.want)
		}
	}
	if toCond(nil, false) != nil || toCond([]parser.Value{}, true) != nil {
		t.Error("absent condition is not nil")
	}
}
