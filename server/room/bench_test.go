package room

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/embassy-project/embassy/shared/world"
)

// BenchmarkTick1000 measures one tick of a reception with 1,000 avatars walking in random directions:
// commands, movement, and every member's view (visibility refresh for a quarter of them, snapshot
// encoding for all).
func BenchmarkTick1000(b *testing.B) {
	r := newTestRoom(openRoom("reception", 80, 60, 1200), dir{})
	rng := rand.New(rand.NewPCG(1, 2))
	members := make([]*testMember, 1000)
	for i := range members {
		members[i] = &testMember{}
		if err := r.Join(members[i], profile(fmt.Sprint(i)), "", "join", nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	r.Step()
	// Spread them over the hall.
	for _, a := range r.st.byID {
		a.pos = world.Tile{X: 1 + rng.Int32N(78), Y: 1 + rng.Int32N(58)}.Center()
		r.st.grid.update(a)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%10 == 0 { // change direction now and then, as walking people do
			for j := 0; j < 100; j++ {
				_ = r.Move("id-"+fmt.Sprint(rng.IntN(1000)), uint32(i), world.Dir{X: int8(rng.IntN(3) - 1), Y: int8(rng.IntN(3) - 1)})
			}
		}
		r.Step()
	}
	b.StopTimer()
	var bytes int64
	for _, m := range members {
		bytes += m.bytes.Load()
	}
	b.ReportMetric(float64(bytes)/float64(len(members))/float64(b.N), "bytes/member/tick")
}
