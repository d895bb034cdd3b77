// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/qapi-gen/qapi-gen/frontend"
)

// Generated packages are type-checked with go/types rather than built:
// building Go in a test loop (the fuzz target's, for one) costs seconds a
// package, type-checking milliseconds. The imports resolve to the export
// data the go command has in its build cache (go list -export), found
// once per test process.

var exportData struct {
	once  sync.Once
	files map[string]string // import path -> export data file
	err   error
}

// generatedImports are the packages generated code may import.
var generatedImports = []string{"bytes", "context", "encoding/json", "errors", "fmt", "io", "reflect", "slices", "sort", "strconv", "sync", "time", runtimePath, wirePath}

func exportFiles() (map[string]string, error) {
	exportData.once.Do(func() {
		args := append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}"}, generatedImports...)
		cmd := exec.Command("go", args...)
		cmd.Env = append(os.Environ(), "GOFLAGS=")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			exportData.err = fmt.Errorf("go list -export: %v\n%s", err, stderr.Bytes())
			return
		}
		exportData.files = map[string]string{}
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			if path, file, ok := strings.Cut(sc.Text(), "\t"); ok && file != "" {
				exportData.files[path] = file
			}
		}
	})
	return exportData.files, exportData.err
}

// typeCheck parses and type-checks generated files as one package. It
// also requires those with the generated header gofmt-clean and applies the checks of go vet's
// stdmethods analyzer, which looks at methods by name alone.
func typeCheck(files []File) error {
	exports, err := exportFiles()
	if err != nil {
		return err
	}
	fset := token.NewFileSet()
	var asts []*ast.File
	for _, f := range files {
		af, err := parser.ParseFile(fset, f.Name, f.Content, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		generated := bytes.HasPrefix(f.Content, []byte(Header))
		if again, err := format.Source(f.Content); generated && (err != nil || !bytes.Equal(again, f.Content)) {
			return fmt.Errorf("%s is not gofmt-clean", f.Name)
		}
		asts = append(asts, af)
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok || !slices.Contains(generatedImports, path) {
			return nil, fmt.Errorf("generated code imports %s, which it may not", path)
		}
		return os.Open(file)
	})
	var errs []error
	conf := types.Config{Importer: imp, Error: func(err error) {
		if len(errs) < 10 {
			errs = append(errs, err)
		}
	}}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	pkgName := "p"
	if len(asts) > 0 {
		pkgName = asts[0].Name.Name
	}
	if _, err := conf.Check(pkgName, fset, asts, info); err != nil && len(errs) == 0 {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return vetStdMethods(fset, info)
}

// stdMethods are the methods go vet's stdmethods analyzer checks by name,
// with the parameter and result types it requires. A parameter written
// "=T" means the check applies only when the method's parameter there is
// T (the method is not trying to be the standard one otherwise).
var stdMethods = map[string]struct{ args, results []string }{
	"Format":        {[]string{"=fmt.State", "rune"}, nil},
	"GobDecode":     {[]string{"[]byte"}, []string{"error"}},
	"GobEncode":     {nil, []string{"[]byte", "error"}},
	"MarshalJSON":   {nil, []string{"[]byte", "error"}},
	"MarshalXML":    {[]string{"*encoding/xml.Encoder", "encoding/xml.StartElement"}, []string{"error"}},
	"ReadByte":      {nil, []string{"byte", "error"}},
	"ReadFrom":      {[]string{"=io.Reader"}, []string{"int64", "error"}},
	"ReadRune":      {nil, []string{"rune", "int", "error"}},
	"Scan":          {[]string{"=fmt.ScanState", "rune"}, []string{"error"}},
	"Seek":          {[]string{"=int64", "int"}, []string{"int64", "error"}},
	"UnmarshalJSON": {[]string{"[]byte"}, []string{"error"}},
	"UnmarshalXML":  {[]string{"*encoding/xml.Decoder", "encoding/xml.StartElement"}, []string{"error"}},
	"UnreadByte":    {nil, []string{"error"}},
	"UnreadRune":    {nil, []string{"error"}},
	"WriteByte":     {[]string{"byte"}, []string{"error"}},
	"WriteTo":       {[]string{"=io.Writer"}, []string{"int64", "error"}},
}

func vetStdMethods(fset *token.FileSet, info *types.Info) error {
	tuple := func(t *types.Tuple) []string {
		var out []string
		for i := 0; i < t.Len(); i++ {
			out = append(out, types.TypeString(t.At(i).Type(), nil))
		}
		return out
	}
	for id, obj := range info.Defs {
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		want, ok := stdMethods[fn.Name()]
		sig := fn.Type().(*types.Signature)
		if !ok || sig.Recv() == nil {
			continue
		}
		args, results := tuple(sig.Params()), tuple(sig.Results())
		skip := false
		for i, w := range want.args {
			if strings.HasPrefix(w, "=") && (i >= len(args) || args[i] != w[1:]) {
				skip = true
			}
			want.args[i] = strings.TrimPrefix(w, "=")
		}
		if skip {
			continue
		}
		if strings.Join(args, ",") != strings.Join(want.args, ",") || strings.Join(results, ",") != strings.Join(want.results, ",") {
			return fmt.Errorf("%s: go vet: method %s(%s) (%s) should have signature %s(%s) (%s)", fset.Position(id.Pos()),
				fn.Name(), strings.Join(args, ", "), strings.Join(results, ", "),
				fn.Name(), strings.Join(want.args, ", "), strings.Join(want.results, ", "))
		}
	}
	return nil
}

// generateSchema loads schema text as test.json and generates its package.
func generateSchema(t testing.TB, schema string, opts Options) ([]File, error) {
	t.Helper()
	s, err := frontend.LoadBytes("test.json", []byte(schema), frontend.Options{})
	if err != nil {
		t.Fatalf("front end: %v\n%s", err, schema)
	}
	if opts.Package == "" {
		opts.Package = "p"
	}
	opts.Source = "test.json"
	return Generate(s, opts)
}

// mustTypeCheck generates schema's package and fails unless it
// type-checks (and passes go vet's stdmethods check).
func mustTypeCheck(t testing.TB, schema string, opts Options) []File {
	t.Helper()
	files, err := generateSchema(t, schema, opts)
	if err != nil {
		t.Fatalf("generating: %v\n%s", err, schema)
	}
	if err := typeCheck(files); err != nil {
		t.Fatalf("generated package does not type-check: %v\nschema:\n%s", err, schema)
	}
	return files
}

func TestTypeCheckFindsErrors(t *testing.T) {
	// The checker must be able to fail: a broken file, an import generated
	// code may not use, a method go vet rejects, a file gofmt would change.
	for _, src := range []string{
		"package p\n\nvar x int = \"s\"\n",
		"package p\n\nimport _ \"os\"\n",
		"package p\n\ntype T struct{}\n\nfunc (T) ReadByte() error { return nil }\n",
		Header + "\n\npackage p\n\nvar  x = 1\n",
	} {
		if err := typeCheck([]File{{Name: "x.go", Content: []byte(src)}}); err == nil {
			t.Errorf("no error for\n%s", src)
		}
	}
	if err := typeCheck([]File{{Name: "x.go", Content: []byte("package p\n\nimport \"encoding/json\"\n\nvar _ = json.Marshal\n")}}); err != nil {
		t.Errorf("valid file: %v", err)
	}
}
