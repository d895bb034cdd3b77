// Command qmp-events connects to a QEMU monitor, prints the machine's run
// state, then prints every event until interrupted.
//
// Start QEMU with a QMP socket, for example
//
//	qemu-system-x86_64 -nodefaults -display none -S -qmp unix:/tmp/qmp.sock,server=on,wait=off
//
// and run
//
//	go run ./examples/qmp-events -socket /tmp/qmp.sock
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"time"

	"github.com/qapi-gen/qapi-gen/qmp"
)

func main() {
	socket := flag.String("socket", "/tmp/qmp.sock", "QMP unix socket (or host:port with -tcp)")
	tcp := flag.Bool("tcp", false, "connect over TCP instead of a unix socket")
	flag.Parse()

	// Ctrl-C cancels ctx: the event loop below stops and the deferred Close
	// releases the connection.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	network := "unix"
	if *tcp {
		network = "tcp"
	}
	dialCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	conn, err := qmp.Dial(dialCtx, network, *socket)
	cancel()
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	// Subscribe before issuing commands so that their events are seen.
	events := conn.Subscribe(16)
	defer events.Close()

	g := conn.Greeting()
	fmt.Printf("connected to QEMU %s %s, capabilities %v\n", g.Version, g.Version.Package, g.Capabilities)

	// Raw execution: arguments and result are plain JSON.
	status, err := conn.ExecuteRaw(ctx, "query-status", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("query-status: %s\n", status)

	// Decoding into a struct of your own works the same way.
	var st struct {
		Status  string `json:"status"`
		Running bool   `json:"running"`
	}
	if err := conn.Execute(ctx, "query-status", nil, &st); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("the machine is %s (running: %v); waiting for events, Ctrl-C to quit\n", st.Status, st.Running)

	for {
		select {
		case ev, ok := <-events.Events():
			if !ok {
				log.Fatalf("connection ended: %v", conn.Err())
			}
			data := ev.Data
			if data == nil {
				data = json.RawMessage("{}")
			}
			fmt.Printf("%s %s %s\n", ev.Timestamp.Format(time.RFC3339Nano), ev.Name, data)
		case <-ctx.Done():
			fmt.Println("interrupted")
			return
		}
	}
}
