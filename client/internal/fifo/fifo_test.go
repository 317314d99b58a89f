package fifo

import (
	"sync"
	"testing"
	"time"
)

func TestOrderKept(t *testing.T) {
	var q Queue[int]
	if _, ok := q.Pop(); ok {
		t.Fatal("the zero queue is not empty")
	}
	for i := range 100 {
		q.Push(i)
	}
	for want := range 100 {
		if want%2 == 0 {
			if got, ok := q.Pop(); !ok || got != want {
				t.Fatalf("Pop: got %d, %v; want %d", got, ok, want)
			}
			continue
		}
		if got, ok := q.Wait(nil); !ok || got != want {
			t.Fatalf("Wait: got %d, %v; want %d", got, ok, want)
		}
	}
	if v, ok := q.Pop(); ok {
		t.Fatalf("Pop on an emptied queue: %d", v)
	}
}

// TestWaitingTakerWokenByPush hands items over one at a time, so that the taker is mostly waiting
// when the next push comes.
func TestWaitingTakerWokenByPush(t *testing.T) {
	var q Queue[int]
	got := make(chan int)
	go func() {
		for {
			v, ok := q.Wait(nil)
			if !ok {
				close(got)
				return
			}
			got <- v
			if v < 0 {
				return
			}
		}
	}()
	for i := range 1000 {
		q.Push(i)
		if v, ok := <-got; !ok || v != i {
			t.Fatalf("got %d, %v; want %d", v, ok, i)
		}
	}
	q.Push(-1)
	<-got
}

// TestStaleWakeKeepsWaiting: a push whose item was already taken leaves a wake behind; it must not
// end the next Wait.
func TestStaleWakeKeepsWaiting(t *testing.T) {
	var q Queue[string]
	q.Push("a")
	if v, ok := q.Pop(); !ok || v != "a" {
		t.Fatalf("got %q, %v", v, ok)
	}
	got := make(chan string)
	go func() {
		v, ok := q.Wait(nil)
		if !ok {
			v = "(no item)"
		}
		got <- v
	}()
	q.Push("b")
	if v := <-got; v != "b" {
		t.Fatalf("got %s, want b", v)
	}
}

func TestNoLostWakeups(t *testing.T) {
	const pushers, each = 4, 2000
	var q Queue[int]
	stop := make(chan struct{})
	taken := make(chan []int)
	go func() {
		var seen []int
		for len(seen) < pushers*each {
			v, ok := q.Wait(stop)
			if !ok {
				break
			}
			seen = append(seen, v)
		}
		taken <- seen
	}()
	var wg sync.WaitGroup
	for p := range pushers {
		wg.Go(func() {
			for i := range each {
				q.Push(p*each + i)
			}
		})
	}
	wg.Wait()
	var seen []int
	select {
	case seen = <-taken:
	case <-time.After(10 * time.Second): // only a lost wake-up leaves the taker asleep this long
		close(stop)
		seen = <-taken
		t.Fatalf("the taker slept with %d items left", pushers*each-len(seen))
	}
	next := make([]int, pushers) // each pusher's items come out in its order
	for _, v := range seen {
		p, i := v/each, v%each
		if i != next[p] {
			t.Fatalf("pusher %d: item %d came out where %d was due", p, i, next[p])
		}
		next[p]++
	}
}

func TestWaitStops(t *testing.T) {
	var q Queue[int]
	stop := make(chan struct{})
	done := make(chan bool)
	go func() {
		_, ok := q.Wait(stop)
		done <- ok
	}()
	close(stop)
	if <-done {
		t.Fatal("Wait returned an item from an empty queue")
	}

	q.Push(7) // an item already queued is taken even after stop
	if v, ok := q.Wait(stop); !ok || v != 7 {
		t.Fatalf("got %d, %v; want 7", v, ok)
	}
	if _, ok := q.Wait(stop); ok {
		t.Fatal("Wait after stop on an empty queue returned an item")
	}
}

func TestWaitUntilDeadline(t *testing.T) {
	var q Queue[int]
	if _, ok := q.WaitUntil(nil, time.Now().Add(-time.Second)); ok {
		t.Fatal("an empty queue past the deadline gave an item")
	}
	q.Push(1)
	if v, ok := q.WaitUntil(nil, time.Now().Add(-time.Second)); !ok || v != 1 {
		t.Fatalf("a queued item past the deadline: %d, %v", v, ok)
	}
	deadline := time.Now().Add(20 * time.Millisecond)
	if _, ok := q.WaitUntil(nil, deadline); ok {
		t.Fatal("an empty queue gave an item")
	}
	if time.Now().Before(deadline) {
		t.Error("returned before the deadline")
	}
}

func TestWake(t *testing.T) {
	var q Queue[int]
	done := make(chan bool)
	go func() {
		_, ok := q.Wait(nil)
		done <- ok
	}()
	q.Wake()
	if <-done {
		t.Fatal("a woken Wait returned an item from an empty queue")
	}

	q.Wake() // with nobody waiting: the next Wait returns, once
	if _, ok := q.Wait(nil); ok {
		t.Fatal("Wait after Wake returned an item from an empty queue")
	}
	go func() {
		v, ok := q.Wait(nil)
		done <- ok && v == 2
	}()
	q.Push(2)
	if !<-done {
		t.Fatal("a Wake counted twice")
	}
}
