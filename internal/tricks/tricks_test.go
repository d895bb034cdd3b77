// SPDX-License-Identifier: Apache-2.0

package tricks

import "testing"

func TestOnAndSet(t *testing.T) {
	if !On(GCOff) || !On(DocMarks) {
		t.Fatal("a trick is off in an ordinary build")
	}
	restore := Set(GCOff + "," + ParRender)
	if On(GCOff) || On(ParRender) || !On(DocMarks) {
		t.Errorf("with %q off: gcoff %v, parrender %v, docmarks %v; want false, false, true", off, On(GCOff), On(ParRender), On(DocMarks))
	}
	restore()
	if !On(GCOff) || !On(ParRender) {
		t.Error("restore leaves tricks off")
	}
}
