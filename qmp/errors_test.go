// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"errors"
	"strings"
	"testing"
)

// generatedClass stands for a generated package's QapiErrorClass.
type generatedClass string

func (c generatedClass) Error() string         { return string(c) }
func (c generatedClass) QMPErrorClass() string { return string(c) }

func TestErrorClassIs(t *testing.T) {
	c, p := connect(t)
	go func() {
		req := p.recv()
		p.send(`{"id": ` + string(req.ID) + `, "error": {"class": "DeviceNotFound", "desc": "Device 'x' not found"}}`)
	}()
	err := c.Execute(testCtx(t), "device_del", map[string]string{"id": "x"}, nil)
	if !errors.Is(err, ClassDeviceNotFound) {
		t.Errorf("errors.Is(%v, ClassDeviceNotFound) = false", err)
	}
	if !errors.Is(err, generatedClass("DeviceNotFound")) {
		t.Errorf("errors.Is(%v, a generated QapiErrorClass value) = false", err)
	}
	for _, other := range []error{ClassGenericError, generatedClass("GenericError"), ErrDisconnected} {
		if errors.Is(err, other) {
			t.Errorf("errors.Is(%v, %v) = true", err, other)
		}
	}
	if Ran(err) {
		t.Error("Ran of an error reply = true")
	}
}

// A reply that does not decode is a *DecodeError saying the command ran.
func TestDecodeError(t *testing.T) {
	c, p := connect(t)
	go func() {
		req := p.recv()
		p.reply(req.ID, `{"count": "three"}`)
	}()
	var result struct{ Count int }
	err := c.Execute(testCtx(t), "query-count", nil, &result)
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("Execute = %v (%T), want a *DecodeError", err, err)
	}
	if de.Command != "query-count" || string(de.Reply) != `{"count": "three"}` || de.Err == nil {
		t.Errorf("DecodeError = %+v", de)
	}
	if !strings.Contains(err.Error(), "ran") || !Ran(err) || !Ran(nil) {
		t.Errorf("error %q, Ran = %v: want the command reported as run", err, Ran(err))
	}
}
