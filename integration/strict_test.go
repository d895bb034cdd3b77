// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/qmp"

	qapi "github.com/qapi-gen/qapi-gen/integration/internal/qemu72/qmp"
)

// cannedReplies answers each command with a fixed "return" value, decoded
// as the qmp runtime decodes it.
type cannedReplies map[string]string

func (c cannedReplies) Execute(_ context.Context, command string, _, result any) error {
	if d, ok := result.(qmp.Decoder); ok {
		return d.DecodeQMP([]byte(c[command]))
	}
	return json.Unmarshal([]byte(c[command]), result)
}

func (c cannedReplies) ExecuteNoResponse(context.Context, string, any) error { return nil }

// TestCheckedClientCanFail shows that the checks the sweeps rely on (the
// generated Strict option and checkedExecutor) do fail: without it, a
// sweep in which nothing failed would prove nothing.
func TestCheckedClientCanFail(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, command, reply string
		call                 func(*qapi.Client) error
		wantErr              bool
	}{
		{"valid", "query-version", `{"qemu":{"major":7,"minor":2,"micro":0},"package":""}`,
			func(c *qapi.Client) error { _, err := c.QueryVersion(ctx); return err }, false},
		{"unknown member", "query-version", `{"qemu":{"major":7,"minor":2,"micro":0},"package":"","extra":1}`,
			func(c *qapi.Client) error { _, err := c.QueryVersion(ctx); return err }, true},
		{"unknown member in a union branch", "query-qmp-schema",
			`[{"name":"x","meta-type":"object","members":[],"extra":true}]`,
			func(c *qapi.Client) error { _, err := c.QueryQMPSchema(ctx); return err }, true},
		{"unknown enum value", "query-status", `{"running":false,"singlestep":false,"status":"no-such-state"}`,
			func(c *qapi.Client) error { _, err := c.QueryStatus(ctx); return err }, true},
		{"unknown union branch", "query-yank", `[{"type":"no-such-type","id":"x"}]`,
			func(c *qapi.Client) error { _, err := c.QueryYank(ctx); return err }, true},
		{"known union branch", "query-yank", `[{"type":"chardev","id":"x"}]`,
			func(c *qapi.Client) error { _, err := c.QueryYank(ctx); return err }, false},
	} {
		c := qapi.NewClient(newCheckedExecutor(cannedReplies{tc.command: tc.reply}), qapi.Strict())
		err := tc.call(c)
		var de *decodeError
		if tc.wantErr != errors.As(err, &de) || !tc.wantErr && err != nil {
			t.Errorf("%s: error %v, want a decode error: %v", tc.name, err, tc.wantErr)
		}
	}
	// The event checks: eventLog streams decode with Strict(), that is
	// with DecodeEventStrict, then apply checkEvent.
	if err := checkEvent(qapi.StopEvent{}); err != nil {
		t.Errorf("STOP event: %v", err)
	}
	if err := checkEvent(qapi.UnknownEvent{Name: "NO_SUCH_EVENT"}); err == nil {
		t.Errorf("an event missing from the package passed checkEvent")
	}
	if err := checkEvent(qapi.MigrationEvent{Status: "no-such-status"}); err == nil {
		t.Errorf("an event with an unknown enum value passed checkEvent")
	}
	if _, err := qapi.DecodeEventStrict("MIGRATION", json.RawMessage(`{"status":"active","x":1}`)); err == nil {
		t.Errorf("an event with an unknown member decoded without error")
	}
}

// TestTypeCheckerCanFail shows that the introspection comparison finds
// the mismatches it looks for.
func TestTypeCheckerCanFail(t *testing.T) {
	var schema []qapi.SchemaInfo
	err := qapi.DecodeStrict([]byte(`[
		{"name":"str","meta-type":"builtin","json-type":"string"},
		{"name":"int","meta-type":"builtin","json-type":"int"},
		{"name":"E","meta-type":"enum","values":["running","no-such-state"],"members":[{"name":"running"},{"name":"no-such-state"}]},
		{"name":"O","meta-type":"object","members":[
			{"name":"running","type":"int"},
			{"name":"singlestep","type":"str","default":null},
			{"name":"status","type":"E"},
			{"name":"no-such-member","type":"int"}]}
	]`), &schema)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]qapi.SchemaInfo{}
	for _, si := range schema {
		byName[si.Name] = si
	}
	var got []string
	c := &typeChecker{t: t, byName: byName, anyType: reflect.TypeFor[qapi.Any](), report: func(f string, a ...any) { got = append(got, fmt.Sprintf(f, a...)) }}
	c.check("test", "O", reflect.TypeFor[qapi.StatusInfo]())
	// running: bool vs int; singlestep: required vs optional, bool vs str;
	// status: enum value unknown; no-such-member: missing.
	want := []string{"running: builtin of JSON type int is Go type bool", "singlestep: Go type", "builtin of JSON type string is Go type bool", "lacks the value \"no-such-state\"", "no-such-member is missing"}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, w) }) {
			t.Errorf("no mismatch reported containing %q; got:\n%s", w, strings.Join(got, "\n"))
		}
	}
}
