// SPDX-License-Identifier: Apache-2.0

package introspect

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/wire"
)

// debianX86 is the build configuration of Debian 12's QEMU 7.2 for
// x86_64 (qemu-system-x86_64 and qemu-storage-daemon come from one
// configure run), as far as the 7.2 schema's conditions ask: a Linux
// host without macOS's Cocoa and vmnet and without libblkio, and the one
// target x86_64 (whose symbol is TARGET_I386).
var debianX86 = model.Config{
	"TARGET_I386": true, "TARGET_ARM": false, "TARGET_LOONGARCH64": false,
	"TARGET_MIPS": false, "TARGET_PPC": false, "TARGET_S390X": false,
	"CONFIG_COCOA": false, "CONFIG_VMNET": false, "CONFIG_BLKIO": false,

	"CONFIG_CURSES": true, "CONFIG_DBUS_DISPLAY": true, "CONFIG_FDT": true,
	"CONFIG_FUSE": true, "CONFIG_GBM": true, "CONFIG_GTK": true,
	"CONFIG_INOTIFY1": true, "CONFIG_LINUX": true, "CONFIG_LINUX_IO_URING": true,
	"CONFIG_MEM_DEVICE": true, "CONFIG_OPENGL": true, "CONFIG_POSIX": true,
	"CONFIG_REPLICATION": true, "CONFIG_SDL": true, "CONFIG_SECRET_KEYRING": true,
	"CONFIG_SPICE": true, "CONFIG_SPICE_PROTOCOL": true, "CONFIG_TCG": true,
	"CONFIG_TPM": true, "CONFIG_VDUSE_BLK_EXPORT": true, "CONFIG_VHOST_CRYPTO": true,
	"CONFIG_VHOST_USER_BLK_SERVER": true, "CONFIG_VNC": true, "CONFIG_ZSTD": true,
	"HAVE_HOST_BLOCK_DEVICE": true, "HAVE_IPPROTO_MPTCP": true,
}

// debianCase is a Debian binary and the schema it was built from.
type debianCase struct {
	name, schema, reply string
}

var debianCases = []debianCase{
	{"qmp", "qapi/qapi-schema.json", "introspection/qemu-system-x86_64-7.2.22-debian.json"},
	{"storage-daemon", "storage-daemon/qapi/qapi-schema.json", "introspection/qemu-storage-daemon-7.2.22-debian.json"},
}

func loadModel(tb testing.TB, file string) *model.Schema {
	tb.Helper()
	m, err := frontend.Load(file, frontend.Options{LenientDocs: true})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func loadReply(tb testing.TB, file string) *wire.Schema {
	tb.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := wire.Decode(data)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// entryJSON renders each entry alone, so that two lists compare entry by
// entry whatever order the binary gave the keys in.
func entryJSON(s *wire.Schema) []string {
	out := make([]string, len(s.Entries))
	for i, si := range s.Entries {
		b, _ := si.MarshalJSON()
		out[i] = string(b)
	}
	return out
}

// compareEntries reports every entry that differs, by position.
func compareEntries(t *testing.T, got, want *wire.Schema) {
	t.Helper()
	g, w := entryJSON(got), entryJSON(want)
	bad := 0
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			if bad++; bad <= 10 {
				t.Errorf("entry %d:\n got %s\nwant %s", i, a, b)
			}
		}
	}
	if bad > 0 || len(g) != len(w) {
		t.Errorf("%d entries differ; got %d entries, want %d", bad, len(g), len(w))
	}
}

// The introspection of the 7.2 schemas under Debian's configuration is,
// entry for entry, what Debian's binaries reply to query-qmp-schema.
func TestDebianReplies(t *testing.T) {
	dir := filepath.Join(corpus.Require(t), "qemu", "v7.2.0")
	for _, c := range debianCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Build(loadModel(t, filepath.Join(dir, c.schema)), Options{Config: debianX86})
			if err != nil {
				t.Fatal(err)
			}
			compareEntries(t, got, loadReply(t, filepath.Join(dir, c.reply)))
		})
	}
}
