package probe

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qapi-gen/qapi-gen/model/defs"
	"github.com/qapi-gen/qapi-gen/parser"
)

func TestProbe(t *testing.T) {
	root := os.Getenv("ROOT")
	for _, v := range []string{"v5.0.0", "v5.1.0", "v5.2.0", "v6.0.0", "v6.1.0"} {
		for _, f := range []string{"qapi/qapi-schema.json", "qga/qapi-schema.json", "storage-daemon/qapi/qapi-schema.json"} {
			p := filepath.Join(root, v, f)
			sch, err := parser.Parse(p, parser.Options{Legacy: true})
			if err != nil {
				t.Errorf("%s %s parse: %v", v, f, err)
				continue
			}
			_, err = defs.Check(sch.Exprs, defs.Options{Legacy: true})
			if err != nil {
				t.Errorf("%s %s check: %v", v, f, err)
			}
		}
	}
}
