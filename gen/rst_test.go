// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"
	"testing"
)

func TestDedent(t *testing.T) {
	for _, tc := range []struct{ in, want []string }{
		{[]string{"  a", "    b", "", "  c"}, []string{"a", "  b", "", "c"}},
		{[]string{"a", "    b"}, []string{"a", "    b"}}, // nothing shared: unchanged
		{[]string{"   a", " "}, []string{"a", ""}},
	} {
		if got := dedent(tc.in); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("dedent(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFromRST(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"Use ``-no-shutdown`` here.", "Use `-no-shutdown` here."},
		{".. note:: String types are used to allow for possible future\n   hostname or service resolution support.\n\nSince: 2.8",
			"Note: String types are used to allow for possible future\nhostname or service resolution support.\n\nSince: 2.8"},
		{".. note::\n   Text on the next line.\n\n   A second paragraph.\n\nAfter.",
			"Note: Text on the next line.\n\nA second paragraph.\n\nAfter."},
		{".. admonition:: Notes\n\n   1. first\n   2. second", "Notes:\n\n1. first\n2. second"},
		{".. caution:: Take care.", "Caution: Take care."},
		{".. qmp-example::\n\n    -> { \"execute\": \"stop\" }\n    <- { \"return\": {} }\n\nMore.",
			"Example:\n\n\t-> { \"execute\": \"stop\" }\n\t<- { \"return\": {} }\n\nMore."},
		{".. qmp-example::\n   :title: Move a node\n\n    -> { \"execute\": \"x\" }",
			"Example: Move a node.\n\n\t-> { \"execute\": \"x\" }"},
		{".. qmp-example::\n   :annotated:\n\n   Set new histograms::\n\n    -> { \"execute\": \"x\" }\n    <- { \"return\": {} }",
			"Example:\n\nSet new histograms:\n\n -> { \"execute\": \"x\" }\n <- { \"return\": {} }"},
		{".. qmp-example::\n   :title: Why?\n\n    x", "Example: Why?\n\n\tx"},
		{".. table:: Kinds\n   :widths: auto\n\n   = =\n   a b", "Kinds:\n\n   = =\n   a b"},
		{".. code-block:: json\n\n   {}", ".. code-block:: json\n\n   {}"},
		{"See ..foo:: not a directive", "See ..foo:: not a directive"},
		{"The values::\n\n    a b\n\n::\n\n    c", "The values:\n\n    a b\n\n\n    c"},
	} {
		if got := fromRST(tc.in); got != tc.want {
			t.Errorf("fromRST(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// FuzzFromRST: any text converts without panicking, and the comment made
// of it is still canonical for gofmt.
func FuzzFromRST(f *testing.F) {
	for _, seed := range []string{"- a\n-\tb", "1. x\n   y\n\n   z", ".. note::", ".. qmp-example::\n   :annotated:\n\n   x::\n\n    y", ".. admonition::", "``a``b``", "::\n::", ".. table::\n   :w:\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c := &comment{}
		c.para(text)
		out := canonicalDoc(strings.Join(c.lines, "\n"))
		if again := reformatDoc(strings.TrimSuffix(out, "\n")); again != out && out != "\n" {
			t.Errorf("doc of %q is not stable:\n%q\n%q", text, out, again)
		}
	})
}

func TestRSTLists(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"no list here", "no list here"},
		// QEMU 7.2's numbered notes: continuation lines indented
		{"1. The first, long\n   and continued\n\n2. Second",
			"  1. The first, long\n    and continued\n\n  2. Second"},
		{"Text:\n- a\n- b\n  more b\nlazy b", "Text:\n  - a\n  - b\n    more b\n    lazy b"},
		// a second paragraph, indented to the item's text, joins it
		{"- a\n\n  still a\n- b", "  - a\n    still a\n  - b"},
		// a literal block after a list: the list stays as written, or Go
		// doc would read the block into it
		{"- a\n- b\n\n -> { }", "- a\n- b\n\n -> { }"},
		// nor a code block that fromRST made
		{"- a\n\n\tcode", "- a\n\n\tcode"},
		{"- a\n\tcode", "- a\n\tcode"},
		{"2.9 is a version. 3) not first", "2.9 is a version. 3) not first"},
		{"1.\n-> x", "1.\n-> x"},
		{"- a\n-\tb", "  - a\n  -\tb"},
	} {
		if got := rstLists(tc.in); got != tc.want {
			t.Errorf("rstLists(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestJoinIndented(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// QEMU 4.2's tables of members
		{"@size      Size of the disk, which\n           must be aligned\n@backing   File name",
			"@size      Size of the disk, which\nmust be aligned\n@backing   File name"},
		{"Text.\n\n    a literal block", "Text.\n\n    a literal block"},
		{"Example:\n\n\t-> { }\n\t   more", "Example:\n\n\t-> { }\n\t   more"},
		// ASCII art stays
		{"5|  *\n   +-----\n     10   50", "5|  *\n   +-----\n     10   50"},
		{"text\n   (default: off)\n   'quoted'", "text\n(default: off)\n'quoted'"},
	} {
		if got := joinIndented(tc.in); got != tc.want {
			t.Errorf("joinIndented(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
