// SPDX-License-Identifier: Apache-2.0

package qmp

import (
	"slices"
	"sync"
)

// Subscription receives the events of a Conn.
//
// Back-pressure: each subscription has its own unbounded queue between the
// connection's reader and the channel. The reader appends and moves on, so
// a slow or idle subscriber never delays replies or other subscribers, and
// no event is dropped; a subscriber that stops reading makes its queue (and
// memory use) grow until it reads again or is closed.
type Subscription struct {
	c  *Conn
	ch chan Event

	mu      sync.Mutex
	queue   []Event
	ended   bool // the connection ended: close ch once the queue is empty
	wake    chan struct{}
	quit    chan struct{}
	stopped sync.Once
	exited  chan struct{}
}

// Subscribe starts receiving events. buffer is the capacity of the channel
// (the queue behind it is unbounded either way). The first subscription of
// a connection also receives the events that arrived during negotiation.
//
// The channel is closed after the connection ends and every queued event has
// been delivered, or at once (dropping queued events) when the subscription
// or the connection is closed.
func (c *Conn) Subscribe(buffer int) *Subscription {
	s := &Subscription{
		c:      c,
		ch:     make(chan Event, max(buffer, 0)),
		wake:   make(chan struct{}, 1),
		quit:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	c.evMu.Lock()
	if !c.closed {
		s.queue, c.backlog = c.backlog, nil
		c.subs = append(c.subs, s)
	}
	c.early = false
	select {
	case <-c.e.done:
		s.ended = true
	default:
	}
	c.evMu.Unlock()
	go s.forward()
	return s
}

// Events returns the channel events are delivered on, in arrival order.
func (s *Subscription) Events() <-chan Event { return s.ch }

// Close stops the subscription: queued events are discarded and the channel
// is closed. It may be called more than once.
func (s *Subscription) Close() {
	s.c.evMu.Lock()
	s.c.subs = slices.DeleteFunc(s.c.subs, func(x *Subscription) bool { return x == s })
	s.c.evMu.Unlock()
	s.stop()
}

func (s *Subscription) stop() {
	s.stopped.Do(func() { close(s.quit) })
	<-s.exited
}

// dispatch is called by the reader for every event.
func (c *Conn) dispatch(ev Event) {
	c.evMu.Lock()
	defer c.evMu.Unlock()
	if c.early {
		c.backlog = append(c.backlog, ev)
		return
	}
	for _, s := range c.subs {
		s.push(ev)
	}
}

// connEnded is called once the reader has stopped.
func (c *Conn) connEnded() {
	c.evMu.Lock()
	subs := slices.Clone(c.subs)
	c.evMu.Unlock()
	for _, s := range subs {
		s.mu.Lock()
		s.ended = true
		s.mu.Unlock()
		s.signal()
	}
}

func (s *Subscription) push(ev Event) {
	s.mu.Lock()
	s.queue = append(s.queue, ev)
	s.mu.Unlock()
	s.signal()
}

func (s *Subscription) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// forward moves events from the queue to the channel.
func (s *Subscription) forward() {
	defer close(s.exited)
	defer close(s.ch)
	for {
		s.mu.Lock()
		for len(s.queue) == 0 {
			ended := s.ended
			s.mu.Unlock()
			if ended {
				return
			}
			select {
			case <-s.wake:
			case <-s.quit:
				return
			}
			s.mu.Lock()
		}
		ev := s.queue[0]
		s.queue[0] = Event{}
		s.queue = s.queue[1:]
		if len(s.queue) == 0 {
			s.queue = nil // let the backing array go
		}
		s.mu.Unlock()
		select {
		case s.ch <- ev:
		case <-s.quit:
			return
		}
	}
}
