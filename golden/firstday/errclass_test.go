package firstday

// Tests of the generated packages' first-day features. This file is not
// generated: regenerating the package keeps it.

import (
	"errors"
	"fmt"
	"testing"

	"github.com/qapi-gen/qapi-gen/qmp"
)

// The generated error classes are targets of errors.Is on a *qmp.Error.
func TestErrorClassIs(t *testing.T) {
	err := fmt.Errorf("hot-plug: %w", &qmp.Error{Class: "DeviceNotFound", Desc: "Device 'x' not found", Command: "device_del"})
	if !errors.Is(err, QAPIErrorClassDeviceNotFound) {
		t.Errorf("errors.Is(%v, QAPIErrorClassDeviceNotFound) = false", err)
	}
	if errors.Is(err, QAPIErrorClassGenericError) {
		t.Errorf("errors.Is(%v, QAPIErrorClassGenericError) = true", err)
	}
	if !errors.Is(err, qmp.ClassDeviceNotFound) {
		t.Errorf("errors.Is(%v, qmp.ClassDeviceNotFound) = false", err)
	}
}
