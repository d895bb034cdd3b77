// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/gen/names"
)

const renameSchema = `
{ 'enum': 'Drv', 'data': [ 'https', 'file' ] }
{ 'struct': 'Base', 'data': { 'node-name': 'str' } }
{ 'struct': 'Derived', 'base': 'Base', 'data': { 'cpu-cnt': 'int' } }
{ 'union': 'Opts', 'base': { 'driver': 'Drv', 'ttl': 'int' }, 'discriminator': 'driver',
  'data': { 'https': 'Base' } }
{ 'alternate': 'Alt', 'data': { 'n': 'int', 'o': 'Base' } }
{ 'command': 'query-cpus-fast', 'data': { 'vcpu-idx': 'int' }, 'returns': 'Derived' }
{ 'event': 'GONE_NOW', 'data': { 'why-gone': 'str' } }
{ 'struct': '__org.example_Thing', 'data': { '__org.example_x': 'int' } }
`

const renameFile = `# names of my own
Drv Driver
Drv.https SecureHTTP
Base.node-name Node          # inherited by Derived
Derived.cpu-cnt CPUCount
Opts.ttl TimeToLive          # a member of the inline base
Opts.https Secure            # the branch
Alt.o Obj
query-cpus-fast FastCPUs
query-cpus-fast.vcpu-idx VCPU
GONE_NOW Gone
GONE_NOW.why-gone Reason
__org.example_Thing OrgThing
__org.example_Thing.__org.example_x X
`

func loadRenames(t *testing.T, text string) *names.Renames {
	t.Helper()
	r, err := names.ParseRenames("renames.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRenames(t *testing.T) {
	files := genFiles(t, renameSchema, Options{Renames: loadRenames(t, renameFile)})
	mod, client := files["test.go"], files["client.go"]
	for _, want := range []string{
		"type Driver string",
		"\tDriverSecureHTTP Driver = \"https\"\n",
		"\tDriverFile       Driver = \"file\"\n",
		"var DriverValues = []Driver{",
		"\tNode string `json:\"node-name\"`\n\tCPUCount int64 `json:\"cpu-cnt\"`\n",
		"\tTimeToLive int64 `json:\"ttl\"`\n",
		"\tSecure *Base `json:\"-\"`\n",
		"set it when Driver is DriverSecureHTTP.",
		"\tObj *Base\n",
		"type FastCPUsCommand struct",
		"\tVCPU int64 `json:\"vcpu-idx\"`\n",
		"type GoneEvent struct",
		"\tReason string `json:\"why-gone\"`\n",
		"type OrgThing struct",
		"\tX int64 `json:\"__org.example_x\"`\n",
	} {
		if !strings.Contains(gofmtless(mod), gofmtless(want)) {
			t.Errorf("test.go lacks %q", want)
		}
	}
	if want := "func (c *Client) FastCPUs(ctx context.Context, args FastCPUsCommand) (Derived, error)"; !strings.Contains(client, want) {
		t.Errorf("client.go lacks %q", want)
	}
	if t.Failed() {
		t.Logf("test.go:\n%s", mod)
	}

	// The view knows the renamed types.
	s, err := frontend.LoadBytes("test.json", []byte(renameSchema), frontend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := View(s, Options{Package: "p", Renames: loadRenames(t, renameFile)})
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Name(s.Lookup("Drv")); got != "Driver" {
		t.Errorf("the view gives Drv %q, want Driver", got)
	}
}

// gofmtless removes the alignment gofmt adds, for comparing lines.
func gofmtless(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

func TestRenameErrors(t *testing.T) {
	for _, tt := range []struct{ renames, want string }{
		{"Drvv Driver\n", "renames.txt:1: rename of 'Drvv' is unused: the schema has no such definition, member, branch or enum value"},
		{"\nDrv.htps X\n", "renames.txt:2: rename of 'Drv.htps' is unused: the schema has no such definition, member, branch or enum value"},
		// Derived does not declare node-name: Base does.
		{"Derived.node-name N\n", "renames.txt:1: rename of 'Derived.node-name' is unused: member 'node-name' is declared in struct 'Base' (rename 'Base.node-name')"},
		{"q_obj_query-cpus-fast-arg X\n", "renames.txt:1: struct 'q_obj_query-cpus-fast-arg' has no Go name of its own to rename"},
		{"Drv 1Driver\n", "renames.txt:1: \"1Driver\" does not start with a capital letter"},
		{"Base.node-name 1N\n", "renames.txt:1: \"1N\" does not start with a capital letter"},
		// A rename can clash like a generated name.
		{"Derived.cpu-cnt NodeName\n", "test.json: In struct 'Derived':\ntest.json:4: member 'cpu-cnt' maps to Go identifier NodeName, which member 'node-name' already uses in struct Derived; " + RenameHint},
	} {
		s, err := frontend.LoadBytes("test.json", []byte(renameSchema), frontend.Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = Generate(s, Options{Package: "p", Source: "test.json", Renames: loadRenames(t, tt.renames)})
		if err == nil || err.Error() != tt.want {
			t.Errorf("renames %q: error %v\nwant %s", tt.renames, err, tt.want)
		}
	}
}
