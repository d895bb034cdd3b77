// SPDX-License-Identifier: Apache-2.0

package doc

import (
	"fmt"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/bigschema"
)

// paragraphBlock returns the lines of a doc block of n paragraphs,
// starting with head's lines and ending with the closing "##".
func paragraphBlock(head []string, n int) []Line {
	texts := append([]string{"##"}, head...)
	for i := 0; i < n; i++ {
		texts = append(texts, fmt.Sprintf("# Paragraph %d.", i), "#")
	}
	texts = append(texts, "##")
	lines := make([]Line, len(texts))
	for i, t := range texts {
		lines[i] = Line{Col: 1, Text: t}
	}
	return lines
}

// TestParagraphsCostLinear checks that the memory a block of many
// paragraphs costs grows with the number of paragraphs, not with its
// square: the body (or a plain section) must not be copied per paragraph.
func TestParagraphsCostLinear(t *testing.T) {
	for _, c := range []struct {
		name string
		head []string
	}{
		{"definition body", []string{"# @Foo:", "#"}},
		{"free-form", nil},
		{"plain section after a tagged one", []string{"# @Foo:", "#", "# Since: 1.0", "#"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			parse := func(n int) {
				d, err := Parse(paragraphBlock(c.head, n), Options{})
				if err != nil {
					t.Fatal(err)
				}
				if last := d.All[len(d.All)-1]; !strings.HasSuffix(last.Text, fmt.Sprintf("Paragraph %d.", n-1)) {
					t.Fatalf("last section ends %q", last.Text[max(0, len(last.Text)-40):])
				}
			}
			const k = 8
			if g := bigschema.AllocGrowth(parse, 1000, k); g > 1.5*k {
				t.Errorf("%d times the paragraphs allocate %.1f times the memory", k, g)
			}
		})
	}
}
