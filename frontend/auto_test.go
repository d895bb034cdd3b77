// SPDX-License-Identifier: Apache-2.0

package frontend

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/doc"
	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/model"
)

func loadAuto(t *testing.T, schema string) (*model.Schema, error) {
	t.Helper()
	return LoadBytes("t.json", []byte(schema), Options{Auto: true})
}

// TestAutoLanguage checks that Auto reads each language from the
// constructs only it has, and that a schema mixing them fails.
func TestAutoLanguage(t *testing.T) {
	tests := []struct {
		name, schema string
		legacy       bool
		err          string
	}{
		{"plain", "{ 'struct': 'Foo', 'data': { 'a': 'int' }, 'if': 'CONFIG_A' }", false, ""},
		{"object if", "{ 'struct': 'Foo', 'data': { 'a': { 'type': 'int', 'if': { 'not': 'CONFIG_A' } } } }", false, ""},
		{"simple union", "{ 'union': 'U', 'data': { 'a': 'int' } }", true, ""},
		{"C condition", "{ 'struct': 'S', 'data': {}, 'if': 'defined(CONFIG_A)' }", true, ""},
		{"list condition", "{ 'enum': 'E', 'data': [ { 'name': 'a', 'if': [ 'defined(A)', 'defined(B)' ] } ] }", true, ""},
		{"feature condition", "{ 'command': 'c', 'features': [ { 'name': 'f', 'if': 'defined(A)' } ] }", true, ""},
		{"old pragma", "{ 'pragma': { 'returns-whitelist': [ 'c' ] } }\n{ 'command': 'c', 'returns': 'int' }", true, ""},
		{"mixed", "{ 'union': 'U', 'data': { 'a': 'int' } }\n{ 'struct': 'S', 'data': {}, 'if': { 'all': [ 'A', 'B' ] } }", false,
			"t.json: In struct 'S':\nt.json:2: the 'if' condition of struct 'S' (an object) is written as QEMU 6.2 and later write it, " +
				"but t.json:1: simple union 'U' (it has no 'discriminator') is written as only releases before 6.2 accept: " +
				"a schema cannot mix the two languages"},
		{"enum value features", "{ 'enum': 'Color', 'data': [ { 'name': 'a', 'features': [ 'deprecated' ] } ] }", false, ""},
		{"mixed enum value features", "{ 'union': 'U', 'data': { 'a': 'int' } }\n{ 'enum': 'Color', 'data': [ { 'name': 'a', 'features': [ 'f' ] } ] }", false,
			"t.json: In enum 'Color':\nt.json:2: the feature list of value 'a' of enum 'Color' is written as QEMU 6.2 and later write it, " +
				"but t.json:1: simple union 'U' (it has no 'discriminator') is written as only releases before 6.2 accept: a schema cannot mix the two languages"},
		{"mixed pragma", "{ 'pragma': { 'name-case-whitelist': [ 'S' ] } }\n{ 'struct': 'S', 'data': { 'a': { 'type': 'int', 'if': { 'not': 'A' } } } }", false,
			"t.json: In struct 'S':\nt.json:2: the 'if' condition of member 'a' of 'S' (an object) is written as QEMU 6.2 and later write it, " +
				"but t.json:1: pragma 'name-case-whitelist' is written as only releases before 6.2 accept: a schema cannot mix the two languages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := loadAuto(t, tt.schema)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("got error\n%v\nwant\n%s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Legacy != tt.legacy {
				t.Errorf("Legacy = %v, want %v", s.Legacy, tt.legacy)
			}
		})
	}
}

// TestAutoDocs checks the doc conventions Auto applies: the current
// ones for a schema they accept (where the older ones would read a
// comment differently), the older ones for all of a schema they reject.
func TestAutoDocs(t *testing.T) {
	// "Returns:" right after a line of body text continues the body
	// today; older releases started a section there.
	current := "##\n# @c:\n#\n# Do it.\n# Returns: text\n##\n{ 'command': 'c', 'returns': 'Foo' }\n{ 'struct': 'Foo', 'data': {} }\n"
	s, err := loadAuto(t, current)
	if err != nil {
		t.Fatal(err)
	}
	if d := s.Lookup("c").Common().Doc; d.Returns != nil {
		t.Errorf("a schema the current conventions accept was read with the older ones: Returns %q", d.Returns.Text)
	}
	// The same comment in a schema that also has a 'Note:' section,
	// which only the older conventions accept, and an undocumented
	// member, which only they allow.
	older := current + "##\n# @d:\n#\n# Note: old style\n##\n{ 'command': 'd', 'data': { 'undocumented': 'int' } }\n"
	s, err = loadAuto(t, older)
	if err != nil {
		t.Fatal(err)
	}
	if d := s.Lookup("c").Common().Doc; d.Returns == nil || !d.Legacy {
		t.Errorf("in a schema of older conventions, the comment was not read with them: %+v", d)
	}
	if d := s.Lookup("d").Common().Doc; len(d.Sections) == 0 || d.Sections[0].Kind != doc.Note {
		t.Errorf("'Note:' not read as a section: %+v", d.Sections)
	}
	if _, err := LoadBytes("t.json", []byte(older), Options{}); err == nil {
		t.Error("without Auto, the older conventions must be rejected")
	}
}

// TestAutoErrors checks the errors of schemas that no release accepts:
// the current message where no doc convention helps, the older reading's
// when the schema is written in the older conventions.
func TestAutoErrors(t *testing.T) {
	tests := []struct{ name, schema, want string }{
		{"not doc", "{ 'struct': 'Foo', 'data': { 'a': 'Nope' } }",
			"t.json: In struct 'Foo':\nt.json:1: member 'a' uses unknown type 'Nope'"},
		{"doc both reject", "##\n# @Foo:\n# @a: x\n# @a: y\n##\n{ 'struct': 'Foo', 'data': { 'a': 'int' } }",
			"t.json:4: 'a' parameter name duplicated"},
		{"older docs, later error", "##\n# @Foo:\n#\n# Note: old\n##\n{ 'struct': 'Foo', 'data': {} }\n{ 'struct': 'Bar', 'data': { 'a': 'Nope' } }",
			"t.json: In struct 'Bar':\nt.json:7: member 'a' uses unknown type 'Nope'"},
		{"legacy", "{ 'union': 'U', 'data': { 'a': 'Nope' } }",
			"t.json: In union 'U':\nt.json:1: member 'data' uses unknown type 'Nope'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadAuto(t, tt.schema)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got\n%v\nwant\n%s", err, tt.want)
			}
			var de *doc.ConventionError
			if errors.As(err, &de) {
				t.Errorf("the error leaks its DocError mark: %T", err)
			}
		})
	}
}

// TestAutoQEMUSuite runs Auto over QEMU's front-end test cases. Auto
// accepts a case only when one of the fixed readings (current, current
// with older doc conventions, legacy) accepts it, and always when one of
// the current ones does (the legacy reading applies only to schemas with
// legacy constructs); a case it rejects gets the error of one of them.
func TestAutoQEMUSuite(t *testing.T) {
	dir := filepath.Join(corpus.Require(t), "qapi-schema-tests")
	list, err := os.ReadFile(filepath.Join(dir, "CASES"))
	if err != nil {
		t.Fatal(err)
	}
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(old)
	readings := []Options{{}, {LenientDocs: true}, {Legacy: true}}
	differ := 0
	for _, c := range strings.Fields(string(list)) {
		_, autoErr := Load(c, Options{Auto: true})
		var errs []string
		accepted, currentAccepts := false, false
		for i, o := range readings {
			_, err := Load(c, o)
			if err == nil {
				accepted = true
				currentAccepts = currentAccepts || i < 2
			} else {
				errs = append(errs, err.Error())
			}
		}
		switch {
		case autoErr == nil && !accepted:
			t.Errorf("%s: Auto accepts a schema no reading accepts (%s)", c, errs[0])
		case autoErr != nil && currentAccepts:
			t.Errorf("%s: Auto rejects a schema a current reading accepts: %v", c, autoErr)
		case autoErr != nil && !slices.Contains(errs, autoErr.Error()):
			t.Errorf("%s: Auto's error is no reading's:\n%v\nreadings:\n%s", c, autoErr, strings.Join(errs, "\n"))
		}
		if (autoErr == nil) != (len(errs) == 0) || autoErr != nil && autoErr.Error() != errs[0] {
			differ++
		}
	}
	t.Logf("%d cases read differently from the current language alone", differ)
	if differ == 0 {
		t.Error("no case differs from the current reading: Auto was not applied")
	}
}

// TestLegacyCommandMemberDocs checks that the legacy language accepts a
// command doc describing a member the command lacks, as QEMU before 4.2
// did (4.0's announce-self has one), while the current one rejects it.
func TestLegacyCommandMemberDocs(t *testing.T) {
	schema := "{ 'union': 'U', 'data': { 'a': 'int' } }\n" +
		"{ 'struct': 'Args', 'data': { 'x': 'int' } }\n" +
		"##\n# @do-it:\n#\n# @params: the arguments\n##\n{ 'command': 'do-it', 'data': 'Args', 'boxed': true }\n"
	if _, err := LoadBytes("t.json", []byte(schema), Options{Legacy: true}); err != nil {
		t.Errorf("legacy: %v", err)
	}
	current := strings.Replace(schema, "{ 'union': 'U', 'data': { 'a': 'int' } }\n", "", 1)
	_, err := LoadBytes("t.json", []byte(current), Options{})
	if want := "t.json:5: documented member 'params' does not exist"; err == nil || err.Error() != want {
		t.Errorf("current: got %v, want %q", err, want)
	}
	// A struct's docs are checked in both.
	bogus := "{ 'union': 'U', 'data': { 'a': 'int' } }\n##\n# @Args:\n#\n# @params: none\n##\n{ 'struct': 'Args', 'data': { 'x': 'int' } }\n"
	if _, err := LoadBytes("t.json", []byte(bogus), Options{Legacy: true}); err == nil {
		t.Error("legacy: a struct doc describing a member it lacks must be an error")
	}
}
