package firstday

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/qmp"
)

// scriptedPeer is a QMP server whose answer to each command is a list of
// lines (the reply, with ID standing for the request's id, and events).
type scriptedPeer struct {
	conn   net.Conn
	script map[string][]string

	mu   sync.Mutex
	args []string // "command arguments" as received
}

func newScripted(t *testing.T, script map[string][]string) (*qmp.Conn, *scriptedPeer) {
	t.Helper()
	client, server := net.Pipe()
	p := &scriptedPeer{conn: server, script: script}
	go p.serve()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := qmp.New(ctx, client)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); server.Close() })
	return c, p
}

func (p *scriptedPeer) serve() {
	w := bufio.NewWriter(p.conn)
	var wmu sync.Mutex
	send := func(line string) {
		wmu.Lock()
		defer wmu.Unlock()
		w.WriteString(line + "\n")
		w.Flush()
	}
	send(`{"QMP":{"version":{"qemu":{"major":7,"minor":2,"micro":0},"package":""},"capabilities":[]}}`)
	d := json.NewDecoder(p.conn)
	for {
		var req struct {
			Execute   string          `json:"execute"`
			Arguments json.RawMessage `json:"arguments"`
			ID        json.RawMessage `json:"id"`
		}
		if err := d.Decode(&req); err != nil {
			return
		}
		p.mu.Lock()
		p.args = append(p.args, strings.TrimSpace(req.Execute+" "+string(req.Arguments)))
		p.mu.Unlock()
		lines, ok := p.script[req.Execute]
		if !ok {
			lines = []string{`{"return":{},"id":ID}`}
		}
		// The lines go out while the next commands are read, as a
		// server's events do.
		go p.play(lines, string(req.ID), send)
	}
}

func (p *scriptedPeer) play(lines []string, id string, send func(string)) {
	for _, l := range lines {
		if l == "PAUSE" { // let the client act on what it got so far
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if strings.HasPrefix(l, `{"event":"JOB_STATUS_CHANGE"`) {
			// Logged before it is sent: the client cannot react to it
			// before it is in the log.
			var ev struct{ Data struct{ ID, Status string } }
			json.Unmarshal([]byte(l), &ev)
			p.mu.Lock()
			p.args = append(p.args, "event "+ev.Data.ID+" "+ev.Data.Status)
			p.mu.Unlock()
		}
		send(strings.ReplaceAll(l, "ID", id))
	}
}

func (p *scriptedPeer) received() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.args, "; ")
}

func jobEvent(id, status string) string {
	return `{"event":"JOB_STATUS_CHANGE","data":{"id":"` + id + `","status":"` + status + `"},"timestamp":{"seconds":1,"microseconds":0}}`
}

// The job helpers wait for the job's own conclusion (not another job's),
// return its error from query-jobs and dismiss it.
func TestRunJob(t *testing.T) {
	jobs := func(errMember string) []string {
		return []string{`{"return":[{"id":"other","type":"create","status":"running","current-progress":0,"total-progress":1},` +
			`{"id":"snap0","type":"snapshot-save","status":"concluded","current-progress":1,"total-progress":1` + errMember + `}],"id":ID}`}
	}
	start := []string{`{"return":{},"id":ID}`, jobEvent("snap0", "created"), jobEvent("snap0", "running"),
		jobEvent("other", "concluded"), "PAUSE", jobEvent("snap0", "waiting"), jobEvent("snap0", "pending"), jobEvent("snap0", "concluded")}
	args := SnapshotSaveCommand{JobID: "snap0", Tag: "t", Vmstate: "disk0", Devices: []string{"disk0"}}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	conn, p := newScripted(t, map[string][]string{"snapshot-save": start, "query-jobs": jobs(`,"error":"No space left on device"`)})
	err := NewClient(conn, Strict()).SnapshotSaveAndWait(ctx, conn, args)
	var je *qmp.JobError
	if !errors.As(err, &je) || *je != (qmp.JobError{ID: "snap0", Type: "snapshot-save", Desc: "No space left on device"}) {
		t.Errorf("failing job: %v, want its *qmp.JobError", err)
	}
	want := `snapshot-save {"job-id":"snap0","tag":"t","vmstate":"disk0","devices":["disk0"]}; ` +
		`event snap0 created; event snap0 running; event other concluded; event snap0 waiting; event snap0 pending; event snap0 concluded; ` +
		`query-jobs; job-dismiss {"id":"snap0"}`
	if got := p.received(); !strings.HasSuffix(got, want) {
		t.Errorf("commands: %s\nwant them to end with %s", got, want)
	}

	conn, p = newScripted(t, map[string][]string{"snapshot-save": start, "query-jobs": jobs("")})
	if err := NewClient(conn).SnapshotSaveAndWait(ctx, conn, args); err != nil {
		t.Errorf("succeeding job: %v", err)
	}
	if got := p.received(); !strings.HasSuffix(got, `job-dismiss {"id":"snap0"}`) {
		t.Errorf("succeeding job not dismissed: %s", got)
	}

	conn, p = newScripted(t, map[string][]string{"snapshot-save": {`{"error":{"class":"GenericError","desc":"no vmstate"},"id":ID}`}})
	err = NewClient(conn).SnapshotSaveAndWait(ctx, conn, args)
	if !errors.Is(err, QAPIErrorClassGenericError) || strings.Contains(p.received(), "query-jobs") {
		t.Errorf("job that does not start: %v, commands %s", err, p.received())
	}

	// A job dismissed automatically: its end is status null.
	conn, _ = newScripted(t, map[string][]string{"block-stream": {`{"return":{},"id":ID}`, jobEvent("s1", "running"), jobEvent("s1", "null")}})
	c := NewClient(conn)
	err = c.RunJob(ctx, conn, "s1", func(ctx context.Context) error {
		return c.BlockStream(ctx, BlockStreamCommand{JobID: Ptr("s1"), Device: "d"})
	})
	if err != nil {
		t.Errorf("auto-dismissed job: %v", err)
	}
}

// Waiters with a stream each all get their event, whatever order the
// events come in; WaitEvent skips other types and rejected events.
func TestWaitEventWaiters(t *testing.T) {
	deleted := func(id string) string {
		return `{"event":"DEVICE_DELETED","data":{"device":"` + id + `","path":"/machine/peripheral/` + id + `"},"timestamp":{"seconds":1,"microseconds":0}}`
	}
	conn, _ := newScripted(t, map[string][]string{"query-status": {jobEvent("j", "running"), deleted("b"), deleted("a"),
		`{"return":{"running":true,"status":"running"},"id":ID}`}})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ids := []string{"a", "b"}
	streams := make([]*EventStream, len(ids))
	for i := range ids {
		streams[i] = SubscribeEvents(conn, 0)
		defer streams[i].Close()
	}
	if _, err := NewClient(conn).QueryStatus(ctx); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]string, len(ids))
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev, err := WaitEvent(ctx, streams[i], func(e DeviceDeletedEvent) bool { return e.Device != nil && *e.Device == id })
			if err != nil {
				got[i] = err.Error()
				return
			}
			got[i] = ev.Path
		}()
	}
	wg.Wait()
	if got[0] != "/machine/peripheral/a" || got[1] != "/machine/peripheral/b" {
		t.Errorf("waiters got %q", got)
	}
	short, cancel2 := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel2()
	if _, err := WaitEvent[DeviceDeletedEvent](short, streams[0], nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitEvent with no event coming: %v", err)
	}
}

// An event whose data does not decode ends a wait for its type with the
// error, and is skipped by a wait for another type.
func TestWaitEventUndecodable(t *testing.T) {
	bad := func(name string) string {
		return `{"event":"` + name + `","data":{"id":5,"path":7},"timestamp":{"seconds":1,"microseconds":0}}`
	}
	conn, _ := newScripted(t, map[string][]string{"cont": {`{"return":{},"id":ID}`, bad("JOB_STATUS_CHANGE"), bad("DEVICE_DELETED"),
		`{"event":"RESUME","timestamp":{"seconds":1,"microseconds":0}}`}})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resume := SubscribeEvents(conn, 0)
	defer resume.Close()
	deleted := SubscribeEvents(conn, 0)
	defer deleted.Close()
	if err := NewClient(conn).Cont(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := WaitEvent[ResumeEvent](ctx, resume, nil); err != nil {
		t.Errorf("waiting for RESUME past undecodable events: %v", err)
	}
	if _, err := WaitEvent[DeviceDeletedEvent](ctx, deleted, nil); err == nil || !strings.Contains(err.Error(), "DEVICE_DELETED") {
		t.Errorf("waiting for DEVICE_DELETED whose data does not decode: %v, want its error", err)
	}
}
