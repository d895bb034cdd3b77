// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/qapi-gen/qapi-gen/gen/names"
	"github.com/qapi-gen/qapi-gen/qmp"
)

// sweepResult sorts the commands a sweep looked at.
type sweepResult struct {
	ran       []string // replied, and the reply decoded strictly
	refused   []string // a GenericError reply (e.g. a feature TCG lacks)
	needsArgs []string // a required member: not run
}

// sweep runs, through the typed client (any generated *Client), every
// command of offered that match selects and whose arguments have no
// required member, with zero arguments. A reply that does not decode
// strictly, an error of another class than GenericError, or a command the
// client lacks fails the test.
func sweep(t *testing.T, ctx context.Context, client any, offered []string, selects func(string) bool) sweepResult {
	t.Helper()
	var res sweepResult
	for _, name := range offered {
		if !selects(name) {
			continue
		}
		req, err := callWithoutArgs(ctx, client, name)
		var qe *qmp.Error
		switch {
		case req != nil:
			res.needsArgs = append(res.needsArgs, name+"("+strings.Join(req, ",")+")")
		case err == nil:
			res.ran = append(res.ran, name)
		case errors.As(err, &qe) && qe.Class == "GenericError":
			res.refused = append(res.refused, name+" ("+qe.Desc+")")
		default:
			t.Errorf("%s: %v", name, err)
		}
	}
	return res
}

// callWithoutArgs calls the method of client (a generated *Client) for the
// command name with zero arguments, unless its arguments have required
// members: then it returns them and does not call.
func callWithoutArgs(ctx context.Context, client any, name string) (required []string, err error) {
	method := reflect.ValueOf(client).MethodByName(names.Exported(name))
	if !method.IsValid() {
		return nil, fmt.Errorf("the generated client has no method %s", names.Exported(name))
	}
	in := []reflect.Value{reflect.ValueOf(ctx)}
	if mt := method.Type(); mt.NumIn() == 2 {
		args := mt.In(1)
		if req := requiredMembers(args); len(req) > 0 {
			return req, nil
		}
		in = append(in, reflect.Zero(args))
	}
	out := method.Call(in)
	err, _ = out[len(out)-1].Interface().(error)
	return nil, err
}

// requiredMembers lists the JSON members of a generated argument type that
// must be present on the wire: fields whose tag has neither omitempty nor
// omitzero. An embedded type (a named or boxed argument type) contributes
// its own members; union branches (tag "-") are selected by the required
// discriminator.
func requiredMembers(t reflect.Type) []string {
	var req []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			req = append(req, requiredMembers(f.Type)...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		optional := slices.ContainsFunc(strings.Split(opts, ","), func(o string) bool { return o == "omitempty" || o == "omitzero" })
		if !optional {
			req = append(req, name)
		}
	}
	return req
}

func isQuery(name string) bool {
	return strings.HasPrefix(name, "query-") || strings.HasPrefix(name, "x-query-")
}

// report logs a sweep and fails when nothing ran.
func (r sweepResult) report(t *testing.T, what string) {
	t.Helper()
	t.Logf("%s: %d commands ran and decoded strictly: %s", what, len(r.ran), strings.Join(r.ran, " "))
	t.Logf("%s: %d refused with GenericError: %s", what, len(r.refused), strings.Join(r.refused, "; "))
	t.Logf("%s: %d not run (required arguments): %s", what, len(r.needsArgs), strings.Join(r.needsArgs, " "))
	if len(r.ran) == 0 {
		t.Errorf("%s: no command ran", what)
	}
}
