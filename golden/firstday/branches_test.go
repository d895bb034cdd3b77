package firstday

import (
	"encoding/json"
	"strings"
	"testing"
)

// Encoding a union whose discriminator selects another branch than the
// one set, or an alternate with two alternatives set, is an error naming
// the type and the mismatch.
func TestInconsistentBranches(t *testing.T) {
	file := &BlockdevOptionsFile{Filename: "/tmp/disk.img"}
	for _, tc := range []struct {
		name string
		v    any
		err  []string // what the error must say; none: it must encode
	}{
		{"consistent union", BlockdevOptions{Driver: BlockdevDriverFile, File: file}, nil},
		{"branch without members left nil", BlockdevOptions{Driver: BlockdevDriverNullCo}, nil},
		{"selected branch nil", BlockdevOptions{Driver: BlockdevDriverQcow2}, nil},
		{"wrong branch", BlockdevOptions{Driver: BlockdevDriverQcow2, File: file},
			[]string{"BlockdevOptions", `Driver is "qcow2"`, "branch File"}},
		{"branch of a tag value without one", BlockdevOptions{Driver: BlockdevDriverNullCo, File: file},
			[]string{"BlockdevOptions", `Driver is "null-co"`, "branch File"}},
		{"two branches", BlockdevOptions{Driver: BlockdevDriverFile, File: file, Qcow2: &BlockdevOptionsQcow2{File: BlockdevRef{Reference: Ptr("f")}}},
			[]string{"BlockdevOptions", `Driver is "file"`, "branch Qcow2"}},
		{"unknown tag value", BlockdevOptions{Driver: "vvfat", File: file},
			[]string{"BlockdevOptions", `Driver is "vvfat"`, "branch File"}},
		{"one alternative", BlockdevRef{Reference: Ptr("node0")}, nil},
		{"two alternatives", BlockdevRef{Reference: Ptr("node0"), Definition: &BlockdevOptions{Driver: BlockdevDriverFile, File: file}},
			[]string{"BlockdevRef", "both Definition and Reference"}},
		{"nested", BlockdevAddCommand{BlockdevOptions{Driver: BlockdevDriverQcow2, Qcow2: &BlockdevOptionsQcow2{
			File: BlockdevRef{Definition: &BlockdevOptions{Driver: BlockdevDriverFile}, Reference: Ptr("x")}}}},
			[]string{"BlockdevRef", "both Definition and Reference"}},
	} {
		b, err := json.Marshal(tc.v)
		if tc.err == nil {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: encoded as %s, want an error", tc.name, b)
			continue
		}
		for _, s := range tc.err {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: error %q does not say %q", tc.name, err, s)
			}
		}
	}
}
