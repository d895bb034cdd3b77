package diff

import (
	"bufio"
	"fmt"
	"io"
)

// Report is what "qapi-gen diff" prints: the wire changes and, when both
// sides are schemas, the Go API changes.
type Report struct {
	Wire  []Change
	GoAPI []APIChange
	// NoGoAPI, when set, says why the Go API was not compared (a side is
	// a reply or a live QEMU: no schema to generate from).
	NoGoAPI string
}

// Breaking counts the breaking wire changes.
func (r *Report) Breaking() int {
	n := 0
	for _, c := range r.Wire {
		if c.Severity == Breaking {
			n++
		}
	}
	return n
}

// WriteText writes the report for a person or a CI log: breaking changes
// first, then compatible ones, each grouped under its command or event,
// one change a line; then the Go API changes.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	breaking := r.Breaking()
	fmt.Fprintf(bw, "Wire changes: %d breaking, %d compatible\n", breaking, len(r.Wire)-breaking)
	for _, sev := range []Severity{Breaking, Compatible} {
		var group []Change
		for _, c := range r.Wire {
			if c.Severity == sev {
				group = append(group, c)
			}
		}
		if len(group) == 0 {
			continue
		}
		fmt.Fprintf(bw, "\n%s (%d):\n", map[Severity]string{Breaking: "BREAKING", Compatible: "COMPATIBLE"}[sev], len(group))
		kindWidth := 0
		for _, c := range group {
			kindWidth = max(kindWidth, len(c.Change))
		}
		root := ""
		for _, c := range group {
			if r := rootOf(c.Path); r != root {
				root = r
				fmt.Fprintf(bw, "  %s\n", root)
			}
			fmt.Fprintf(bw, "    %-6s  %-*s  %s: %s\n", c.Direction, kindWidth, c.Change, c.Path, c.Message)
		}
	}
	fmt.Fprintln(bw)
	switch {
	case r.NoGoAPI != "":
		fmt.Fprintf(bw, "Go API changes: not compared (%s)\n", r.NoGoAPI)
	case len(r.GoAPI) == 0:
		fmt.Fprintln(bw, "Go API changes: none that code using the generated package must follow")
	default:
		fmt.Fprintf(bw, "Go API changes that code using the generated package must follow (%d):\n", len(r.GoAPI))
		kindWidth := 0
		for _, c := range r.GoAPI {
			kindWidth = max(kindWidth, len(c.Change))
		}
		for _, c := range r.GoAPI {
			fmt.Fprintf(bw, "  %-*s  %s\n", kindWidth, c.Change, c.Message)
		}
	}
	return bw.Flush()
}
