// Package fifo holds Queue, an unbounded first-in-first-out hand-off from any number of pushers to
// one taker, for where a pusher must never wait (a browser event handler, the game connection's
// reader) and nothing may be dropped. It owns no goroutine and knows nothing of what it carries.
package fifo

import (
	"sync"
	"time"
)

// Queue is an unbounded FIFO: Push never blocks, Wait takes the oldest item or waits for one. Push,
// Pop and Wake may be called from any goroutine; Wait and WaitUntil from one at a time (a second
// taker could sleep through a push the first one was woken by). The zero value is an empty queue.
type Queue[T any] struct {
	mu    sync.Mutex // guards the fields below
	items []T
	woken bool          // Wake was called since a Wait last returned
	wake  chan struct{} // 1-buffered, made on first use: something changed since the taker looked
}

// signal returns the wake channel, making it on first use; q.mu must be held.
func (q *Queue[T]) signal() chan struct{} {
	if q.wake == nil {
		q.wake = make(chan struct{}, 1)
	}
	return q.wake
}

// poke wakes the taker through ch; a wake already pending is enough.
func poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// Push adds v at the back and wakes the taker.
func (q *Queue[T]) Push(v T) {
	q.mu.Lock()
	q.items = append(q.items, v)
	ch := q.signal()
	q.mu.Unlock()
	poke(ch)
}

// Wake makes the Wait waiting now, or else the next one, return without an item, so that its caller
// looks again at what else it waits on (a deadline that moved).
func (q *Queue[T]) Wake() {
	q.mu.Lock()
	q.woken = true
	ch := q.signal()
	q.mu.Unlock()
	poke(ch)
}

// Pop takes the oldest item, without waiting; false if the queue is empty.
func (q *Queue[T]) Pop() (T, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.popLocked()
}

// popLocked takes the oldest item; q.mu must be held.
func (q *Queue[T]) popLocked() (v T, ok bool) {
	if len(q.items) == 0 {
		return v, false
	}
	v = q.items[0]
	var zero T
	q.items[0] = zero // the queue must not keep what it handed out alive
	q.items = q.items[1:]
	return v, true
}

// Wait takes the oldest item, waiting for one while the queue is empty. It returns without one
// (false) once stop is closed, or after Wake. A nil stop never closes.
func (q *Queue[T]) Wait(stop <-chan struct{}) (T, bool) {
	return q.WaitUntil(stop, time.Time{})
}

// WaitUntil is Wait that also gives up at deadline (zero: none).
func (q *Queue[T]) WaitUntil(stop <-chan struct{}, deadline time.Time) (T, bool) {
	var timeout <-chan time.Time
	if !deadline.IsZero() {
		t := time.NewTimer(time.Until(deadline))
		defer t.Stop()
		timeout = t.C
	}
	for {
		q.mu.Lock()
		v, ok := q.popLocked()
		woken := q.woken
		q.woken = false
		ch := q.signal()
		q.mu.Unlock()
		if ok || woken {
			return v, ok
		}
		select {
		case <-stop:
			return v, false
		case <-timeout:
			return v, false
		case <-ch:
		}
	}
}
