// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pyClientScript drives QEMU's own Python QMP client (python/qemu/qmp in
// QEMU's source tree) against the server at argv[1]: negotiation (with
// oob, which the client enables when offered), a command, an error
// reply, an event and an exec-oob command. It prints one line per step.
const pyClientScript = `
import asyncio, sys
from qemu.qmp import QMPClient, ExecuteError

async def main(path):
    qmp = QMPClient('fake')
    await qmp.connect(path)
    print('greeting', qmp.greeting.QMP.version['qemu']['major'])
    res = await qmp.execute('query-status')
    print('status', res['status'])
    try:
        await qmp.execute('fail')
    except ExecuteError as err:
        print('error', err.error_class)
    with qmp.listener() as listener:
        await qmp.execute('emit-stop')
        event = await listener.get()
        print('event', event['event'])
    res = await qmp.execute('echo', {'x': 1}, oob=True)
    print('oob', res['x'])
    await qmp.disconnect()

asyncio.run(main(sys.argv[1]))
`

// TestServerWithQEMUPythonClient needs a QEMU source tree: set
// QAPI_QEMU_SOURCE to it (the test uses its python/ directory).
func TestServerWithQEMUPythonClient(t *testing.T) {
	src := os.Getenv("QAPI_QEMU_SOURCE")
	if src == "" {
		t.Skip("set QAPI_QEMU_SOURCE to a QEMU source tree to run QEMU's Python QMP client against the server")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	var srv *Server
	srv = &Server{Version: testVersion, OOB: true, AllowOOB: func(c string) bool { return c == "echo" },
		Handler: HandlerFunc(func(ctx context.Context, req *Request) (any, error) {
			if req.Command == "emit-stop" {
				go func() {
					time.Sleep(10 * time.Millisecond)
					srv.Emit("STOP", nil)
				}()
				return nil, nil
			}
			return echoHandler(ctx, req)
		})}
	path := testServer(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "-c", pyClientScript, path)
	cmd.Env = append(os.Environ(), "PYTHONPATH="+filepath.Join(src, "python"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python client: %v\n%s", err, out)
	}
	want := "greeting 7\nstatus running\nerror DeviceNotFound\nevent STOP\noob 1\n"
	if string(out) != want {
		t.Errorf("python client printed\n%s\nwant\n%s", out, want)
	}
	if strings.Contains(string(out), "Traceback") {
		t.Error(string(out))
	}
}
