package tricky

// Tests of the generated client (client.go) on fake executors and on a
// qmp.Conn talking to a scripted peer. This file is not generated:
// regenerating the package keeps it.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/qmp"
)

// The qmp runtime's connections run the typed client and feed its events.
var (
	_ Executor    = (*qmp.Conn)(nil)
	_ Executor    = (*qmp.Agent)(nil)
	_ oobExecutor = (*qmp.Conn)(nil)
	_ EventSource = (*qmp.Conn)(nil)
)

// fakeExecutor answers every command with reply and records the call. It
// decodes as the qmp runtime does: through qmp.Decoder when the result
// implements it, with json.Unmarshal otherwise.
type fakeExecutor struct {
	reply    string
	command  string
	args     []byte
	noAnswer bool
	oob      bool // the last command was sent with ExecuteOOB
}

func (f *fakeExecutor) Execute(_ context.Context, command string, args, result any) error {
	f.command, f.oob = command, false
	var err error
	f.args = nil
	if args != nil {
		if f.args, err = json.Marshal(args); err != nil {
			return err
		}
	}
	if result == nil {
		return nil
	}
	if d, ok := result.(qmp.Decoder); ok {
		return d.DecodeQMP([]byte(f.reply))
	}
	return json.Unmarshal([]byte(f.reply), result)
}

func (f *fakeExecutor) ExecuteNoResponse(ctx context.Context, command string, args any) error {
	err := f.Execute(ctx, command, args, nil)
	f.noAnswer = true
	return err
}

// oobFakeExecutor can also send commands out of band.
type oobFakeExecutor struct {
	fakeExecutor
	enabled bool
}

func (f *oobFakeExecutor) ExecuteOOB(ctx context.Context, command string, args, result any) error {
	err := f.Execute(ctx, command, args, result)
	f.oob = true
	return err
}

func (f *oobFakeExecutor) OOBEnabled() bool { return f.enabled }

// jsonOnlyExecutor decodes with json.Unmarshal whatever the result is, as
// an Executor that knows nothing of qmp.Decoder would.
type jsonOnlyExecutor struct{ reply string }

func (j jsonOnlyExecutor) Execute(_ context.Context, _ string, _, result any) error {
	return json.Unmarshal([]byte(j.reply), result)
}

func (jsonOnlyExecutor) ExecuteNoResponse(context.Context, string, any) error { return nil }

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

// TestClientOOB: draw is allow-oob and goes out of band exactly when the
// executor can and has it enabled; list-figures never does.
func TestClientOOB(t *testing.T) {
	ctx := context.Background()
	draw := DrawCommand{Figure: Figure{Shape: ShapeBlank}}
	const holder = `{"values":[],"names":[],"choice":"fast","figures":[],"blob":null,"size":1}`
	for _, enabled := range []bool{false, true} {
		f := &oobFakeExecutor{fakeExecutor: fakeExecutor{reply: holder}, enabled: enabled}
		c := NewClient(f)
		if _, err := c.Draw(ctx, draw); err != nil || f.oob != enabled || f.command != "draw" {
			t.Errorf("OOB enabled=%v: Draw: err %v, sent out of band: %v", enabled, err, f.oob)
		}
		f.reply = `[]`
		if _, err := c.ListFigures(ctx); err != nil || f.oob {
			t.Errorf("OOB enabled=%v: ListFigures: err %v, sent out of band: %v", enabled, err, f.oob)
		}
	}
	// An executor without ExecuteOOB runs allow-oob commands normally.
	f := &fakeExecutor{reply: holder}
	if _, err := NewClient(f).Draw(ctx, draw); err != nil || f.command != "draw" {
		t.Errorf("Draw without ExecuteOOB: %v (%+v)", err, f)
	}
}

// TestClientStrict: an unknown member in a reply is ignored by default
// and an error with Strict, whether the executor decodes through
// qmp.Decoder or through json.Unmarshal.
func TestClientStrict(t *testing.T) {
	ctx := context.Background()
	const extra = `[{"shape":"circle","radius":3,"colour":"red"}]`
	for _, x := range []Executor{&fakeExecutor{reply: extra}, jsonOnlyExecutor{reply: extra}} {
		figs, err := NewClient(x).ListFigures(ctx)
		if err != nil || len(figs) != 1 || figs[0].Circle == nil || figs[0].Circle.Radius != 3 {
			t.Errorf("%T, default: %+v, %v; want the figure, no error", x, figs, err)
		}
		_, err = NewClient(x, Strict()).ListFigures(ctx)
		if err == nil || !strings.Contains(err.Error(), "colour") {
			t.Errorf("%T, Strict: error %v, want one naming colour", x, err)
		}
	}
	// A known reply decodes strictly, and the value lands in the result.
	f := &fakeExecutor{reply: `[{"shape":"square","side":2}]`}
	figs, err := NewClient(f, Strict()).ListFigures(ctx)
	if err != nil || len(figs) != 1 || figs[0].Square == nil {
		t.Errorf("Strict, known members: %+v, %v", figs, err)
	}
	// Wrapping executors can reach the value being decoded into.
	var seen any
	spy := &resultSpy{Executor: f, seen: &seen}
	if _, err := NewClient(spy, Strict()).ListFigures(ctx); err != nil {
		t.Fatal(err)
	}
	if r, ok := seen.(interface{ Result() any }); !ok {
		t.Errorf("the strict result wrapper (%T) has no Result method", seen)
	} else if _, isList := r.Result().(*[]Figure); !isList {
		t.Errorf("the strict result wrapper (%T) does not give the *[]Figure", seen)
	}
}

type resultSpy struct {
	Executor
	seen *any
}

func (s *resultSpy) Execute(ctx context.Context, command string, args, result any) error {
	*s.seen = result
	return s.Executor.Execute(ctx, command, args, result)
}

// peer is the server end of a qmp.Conn: it answers the negotiation, then
// replies to each request with replies[command] and records how each
// request was sent ("execute" or "exec-oob").
type peer struct {
	t       *testing.T
	conn    net.Conn
	wmu     sync.Mutex
	replies map[string]string

	mu   sync.Mutex
	keys []string
}

func newConn(t *testing.T, replies map[string]string, opts ...qmp.Option) (*qmp.Conn, *peer) {
	t.Helper()
	client, server := net.Pipe()
	p := &peer{t: t, conn: server, replies: replies}
	go p.serve()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := qmp.New(ctx, client, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); server.Close() })
	return c, p
}

func (p *peer) send(line string) {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	p.conn.Write([]byte(line + "\n"))
}

func (p *peer) serve() {
	p.send(`{"QMP":{"version":{"qemu":{"major":7,"minor":2,"micro":0},"package":""},"capabilities":["oob"]}}`)
	d := json.NewDecoder(bufio.NewReader(p.conn))
	for {
		var req struct {
			Execute string          `json:"execute"`
			ExecOOB string          `json:"exec-oob"`
			ID      json.RawMessage `json:"id"`
		}
		if err := d.Decode(&req); err != nil {
			return
		}
		key, command := "execute", req.Execute
		if req.ExecOOB != "" {
			key, command = "exec-oob", req.ExecOOB
		}
		p.mu.Lock()
		p.keys = append(p.keys, key+" "+command)
		p.mu.Unlock()
		ret, ok := p.replies[command]
		if !ok {
			ret = `{}`
		}
		p.send(`{"return":` + ret + `,"id":` + string(req.ID) + `}`)
	}
}

func (p *peer) sent() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.keys...)
}

// TestClientOverConn checks the client on the real runtime: exec-oob on
// the wire for allow-oob commands once negotiated, and strict decoding
// through qmp.Decoder.
func TestClientOverConn(t *testing.T) {
	ctx := context.Background()
	replies := map[string]string{
		"draw":         `{"values":[],"names":[],"choice":"fast","figures":[],"blob":null,"size":1}`,
		"list-figures": `[{"shape":"blank","extra":1}]`,
	}
	for _, oob := range []bool{false, true} {
		var opts []qmp.Option
		if oob {
			opts = append(opts, qmp.WithOOB())
		}
		conn, p := newConn(t, replies, opts...)
		c := NewClient(conn, Strict())
		if _, err := c.Draw(ctx, DrawCommand{Figure: Figure{Shape: ShapeBlank}}); err != nil {
			t.Fatal(err)
		}
		_, err := c.ListFigures(ctx)
		if err == nil || !strings.Contains(err.Error(), "extra") {
			t.Errorf("strict list-figures over a Conn: error %v, want one naming extra", err)
		}
		if _, err := NewClient(conn).ListFigures(ctx); err != nil {
			t.Errorf("default list-figures over a Conn: %v", err)
		}
		want := "execute qmp_capabilities,execute draw,execute list-figures,execute list-figures"
		if oob {
			want = "execute qmp_capabilities,exec-oob draw,execute list-figures,execute list-figures"
		}
		if got := strings.Join(p.sent(), ","); got != want {
			t.Errorf("WithOOB=%v: sent %s, want %s", oob, got, want)
		}
	}
}

// TestEventStream: typed, unknown and undecodable events, in order, with their
// timestamps; the strict stream rejects an unknown member the default one
// ignores; Next honours ctx; Close ends the stream.
func TestEventStream(t *testing.T) {
	conn, p := newConn(t, nil)
	events := SubscribeEvents(conn, 0)
	strict := SubscribeEvents(conn, 4, Strict())
	ts := `"timestamp":{"seconds":1700000000,"microseconds":250}`
	lines := []string{
		`{"event":"FIGURE_DRAWN","data":{"figure":{"shape":"circle","radius":2},"took":5},` + ts + `}`,
		`{"event":"RESET",` + ts + `}`,
		`{"event":"NO_SUCH_EVENT","data":{"x":1},` + ts + `}`,
		`{"event":"FIGURE_DRAWN","data":{"figure":3},` + ts + `}`,
		`{"event":"FIGURE_CHANGED","data":{"shape":"blank","extra":true},` + ts + `}`,
	}
	go func() { // net.Pipe: each write waits for the connection's reader
		for _, line := range lines {
			p.send(line)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	next := func(s *EventStream) (TimedEvent, error) {
		t.Helper()
		ev, err := s.Next(ctx)
		if ctx.Err() != nil {
			t.Fatal("timed out waiting for an event")
		}
		return ev, err
	}
	want := time.Unix(1700000000, 250000)

	ev, err := next(events)
	if d, ok := ev.Event.(FigureDrawnEvent); err != nil || !ok || d.Figure.Circle == nil || d.Figure.Circle.Radius != 2 || d.Took == nil || *d.Took != 5 || !ev.Timestamp.Equal(want) {
		t.Errorf("FIGURE_DRAWN: %#v, %v", ev, err)
	}
	if ev, err := next(events); err != nil || ev.Event != (ResetEvent{}) {
		t.Errorf("RESET: %#v, %v", ev, err)
	}
	ev, err = next(events)
	if u, ok := ev.Event.(UnknownEvent); err != nil || !ok || u.Name != "NO_SUCH_EVENT" || string(u.Data) != `{"x":1}` {
		t.Errorf("unknown event: %#v, %v", ev, err)
	}
	ev, err = next(events)
	if u, ok := ev.Event.(UnknownEvent); err == nil || !strings.Contains(err.Error(), "FIGURE_DRAWN") || !ok || string(u.Data) != `{"figure":3}` || !ev.Timestamp.Equal(want) {
		t.Errorf("undecodable FIGURE_DRAWN: %#v, %v; want an UnknownEvent and an error naming the event", ev, err)
	}
	ev, err = next(events)
	if f, ok := ev.Event.(FigureChangedEvent); err != nil || !ok || f.Shape != ShapeBlank {
		t.Errorf("FIGURE_CHANGED with an extra member, default: %#v, %v", ev, err)
	}

	for i := 0; i < 4; i++ {
		if _, err := next(strict); err != nil && i != 3 {
			t.Errorf("strict stream, event %d: %v", i, err)
		}
	}
	ev, err = next(strict)
	if err == nil || !strings.Contains(err.Error(), "FIGURE_CHANGED") || !strings.Contains(err.Error(), "extra") || ev.Event.EventName() != "FIGURE_CHANGED" {
		t.Errorf("FIGURE_CHANGED with an extra member, strict: %#v, %v; want an error", ev, err)
	}

	short, cancelShort := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancelShort()
	if _, err := events.Next(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Next without events: %v, want the context's error", err)
	}
	events.Close()
	if _, err := events.Next(ctx); err != io.EOF {
		t.Errorf("Next after Close: %v, want io.EOF", err)
	}
	conn.Close()
	if _, err := strict.Next(ctx); err != io.EOF {
		t.Errorf("Next after the connection closed: %v, want io.EOF", err)
	}
}
