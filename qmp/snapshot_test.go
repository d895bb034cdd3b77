// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/qapi-gen/qapi-gen/internal/syncbuf"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var updateTranscripts = flag.Bool("update", false, "rewrite testdata/*.transcript from the real QEMU")

const snapshotTranscript = "testdata/snapshot-qemu-7.2.transcript"

// snapshotScenario is what an orchestrator does to snapshot a VM: start a
// snapshot-save job, wait for it to conclude, check it with query-jobs,
// dismiss it, and look at the snapshot it made. The requests it sends
// depend only on the replies and events it gets, so it sends the same
// ones to a replayed transcript as to the QEMU it was recorded from.
func snapshotScenario(ctx context.Context, c *Conn) error {
	sub := c.Subscribe(64)
	defer sub.Close()
	var st struct{ Status string }
	if err := c.Execute(ctx, "query-status", nil, &st); err != nil {
		return err
	}
	if st.Status != "prelaunch" {
		return fmt.Errorf("status %q, want prelaunch", st.Status)
	}
	args := map[string]any{"job-id": "snap0", "tag": "s1", "vmstate": "disk0", "devices": []string{"disk0"}}
	if err := c.Execute(ctx, "snapshot-save", args, nil); err != nil {
		return err
	}
	for concluded := false; !concluded; {
		select {
		case ev, ok := <-sub.Events():
			if !ok {
				return fmt.Errorf("events ended before the job concluded")
			}
			if ev.Name != "JOB_STATUS_CHANGE" {
				continue
			}
			var d struct{ ID, Status string }
			if err := json.Unmarshal(ev.Data, &d); err != nil {
				return err
			}
			concluded = d.ID == "snap0" && d.Status == "concluded"
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	var jobs []struct {
		ID     string
		Status string
		Error  *string
	}
	if err := c.Execute(ctx, "query-jobs", nil, &jobs); err != nil {
		return err
	}
	if len(jobs) != 1 || jobs[0].Status != "concluded" || jobs[0].Error != nil {
		return fmt.Errorf("query-jobs = %+v, want snap0 concluded without error", jobs)
	}
	if err := c.Execute(ctx, "job-dismiss", map[string]string{"id": "snap0"}, nil); err != nil {
		return err
	}
	var nodes []struct {
		NodeName string `json:"node-name"`
		Image    struct {
			Snapshots []struct{ Name string } `json:"snapshots"`
		} `json:"image"`
	}
	if err := c.Execute(ctx, "query-named-block-nodes", nil, &nodes); err != nil {
		return err
	}
	for _, n := range nodes {
		if n.NodeName == "disk0" && len(n.Image.Snapshots) == 1 && n.Image.Snapshots[0].Name == "s1" {
			return nil
		}
	}
	return fmt.Errorf("no snapshot s1 on disk0 in %+v", nodes)
}

// TestQEMUSnapshotTranscript runs the snapshot scenario on the real QEMU
// through Record, and checks that the recording replays to the same
// scenario. With -update it rewrites the transcript the QEMU-less replay
// test uses.
func TestQEMUSnapshotTranscript(t *testing.T) {
	img := needBinary(t, "qemu-img")
	disk := filepath.Join(t.TempDir(), "disk.qcow2")
	if out, err := exec.Command(img, "create", "-q", "-f", "qcow2", disk, "16M").CombinedOutput(); err != nil {
		t.Fatalf("qemu-img: %v: %s", err, out)
	}
	sock, _ := startQEMU(t, "-blockdev", "driver=file,filename="+disk+",node-name=file0",
		"-blockdev", "driver=qcow2,file=file0,node-name=disk0")
	ctx := testCtx(t)
	nc, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	var rec syncbuf.Buffer
	c, err := New(ctx, Record(nc, &rec))
	if err != nil {
		t.Fatal(err)
	}
	if err := snapshotScenario(ctx, c); err != nil {
		t.Fatalf("on QEMU: %v", err)
	}
	c.Close()
	text := rec.String()
	tr, err := ReadTranscript(strings.NewReader(text))
	if err != nil {
		t.Fatalf("the recording does not read back: %v\n%s", err, text)
	}
	replaySnapshot(t, tr)
	if *updateTranscripts {
		if err := os.WriteFile(snapshotTranscript, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReplaySnapshotTranscript replays the snapshot scenario recorded from
// Debian's QEMU 7.2: no QEMU needed.
func TestReplaySnapshotTranscript(t *testing.T) {
	f, err := os.Open(snapshotTranscript)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr, err := ReadTranscript(f)
	if err != nil {
		t.Fatal(err)
	}
	replaySnapshot(t, tr)
}

func replaySnapshot(t *testing.T, tr *Transcript) {
	t.Helper()
	r := &Replayer{Transcript: tr, OnMismatch: func(err error) { t.Error(err) }}
	a, b := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- r.ServeConn(a) }()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := New(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if err := snapshotScenario(ctx, c); err != nil {
		t.Errorf("on the replay: %v", err)
	}
	c.Close()
	if err := <-done; err != nil {
		t.Errorf("replay: %v", err)
	}
}

// TestQEMUJSONFormatMatchesRecording reformats every message Debian's QEMU
// 7.2 sent in the recorded transcript from its compact form: the fake
// server's formatter must give back QEMU's bytes exactly (member order,
// spacing, escapes).
func TestQEMUJSONFormatMatchesRecording(t *testing.T) {
	data, err := os.ReadFile(snapshotTranscript)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := ReadTranscript(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range tr.Entries {
		if e.FromClient || e.Delimiter {
			continue
		}
		// QEMU's dictionary puts the later of two members of one hash
		// bucket first, so its output is not the order the members were
		// added in (the schema's order, which a generated Go struct
		// keeps): rebuild that order, and reverse the buckets too, for
		// the formatter to sort out.
		in := insertionOrder(t, e.Msg)
		if got := string(appendQEMUJSON(nil, in)); got != string(e.Msg) {
			t.Errorf("reformatted %s\n got %s\nwant %s", in, got, e.Msg)
		}
		n++
	}
	if n < 10 {
		t.Errorf("only %d server messages in %s", n, snapshotTranscript)
	}
}

// insertionOrder returns the compact JSON of a value QEMU printed, with
// the members of each object in the order they were added to QEMU's
// dictionary, and its buckets reversed.
func insertionOrder(t *testing.T, v []byte) []byte {
	t.Helper()
	v = bytes.TrimSpace(v)
	switch v[0] {
	case '[':
		var elems []json.RawMessage
		if err := json.Unmarshal(v, &elems); err != nil {
			t.Fatal(err)
		}
		out := []byte("[")
		for i, e := range elems {
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, insertionOrder(t, e)...)
		}
		return append(out, ']')
	case '{':
	default:
		var c bytes.Buffer
		json.Compact(&c, v)
		return c.Bytes()
	}
	members, err := objectMembers(v)
	if err != nil {
		t.Fatal(err)
	}
	var groups [][]member // runs of one bucket, in QEMU's order
	for i, m := range members {
		if i == 0 || qdictHash(m.key)%512 != qdictHash(members[i-1].key)%512 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], m)
	}
	out := []byte("{")
	for gi := len(groups) - 1; gi >= 0; gi-- {
		g := groups[gi]
		for mi := len(g) - 1; mi >= 0; mi-- {
			if len(out) > 1 {
				out = append(out, ',')
			}
			out = append(out, mustQuote(g[mi].key)...)
			out = append(out, ':')
			out = append(out, insertionOrder(t, g[mi].value)...)
		}
	}
	return append(out, '}')
}

// TestServerBytesMatchQEMURecording plays the client's side of the
// snapshot session recorded from Debian's QEMU 7.2 to the Server, byte for
// byte over a socket, with the recorded replies as its handler's answers,
// and requires what it sends back to be what QEMU sent, byte for byte:
// the greeting and every reply (events are QEMU's own doing, not the
// server's, and are left out).
func TestServerBytesMatchQEMURecording(t *testing.T) {
	f, err := os.Open(snapshotTranscript)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := ReadTranscript(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	srv := &Server{
		Version: Version{Major: 7, Minor: 2, Micro: 22, Package: "Debian 1:7.2+dfsg-7+deb12u18+b3"},
		OOB:     true,
		Handler: TranscriptHandler(tr),
	}
	c := dialRaw(t, testServer(t, srv))
	var sent, compared int
	for _, e := range tr.Entries {
		switch {
		case e.Delimiter:
		case e.FromClient:
			c.send(string(e.Msg))
			sent++
		case bytes.Contains(e.Msg, []byte(`"event": `)):
		default:
			if got := c.line(); got != string(e.Msg) {
				t.Errorf("server sent\n %s\nQEMU sent\n %s", got, e.Msg)
			}
			compared++
		}
	}
	if sent < 5 || compared != sent+1 {
		t.Errorf("compared %d server messages for %d requests", compared, sent)
	}
}
