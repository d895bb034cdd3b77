// SPDX-License-Identifier: Apache-2.0

//go:build !linux

package main

// preferHugePages does nothing: transparent huge pages are Linux's.
func preferHugePages() {}
