package wire

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
)

// debianReply loads the query-qmp-schema reply of Debian 12's
// qemu-system-x86_64 7.2.
func debianReply(tb testing.TB) *Schema {
	tb.Helper()
	file := filepath.Join(corpus.Require(tb), "qemu", "v7.2.0", "introspection", "qemu-system-x86_64-7.2.22-debian.json")
	data, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := Decode(data)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// answer renders a probe's outcome as qapi-gen probe prints it.
func answer(s *Schema, path string) string {
	ok, err := s.Probe(path)
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprint(ok)
}

type probeCase struct{ path, want string }

func checkProbes(t *testing.T, s *Schema, cases []probeCase) {
	t.Helper()
	for _, c := range cases {
		if got := answer(s, c.path); got != c.want {
			t.Errorf("Probe(%q) = %s, want %s", c.path, got, c.want)
		}
		if got, want := s.Has(c.path), c.want == "true"; got != want {
			t.Errorf("Has(%q) = %v, want %v", c.path, got, want)
		}
	}
}

// libvirtQueries are the capability queries libvirt runs on every QEMU
// (virQEMUCapsQMPSchemaQueries in its qemu_capabilities.c), answered as
// libvirt's algorithm answers them on Debian's 7.2 binary. The answers
// were checked against an independent transcription of libvirt's
// traversal working on the raw JSON, and by hand against the schema's
// history (discard-no-unref, $fdset and stream reconnect came after 7.2,
// vxhs and the "options" wrapper were gone by then).
var libvirtQueries = []probeCase{
	{`blockdev-add/arg-type/+vxhs`, `false`},
	{`blockdev-add/arg-type/+file/drop-cache`, `true`},
	{`blockdev-add/arg-type/+nvme`, `true`},
	{`blockdev-add/arg-type/+file/aio/^io_uring`, `true`},
	{`blockdev-add/arg-type/+rbd/encrypt`, `true`},
	{`blockdev-add/arg-type/+rbd/encrypt/parent`, `false`},
	{`blockdev-add/arg-type/+rbd/encrypt/format/^luks-any`, `false`},
	{`blockdev-add/arg-type/+nbd/tls-hostname`, `true`},
	{`blockdev-add/arg-type/+qcow2/discard-no-unref`, `false`},
	{`blockdev-add/arg-type/+virtio-blk-vhost-vdpa/$fdset`, `false`},
	{`blockdev-snapshot/$allow-write-only-overlay`, `true`},
	{`chardev-add/arg-type/backend/+socket/data/reconnect`, `true`},
	{`device_add/$json-cli-hotplug`, `true`},
	{`migrate-set-parameters/arg-type/block-bitmap-mapping/bitmaps/transform`, `true`},
	{`nbd-server-start/arg-type/tls-creds`, `true`},
	{`nbd-server-add/arg-type/bitmap`, `true`},
	{`netdev_add/arg-type/+stream`, `true`},
	{`netdev_add/arg-type/+stream/reconnect`, `false`},
	{`netdev_add/arg-type/+vhost-vdpa`, `true`},
	{`netdev_add/arg-type/type/^dgram`, `true`},
	{`object-add/arg-type/qom-type/^secret`, `true`},
	{`query-display-options/ret-type/+egl-headless/rendernode`, `true`},
	{`query-display-options/ret-type/+sdl`, `true`},
	{`query-display-options/ret-type/+egl-headless`, `true`},
	{`query-hotpluggable-cpus/ret-type/props/die-id`, `true`},
	{`query-named-block-nodes/arg-type/flat`, `true`},
	{`screendump/arg-type/device`, `true`},
	{`set-numa-node/arg-type/+hmat-lb`, `true`},
	{`object-add/arg-type/+sev-guest/kernel-hashes`, `true`},
	{`calc-dirty-rate/arg-type/mode`, `true`},
	{`chardev-add/arg-type/backend/+qemu-vdagent`, `true`},
	{`query-display-options/ret-type/+dbus`, `true`},
	{`object-add/arg-type/+iothread/thread-pool-max`, `true`},
	{`query-migrate/ret-type/blocked-reasons`, `true`},
	{`screendump/arg-type/format/^png`, `true`},
	{`block-commit/arg-type/*top`, `true`},
	{`blockdev-add/arg-type/options/+gluster/debug-level`, `false`},
	{`blockdev-add/arg-type/+gluster/debug`, `true`},
}

func TestProbeLibvirtQueries(t *testing.T) { checkProbes(t, debianReply(t), libvirtQueries) }

// ownQueries cover every kind of component and every error, with the
// answers of the same independent transcription of libvirt's traversal.
var ownQueries = []probeCase{
	{`query-status`, `true`},
	{`query-status/arg-type`, `true`},
	{`query-status/ret-type`, `true`},
	{`query-status/ret-type/status/^running`, `true`},
	{`query-status/ret-type/status/^flying`, `false`},
	{`query-status/ret-type/status/!string`, `false`},
	{`query-status/ret-type/running/!boolean`, `true`},
	{`query-status/ret-type/running/!int`, `false`},
	{`query-status/ret-type/running/!boolean/x`, `error: terminal QAPI query component '!boolean' of 'query-status/ret-type/running/!boolean/x' must not have followers`},
	{`query-status/ret-type/running/^x`, `false`},
	{`query-status/ret-type/*running`, `false`},
	{`query-status/ret-type/ running`, `true`},
	{`query-status/ret-type/-running`, `true`},
	{`query-status/ret-type/+running`, `false`},
	{`query-status/ret-type/^running`, `false`},
	{`query-status/ret-type/!running`, `false`},
	{`query-status/ret-type/$x`, `false`},
	{`query-status/ret-type/$x/y`, `error: terminal QAPI query component '$x' of 'query-status/ret-type/$x/y' must not have followers`},
	{`query-status/$x`, `false`},
	{`query-status/$x/y`, `error: terminal QAPI query component '$x' of 'query-status/$x/y' must not have followers`},
	{`query-status/+ret-type`, `false`},
	{`query-status/*ret-type`, `false`},
	{`query-status/^ret-type`, `false`},
	{`query-status/!ret-type`, `false`},
	{`query-status/ ret-type`, `true`},
	{`query-status/name`, `true`},
	{`query-status/name/ret-type`, `true`},
	{`query-status/meta-type`, `error: malformed QAPI schema when querying 'meta-type' of 'query-status/meta-type'`},
	{`query-status/allow-oob`, `false`},
	{`query-status/features`, `false`},
	{`query-status/bogus`, `false`},
	{`query-status/`, `false`},
	{`query-status//`, `false`},
	{`/`, `false`},
	{`/query-status`, `false`},
	{`nonexistent`, `false`},
	{`nonexistent/ret-type`, `false`},
	{``, `error: malformed query string`},
	{`SHUTDOWN/arg-type/guest`, `true`},
	{`SHUTDOWN/arg-type/*guest`, `false`},
	{`SHUTDOWN/ret-type`, `false`},
	{`SHUTDOWN/arg-type/reason/^host-qmp-quit`, `true`},
	{`0`, `true`},
	{`0/x`, `false`},
	{`str/!string`, `true`},
	{`int/!int`, `true`},
	{`[int]/!int`, `true`},
	{`str`, `true`},
	{`blockdev-add/arg-type/*node-name`, `true`},
	{`blockdev-add/arg-type/*driver`, `false`},
	{`blockdev-add/arg-type/driver`, `true`},
	{`blockdev-add/arg-type/+qcow2/*lazy-refcounts`, `true`},
	{`blockdev-add/arg-type/driver/^qcow2`, `true`},
	{`blockdev-add/arg-type/driver/^qcow2/$deprecated`, `false`},
	{`blockdev-add/arg-type/driver/^qcow2/$deprecated/x`, `error: terminal QAPI query component '$deprecated' of 'blockdev-add/arg-type/driver/^qcow2/$deprecated/x' must not have followers`},
	{`blockdev-add/arg-type/driver/^qcow2/y`, `error: terminal QAPI query component 'y' of 'blockdev-add/arg-type/driver/^qcow2/y' must not have followers`},
	{`blockdev-add/arg-type/driver/^nosuchdriver/y`, `error: terminal QAPI query component 'y' of 'blockdev-add/arg-type/driver/^nosuchdriver/y' must not have followers`},
	{`blockdev-add/arg-type/driver/^nosuchdriver/$deprecated`, `false`},
	{`blockdev-add/arg-type/+file/$dynamic-auto-read-only`, `true`},
	{`blockdev-add/arg-type/+file/$dynamic-auto-read-only/x`, `error: terminal QAPI query component '$dynamic-auto-read-only' of 'blockdev-add/arg-type/+file/$dynamic-auto-read-only/x' must not have followers`},
	{`blockdev-add/arg-type/+qcow2/file/+file/filename`, `true`},
	{`blockdev-add/arg-type/+qcow2/file/!string`, `true`},
	{`blockdev-add/arg-type/+qcow2/file/!string/x`, `error: terminal QAPI query component '!string' of 'blockdev-add/arg-type/+qcow2/file/!string/x' must not have followers`},
	{`blockdev-add/arg-type/+qcow2/file/!null`, `false`},
	{`blockdev-add/arg-type/+qcow2/backing/!null`, `true`},
	{`blockdev-add/arg-type/+qcow2/file/^x`, `false`},
	{`blockdev-add/arg-type/+qcow2/file/$x`, `false`},
	{`blockdev-add/arg-type/+qcow2/file/$x/y`, `error: terminal QAPI query component '$x' of 'blockdev-add/arg-type/+qcow2/file/$x/y' must not have followers`},
	{`migrate-set-capabilities/arg-type/capabilities/capability/^x-colo/$unstable`, `true`},
	{`migrate-set-capabilities/arg-type/capabilities/capability/^x-colo/$deprecated`, `false`},
	{`migrate-set-capabilities/arg-type/capabilities/capability/^xbzrle/$unstable`, `false`},
	{`migrate-set-capabilities/arg-type/capabilities/state/!boolean`, `true`},
	{`drive-backup/$deprecated`, `true`},
	{`drive-backup/$unstable`, `false`},
	{`query-block/ret-type/device`, `true`},
	{`query-block/ret-type/inserted/image/backing-image/backing-image/filename`, `true`},
	{`send-key/arg-type/keys/+qcode/data/^1`, `true`},
	{`send-key/arg-type/keys/+number/data/!int`, `true`},
	{`eject/arg-type/device/$deprecated`, `false`},
	{`eject/arg-type/*device`, `true`},
}

func TestProbeOwnQueries(t *testing.T) { checkProbes(t, debianReply(t), ownQueries) }

// Like libvirt, a traversal gives up after 1000 steps: a path that
// loops through a recursive type is then a malformed-schema error.
// (Each +qcow2/file pair takes three steps: the union, the branch, the
// alternate BlockdevRef.)
func TestProbeDepthLimit(t *testing.T) {
	s := debianReply(t)
	deep := func(n int) string {
		return "blockdev-add/arg-type" + strings.Repeat("/+qcow2/file", n) + "/+file/filename"
	}
	checkProbes(t, s, []probeCase{
		{deep(332), "true"},
		{deep(333), "error: malformed QAPI schema when querying '+file' of '" + deep(333) + "'"},
		{deep(340), "error: malformed QAPI schema when querying '+qcow2' of '" + deep(340) + "'"},
	})
}

// Resolve ends where a type query ends, through arrays and alternates.
func TestResolve(t *testing.T) {
	s := debianReply(t)
	// aio is a member of the file branch of blockdev-add's arguments.
	var aio string
	for _, v := range s.Lookup(s.Command("blockdev-add").Command.ArgType).Object.Variants {
		if v.Case == "file" {
			for _, m := range s.Lookup(v.Type).Object.Members {
				if m.Name == "aio" {
					aio = m.Type
				}
			}
		}
	}
	if aio == "" {
		t.Fatal("blockdev-add has no file branch with aio")
	}
	for path, want := range map[string]string{
		"query-status":                                "query-status",
		"query-block/ret-type":                        s.Command("query-block").Command.RetType,
		"query-block/ret-type/device":                 "str",
		"blockdev-add/arg-type/+qcow2/file/+file/aio": aio,
		"query-status/ret-type/status/^running":       "",
		"query-status/ret-type/nothing":               "",
	} {
		si, err := s.Resolve(path)
		got := ""
		if si != nil {
			got = si.Name
		}
		if err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", path, got, err, want)
		}
	}
}

// In a hostile reply, an alternate whose branches both lead back to it
// would make the search exponential in the path's length: the probe
// gives up with an error instead.
func TestProbeExponentialAlternates(t *testing.T) {
	s, err := New([]*SchemaInfo{
		{Name: "A", MetaType: MetaAlternate, Alternate: &AlternateInfo{Members: []AlternateMember{{Type: "X"}, {Type: "X"}}}},
		{Name: "X", MetaType: MetaObject, Object: &ObjectInfo{Members: []Member{{Name: "m", Type: "A"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Short paths are answered as libvirt answers them.
	checkProbes(t, s, []probeCase{{"A/m/m", "true"}, {"A/m/zz", "false"}, {"A/m/m/m/m/m/zz", "false"}})
	path := "A" + strings.Repeat("/m", 100) + "/zz"
	if ok, err := s.Probe(path); ok || err == nil || !strings.Contains(err.Error(), "malformed QAPI schema") {
		t.Errorf("Probe of a 2^100 search: %v, %v", ok, err)
	}
}
