// SPDX-License-Identifier: Apache-2.0

package doc

import (
	"fmt"
	"io"
)

// WriteDump prints the doc the way QEMU's test-qapi.py prints it: a
// "doc symbol=NAME" or "doc freeform" header, the body, the member and
// feature descriptions (written ones in order, then member stubs), and the
// other sections as "section=KIND".
func (d *Doc) WriteDump(w io.Writer) error {
	var err error
	printf := func(format string, args ...any) {
		if err == nil {
			_, err = fmt.Fprintf(w, format, args...)
		}
	}
	if d.Symbol != "" {
		printf("doc symbol=%s\n", d.Symbol)
	} else {
		printf("doc freeform\n")
	}
	printf("    body=\n%s\n", d.Body().Text)
	for _, name := range d.ArgOrder {
		printf("    arg=%s\n%s\n", name, d.Args[name].Text)
	}
	for _, name := range d.FeatureOrder {
		printf("    feature=%s\n%s\n", name, d.Features[name].Text)
	}
	for _, s := range d.Sections {
		printf("    section=%s\n%s\n", s.Kind, s.Text)
	}
	return err
}
