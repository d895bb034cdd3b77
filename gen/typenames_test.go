// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/model"
)

func TestTypeNames(t *testing.T) {
	s, err := frontend.Load("testdata/tricky.json", frontend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := TypeNames(s, Options{Package: "p"})
	if err != nil {
		t.Fatal(err)
	}
	draw := s.Lookup("draw").(*model.Command)
	for d, want := range map[model.Definition]string{
		draw:                       "DrawCommand",
		draw.Arg:                   "DrawCommand", // inline arguments are the command type
		s.Lookup("FIGURE_DRAWN"):   "FigureDrawnEvent",
		s.Lookup("StrOrNull"):      "StrOrNull",
		s.Lookup("QType"):          "QType",
		s.LookupType("FigureList"): "", // arrays have no declaration
	} {
		if got[d] != want {
			t.Errorf("%s: got %q, want %q", d.Common().Name, got[d], want)
		}
	}
}
