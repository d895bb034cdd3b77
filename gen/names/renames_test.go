// SPDX-License-Identifier: Apache-2.0

package names

import (
	"strings"
	"testing"
)

func TestParseRenames(t *testing.T) {
	r, err := ParseRenames("r.txt", []byte("# my names\n\nquery-cpus-fast QueryCPUsFast  # better\n  BlockdevDriver.https  HTTPS\nLevel.1st 1st\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range r.Entries {
		got = append(got, e.Info.Loc()+" "+e.Key+" "+e.GoName)
	}
	want := "r.txt:3 query-cpus-fast QueryCPUsFast|r.txt:4 BlockdevDriver.https HTTPS|r.txt:5 Level.1st 1st"
	if strings.Join(got, "|") != want {
		t.Errorf("entries %q, want %q", strings.Join(got, "|"), want)
	}
}

func TestParseRenamesErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"a\n", "r.txt:1: want 'QAPI-NAME GoName' or 'QAPI-NAME.member GoName', not \"a\""},
		{"\n\na B C\n", "r.txt:3: want 'QAPI-NAME GoName' or 'QAPI-NAME.member GoName', not \"a B C\""},
		{"a lower\n", "r.txt:1: \"lower\" is not an exported Go identifier (or, for an enum value, the end of one)"},
		{"a Has-Dash\n", "r.txt:1: \"Has-Dash\" is not an exported Go identifier (or, for an enum value, the end of one)"},
		{"a Ünicode\n", "r.txt:1: \"Ünicode\" is not an exported Go identifier (or, for an enum value, the end of one)"},
		{"a A\n# x\na B\n", "r.txt:3: 'a' is renamed twice (first on line 1)"},
	} {
		_, err := ParseRenames("r.txt", []byte(tt.in))
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseRenames(%q): error %v, want %q", tt.in, err, tt.want)
		}
	}
}
