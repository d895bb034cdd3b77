// SPDX-License-Identifier: Apache-2.0

package roundtrip

import (
	"bytes"
	"fmt"
	"go/format"
	"strconv"

	"github.com/qapi-gen/qapi-gen/gen"
	"github.com/qapi-gen/qapi-gen/model"
)

// ServerFileName is the name the generated server round-trip test should
// have.
const ServerFileName = "zz_server_roundtrip_test.go"

// ServerStats tell what the server round-trip test covers.
type ServerStats struct {
	Commands, CommandCases int // commands called, values sent
	Results                int // of the commands, those returning a value
	Events, EventCases     int
	Skipped                []string // commands not called, with why
}

func (s ServerStats) String() string {
	return fmt.Sprintf("%d commands (%d values, %d with a typed result), %d events (%d values); not called: %v",
		s.Commands, s.CommandCases, s.Results, s.Events, s.EventCases, s.Skipped)
}

// GenerateServer returns the source of a _test.go file for package pkg
// as gen.Generate(s, gen.Options{Package: pkg, Server: true}) produces
// it, next to the file of Generate (whose helpers it uses): the package's
// client calls every command with the round-trip values of its arguments
// on the package's server, over a Unix socket; the server's handler
// requires the typed arguments it receives to equal those sent and
// returns a round-trip value of the command's result, which the client
// must get back; then the server emits every event with its values and
// the client's typed event stream must deliver them equal.
func GenerateServer(s *model.Schema, pkg string) ([]byte, ServerStats, error) {
	opts := gen.Options{Package: pkg, Server: true}
	view, err := gen.View(s, opts)
	if err != nil {
		return nil, ServerStats{}, err
	}
	b := &builder{view: view, cost: costs(s)}
	var st ServerStats
	var w bytes.Buffer
	fmt.Fprintf(&w, "%s\n\npackage %s\n\n", Header, pkg)
	w.WriteString(preludeFor(view, serverPrelude))
	var cmdGroups, evGroups []string
	for _, e := range s.Entities {
		switch d := e.(type) {
		case *model.Command:
			if d.Name == "qmp_capabilities" {
				// The server answers it itself (negotiation), never the handler.
				st.Skipped = append(st.Skipped, d.Name+" (negotiation)")
				b.handlerMethod(&w, d, "")
				continue
			}
			ret := ""
			if d.Ret != nil && d.SuccessResponse {
				v, ok := b.resultValue(d.Ret)
				if !ok {
					return nil, st, fmt.Errorf("roundtrip: no value of the result of %s", d.Name)
				}
				ret = fmt.Sprintf("rtsRet%d", len(cmdGroups))
				fmt.Fprintf(&w, "\nfunc %s() %s { return %s }\n", ret, b.goType(d.Ret), v.expr)
				st.Results++
			}
			b.handlerMethod(&w, d, ret)
			cases := b.argCases(d, d.Arg, "command "+d.Name, []mode{minimal, full, nulls})
			fn := fmt.Sprintf("rtsCommands%d", len(cmdGroups))
			cmdGroups = append(cmdGroups, fn)
			fmt.Fprintf(&w, "\nfunc %s() []rtsCase {\n\treturn []rtsCase{\n", fn)
			for _, c := range cases {
				args, want := "nil", "nil"
				if d.Arg != nil {
					args = c.v.expr
				}
				if ret != "" {
					want = ret + "()"
				}
				fmt.Fprintf(&w, "\t\t{%s, %q, %s, %s, %v, %s},\n", strconv.Quote(c.name), d.Name, args, want, !d.SuccessResponse, b.clientCall(d))
			}
			w.WriteString("\t}\n}\n")
			st.Commands++
			st.CommandCases += len(cases)
		case *model.Event:
			cases := b.argCases(d, d.Arg, "event "+d.Name, []mode{minimal, full, nulls})
			fn := fmt.Sprintf("rtsEvents%d", len(evGroups))
			evGroups = append(evGroups, fn)
			fmt.Fprintf(&w, "\nfunc %s() []Event {\n\treturn []Event{\n", fn)
			for _, c := range cases {
				fmt.Fprintf(&w, "\t\t%s,\n", c.v.expr)
			}
			w.WriteString("\t}\n}\n")
			st.Events++
			st.EventCases += len(cases)
		}
		if b.err != nil {
			return nil, st, b.err
		}
	}
	fmt.Fprintf(&w, "\nconst rtsCommandCount, rtsEventCount = %d, %d\n", st.CommandCases, st.EventCases)
	w.WriteString("\nvar rtsCommandGroups = []func() []rtsCase{\n")
	for _, fn := range cmdGroups {
		fmt.Fprintf(&w, "\t%s,\n", fn)
	}
	w.WriteString("}\n\nvar rtsEventGroups = []func() []Event{\n")
	for _, fn := range evGroups {
		fmt.Fprintf(&w, "\t%s,\n", fn)
	}
	w.WriteString("}\n")
	out, err := format.Source(w.Bytes())
	if err != nil {
		return nil, st, fmt.Errorf("roundtrip: generated server test does not parse: %v", err)
	}
	return out, st, nil
}

// resultValue is the value a handler returns for a result of type t:
// every optional member present (the richest value), for a struct.
func (b *builder) resultValue(t model.Type) (value, bool) {
	if o, ok := t.(*model.Object); ok && b.cost[o] < infinite {
		return b.objectValue(o, b.cheapestBranch(o), Depth, full), true
	}
	return b.value(t, Depth)
}

// handlerMethod writes the test handler's method for cmd: it checks the
// arguments and returns the result of function ret ("" for none).
func (b *builder) handlerMethod(w *bytes.Buffer, cmd *model.Command, ret string) {
	method := b.view.Lookup(cmd).Method
	params, got := "ctx context.Context", "nil"
	if cmd.Arg != nil {
		params += ", args " + b.view.Name(cmd)
		got = "args"
	}
	check := fmt.Sprintf("h.check(%q, %s)", cmd.Name, got)
	if cmd.Ret != nil && cmd.SuccessResponse {
		if ret == "" { // never called: any value of the type
			fmt.Fprintf(w, "\nfunc (h *rtsHandler) %s(%s) (%s, error) { return *new(%s), %s }\n", method, params, b.goType(cmd.Ret), b.goType(cmd.Ret), check)
			return
		}
		fmt.Fprintf(w, "\nfunc (h *rtsHandler) %s(%s) (%s, error) { return %s(), %s }\n", method, params, b.goType(cmd.Ret), ret, check)
		return
	}
	fmt.Fprintf(w, "\nfunc (h *rtsHandler) %s(%s) error { return %s }\n", method, params, check)
}

// clientCall is the function calling cmd's Client method with the
// arguments a (and the file f for commands that take one).
func (b *builder) clientCall(cmd *model.Command) string {
	args := "ctx"
	if cmd.Arg != nil {
		args += ", a.(" + b.view.Name(cmd) + ")"
	}
	if b.view.Lookup(cmd).TakesFile {
		args += ", f"
	}
	call := "c." + b.view.Lookup(cmd).Method + "(" + args + ")"
	if cmd.Ret != nil && cmd.SuccessResponse {
		return "func(ctx context.Context, c *" + b.id("Client") + ", a any, f *os.File) (any, error) { return " + call + " }"
	}
	return "func(ctx context.Context, c *" + b.id("Client") + ", a any, f *os.File) (any, error) { return nil, " + call + " }"
}

const serverPrelude = `// The package's client against the package's server: every command with
// the round-trip values of its arguments and a value of its result, every
// event with its values, over a Unix socket.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/qmp"
)

type rtsCase struct {
	name    string
	command string
	args    any // nil for a command without arguments
	ret     any // nil for a command without a result
	noReply bool
	call    func(ctx context.Context, c *Client, a any, f *os.File) (any, error)
}

// rtsHandler implements every command: each checks that it is the
// command expected, with the arguments expected.
type rtsHandler struct {
	mu       sync.Mutex
	command  string
	args     any
	failures []string
}

var _ Handler = (*rtsHandler)(nil)

func (h *rtsHandler) expect(command string, args any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.command, h.args = command, args
}

// check compares what the handler got with what it expects; a mismatch
// is recorded and answered with an error (a command without a response
// cannot send one).
func (h *rtsHandler) check(command string, args any) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	var msg string
	switch {
	case command != h.command:
		msg = fmt.Sprintf("the handler of %s ran, want %s", command, h.command)
	case !reflect.DeepEqual(args, h.args):
		msg = fmt.Sprintf("%s: the handler got\n%#v\nwant\n%#v", command, args, h.args)
	default:
		return nil
	}
	h.failures = append(h.failures, msg)
	return &qmp.Error{Class: "GenericError", Desc: msg}
}

func (h *rtsHandler) takeFailures() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	f := h.failures
	h.failures = nil
	return f
}

func TestServerRoundTrip(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	h := &rtsHandler{}
	srv := NewServer(h)
	path := filepath.Join(t.TempDir(), "qmp.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Close()
	conn, err := qmp.Dial(ctx, "unix", path, qmp.WithOOB())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := NewClient(conn, Strict())
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	n := 0
	for _, group := range rtsCommandGroups {
		for _, tc := range group() {
			n++
			h.expect(tc.command, tc.args)
			got, err := tc.call(ctx, c, tc.args, f)
			if tc.noReply && err == nil {
				// In-band commands run in order: once this one is
				// answered, the handler of the one before has run.
				err = conn.Execute(ctx, "x-roundtrip-sync", nil, nil)
				if qe := (*qmp.Error)(nil); errors.As(err, &qe) && qe.Class == "CommandNotFound" {
					err = nil
				}
			}
			for _, msg := range h.takeFailures() {
				t.Errorf("%s: %s", tc.name, msg)
			}
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			if tc.ret != nil {
				if got, want := rtsCanonAny(got), rtsCanonAny(tc.ret); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: the client got\n%#v\nwant\n%#v", tc.name, got, tc.ret)
				}
			}
		}
	}
	if n != rtsCommandCount {
		t.Errorf("called %d commands, want %d", n, rtsCommandCount)
	}

	s := SubscribeEvents(conn, 16, Strict())
	defer s.Close()
	n = 0
	for _, group := range rtsEventGroups {
		for _, ev := range group() {
			n++
			if err := Emit(srv, ev); err != nil {
				t.Errorf("Emit(%#v): %v", ev, err)
				continue
			}
			got, err := s.Next(ctx)
			if err != nil {
				t.Fatalf("%s: %v", ev.EventName(), err)
			}
			if g, want := rtsCanonAny(got.Event), rtsCanonAny(ev); !reflect.DeepEqual(g, want) {
				t.Errorf("event %s: the client got\n%#v\nwant\n%#v", ev.EventName(), g, ev)
			}
		}
	}
	if n != rtsEventCount {
		t.Errorf("emitted %d events, want %d", n, rtsEventCount)
	}
}

var rtsAnyType = reflect.TypeOf(Any(nil))

// rtsCanonAny returns a copy of v with every Any in it in a canonical
// form: its JSON value read with numbers as float64, encoded again (keys
// sorted, compact). An Any keeps the text as received, and the server
// prints JSON as QEMU does, with its spacing, its dictionaries' member
// order and its numbers (integers beyond 64 bits become doubles), where
// the values were written otherwise.
func rtsCanonAny(v any) any {
	if v == nil {
		return nil
	}
	p := reflect.New(reflect.TypeOf(v)).Elem()
	p.Set(reflect.ValueOf(v))
	rtsCompact(p)
	return p.Interface()
}

func rtsCompact(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			rtsCompact(v.Elem())
		}
	case reflect.Interface:
		if !v.IsNil() {
			e := reflect.New(v.Elem().Type()).Elem()
			e.Set(v.Elem())
			rtsCompact(e)
			v.Set(e)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() {
				rtsCompact(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Type() == rtsAnyType {
			var x any
			if json.Unmarshal(v.Bytes(), &x) == nil {
				b, _ := json.Marshal(x)
				v.SetBytes(b)
			}
			return
		}
		for i := 0; i < v.Len(); i++ {
			rtsCompact(v.Index(i))
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			rtsCompact(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			rtsCompact(e)
			v.SetMapIndex(k, e)
		}
	}
}
`
