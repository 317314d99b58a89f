package world

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestMinHeapPopsInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for n := range 40 {
		h := &minHeap[int]{less: func(a, b int) bool { return a < b }}
		var want []int
		for range n {
			v := rng.IntN(10) // many equal items
			h.Push(v)
			want = append(want, v)
			if rng.IntN(3) == 0 { // interleave pops with pushes
				slices.Sort(want)
				if got := h.Pop(); got != want[0] {
					t.Fatalf("Pop = %d, want %d", got, want[0])
				}
				want = want[1:]
			}
		}
		slices.Sort(want)
		for _, w := range want {
			if got := h.Pop(); got != w {
				t.Fatalf("n=%d: Pop = %d, want %d", n, got, w)
			}
		}
		if h.Len() != 0 {
			t.Fatalf("n=%d: %d items left", n, h.Len())
		}
	}
}
