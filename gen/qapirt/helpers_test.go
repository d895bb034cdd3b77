package qapirt

import (
	"strings"
	"testing"
)

func TestPtr(t *testing.T) {
	v := 7
	p := Ptr(v)
	v = 8
	if *p != 7 {
		t.Errorf("Ptr shares its argument: *p = %d", *p)
	}
	if Ptr("x") == Ptr("x") {
		t.Error("two Ptr calls returned one pointer")
	}
}

func TestMustAny(t *testing.T) {
	type literal struct{ A Any }
	l := literal{A: MustAny(map[string]int{"size": 1})}
	if got := l.A.String(); got != `{"size":1}` {
		t.Errorf("MustAny = %s", got)
	}
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "chan int") {
			t.Errorf("MustAny of a channel: recovered %v, want a panic naming the type", r)
		}
	}()
	MustAny(make(chan int))
}
