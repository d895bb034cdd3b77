package introspect

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/wire"
)

// A schema is compatible with itself, masked or not, and with the reply
// of a binary built from it.
func TestCompareCompatible(t *testing.T) {
	dir := filepath.Join(corpus.Require(t), "qemu", "v7.2.0")
	for _, c := range debianCases {
		m := loadModel(t, filepath.Join(dir, c.schema))
		full, err := Build(m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		unmasked, err := Build(m, Options{Unmask: true})
		if err != nil {
			t.Fatal(err)
		}
		debian, err := Build(m, Options{Config: debianX86})
		if err != nil {
			t.Fatal(err)
		}
		reply := loadReply(t, filepath.Join(dir, c.reply))
		for name, pair := range map[string][2]*wire.Schema{
			"itself":            {full, full},
			"masked, unmasked":  {full, unmasked},
			"unmasked, masked":  {unmasked, full},
			"configured, reply": {debian, reply},
			"reply, configured": {reply, debian},
		} {
			if got := wire.Compare(pair[0], pair[1]); len(got) != 0 {
				t.Errorf("%s: %s: %d incompatibilities, first %v", c.name, name, len(got), got[0])
			}
		}
		// The full schema has what the Debian build leaves out.
		got := wire.Compare(full, reply)
		if len(got) == 0 || !strings.Contains(incompatText(got), "blockdev-add/arg-type/driver/^io_uring: missing") {
			t.Errorf("%s: full schema against the reply: %v", c.name, got)
		}
	}
}

func incompatText(list []wire.Incompat) string {
	var b strings.Builder
	for _, i := range list {
		b.WriteString(i.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// Across releases, every incompatibility Compare lists is confirmed by
// path probes on the two sides: what is missing probes true on the
// client's side and false on the peer's, and so on for each kind.
func TestCompareAcrossReleases(t *testing.T) {
	dir := corpus.Require(t)
	views := map[string]*wire.Schema{}
	for _, rel := range releases {
		s, err := Build(loadModel(t, filepath.Join(dir, "qemu", rel, "qapi", "qapi-schema.json")), Options{})
		if err != nil {
			t.Fatal(err)
		}
		views[rel] = s
	}
	kinds := map[wire.IncompatKind]int{}
	for _, a := range releases {
		for _, b := range releases {
			if a == b {
				continue
			}
			want, have := views[a], views[b]
			for _, inc := range wire.Compare(want, have) {
				kinds[inc.Kind]++
				if msg := confirm(want, have, inc); msg != "" {
					t.Errorf("client %s, peer %s: %v: %s", a, b, inc, msg)
				}
			}
		}
	}
	for _, k := range []wire.IncompatKind{wire.Missing, wire.Required, wire.Optional, wire.Unknown} {
		if kinds[k] == 0 {
			t.Errorf("no incompatibility of kind %v between any two releases", k)
		}
	}
	t.Logf("incompatibilities by kind: %v", kinds)
}

// confirm checks an incompatibility with probes; it returns what does
// not hold.
func confirm(want, have *wire.Schema, inc wire.Incompat) string {
	optional := func(path string) string {
		i := strings.LastIndexByte(path, '/')
		return path[:i+1] + "*" + strings.TrimPrefix(path[i+1:], " ")
	}
	switch inc.Kind {
	case wire.Missing, wire.Optional:
		if inc.Kind == wire.Optional && inc.Detail == "may be absent" {
			if !have.Has(optional(inc.Path)) || want.Has(optional(inc.Path)) {
				return "the member is not optional on the peer's side only"
			}
			return ""
		}
		if !want.Has(inc.Path) || have.Has(inc.Path) {
			return "the path is not on the client's side only"
		}
	case wire.Required:
		if !have.Has(inc.Path) || have.Has(optional(inc.Path)) || (want.Has(inc.Path) && !want.Has(optional(inc.Path))) {
			return "the member is not required on the peer's side only"
		}
	case wire.Unknown:
		if !have.Has(inc.Path) || want.Has(inc.Path) {
			return "the branch is not on the peer's side only"
		}
	case wire.Type, wire.OOB:
		if !want.Has(inc.Path) || !have.Has(inc.Path) {
			return "the path is not on both sides"
		}
	}
	return ""
}
