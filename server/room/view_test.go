package room

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"github.com/embassy-project/embassy/shared/world"
)

// TestViewPhaseClaims checks that the chunks of a phase cover every member exactly once, and that a
// helper still holding an earlier phase's number (one that started late) can claim nothing.
func TestViewPhaseClaims(t *testing.T) {
	var ph viewPhase
	ph.begin()
	old := ph.gen
	ph.begin()
	const n = 3*viewChunk + 5
	if _, _, ok := ph.next(old, n); ok {
		t.Fatal("a claim for the previous phase succeeded")
	}
	covered := 0
	for {
		lo, hi, ok := ph.next(ph.gen, n)
		if !ok {
			break
		}
		if lo != covered || hi <= lo || hi-lo > viewChunk {
			t.Fatalf("claimed [%d,%d) after covering %d", lo, hi, covered)
		}
		covered = hi
	}
	if covered != n {
		t.Fatalf("chunks covered %d members, want %d", covered, n)
	}
}

// TestPanickingViewHelperRestartsTheRoom makes every chunk's first Send panic in a room crowded
// enough for view helpers, so panics happen on the room goroutine and on helpers: the tick must
// re-raise one of them only after every chunk is over (the race detector watches the restart), and
// the room must go on with everyone in it.
func TestPanickingViewHelperRestartsTheRoom(t *testing.T) {
	m, out := &countingMetrics{}, &countingFlusher{}
	r := New(openRoom("reception", 80, 60, 1200), DefaultConfig(), dir{}, out, m, slog.New(slog.NewTextHandler(io.Discard, nil)))
	members := make([]*testMember, max(crowdSize, 3*minViewsPerWorker))
	for i := range members {
		members[i] = &testMember{}
		if err := r.Join(members[i], profile(fmt.Sprint(i)), 0, "", "join", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	r.Step()
	rng := rand.New(rand.NewPCG(7, 8))
	for _, a := range r.st.byID {
		r.teleport(a, world.Tile{X: 1 + rng.Int32N(30), Y: 1 + rng.Int32N(30)}.Center())
	}
	r.Step()
	for j := range members { // everyone walks, so everyone is sent a snapshot
		_ = r.Move(fmt.Sprint("id-", j), 1, world.Dir{X: 1})
	}
	i := 0
	for _, a := range r.st.slots { // the first member of every chunk: views are claimed in slot order
		if a != nil {
			if i%viewChunk == 0 {
				a.m.(*testMember).panics.Store(1)
			}
			i++
		}
	}
	r.safeStep()
	if m.panics.Load() != 1 {
		t.Fatalf("panics counted = %d, want 1", m.panics.Load())
	}
	if h, rel := out.holds.Load(), out.releases.Load(); h == 0 || h != rel {
		t.Fatalf("a panicking crowded tick left the writers held: %d holds, %d releases", h, rel)
	}
	steps(r, 3)
	if r.Occupants() != len(members) {
		t.Fatalf("occupants after restart = %d, want %d", r.Occupants(), len(members))
	}
}

// countingFlusher counts what a room asks of its writers.
type countingFlusher struct{ flushes, holds, releases atomic.Int32 }

func (f *countingFlusher) Flush()   { f.flushes.Add(1) }
func (f *countingFlusher) Hold()    { f.holds.Add(1) }
func (f *countingFlusher) Release() { f.releases.Add(1) }

// TestCrowdedTickHoldsTheWriters checks that a crowded room's tick holds the writers from its start
// and releases them (flushing) at its end, while a small room's tick only flushes.
func TestCrowdedTickHoldsTheWriters(t *testing.T) {
	for _, n := range []int{crowdSize - 1, crowdSize} {
		out := &countingFlusher{}
		r := New(openRoom("reception", 80, 60, 1200), DefaultConfig(), dir{}, out, nopMetrics{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		for i := 0; i < n; i++ {
			if err := r.Join(&testMember{}, profile(fmt.Sprint(i)), 0, "", "join", nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		r.Step() // admits them
		out = &countingFlusher{}
		r.out = out
		steps(r, 3)
		want := [3]int32{0, 3, 3} // flushes, holds, releases
		if n < crowdSize {
			want = [3]int32{3, 0, 0}
		}
		if got := [3]int32{out.flushes.Load(), out.holds.Load(), out.releases.Load()}; got != want {
			t.Errorf("%d members, 3 ticks: flushes, holds, releases = %v, want %v", n, got, want)
		}
	}
}
