// SPDX-License-Identifier: Apache-2.0

package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/examples/qmp-events/qmpapi"
	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/gen"
)

// TestBindingsUpToDate fails when the committed bindings in qmpapi/ are
// not what the go:generate line in main.go produces from qmp-subset.json
// with the current generator: run go generate ./examples/qmp-events.
// It generates as `qapi-gen gen -o qmpapi -pkg qmpapi qmp-subset.json`
// does (default load options, the schema's base name as source).
func TestBindingsUpToDate(t *testing.T) {
	const schema, dir = "qmp-subset.json", "qmpapi"
	s, err := frontend.Load(schema, frontend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(s, gen.Options{Package: "qmpapi", Source: schema})
	if err != nil {
		t.Fatal(err)
	}
	c, err := gen.CheckDir(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range c.Lines(dir) {
		t.Errorf("%s (run go generate ./examples/qmp-events)", l)
	}
}

// TestSubsetIsWireCompatible: replies and events as QEMU sends them, with
// members qmp-subset.json leaves out, decode in the default mode (and the
// left-out members are what strict decoding rejects).
func TestSubsetIsWireCompatible(t *testing.T) {
	var st qmpapi.StatusInfo
	reply := []byte(`{"running":false,"singlestep":false,"status":"prelaunch"}`)
	if err := json.Unmarshal(reply, &st); err != nil || st.Status != qmpapi.RunStatePrelaunch || st.Running {
		t.Errorf("query-status reply: %+v, %v", st, err)
	}
	if err := qmpapi.DecodeStrict(reply, &st); err == nil || !strings.Contains(err.Error(), "singlestep") {
		t.Errorf("strict query-status reply: %v, want an error naming singlestep", err)
	}
	var v qmpapi.VersionInfo
	if err := json.Unmarshal([]byte(`{"qemu":{"micro":0,"minor":2,"major":7},"package":"Debian"}`), &v); err != nil || v.Qemu.Minor != 2 || v.Package != "Debian" {
		t.Errorf("query-version reply: %+v, %v", v, err)
	}
	ev, err := qmpapi.DecodeEvent("SHUTDOWN", json.RawMessage(`{"guest":false,"reason":"host-qmp-quit"}`))
	if sd, ok := ev.(qmpapi.ShutdownEvent); err != nil || !ok || sd.Reason != qmpapi.ShutdownCauseHostQMPQuit {
		t.Errorf("SHUTDOWN: %#v, %v", ev, err)
	}
	if got := describe(ev); got != "SHUTDOWN (reason host-qmp-quit, asked by the guest: false)" {
		t.Errorf("describe(SHUTDOWN) = %q", got)
	}
}
