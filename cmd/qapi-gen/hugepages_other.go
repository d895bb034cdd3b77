//go:build !linux

package main

// preferHugePages does nothing: transparent huge pages are Linux's.
func preferHugePages() {}
