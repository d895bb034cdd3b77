package wire

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/internal/cputime"
)

// BenchmarkProbe measures one probe on a decoded schema (Debian's 7.2
// reply): a union branch's member, as libvirt's capability queries ask,
// and a path through an alternate tried branch by branch and an enum.
// Target: 2 µs.
func BenchmarkProbe(b *testing.B) {
	s := debianReply(b)
	for name, path := range map[string]string{
		"branch":    "blockdev-add/arg-type/+qcow2/discard-no-unref",
		"alternate": "blockdev-add/arg-type/+qcow2/file/+file/aio/^io_uring",
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cputime.Now()
			for i := 0; i < b.N; i++ {
				s.Has(path)
			}
			cputime.Report(b, cpu)
		})
	}
}

// BenchmarkDecode measures decoding Debian's 7.2 reply (1051 entries).
func BenchmarkDecode(b *testing.B) {
	file := filepath.Join(corpus.Require(b), "qemu", "v7.2.0", "introspection", "qemu-system-x86_64-7.2.22-debian.json")
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
