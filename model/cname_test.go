// SPDX-License-Identifier: Apache-2.0

package model

import "testing"

func TestCName(t *testing.T) {
	for in, want := range map[string]string{
		"a-b": "a_b", "x.y": "x_y", "int": "q_int", "unix": "q_unix", "1x": "q_1x", "ok": "ok", "é": "_",
	} {
		if got := cName(in); got != want {
			t.Errorf("cName(%q) = %q, want %q", in, got, want)
		}
	}
}
