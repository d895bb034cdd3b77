// SPDX-License-Identifier: Apache-2.0

package names

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/qapi-gen/qapi-gen/frontend"
	"github.com/qapi-gen/qapi-gen/internal/corpus"
	"github.com/qapi-gen/qapi-gen/model"
)

// staticcheckInitialisms is the default initialism list of staticcheck's
// ST1003 check (its config.DefaultConfig), the independent oracle here.
var staticcheckInitialisms = strings.Fields(`ACL API ASCII CPU CSS DNS EOF GUID
	HTML HTTP HTTPS ID IP JSON QPS RAM RPC SLA SMTP SQL SSH TCP TLS TTL UDP UI
	GID UID UUID URI URL UTF8 VM XML XMPP XSRF XSS SIP RTP AMQP DB TS`)

// initialismFindings returns the words of a Go identifier that ST1003
// reports: it reads a word as ending where a lower-case letter is followed
// by anything else, and wants every word that is an initialism in
// capitals.
func initialismFindings(ident string, initialisms map[string]bool) []string {
	var found []string
	rs := []rune(ident)
	start := 0
	for i := range rs {
		if i+1 < len(rs) && !(unicode.IsLower(rs[i]) && !unicode.IsLower(rs[i+1])) {
			continue
		}
		w := string(rs[start : i+1])
		start = i + 1
		if u := strings.ToUpper(w); initialisms[u] && w != u {
			found = append(found, w)
		}
	}
	return found
}

func TestInitialismFindings(t *testing.T) {
	set := map[string]bool{"HTTP": true, "HTTPS": true, "ID": true, "CPU": true}
	tests := []struct {
		in   string
		want string
	}{
		{"BlockdevDriverHttps", "Https"},
		{"NodeID", ""},
		{"NodeId", "Id"},
		{"Cpu0ID", "Cpu"},
		{"CPUInfoFast", ""}, // one word for ST1003: "CPUInfo"
		{"QueryCPUsFast", ""},
		{"HttpHeader", "Http"},
	}
	for _, tt := range tests {
		if got := strings.Join(initialismFindings(tt.in, set), ","); got != tt.want {
			t.Errorf("initialismFindings(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCorpusNamesPassST1003 runs the mangler over every name of every
// schema in the corpus (definitions, members, enum values after their
// type's name, branches and alternatives) and checks each Go identifier
// against staticcheck's initialism rule.
func TestCorpusNamesPassST1003(t *testing.T) {
	root := corpus.Require(t)
	files, err := filepath.Glob(filepath.Join(root, "qemu", "*", "*", "qapi-schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	sd, _ := filepath.Glob(filepath.Join(root, "qemu", "*", "storage-daemon", "qapi", "qapi-schema.json"))
	files = append(files, sd...)
	if len(files) < 17 {
		t.Fatalf("found %d schemas in the corpus, want 17", len(files))
	}
	oracle := map[string]bool{}
	for _, s := range staticcheckInitialisms {
		oracle[s] = true
	}
	seen := map[string]bool{}
	checked := 0
	check := func(file, qapiName, ident string) {
		if seen[ident] {
			return
		}
		seen[ident] = true
		checked++
		if f := initialismFindings(ident, oracle); f != nil {
			t.Errorf("%s: %q -> %s: ST1003 wants %q in capitals", filepath.Base(filepath.Dir(filepath.Dir(file))), qapiName, ident, f)
		}
	}
	for _, file := range files {
		legacy := strings.Contains(file, "v4.2.0")
		s, err := frontend.Load(file, frontend.Options{Legacy: legacy, LenientDocs: true})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, e := range s.Entities {
			d, ok := e.(model.Definition)
			if !ok {
				continue
			}
			name := d.Common().Name
			typ := Exported(name)
			check(file, name, typ)
			switch d := d.(type) {
			case *model.Enum:
				for _, m := range d.Members {
					check(file, name+"."+m.Name, typ+Suffix(m.Name))
				}
			case *model.Object:
				for _, m := range d.Members {
					check(file, name+"."+m.Name, Exported(m.Name))
				}
				if d.Branches != nil {
					for _, v := range d.Branches.Variants {
						check(file, name+"."+v.Name, Exported(v.Name))
					}
				}
			case *model.Alternate:
				for _, v := range d.Alternatives {
					check(file, name+"."+v.Name, Exported(v.Name))
				}
			}
		}
	}
	t.Logf("%d distinct Go identifiers checked", checked)
	if checked < 4000 {
		t.Errorf("only %d identifiers checked: the corpus was not read in full", checked)
	}
}
