// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/model"
)

// TestClientNamesReserved: a schema name that maps to an identifier of
// client.go is a clash error, not a package that fails to compile.
func TestClientNamesReserved(t *testing.T) {
	for _, tc := range []struct{ schema, ident string }{
		{"{ 'event': 'TIMED' }", "TimedEvent"},
		{"{ 'struct': 'EventStream', 'data': {} }", "EventStream"},
		{"{ 'enum': 'Strict', 'data': ['a'] }", "Strict"},
		{"{ 'struct': 'ClientOption', 'data': {} }", "ClientOption"},
		{"{ 'struct': 'EventSource', 'data': {} }", "EventSource"},
		{"{ 'struct': 'SubscribeEvents', 'data': {} }", "SubscribeEvents"},
	} {
		s, err := model.LoadBytes("c.json", []byte(tc.schema), model.LoadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", tc.schema, err)
		}
		_, err = Generate(s, Options{Package: "p", Source: "c.json"})
		if err == nil || !strings.Contains(err.Error(), "Go identifier "+tc.ident+", which the generated helpers already use") {
			t.Errorf("%s: error %v, want a clash on %s", tc.schema, err, tc.ident)
		}
	}
}

// TestClientWithoutEvents: without events client.go does not import the
// runtime (so an agent's package needs only the standard library), and
// without allow-oob commands it has no out-of-band path.
func TestClientWithoutEvents(t *testing.T) {
	s, err := model.LoadBytes("c.json", []byte("{ 'command': 'ping' }"), model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(s, Options{Package: "p", Source: "c.json"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name != "client.go" {
			continue
		}
		src := string(f.Content)
		for _, absent := range []string{runtimePath, "EventStream", "executeOOB"} {
			if strings.Contains(src, absent) {
				t.Errorf("client.go of a schema without events or allow-oob commands has %s", absent)
			}
		}
		if !strings.Contains(src, "func (c *Client) Ping(ctx context.Context) error") {
			t.Errorf("client.go lacks the Ping method:\n%s", src)
		}
		return
	}
	t.Fatal("no client.go generated")
}
