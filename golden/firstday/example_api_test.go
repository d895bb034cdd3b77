package firstday_test

// The snippets of docs/mapping.md, which calls the generated package api
// (see example_test.go).

import (
	"context"
	"errors"
	"fmt"

	api "github.com/qapi-gen/qapi-gen/golden/firstday"
	"github.com/qapi-gen/qapi-gen/qmp"
)

func mappingEvents(ctx context.Context) error {
	// snippet
	conn, err := qmp.Dial(ctx, "unix", "/tmp/qmp.sock")
	if err != nil {
		return err
	}
	defer conn.Close()
	events := api.SubscribeEvents(conn, 16) // before the commands whose events matter
	defer events.Close()
	client := api.NewClient(conn)
	if err := client.Cont(ctx); err != nil {
		return err
	}
	ev, err := events.Next(ctx)
	if err != nil {
		return err
	}
	if _, ok := ev.Event.(api.ResumeEvent); ok {
		fmt.Println("resumed at", ev.Timestamp)
	}
	// end snippet
	return nil
}

func mappingDeviceAdd(ctx context.Context, c *api.Client) error {
	// snippet
	err := c.DeviceAdd(ctx, api.DeviceAddCommand{
		Driver: "virtio-blk-pci",
		ID:     api.Ptr("disk1"),
		Extra:  map[string]any{"drive": "node1"},
	})
	// end snippet
	return err
}

func mappingWait(ctx context.Context, events *api.EventStream) error {
	// snippet
	ev, err := api.WaitEvent(ctx, events, func(e api.DeviceDeletedEvent) bool {
		return e.Device != nil && *e.Device == "disk1"
	})
	// end snippet
	fmt.Println(ev.Path)
	return err
}

func mappingErrors(ctx context.Context, c *api.Client) error {
	// snippet
	err := c.DeviceDel(ctx, api.DeviceDelCommand{ID: "vd1"})
	if errors.Is(err, api.QAPIErrorClassDeviceNotFound) { // or qmp.ClassDeviceNotFound
		return nil // gone already
	}
	// end snippet
	return err
}

// Example_mapping is the docs' walk through events, extra members,
// waiting and error classes.
func Example_mapping() {
	ctx := context.Background()
	if err := mappingEvents(ctx); err != nil {
		fmt.Println(err)
	}
	conn, err := qmp.Dial(ctx, "unix", "/tmp/qmp.sock")
	if err != nil {
		fmt.Println(err)
		return
	}
	c := api.NewClient(conn)
	events := api.SubscribeEvents(conn, 16)
	for _, err := range []error{mappingDeviceAdd(ctx, c), mappingErrors(ctx, c), mappingWait(ctx, events)} {
		fmt.Println(err)
	}
}
