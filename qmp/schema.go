package qmp

import (
	"bytes"
	"context"
	"fmt"

	"github.com/qapi-gen/qapi-gen/wire"
)

// QuerySchema runs query-qmp-schema and returns what the server says of
// its own schema, ready for path probes:
//
//	s, err := qmp.QuerySchema(ctx, conn)
//	...
//	if s.Has("blockdev-add/arg-type/+qcow2/discard-no-unref") { ... }
func QuerySchema(ctx context.Context, conn *Conn) (*wire.Schema, error) {
	ret, err := conn.ExecuteRaw(ctx, "query-qmp-schema", nil)
	if err != nil {
		return nil, err
	}
	// The return value itself must be the array: wire.Decode would also
	// take a whole reply object.
	if ret = bytes.TrimSpace(ret); len(ret) == 0 || ret[0] != '[' {
		return nil, fmt.Errorf("qmp: query-qmp-schema returned %.40s, not an array", ret)
	}
	return wire.Decode(ret)
}
