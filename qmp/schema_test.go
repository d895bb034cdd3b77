package qmp

import (
	"errors"
	"strings"
	"testing"
)

func TestQuerySchema(t *testing.T) {
	c, p := connect(t)
	go func() {
		req := p.recv()
		if req.Execute != "query-qmp-schema" || len(req.Arguments) != 0 {
			t.Errorf("request %+v, want query-qmp-schema without arguments", req)
		}
		p.reply(req.ID, `[{"name": "query-status", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
			{"name": "0", "meta-type": "object", "members": []},
			{"name": "1", "meta-type": "object", "members": [{"name": "running", "type": "bool"}]},
			{"name": "bool", "meta-type": "builtin", "json-type": "boolean"}]`)
	}()
	s, err := QuerySchema(testCtx(t), c)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Has("query-status/ret-type/running/!boolean") || s.Has("query-status/ret-type/status") {
		t.Errorf("probes on the reply: %+v", s.Entries)
	}
}

// A reply that is not a schema is an error, not a panic or an empty
// schema.
func TestQuerySchemaBadReply(t *testing.T) {
	for _, ret := range []string{`{}`, `{"return": []}`, `[{"meta-type": "builtin"}]`, `[1]`} {
		c, p := connect(t)
		go func() {
			req := p.recv()
			p.reply(req.ID, ret)
		}()
		if s, err := QuerySchema(testCtx(t), c); err == nil || !strings.Contains(err.Error(), "query-qmp-schema") {
			t.Errorf("reply %s: %v, %v; want an error", ret, s, err)
		}
	}
}

func TestQuerySchemaError(t *testing.T) {
	c, p := connect(t)
	go func() {
		req := p.recv()
		p.send(`{"error": {"class": "CommandNotFound", "desc": "The command query-qmp-schema has not been found"}, "id": ` + string(req.ID) + `}`)
	}()
	_, err := QuerySchema(testCtx(t), c)
	var qe *Error
	if err == nil || !errors.As(err, &qe) || qe.Class != "CommandNotFound" {
		t.Errorf("error reply gives %v, want the *Error", err)
	}
}
