// SPDX-License-Identifier: Apache-2.0

package doc

import (
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/source"
)

// mustParse parses the first block of schema.
func mustParse(t *testing.T, schema string, opts Options) *Doc {
	t.Helper()
	d, err := Parse(splitBlocks("t.json", schema)[0], opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// layout lists All as "Kind[:name][*]" (* marks stubs).
func layout(d *Doc) string {
	var parts []string
	for _, s := range d.All {
		p := s.Kind.String()
		if s.Name != "" {
			p += ":" + s.Name
		}
		if s.Stub {
			p += "*"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func memberInfo(exceptions ...string) *source.Info {
	return &source.Info{File: "t.json", Line: 9, Pragma: &source.Pragma{DocumentationExceptions: exceptions},
		DefnMeta: "struct", DefnName: "Foo"}
}

func TestConnectMember(t *testing.T) {
	const schema = "##\n# @Foo:\n# @a: x\n# @c: y\n# Since: 1\n# Features:\n# @f: z\n##\n"

	d := mustParse(t, schema, Options{})
	if err := d.ConnectMember("a", "member", memberInfo()); err != nil {
		t.Fatal(err)
	}
	want := "t.json: In struct 'Foo':\nt.json:9: value 'b' lacks documentation"
	if got := errText(d.ConnectMember("b", "value", memberInfo())); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := errText(d.ConnectMember("b", "member", memberInfo("Bar"))); !strings.Contains(got, "member 'b' lacks") {
		t.Errorf("exception for another definition applied: %q", got)
	}

	for _, opts := range []Options{{}, {Legacy: true}} {
		d := mustParse(t, schema, opts)
		info := memberInfo("Foo")
		for _, name := range []string{"b", "a", "z"} {
			if err := d.ConnectMember(name, "member", info); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := layout(d), "Plain Member:a Member:c Member:b* Member:z* Since Feature:f"; got != want {
			t.Errorf("legacy=%v: layout %q, want %q", opts.Legacy, got, want)
		}
		if got, want := strings.Join(d.ArgOrder, ","), "a,c,b,z"; got != want {
			t.Errorf("ArgOrder %q, want %q", got, want)
		}
		if s := d.Args["b"]; !s.Connected || !s.Stub || s.Info != d.Info || s.Text != "" {
			t.Errorf("stub b = %+v", s)
		}
		if d.Args["c"].Connected {
			t.Error("c connected without a member")
		}
	}
}

// QEMU's stub placement runs off the end of its list when only member
// descriptions follow the body; we append instead of failing.
func TestConnectMemberOnlyMembers(t *testing.T) {
	d := mustParse(t, "##\n# @Foo:\n# @a: x\n##\n", Options{Legacy: true})
	if err := d.ConnectMember("b", "member", memberInfo()); err != nil {
		t.Fatal(err)
	}
	if got, want := layout(d), "Plain Member:a Member:b*"; got != want {
		t.Errorf("layout %q, want %q", got, want)
	}
	d = mustParse(t, "##\n# @Foo:\n##\n", Options{Legacy: true})
	_ = d.ConnectMember("b", "member", memberInfo())
	if got, want := layout(d), "Plain Member:b*"; got != want {
		t.Errorf("layout %q, want %q", got, want)
	}
}

func TestConnectFeatureAndCheck(t *testing.T) {
	d := mustParse(t, "##\n# @Foo:\n# @a: x\n# @b: y\n# @c: z\n# Features:\n# @f: z\n# @g: z\n##\n", Options{})
	if got, want := errText(d.ConnectFeature("h", memberInfo())), "t.json: In struct 'Foo':\nt.json:9: feature 'h' lacks documentation"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := errText(d.Check()), "t.json:3: documented members 'a', 'b', 'c' do not exist"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	_ = d.ConnectMember("a", "member", memberInfo())
	_ = d.ConnectMember("b", "member", memberInfo())
	if got, want := errText(d.Check()), "t.json:5: documented member 'c' does not exist"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	_ = d.ConnectMember("c", "member", memberInfo())
	if got, want := errText(d.Check()), "t.json:7: documented features 'f', 'g' do not exist"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	_ = d.ConnectFeature("f", memberInfo())
	if got, want := errText(d.Check()), "t.json:8: documented feature 'g' does not exist"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	_ = d.ConnectFeature("g", memberInfo())
	if err := d.Check(); err != nil {
		t.Error(err)
	}
}

func TestCheckLegacy(t *testing.T) {
	// Before 6.2, QEMU reported unknown descriptions at the block's start
	// and called features members.
	d := mustParse(t, "##\n# @Foo:\n# @a: x\n# @b: y\n#\n# Features:\n# @f: z\n##\n", Options{Legacy: true})
	if got, want := errText(d.Check()), "t.json:1: documented members 'a', 'b' do not exist"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	_ = d.ConnectMember("a", "member", memberInfo())
	_ = d.ConnectMember("b", "member", memberInfo())
	if got, want := errText(d.Check()), "t.json:1: documented member 'f' does not exist"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	_ = d.ConnectFeature("f", memberInfo())
	if err := d.Check(); err != nil {
		t.Error(err)
	}
}

func TestLegacyDescriptionWord(t *testing.T) {
	// Before 9.2 only a first word "@name:" started a description; a
	// space before the colon or text right after it made a plain line.
	schema := "##\n# @Foo:\n# @a : not a description\n# @b:glued\n# @c: yes\n##\n"
	if got, want := layout(mustParse(t, schema, Options{Legacy: true})), "Plain Member:c"; got != want {
		t.Errorf("legacy layout %q, want %q", got, want)
	}
	if got, want := layout(mustParse(t, schema, Options{})), "Plain Member:a  Member:b Member:c"; got != want {
		t.Errorf("current layout %q, want %q", got, want)
	}
}

func TestEnsureReturns(t *testing.T) {
	cases := []struct{ schema, want string }{
		{"##\n# @cmd:\n# Body\n##\n", "Plain Returns*"},
		{"##\n# @cmd:\n# @a: x\n# Since: 1\n# Errors: e\n##\n", "Plain Member:a Returns* Since Errors"},
		{"##\n# @cmd:\n# Since: 1\n# Errors: e\n# Features:\n# @f: x\n##\n", "Plain Since Returns* Errors Feature:f"},
		{"##\n# @cmd:\n# Features:\n# @f: x\n# @g: x\n##\n", "Plain Feature:f Returns* Feature:g"},
		{"##\n# @cmd:\n# Since: 1\n##\n", "Plain Returns* Since"},
		{"##\n# @cmd:\n# @a: x\n# Returns: r\n##\n", "Plain Member:a Returns"},
	}
	for _, c := range cases {
		d := mustParse(t, c.schema, Options{})
		info := memberInfo()
		d.EnsureReturns(info)
		d.EnsureReturns(info)
		if got := layout(d); got != c.want {
			t.Errorf("%q: layout %q, want %q", c.schema, got, c.want)
		}
		for _, s := range d.Sections {
			if s.Stub {
				t.Errorf("%q: stub listed in Sections", c.schema)
			}
		}
	}
}

func TestCheckExpr(t *testing.T) {
	ret := "##\n# @x:\n# Returns: r\n##\n"
	errs := "##\n# @x:\n# Errors: e\n##\n"
	cases := []struct {
		schema              string
		legacy, cmd, hasRet bool
		want                string
	}{
		{ret, false, true, true, ""},
		{ret, false, true, false, "t.json:3: 'Returns' section, but command doesn't return anything"},
		{ret, true, true, false, ""},
		{ret, false, false, false, "t.json:3: 'Returns' section is only valid for commands"},
		// QEMU 4.2 to 6.1 reported it at the block's start, naming the tag.
		{ret, true, false, false, "t.json:1: 'Returns:' is only valid for commands"},
		{errs, false, false, false, "t.json:3: 'Errors' section is only valid for commands"},
		{errs, false, true, false, ""},
	}
	for _, c := range cases {
		d := mustParse(t, c.schema, Options{Legacy: c.legacy})
		if got := errText(d.CheckExpr(c.cmd, c.hasRet)); got != c.want {
			t.Errorf("%q legacy=%v command=%v returns=%v: got %q, want %q", c.schema, c.legacy, c.cmd, c.hasRet, got, c.want)
		}
	}
}
