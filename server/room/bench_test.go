package room

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/embassy-project/embassy/shared/world"
)

// BenchmarkTick1000 measures one tick of a reception with 1,000 avatars spread over the hall, walking
// in random directions: commands, movement, and every member's view (visibility refresh for a quarter
// of them, snapshot encoding for all).
func BenchmarkTick1000(b *testing.B) { benchTick(b, 78, 58) }

// BenchmarkTick1000Crowd is the same with the 1,000 packed into 30 x 30 m around the stage, the worst
// case for interest management (every view is full).
func BenchmarkTick1000Crowd(b *testing.B) { benchTick(b, 30, 30) }

// BenchmarkViewRefresh1000 measures recomputing what one member sees in a crowd of 1,000: the grid
// search, nearest-40 selection and the enter/leave diff.
func BenchmarkViewRefresh1000(b *testing.B) {
	r, _ := crowdRoom(b, 30, 30)
	avatars := make([]*avatar, 0, len(r.st.byID))
	for _, a := range r.st.byID {
		avatars = append(avatars, a)
	}
	sc := &scratch{next: newBitset(len(r.st.slots)), stay: newBitset(len(r.st.slots))}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sc.parts.Enter, sc.parts.Leave, sc.parts.Profiles = sc.parts.Enter[:0], sc.parts.Leave[:0], sc.parts.Profiles[:0]
		r.refreshView(avatars[i%len(avatars)], sc)
	}
}

func crowdRoom(b *testing.B, w, h int32) (*Room, []*testMember) {
	r := newTestRoom(openRoom("reception", 80, 60, 1200), dir{})
	rng := rand.New(rand.NewPCG(1, 2))
	members := make([]*testMember, 1000)
	for i := range members {
		members[i] = &testMember{}
		if err := r.Join(members[i], profile(fmt.Sprint(i)), 0, "", "join", nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	r.Step()
	for _, a := range r.st.byID {
		r.teleport(a, world.Tile{X: 1 + rng.Int32N(w), Y: 1 + rng.Int32N(h)}.Center())
	}
	r.Step()
	return r, members
}

func benchTick(b *testing.B, w, h int32) {
	r, members := crowdRoom(b, w, h)
	rng := rand.New(rand.NewPCG(3, 4))
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

// BenchmarkArrivals1000 measures placing 1,000 guests arriving in the Reception Hall, 50 a tick,
// standing where they land (the worst case: every spot they take stays taken): choosing each one's
// spot and admitting them, without the views. One op is the whole thousand.
func BenchmarkArrivals1000(b *testing.B) {
	def := receptionHall(b)
	members := make([]*testMember, 1000)
	profiles := make([]Profile, len(members))
	for i := range members {
		members[i], profiles[i] = &testMember{}, profile(fmt.Sprint(i))
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		r := newTestRoom(def, nil)
		b.StartTimer()
		for i, m := range members {
			if i%50 == 0 {
				r.st.tick++
			}
			r.admit(m, profiles[i], 0, "", "join", nil, nil)
		}
	}
}
