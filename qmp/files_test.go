// SPDX-License-Identifier: Apache-2.0

//go:build unix

package qmp

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"os"
	"syscall"
	"testing"
	"time"
)

// socketpair returns both ends of a connected Unix stream socket pair.
func socketpair(t testing.TB) (*net.UnixConn, *net.UnixConn) {
	t.Helper()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ends [2]*net.UnixConn
	for i, fd := range fds {
		f := os.NewFile(uintptr(fd), "socketpair")
		nc, err := net.FileConn(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		ends[i] = nc.(*net.UnixConn)
		t.Cleanup(func() { nc.Close() })
	}
	return ends[0], ends[1]
}

// TestFilePassing sends a pipe's write end with a command and checks that
// the peer received a working duplicate of it together with the command.
func TestFilePassing(t *testing.T) {
	client, server := socketpair(t)
	peerErr := make(chan error, 1)
	received := make(chan *os.File, 1)
	go func() {
		peerErr <- func() error {
			server.SetDeadline(time.Now().Add(5 * time.Second))
			w := bufio.NewWriter(server)
			w.WriteString(testGreeting + "\n")
			w.Flush()
			r := bufio.NewReader(server)
			line, err := r.ReadBytes('\n')
			if err != nil {
				return err
			}
			var req fakeRequest
			json.Unmarshal(line, &req)
			server.Write([]byte(`{"return": {}, "id": ` + string(req.ID) + "}\n"))

			// The getfd request: read it with its ancillary data. Nothing
			// is buffered in r, since the client waited for our reply.
			buf := make([]byte, 4096)
			oob := make([]byte, syscall.CmsgSpace(4*4))
			n, oobn, _, _, err := server.ReadMsgUnix(buf, oob)
			if err != nil {
				return err
			}
			msgs, err := syscall.ParseSocketControlMessage(oob[:oobn])
			if err != nil {
				return err
			}
			var fds []int
			for _, m := range msgs {
				got, err := syscall.ParseUnixRights(&m)
				if err != nil {
					return err
				}
				fds = append(fds, got...)
			}
			if len(fds) != 1 {
				t.Errorf("received %d descriptors, want 1", len(fds))
			} else {
				received <- os.NewFile(uintptr(fds[0]), "received")
			}
			if err := json.Unmarshal(buf[:n], &req); err != nil || req.Execute != "getfd" {
				t.Errorf("request with the descriptor = %q (%v)", buf[:n], err)
			}
			server.Write([]byte(`{"return": {}, "id": ` + string(req.ID) + "}\n"))
			return nil
		}()
	}()

	c, err := New(testCtx(t), client)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	err = c.ExecuteWithFiles(testCtx(t), "getfd", map[string]string{"fdname": "x"}, nil, pw)
	pw.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := <-peerErr; err != nil {
		t.Fatal(err)
	}
	dup := <-received
	if _, err := dup.Write([]byte("through the passed fd")); err != nil {
		t.Fatal(err)
	}
	dup.Close()
	got := make([]byte, 64)
	n, _ := pr.Read(got)
	if string(got[:n]) != "through the passed fd" {
		t.Errorf("read %q from the pipe", got[:n])
	}
}

// BenchmarkExecuteInProcess measures the package's own cost per call
// against an in-process peer that answers as fast as it can.
func BenchmarkExecuteInProcess(b *testing.B) {
	client, server := socketpair(b)
	go func() {
		r := bufio.NewReader(server)
		server.Write([]byte(testGreeting + "\n"))
		var req fakeRequest
		for {
			line, err := r.ReadSlice('\n')
			if err != nil {
				return
			}
			json.Unmarshal(line, &req)
			server.Write([]byte(`{"return": {"status": "running", "running": true}, "id": ` + string(req.ID) + "}\n"))
		}
	}()
	c, err := New(context.Background(), client)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := c.Execute(ctx, "query-status", nil, nil); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// connectSocket returns a negotiated Conn over a Unix socket pair and the
// scripted peer at the other end.
func connectSocket(t *testing.T) (*Conn, *fakePeer) {
	t.Helper()
	client, server := socketpair(t)
	p := &fakePeer{t: t, conn: server, r: bufio.NewReader(server)}
	go p.handshake(testGreeting)
	c, err := New(testCtx(t), client)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, p
}
