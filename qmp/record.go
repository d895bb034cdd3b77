// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"io"
	"net"
	"sync"
	"time"
)

// Record wraps the connection to a QMP server or guest agent so that every
// message both ways is written to w as a [Transcript] line the moment it
// passes (so an interrupted session still leaves a usable transcript).
// Pass the result to [New] or [NewAgent] in place of rwc:
//
//	nc, _ := net.Dial("unix", "/run/vm1/qmp.sock")
//	conn, err := qmp.New(ctx, qmp.Record(nc, transcriptFile))
//
// The wrapper keeps what the connection can do: deadlines for a net.Conn,
// descriptor passing for a *net.UnixConn. Errors writing w are ignored;
// the session goes on.
func Record(rwc io.ReadWriteCloser, w io.Writer) io.ReadWriteCloser {
	rec := &recorder{rwc: rwc, w: w, start: time.Now()}
	io.WriteString(w, transcriptHeader+"\n")
	switch c := rwc.(type) {
	case *net.UnixConn:
		return &recordedUnixConn{UnixConn: c, rec: rec}
	case net.Conn:
		return &recordedConn{Conn: c, rec: rec}
	}
	return rec
}

// recorder records what passes through rwc. What the client writes is
// recorded before it is written: once written, the server's answer can
// be read (and recorded) by another goroutine before the write returns.
type recorder struct {
	rwc   io.ReadWriteCloser
	start time.Time

	mu       sync.Mutex
	w        io.Writer
	fromPeer splitter
	toPeer   splitter
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.rwc.Read(p)
	r.saw(p[:n], false)
	return n, err
}

func (r *recorder) Write(p []byte) (int, error) {
	r.saw(p, true)
	return r.rwc.Write(p)
}

func (r *recorder) Close() error { return r.rwc.Close() }

// saw records the bytes b that passed in one direction.
func (r *recorder) saw(b []byte, fromClient bool) {
	if len(b) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	sp := &r.fromPeer
	if fromClient {
		sp = &r.toPeer
	}
	sp.push(b, func(msg []byte, delim bool) {
		e := Entry{FromClient: fromClient, At: time.Since(r.start), Msg: msg, Delimiter: delim}
		io.WriteString(r.w, e.String()+"\n")
	})
}

// recordedConn is Record's wrapper of a net.Conn: deadlines and addresses
// go to the connection.
type recordedConn struct {
	net.Conn
	rec *recorder
}

func (c *recordedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.rec.saw(p[:n], false)
	return n, err
}

func (c *recordedConn) Write(p []byte) (int, error) {
	c.rec.saw(p, true)
	return c.Conn.Write(p)
}

// recordedUnixConn is Record's wrapper of a unix socket, which can also
// pass descriptors.
type recordedUnixConn struct {
	*net.UnixConn
	rec *recorder
}

func (c *recordedUnixConn) Read(p []byte) (int, error) {
	n, err := c.UnixConn.Read(p)
	c.rec.saw(p[:n], false)
	return n, err
}

func (c *recordedUnixConn) Write(p []byte) (int, error) {
	c.rec.saw(p, true)
	return c.UnixConn.Write(p)
}

func (c *recordedUnixConn) WriteMsgUnix(b, oob []byte, addr *net.UnixAddr) (int, int, error) {
	c.rec.saw(b, true)
	n, oobn, err := c.UnixConn.WriteMsgUnix(b, oob, addr)
	if err == nil && n < len(b) {
		// Finish the message here: b is recorded whole already, and a
		// caller's Write of the rest would record it a second time.
		var m int
		m, err = c.UnixConn.Write(b[n:])
		n += m
	}
	return n, oobn, err
}
