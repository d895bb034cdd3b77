package firstday

import (
	"context"
	"encoding/json"
	"os"

	"github.com/qapi-gen/qapi-gen/qmp"
)

// fakeExecutor answers every command with reply, decoding as the qmp
// runtime does, and records the last call (with the files passed).
type fakeExecutor struct {
	reply   string
	command string
	args    []byte
	files   []*os.File
}

func (f *fakeExecutor) Execute(_ context.Context, command string, args, result any) error {
	f.args, f.files = nil, nil
	if args != nil {
		var err error
		if f.args, err = json.Marshal(args); err != nil {
			return err // nothing is sent, as with the qmp runtime
		}
	}
	f.command = command
	if result == nil {
		return nil
	}
	if d, ok := result.(qmp.Decoder); ok {
		return d.DecodeQMP([]byte(f.reply))
	}
	return json.Unmarshal([]byte(f.reply), result)
}

func (f *fakeExecutor) ExecuteNoResponse(ctx context.Context, command string, args any) error {
	return f.Execute(ctx, command, args, nil)
}
