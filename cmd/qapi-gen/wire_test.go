package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
)

// debian72 is Debian's 7.2 build: its schema, its binary's reply and
// the -cond flags of its configuration (see introspect's tests).
type debian72 struct {
	schema, reply string
	conds         []string
}

func debianFiles(t *testing.T) debian72 {
	dir := filepath.Join(corpus.Require(t), "qemu", "v7.2.0")
	var conds []string
	for _, c := range []string{"TARGET_S390X", "TARGET_ARM", "CONFIG_COCOA", "CONFIG_VMNET", "CONFIG_BLKIO"} {
		conds = append(conds, "-cond", c+"=false")
	}
	return debian72{
		schema: filepath.Join(dir, "qapi", "qapi-schema.json"),
		reply:  filepath.Join(dir, "introspection", "qemu-system-x86_64-7.2.22-debian.json"),
		conds:  conds,
	}
}

// The introspection of the schema under Debian's configuration prints
// exactly as the binary's own reply does.
func TestIntrospectCLI(t *testing.T) {
	d := debianFiles(t)
	fromSchema, errs, status := runCLI(append(append([]string{"introspect", "-lenient-docs"}, d.conds...), d.schema)...)
	if status != 0 || errs != "" {
		t.Fatalf("introspect SCHEMA: status %d, stderr %q", status, errs)
	}
	fromReply, errs, status := runCLI("introspect", d.reply)
	if status != 0 || errs != "" {
		t.Fatalf("introspect REPLY: status %d, stderr %q", status, errs)
	}
	if fromSchema != fromReply {
		t.Errorf("introspect of the schema differs from the reply's:\n%.300s\n...\nvs\n%.300s", fromSchema, fromReply)
	}
	var entries []map[string]any
	if err := json.Unmarshal([]byte(fromSchema), &entries); err != nil || len(entries) != 1051 {
		t.Errorf("output is not the 1051-entry array: %d entries, %v", len(entries), err)
	}
	unmasked, _, status := runCLI("introspect", "-lenient-docs", "-u", d.schema)
	if status != 0 || !strings.Contains(unmasked, `{"name":"query-status","meta-type":"command","arg-type":"q_empty","ret-type":"StatusInfo"}`) {
		t.Errorf("introspect -u: status %d, output %.300s", status, unmasked)
	}
}

func TestIntrospectCLIErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{ 'struct': 'Foo', 'data': { 'a': 'Nope' } }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(broken, []byte(`{"return": [{"meta-type": "enum"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"introspect", "a.json", "b.json"}, 2, "usage: qapi-gen introspect"},
		{[]string{"introspect", "-cond", "=x", "a.json"}, 2, "empty condition name"},
		{[]string{"introspect", bad}, 1, "member 'a' uses unknown type 'Nope'"},
		{[]string{"introspect", broken}, 1, "broken.json: query-qmp-schema reply: schema entry 0 has no name"},
		{[]string{"introspect", filepath.Join(dir, "missing.json")}, 1, "no such file"},
		{[]string{"probe", bad}, 2, "usage: qapi-gen probe"},
		{[]string{"probe", filepath.Join(dir, "missing.json"), "x"}, 1, "no such file"},
		{[]string{"probe", "unix:" + filepath.Join(dir, "no-socket"), "x"}, 1, "unix:"},
	} {
		out, errs, status := runCLI(c.args...)
		if status != c.status || out != "" || !strings.Contains(errs, c.stderr) {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want status %d and %q", c.args, status, out, errs, c.status, c.stderr)
		}
	}
}

// probe prints one answer a line, whatever the answers, and reads a
// schema (with -cond), a reply or a live QEMU alike.
func TestProbeCLI(t *testing.T) {
	d := debianFiles(t)
	paths := []string{
		"blockdev-add/arg-type/+file/aio/^io_uring",
		"blockdev-add/arg-type/+qcow2/discard-no-unref",
		"query-status/$x/y",
		"",
		"query-cpu-model-baseline",
	}
	want := "true\nfalse\n" +
		"error: terminal QAPI query component '$x' of 'query-status/$x/y' must not have followers\n" +
		"error: malformed query string\n" +
		"false\n"
	out, errs, status := runCLI(append([]string{"probe", d.reply}, paths...)...)
	if status != 0 || errs != "" || out != want {
		t.Errorf("probe REPLY: status %d, stderr %q, stdout:\n%s\nwant:\n%s", status, errs, out, want)
	}
	out, errs, status = runCLI(append(append(append([]string{"probe", "-lenient-docs"}, d.conds...), d.schema), paths...)...)
	if status != 0 || errs != "" || out != want {
		t.Errorf("probe -cond SCHEMA: status %d, stderr %q, stdout:\n%s\nwant:\n%s", status, errs, out, want)
	}
	// Without the configuration, the s390x-only command is there.
	out, _, _ = runCLI("probe", "-lenient-docs", d.schema, "query-cpu-model-baseline")
	if out != "true\n" {
		t.Errorf("probe SCHEMA without -cond: %q", out)
	}
	for _, network := range []string{"unix", "tcp"} {
		addr := fakeQEMU(t, network, d.reply)
		out, errs, status = runCLI(append([]string{"probe", network + ":" + addr}, paths...)...)
		if status != 0 || errs != "" || out != want {
			t.Errorf("probe %s:%s: status %d, stderr %q, stdout:\n%s", network, addr, status, errs, out)
		}
	}
}

// A schema file may be written in strict JSON, even as one object; only
// an array or an object with "return" is a reply.
func TestIsReply(t *testing.T) {
	for data, want := range map[string]bool{
		`[]`:                           true,
		` {"return": []}`:              true,
		`{"error": {}}`:                true,
		`{"enum": "E", "data": ["a"]}`: false,
		"# comment\n{ 'enum': 'E', 'data': [ 'a' ] }": false,
		`{"return": [] } {"x": 1}`:                    false,
		``:                                            false,
	} {
		if got := isReply([]byte(data)); got != want {
			t.Errorf("isReply(%q) = %v, want %v", data, got, want)
		}
	}
}

// fakeQEMU serves QMP on a fresh socket: the greeting, qmp_capabilities,
// and query-qmp-schema answered with the reply file. It returns the
// address.
func fakeQEMU(t *testing.T, network, replyFile string) string {
	t.Helper()
	reply, err := os.ReadFile(replyFile)
	if err != nil {
		t.Fatal(err)
	}
	// The file holds the return value or the whole reply.
	ret := json.RawMessage(reply)
	var whole struct{ Return json.RawMessage }
	if json.Unmarshal(reply, &whole) == nil && whole.Return != nil {
		ret = whole.Return
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, ret); err != nil {
		t.Fatal(err)
	}
	ret = compact.Bytes()
	addr := "127.0.0.1:0"
	if network == "unix" {
		addr = filepath.Join(t.TempDir(), "qmp.sock")
	}
	l, err := net.Listen(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		c.Write([]byte(`{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ""}, "capabilities": []}}` + "\r\n"))
		r := bufio.NewReader(c)
		for {
			line, err := r.ReadBytes('\n')
			if err != nil {
				return
			}
			var req struct {
				Execute string          `json:"execute"`
				ID      json.RawMessage `json:"id"`
			}
			json.Unmarshal(line, &req)
			id := ""
			if req.ID != nil {
				id = `, "id": ` + string(req.ID)
			}
			switch req.Execute {
			case "qmp_capabilities":
				c.Write([]byte(`{"return": {}` + id + "}\r\n"))
			case "query-qmp-schema":
				c.Write([]byte(`{"return": ` + string(ret) + id + "}\r\n"))
			default:
				c.Write([]byte(`{"error": {"class": "CommandNotFound", "desc": "no"}` + id + "}\r\n"))
			}
		}
	}()
	return l.Addr().String()
}
