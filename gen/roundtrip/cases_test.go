// SPDX-License-Identifier: Apache-2.0

package roundtrip

import (
	"strconv"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/gen"
)

const casesSchema = `
{ 'enum': 'Kind', 'data': [ 'leaf', 'pair', 'none' ] }
{ 'struct': 'Leaf', 'data': { 'n': 'int8', '*note': 'str' } }
{ 'struct': 'Pair', 'data': { 'left': 'Tree', 'right': 'Tree' } }
{ 'union': 'Tree',
  'base': { 'kind': 'Kind', '*id': 'uint64' },
  'discriminator': 'kind',
  'data': { 'leaf': 'Leaf', 'pair': 'Pair' } }
{ 'struct': 'Node', 'data': { 'children': [ 'Node' ], '*next': 'Node' } }
{ 'alternate': 'TreeOrNull', 'data': { 't': 'Tree', 'n': 'null' } }
{ 'struct': 'Holder',
  'data': { '*tree': 'TreeOrNull', '*blob': 'any', 'z': 'null', '*oz': 'null',
            'bytes': [ 'uint8' ] } }
{ 'command': 'plant', 'data': 'Tree', 'boxed': true }
{ 'event': 'GROWN', 'data': { 'tree': 'Tree' } }
`

func loadCases(t *testing.T) (map[string]value, Stats) {
	t.Helper()
	s, err := frontend.LoadBytes("cases.json", []byte(casesSchema), frontend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	view, err := gen.View(s, gen.Options{Package: "p"})
	if err != nil {
		t.Fatal(err)
	}
	groups, st, err := buildCases(s, view)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]value{}
	for _, g := range groups {
		for _, c := range g {
			if _, dup := byName[c.name]; dup {
				t.Errorf("case %q twice", c.name)
			}
			byName[c.name] = c.v
		}
	}
	return byName, st
}

// TestCases pins the Go literal and the wire form of values that show
// the model's semantics: flattened branches, the discriminator, nested
// unions, alternates by JSON type, JSON null, bounded recursion.
func TestCases(t *testing.T) {
	cases, st := loadCases(t)
	for _, tc := range []struct{ name, expr, wire string }{
		{"union Tree/leaf/absent",
			`Tree{Kind: KindLeaf, Leaf: &Leaf{N: -128}}`,
			`{"kind":"leaf","n":-128}`},
		{"union Tree/leaf/present",
			`Tree{Kind: KindLeaf, ID: rtPtr[uint64](18446744073709551615), Leaf: &Leaf{N: -128, Note: rtPtr[string](` + strconv.Quote(sampleString) + `)}}`,
			`{"kind":"leaf","id":18446744073709551615,"n":-128,"note":` + jsonString(sampleString) + `}`},
		{"union Tree/pair/absent",
			`Tree{Kind: KindPair, Pair: &Pair{Left: Tree{Kind: KindNone}, Right: Tree{Kind: KindNone}}}`,
			`{"kind":"pair","left":{"kind":"none"},"right":{"kind":"none"}}`},
		{"union Tree/none/absent", `Tree{Kind: KindNone}`, `{"kind":"none"}`},
		{"struct Node/absent",
			`Node{Children: []Node{Node{Children: []Node{}}}}`,
			`{"children":[{"children":[]}]}`},
		{"alternate TreeOrNull/n", `TreeOrNull{N: true}`, `null`},
		{"alternate TreeOrNull/t", `TreeOrNull{T: &Tree{Kind: KindNone}}`, `{"kind":"none"}`},
		{"struct Holder/absent", `Holder{Z: Null{}, Bytes: Uint8List{255}}`, `{"z":null,"bytes":[255]}`},
		{"struct Holder/null",
			`Holder{Tree: TreeOrNull{N: true}, Blob: Any("null"), Z: Null{}, Oz: OptionalNull(true), Bytes: Uint8List{255}}`,
			`{"tree":null,"blob":null,"z":null,"oz":null,"bytes":[255]}`},
		{"command plant/absent", `PlantCommand{Tree: Tree{Kind: KindNone}}`, `{"kind":"none"}`},
		{"event GROWN/absent", `GrownEvent{Tree: Tree{Kind: KindNone}}`, `{"tree":{"kind":"none"}}`},
		{"enum Kind", `[]Kind{KindLeaf, KindPair, KindNone}`, `["leaf","pair","none"]`},
	} {
		got, ok := cases[tc.name]
		if !ok {
			t.Errorf("no case %q", tc.name)
			continue
		}
		if got.expr != tc.expr || got.wire != tc.wire {
			t.Errorf("%s:\ngot  %s\n     %s\nwant %s\n     %s", tc.name, got.expr, got.wire, tc.expr, tc.wire)
		}
	}
	// Full values carry every optional member; the nested Node is bounded.
	if v := cases["struct Holder/present"]; !strings.Contains(v.wire, `"blob":{"big":18446744073709551615`) ||
		!strings.Contains(v.wire, `"oz":null`) || !strings.Contains(v.wire, `"tree":{"kind":"none"}`) {
		t.Errorf("Holder/present: %s", v.wire)
	}
	if v := cases["struct Node/present"]; strings.Count(v.wire, "children") > 2*Depth+2 {
		t.Errorf("Node/present nests too deep: %s", v.wire)
	}
	if st.Unions != 1 || st.Branches != 3 || st.EmptyBranches != 1 || st.Alternatives != 2 ||
		st.Commands != 1 || st.Events != 1 || st.Cases != len(cases) {
		t.Errorf("stats: %+v (%d cases)", st, len(cases))
	}
}

func TestGenerateParses(t *testing.T) {
	s, err := frontend.LoadBytes("cases.json", []byte(casesSchema), frontend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src, st, err := Generate(s, "p")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	if !strings.HasPrefix(text, Header+"\n\npackage p\n") || !strings.Contains(text, "func TestModelRoundTrip(") {
		t.Errorf("unexpected file start:\n%.300s", text)
	}
	if want := "const rtCaseCount = "; !strings.Contains(text, want) || st.Cases == 0 {
		t.Errorf("no case count (%d cases)", st.Cases)
	}
}
