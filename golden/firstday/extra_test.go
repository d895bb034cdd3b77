package firstday

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// device_add ('gen': false) sends the members of Extra after the declared
// ones; one named like a declared member is an error, nothing is sent.
func TestDeviceAddExtra(t *testing.T) {
	x := &fakeExecutor{}
	c := NewClient(x)
	err := c.DeviceAdd(context.Background(), DeviceAddCommand{
		Driver: "virtio-blk-pci",
		ID:     Ptr("disk1"),
		Extra:  map[string]any{"drive": "node1", "bootindex": 2, "serial": "S1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(x.args, &got); err != nil {
		t.Fatalf("%s: %v", x.args, err)
	}
	want := map[string]any{"driver": "virtio-blk-pci", "id": "disk1", "drive": "node1", "bootindex": 2.0, "serial": "S1"}
	if x.command != "device_add" || !reflect.DeepEqual(got, want) {
		t.Errorf("sent %s %s, want the declared and the extra members", x.command, x.args)
	}
	if b, err := json.Marshal(DeviceAddCommand{Driver: "e1000"}); err != nil || string(b) != `{"driver":"e1000"}` {
		t.Errorf("without Extra: %s, %v", b, err)
	}

	x.command = ""
	err = c.DeviceAdd(context.Background(), DeviceAddCommand{Driver: "e1000", Extra: map[string]any{"id": "net0"}})
	if err == nil || !strings.Contains(err.Error(), `DeviceAddCommand: Extra holds "id", which is a declared member`) {
		t.Errorf("Extra with a declared member: %v", err)
	}
	if x.command != "" {
		t.Error("the command was sent anyway")
	}
}
