package probe

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/model/defs"
	"github.com/qapi-gen/qapi-gen/parser"
)

func TestUnion(t *testing.T) {
	data, err := os.ReadFile("/tmp/defs-legacy-oracle/union.json")
	if err != nil {
		t.Skip(err)
	}
	var res map[string]struct {
		Ok bool
		R  map[string]string
	}
	json.Unmarshal(data, &res)
	keys := make([]string, 0, len(res))
	for k := range res {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		dir, name := filepath.Dir(k), filepath.Base(k)
		read := func(n string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, n)) }
		sch, err := parser.Parse(name, parser.Options{Legacy: true, ReadFile: read})
		got := "OK"
		if err != nil {
			got = "PARSE " + err.Error()
		} else if _, err := defs.Check(sch.Exprs, defs.Options{Legacy: true}); err != nil {
			got = "EXPR " + err.Error()
		}
		want := res[k]
		anyParse := false
		for _, r := range want.R {
			if !strings.HasPrefix(r, "PARSE") && r != "MISSING" {
				anyParse = true
			}
		}
		if (got == "OK") != want.Ok {
			if !anyParse && strings.HasPrefix(got, "PARSE") {
				continue
			}
			fmt.Printf("MISMATCH %s\n  go: %s\n", k, got)
			for _, v := range []string{"v4.2.0", "v5.0.0", "v5.1.0", "v5.2.0", "v6.0.0", "v6.1.0"} {
				fmt.Printf("  %s: %s\n", v, strings.ReplaceAll(want.R[v], "\n", " | "))
			}
		}
	}
}
