// SPDX-License-Identifier: Apache-2.0

//go:build integration

package integration

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
)

// The generated packages decode enum values and union discriminators they
// do not know without error (a newer QEMU may send them). Against the
// binary whose own schema generated the package, every value must be
// known: checkKnown walks a decoded value and reports the first enum value
// whose Known method says false and the first union holding an unknown
// branch.

type knower interface{ Known() bool }

type unknownBrancher interface {
	UnknownBranch() map[string]json.RawMessage
}

var (
	knowerType          = reflect.TypeFor[knower]()
	unknownBrancherType = reflect.TypeFor[unknownBrancher]()
)

func checkKnown(v any) error {
	return walkKnown(reflect.ValueOf(v), "")
}

func walkKnown(v reflect.Value, path string) error {
	if !v.IsValid() {
		return nil
	}
	if v.Type().Implements(knowerType) && v.Kind() == reflect.String {
		if !v.Interface().(knower).Known() {
			return fmt.Errorf("%s: value %q of enum %s is not in the generated package", at(path), v.String(), v.Type().Name())
		}
		return nil
	}
	if v.Kind() == reflect.Struct && v.Type().Implements(unknownBrancherType) {
		if extra := v.Interface().(unknownBrancher).UnknownBranch(); extra != nil {
			return fmt.Errorf("%s: union %s has an unknown branch %v", at(path), v.Type().Name(), extra)
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return walkKnown(v.Elem(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if err := walkKnown(v.Field(i), path+"."+f.Name); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // Any and other raw JSON
		}
		for i := range v.Len() {
			if err := walkKnown(v.Index(i), path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if err := walkKnown(iter.Value(), path+"["+fmt.Sprint(iter.Key())+"]"); err != nil {
				return err
			}
		}
	}
	return nil
}

func at(path string) string {
	if path == "" {
		return "top level"
	}
	return path[1:]
}
