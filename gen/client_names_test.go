// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
)

// TestClientWithoutEvents: without events client.go does not import the
// runtime (so an agent's package needs only the standard library), and
// without allow-oob commands it has no out-of-band path.
func TestClientWithoutEvents(t *testing.T) {
	s, err := frontend.LoadBytes("c.json", []byte("{ 'command': 'ping' }"), frontend.Options{})
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
