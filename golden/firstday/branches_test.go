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
	file := &BlockOptionsFile{Filename: "/tmp/disk.img"}
	for _, tc := range []struct {
		name string
		v    any
		err  []string // what the error must say; none: it must encode
	}{
		{"consistent union", BlockOptions{Driver: BlockDriverFile, File: file}, nil},
		{"branch without members left nil", BlockOptions{Driver: BlockDriverNullCo}, nil},
		{"selected branch nil", BlockOptions{Driver: BlockDriverQcow2}, nil},
		{"wrong branch", BlockOptions{Driver: BlockDriverQcow2, File: file},
			[]string{"BlockOptions", `Driver is "qcow2"`, "branch File"}},
		{"branch of a tag value without one", BlockOptions{Driver: BlockDriverNullCo, File: file},
			[]string{"BlockOptions", `Driver is "null-co"`, "branch File"}},
		{"two branches", BlockOptions{Driver: BlockDriverFile, File: file, Qcow2: &BlockOptionsQcow2{File: BlockRef{Reference: Ptr("f")}}},
			[]string{"BlockOptions", `Driver is "file"`, "branch Qcow2"}},
		{"unknown tag value", BlockOptions{Driver: "vvfat", File: file},
			[]string{"BlockOptions", `Driver is "vvfat"`, "branch File"}},
		{"one alternative", BlockRef{Reference: Ptr("node0")}, nil},
		{"two alternatives", BlockRef{Reference: Ptr("node0"), Definition: &BlockOptions{Driver: BlockDriverFile, File: file}},
			[]string{"BlockRef", "both Definition and Reference"}},
		{"nested", BlockdevAddCommand{BlockOptions{Driver: BlockDriverQcow2, Qcow2: &BlockOptionsQcow2{
			File: BlockRef{Definition: &BlockOptions{Driver: BlockDriverFile}, Reference: Ptr("x")}}}},
			[]string{"BlockRef", "both Definition and Reference"}},
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
