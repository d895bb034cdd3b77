// SPDX-License-Identifier: Apache-2.0

package cond

import "testing"

func TestPyRepr(t *testing.T) {
	// Python: repr('a\x01\x85\u00a0\u2028b') == "'a\\x01\\x85\\xa0\\u2028b'"
	if got, want := pyRepr("a\x01\u0085\u00a0\u2028b"), `'a\x01\x85\xa0\u2028b'`; got != want {
		t.Errorf("pyRepr: got %s, want %s", got, want)
	}
}

// TestMayHold checks the three-valued evaluation: a symbol the
// configuration does not name is unknown, and only a condition false
// whatever the unknown symbols are excludes what it guards.
func TestMayHold(t *testing.T) {
	sym := func(n string) *Cond { return &Cond{Kind: Name, Name: n} }
	op := func(k Kind, args ...*Cond) *Cond { return &Cond{Kind: k, Args: args} }
	leg := func(e string) *Cond { return &Cond{Kind: Legacy, Name: e} }
	cfg := Config{"ON": true, "OFF": false}
	for _, tc := range []struct {
		c    *Cond
		want bool
	}{
		{nil, true},
		{sym("ON"), true},
		{sym("OFF"), false},
		{sym("UNSET"), true},
		{op(Not, sym("ON")), false},
		{op(Not, sym("OFF")), true},
		{op(Not, sym("UNSET")), true},
		{op(All, sym("ON"), sym("UNSET")), true},
		{op(All, sym("UNSET"), sym("OFF")), false},
		{op(Any, sym("OFF"), sym("UNSET")), true},
		{op(Any, sym("OFF"), op(Not, sym("ON"))), false},
		{op(Not, op(Any, sym("OFF"), op(Not, sym("UNSET")))), true},
		{op(Not, op(All, sym("ON"), op(Not, sym("OFF")))), false},
		{leg("defined(OFF)"), false},
		{leg(" ! defined ( OFF ) "), true},
		{leg("!defined(ON)"), false},
		{leg("ON"), true},
		{leg("defined(OFF) && 1"), true}, // not understood: unknown
		{op(All, leg("defined(ON)"), leg("defined(OFF)")), false},
	} {
		if got := tc.c.MayHold(cfg); got != tc.want {
			t.Errorf("%v under %v: MayHold = %v, want %v", tc.c, cfg, got, tc.want)
		}
	}
	if !op(All, sym("OFF")).MayHold(nil) {
		t.Error("the empty configuration excludes something")
	}
}

// TestExpr checks the C rendering doc notes use, parentheses included.
func TestExpr(t *testing.T) {
	sym := func(n string) *Cond { return &Cond{Kind: Name, Name: n} }
	op := func(k Kind, args ...*Cond) *Cond { return &Cond{Kind: k, Args: args} }
	for _, tc := range []struct {
		c    *Cond
		want string
	}{
		{sym("A"), "A"},
		{op(Not, sym("A")), "!A"},
		{op(All, sym("A"), op(Not, sym("B"))), "A && !B"},
		{op(All, sym("A"), op(Any, sym("B"), sym("C"))), "A && (B || C)"},
		{op(Not, op(All, sym("A"), sym("B"))), "!(A && B)"},
		{op(Any, op(All, sym("A"))), "A"},
		{&Cond{Kind: Legacy, Name: "defined(X) && 1"}, "defined(X) && 1"},
	} {
		if got := tc.c.Expr(); got != tc.want {
			t.Errorf("%v: Expr = %q, want %q", tc.c, got, tc.want)
		}
	}
}
