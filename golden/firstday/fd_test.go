package firstday

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/qmp"
)

// The runtime's connection passes files the way the client asks.
var _ fileExecutor = (*qmp.Conn)(nil)

// fileFake is a fakeExecutor that can pass files, as *qmp.Conn can.
type fileFake struct{ fakeExecutor }

func (f *fileFake) ExecuteWithFiles(ctx context.Context, command string, args, result any, files ...*os.File) error {
	err := f.Execute(ctx, command, args, result)
	f.files = files
	return err
}

// getfd and add-fd pass their file through ExecuteWithFiles; an Executor
// without it, or no file, is an error before anything is sent.
func TestFileCommands(t *testing.T) {
	file, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	x := &fileFake{fakeExecutor{reply: `{"fdset-id": 1, "fd": 7}`}}
	c := NewClient(x, Strict())
	if err := c.Getfd(context.Background(), GetfdCommand{Fdname: "f1"}, file); err != nil {
		t.Fatal(err)
	}
	if x.command != "getfd" || len(x.files) != 1 || x.files[0] != file {
		t.Errorf("getfd: command %q, files %v", x.command, x.files)
	}
	info, err := c.AddFd(context.Background(), AddFdCommand{FdsetID: Ptr(int64(1))}, file)
	if err != nil || !reflect.DeepEqual(info, AddfdInfo{FdsetID: 1, Fd: 7}) || len(x.files) != 1 {
		t.Errorf("add-fd: %+v, %v, files %v", info, err, x.files)
	}

	plain := &fakeExecutor{}
	err = NewClient(plain).Getfd(context.Background(), GetfdCommand{Fdname: "f1"}, file)
	if err == nil || !strings.Contains(err.Error(), "cannot pass file descriptors") || plain.command != "" {
		t.Errorf("getfd on an Executor without ExecuteWithFiles: %v (sent %q)", err, plain.command)
	}
	x.command = ""
	if err := c.Getfd(context.Background(), GetfdCommand{Fdname: "f1"}, nil); err == nil || x.command != "" {
		t.Errorf("getfd without a file: %v (sent %q)", err, x.command)
	}
	// closefd only names a descriptor passed before: it takes no file.
	if err := c.Closefd(context.Background(), ClosefdCommand{Fdname: "f1"}); err != nil || x.files != nil {
		t.Errorf("closefd: %v, files %v", err, x.files)
	}
}
