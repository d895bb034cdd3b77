// SPDX-License-Identifier: Apache-2.0

// Package bigschema produces large, valid QAPI schemas for tests and
// benchmarks that check the cost of each phase grows linearly with the
// input: many commands, one huge doc block, a deep include chain.
package bigschema

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Commands returns a schema of n documented commands, each with an
// argument struct, an optional argument, a return struct and a feature:
// the shape of QEMU's own commands, repeated.
func Commands(n int) []byte {
	var b strings.Builder
	b.WriteString("{ 'pragma': { 'doc-required': true } }\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `##
# @BigResult%[1]d:
#
# The result of @big-command-%[1]d.
#
# @count: how many things were counted
#
# @name: what was counted
#
# Since: 1.0
##
{ 'struct': 'BigResult%[1]d',
  'data': { 'count': 'int', 'name': 'str' } }

##
# @big-command-%[1]d:
#
# Counts things, number %[1]d.
#
# @target: the thing to count
#
# @limit: stop after this many
#
# Features:
#
# @unstable: may change
#
# Returns: what was counted
#
# Since: 1.0
##
{ 'command': 'big-command-%[1]d',
  'data': { 'target': 'str', '*limit': 'uint32' },
  'returns': 'BigResult%[1]d',
  'features': [ 'unstable' ] }

`, i)
	}
	return []byte(b.String())
}

// DocParagraphs returns a schema whose only definition has a doc block
// with n paragraphs in its body.
func DocParagraphs(n int) []byte {
	var b strings.Builder
	b.WriteString("##\n# @Big:\n#\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "# Paragraph %d of the body.\n#\n", i)
	}
	b.WriteString("# @x: a member\n#\n# Since: 1.0\n##\n{ 'struct': 'Big', 'data': { 'x': 'int' } }\n")
	return []byte(b.String())
}

// UnionBranches returns a schema with a union of n branches, one per
// value of its tag enum.
func UnionBranches(n int) []byte {
	values := make([]string, n)
	branches := make([]string, n)
	for i := range values {
		values[i] = fmt.Sprintf("'v%d'", i)
		branches[i] = fmt.Sprintf("'v%d': 'BigBranch'", i)
	}
	return []byte("{ 'enum': 'BigKind', 'data': [ " + strings.Join(values, ", ") + " ] }\n" +
		"{ 'struct': 'BigBranch', 'data': { 'x': 'int' } }\n" +
		"{ 'union': 'BigUnion', 'base': { 'kind': 'BigKind' }, 'discriminator': 'kind',\n" +
		"  'data': { " + strings.Join(branches, ", ") + " } }\n")
}

// IncludeChain returns the files of a schema whose main file, named by
// the first result, includes a file that includes the next, n files deep;
// each file defines one struct.
func IncludeChain(n int) (main string, files map[string][]byte) {
	files = make(map[string][]byte, n+1)
	name := func(i int) string { return fmt.Sprintf("chain%d.json", i) }
	for i := 0; i <= n; i++ {
		var b strings.Builder
		if i < n {
			fmt.Fprintf(&b, "{ 'include': '%s' }\n", name(i+1))
		}
		fmt.Fprintf(&b, "{ 'struct': 'Chain%d', 'data': { 'x': 'int' } }\n", i)
		files[name(i)] = []byte(b.String())
	}
	return name(0), files
}

// IncludeFan returns the files of a schema whose main file, named by the
// first result, includes n files, each of which includes a file of its
// own; each included file defines one struct.
func IncludeFan(n int) (main string, files map[string][]byte) {
	files = make(map[string][]byte, 2*n+1)
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "{ 'include': 'fan%d.json' }\n", i)
		files[fmt.Sprintf("fan%d.json", i)] = []byte(fmt.Sprintf(
			"{ 'include': 'leaf%d.json' }\n{ 'struct': 'Fan%d', 'data': { 'x': 'int' } }\n", i, i))
		files[fmt.Sprintf("leaf%d.json", i)] = []byte(fmt.Sprintf("{ 'struct': 'Leaf%d', 'data': { 'x': 'int' } }\n", i))
	}
	files["fan.json"] = []byte(b.String())
	return "fan.json", files
}

// WriteFiles writes files (names relative to dir) into dir.
func WriteFiles(dir string, files map[string][]byte) error {
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// AllocGrowth runs work(n) and work(k*n), after one warm-up run of
// work(n), and returns the ratio of the bytes they allocated. Work whose
// cost is linear in n gives about k; work that copies what it built so
// far at each step gives about k*k. Allocation is counted for the whole
// process, so nothing else may run meanwhile (no parallel tests).
func AllocGrowth(work func(n int), n, k int) float64 {
	work(n)
	small := allocated(func() { work(n) })
	large := allocated(func() { work(k * n) })
	return float64(large) / float64(max(small, 1))
}

func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
