package tricky

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/qapi-gen/qapi-gen/qmp"
)

// The qmp runtime's connections run the typed client.
var (
	_ Executor = (*qmp.Conn)(nil)
	_ Executor = (*qmp.Agent)(nil)
)

// fakeExecutor answers every command with reply and records the call.
type fakeExecutor struct {
	reply    string
	command  string
	args     []byte
	noAnswer bool
}

func (f *fakeExecutor) Execute(_ context.Context, command string, args, result any) error {
	f.command = command
	var err error
	if args != nil {
		if f.args, err = json.Marshal(args); err != nil {
			return err
		}
	}
	if result == nil {
		return nil
	}
	return DecodeStrict([]byte(f.reply), result)
}

func (f *fakeExecutor) ExecuteNoResponse(ctx context.Context, command string, args any) error {
	f.noAnswer = true
	return f.Execute(ctx, command, args, nil)
}

func TestClient(t *testing.T) {
	f := &fakeExecutor{reply: `[{"shape":"circle","radius":3}]`}
	c := NewClient(f)
	figs, err := c.ListFigures(context.Background())
	if err != nil || len(figs) != 1 || figs[0].Circle.Radius != 3 || f.command != "list-figures" || f.args != nil {
		t.Errorf("ListFigures: %+v %v (%+v)", figs, err, f)
	}
	f.reply = `{"values":[],"names":[],"choice":"fast","figures":[],"blob":null,"size":1}`
	h, err := c.Draw(context.Background(), DrawCommand{Figure: Figure{Shape: ShapeBlank}})
	if err != nil || *h.Choice.Mode != ModeFast || string(f.args) != `{"figure":{"shape":"blank"}}` {
		t.Errorf("Draw: %+v %v args %s", h, err, f.args)
	}
	if err := c.Stop(context.Background()); err != nil || !f.noAnswer || f.command != "stop" {
		t.Errorf("Stop: %v %+v", err, f)
	}
}
