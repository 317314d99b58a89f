package gateway

import (
	"context"
	"testing"
	"time"
)

// TestPumpGivesWayUntilRelease holds the pumps as a crowded room's tick does: a pump that finds the
// hold waits, goes on when the tick is released, and keeps the wake for the frames that tick queued.
func TestPumpGivesWayUntilRelease(t *testing.T) {
	g, p, timer := heldPump()
	released := make(chan struct{})
	go func() {
		defer close(released)
		time.Sleep(2 * time.Millisecond)
		g.Release()
	}()
	p.giveWay(context.Background(), timer)
	if p.holds.Load() != 0 {
		t.Fatal("the pump went on while the tick was still held")
	}
	<-released
	select {
	case <-p.wake:
	default:
		t.Fatal("the release's wake was swallowed: the tick's frames would wait for the next one")
	}
}

// TestPumpGiveWayIsBounded never releases the hold: the pump waits out its budget once, then gives
// way no more in that window, so rooms ticking back to back cannot stall the writes.
func TestPumpGiveWayIsBounded(t *testing.T) {
	_, p, timer := heldPump()
	p.giveWay(context.Background(), timer)
	if p.budget > 0 {
		t.Fatalf("budget left after waiting out a hold that never ended: %v", p.budget)
	}
	done := make(chan struct{})
	go func() {
		p.giveWay(context.Background(), timer)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("the pump gave way again with no budget left")
	}
}

// heldPump returns a gateway with one pump, held as a crowded room's tick holds it, and a stopped
// timer for giveWay.
func heldPump() (*Gateway, *pump, *time.Timer) {
	g := &Gateway{pumps: []*pump{newPump()}}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	g.Hold()
	return g, g.pumps[0], timer
}
