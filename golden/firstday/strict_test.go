package firstday

import (
	"context"
	"strings"
	"testing"
)

// A strict client rejects a reply that lacks a required member, as it
// rejects one with a member the types lack; a lenient one takes both.
func TestStrictMissingMember(t *testing.T) {
	for _, tc := range []struct{ reply, strictErr string }{
		{`{"running": true, "status": "running"}`, ""},
		{`{"running": true}`, `required member "status" missing`},
		{`{"running": true, "status": "running", "extra": 1}`, `unknown member "extra"`},
	} {
		x := &fakeExecutor{reply: tc.reply}
		_, err := NewClient(x, Strict()).QueryStatus(context.Background())
		if tc.strictErr == "" && err != nil || tc.strictErr != "" && (err == nil || !strings.Contains(err.Error(), tc.strictErr)) {
			t.Errorf("strict, reply %s: error %v, want %q", tc.reply, err, tc.strictErr)
		}
		if _, err := NewClient(x).QueryStatus(context.Background()); err != nil {
			t.Errorf("lenient, reply %s: %v", tc.reply, err)
		}
	}
}
