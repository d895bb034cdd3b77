// SPDX-License-Identifier: Apache-2.0

package source

import "sync"

// A schema may list as many exceptions as it has definitions, and each
// definition looks itself up: through the lists that would cost the
// product of the two. The lookups go through sets instead, built on first
// use and rebuilt when a pragma has replaced the list since.
type exceptionSets struct {
	mu   sync.Mutex
	sets map[*[]string]*nameSet
}

type nameSet struct {
	list  []string // the list the set was built from
	names map[string]bool
}

// IsCommandNameException reports whether name is in CommandNameExceptions.
func (p *Pragma) IsCommandNameException(name string) bool {
	return p.has(&p.CommandNameExceptions, name)
}

// IsCommandReturnsException reports whether name is in
// CommandReturnsExceptions.
func (p *Pragma) IsCommandReturnsException(name string) bool {
	return p.has(&p.CommandReturnsExceptions, name)
}

// IsDocumentationException reports whether name is in
// DocumentationExceptions.
func (p *Pragma) IsDocumentationException(name string) bool {
	return p.has(&p.DocumentationExceptions, name)
}

// IsMemberNameException reports whether name is in MemberNameExceptions.
func (p *Pragma) IsMemberNameException(name string) bool {
	return p.has(&p.MemberNameExceptions, name)
}

// has looks name up in *list; it is safe for concurrent use.
func (p *Pragma) has(list *[]string, name string) bool {
	p.sets.mu.Lock()
	defer p.sets.mu.Unlock()
	s := p.sets.sets[list]
	if s == nil || !sameList(s.list, *list) {
		s = &nameSet{list: *list, names: make(map[string]bool, len(*list))}
		for _, n := range *list {
			s.names[n] = true
		}
		if p.sets.sets == nil {
			p.sets.sets = map[*[]string]*nameSet{}
		}
		p.sets.sets[list] = s
	}
	return s.names[name]
}

// sameList reports whether a and b are the same slice.
func sameList(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
