package gen

import (
	"math/rand"
	"testing"

	"github.com/qapi-gen/qapi-gen/model"
	"github.com/qapi-gen/qapi-gen/source"
)

func TestZZStress(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	ok, gerr, fails := 0, 0, 0
	for i := 0; i < 3000 && fails < 5; i++ {
		data := make([]byte, 40+r.Intn(160))
		r.Read(data)
		schema, fc := buildSchema(data)
		s, err := model.LoadBytes("fuzz.json", []byte(schema), model.LoadOptions{})
		if err != nil {
			continue
		}
		files, err := Generate(s, Options{Package: "p", Source: "fuzz.json", Conds: allFalse(fc)})
		if err != nil {
			if _, isSrc := err.(*source.Error); !isSrc {
				t.Errorf("bad error %v", err)
			}
			gerr++
			t.Log(err)
			continue
		}
		if err := typeCheck(files); err != nil {
			fails++
			t.Errorf("%v\n%s\nfalse=%q", err, schema, fc)
			continue
		}
		ok++
	}
	t.Logf("ok %d, generate errors %d, failures %d", ok, gerr, fails)
}
