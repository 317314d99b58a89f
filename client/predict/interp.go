package predict

import (
	"fmt"
	"slices"
	"time"

	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// DefaultDelay is how far behind the server's timeline other avatars are drawn: two 20 Hz snapshots,
// so there is almost always a later sample to glide towards.
const DefaultDelay = 100 * time.Millisecond

// maxSamples bounds one avatar's buffer: about 2 s at 20 Hz.
const maxSamples = 40

// Sample is an avatar's authoritative position at a server tick.
type Sample struct {
	Tick uint32
	Pos  world.Vec
}

// Track is one other avatar's recent positions.
type Track struct {
	Slot    uint32
	Pos     world.Vec // latest authoritative position
	samples []Sample
	facing  world.Dir
}

// Pose is where and how to draw an avatar at a moment.
type Pose struct {
	X, Y   float64   // units
	Moving bool      // walking at that moment (for the walk animation)
	Facing world.Dir // last direction walked in
}

// Interp keeps every visible avatar's position from the snapshots and draws them DefaultDelay in the
// past, interpolating between the two samples around that moment. It belongs to the game loop.
type Interp struct {
	Clock  TickClock
	Delay  time.Duration
	tracks map[uint32]*Track // every avatar in view, your own included
	list   []uint32          // scratch for viewList
}

// NewInterp returns an empty interpolator for a server ticking every period.
func NewInterp(period time.Duration) *Interp {
	return &Interp{Clock: TickClock{Period: period}, Delay: DefaultDelay, tracks: map[uint32]*Track{}}
}

// Reset forgets every avatar (a new room).
func (ip *Interp) Reset() {
	ip.tracks = map[uint32]*Track{}
	ip.Clock.Reset()
}

// Track returns the avatar in slot, or nil.
func (ip *Interp) Track(slot uint32) *Track { return ip.tracks[slot] }

// Slots calls fn for every avatar in view.
func (ip *Interp) Slots(fn func(t *Track)) {
	for _, t := range ip.tracks {
		fn(t)
	}
}

// Len returns how many avatars are in view.
func (ip *Interp) Len() int { return len(ip.tracks) }

// Enter puts an avatar in view at pos as of tick.
func (ip *Interp) Enter(slot, tick uint32, pos world.Vec, facing world.Dir) {
	ip.tracks[slot] = &Track{Slot: slot, Pos: pos, samples: []Sample{{tick, pos}}, facing: facing}
}

// Leave takes an avatar out of view.
func (ip *Interp) Leave(slot uint32) { delete(ip.tracks, slot) }

// Moved records an avatar's new position at tick.
func (ip *Interp) Moved(slot, tick uint32, pos world.Vec) {
	t := ip.tracks[slot]
	if t == nil {
		return
	}
	if n := len(t.samples); n > 0 {
		last := t.samples[n-1]
		if !seqAfter(tick, last.Tick) {
			t.samples[n-1].Pos, t.Pos = pos, pos // a repeat of the same tick: keep the latest
			return
		}
		if seqAfter(tick-1, last.Tick) {
			// The avatar stood still (no entries) until the previous tick: anchor that, or it would
			// appear to creep slowly all the way from when it last moved.
			t.samples = append(t.samples, Sample{tick - 1, last.Pos})
		}
	}
	t.samples = append(t.samples, Sample{tick, pos})
	if len(t.samples) > maxSamples {
		t.samples = append(t.samples[:0], t.samples[len(t.samples)-maxSamples:]...)
	}
	t.Pos = pos
}

// Join starts a new room: only your own avatar is in view, at pos as of tick.
func (ip *Interp) Join(self, tick uint32, pos world.Vec) {
	ip.Reset()
	ip.Enter(self, tick, pos, world.Dir{})
}

// ApplySnapshot records a snapshot received at recv: leaves, enters and moves of every avatar in view,
// your own (slot self) included, whose authoritative position it returns with whether it moved. step
// is Welcome.step_per_tick, which the standard-step move codes refer to.
func (ip *Interp) ApplySnapshot(s *pb.Snapshot, self uint32, step int32, recv time.Time) (selfPos world.Vec, selfMoved bool, err error) {
	tick := s.GetTick()
	ip.Clock.Observe(tick, recv)
	for _, slot := range s.GetLeave() {
		if slot != self {
			ip.Leave(slot)
		}
	}
	for _, e := range s.GetEnter() {
		ip.Enter(e.GetSlot(), tick, world.Vec{X: e.GetX(), Y: e.GetY()}, world.Dir{X: int8(e.GetDx()), Y: int8(e.GetDy())})
	}
	if st := ip.tracks[self]; st != nil {
		selfPos = st.Pos
	}
	if len(s.GetMoves()) == 0 {
		return selfPos, false, nil
	}
	list := ip.viewList()
	err = protocol.DecodeMoves(s.GetMoves(), len(list), step, func(m protocol.Moved) {
		t := ip.tracks[list[m.Index]]
		pos := world.Vec{X: m.X, Y: m.Y}
		if !m.Abs {
			pos = t.Pos.Add(pos)
		}
		ip.Moved(t.Slot, tick, pos)
		if t.Slot == self {
			selfPos, selfMoved = pos, true
		}
	})
	if err != nil {
		return selfPos, selfMoved, fmt.Errorf("snapshot %d: %w", tick, err)
	}
	return selfPos, selfMoved, nil
}

// viewList returns the slots in view in increasing order, what Snapshot.moves refers to.
func (ip *Interp) viewList() []uint32 {
	list := ip.list[:0]
	for slot := range ip.tracks {
		list = append(list, slot)
	}
	slices.Sort(list)
	ip.list = list
	return list
}

// Pose returns where to draw t at time now.
func (ip *Interp) Pose(t *Track, now time.Time) Pose {
	rt, ok := ip.Clock.TickAt(now.Add(-ip.Delay))
	n := len(t.samples)
	if !ok || n == 0 {
		return Pose{X: float64(t.Pos.X), Y: float64(t.Pos.Y), Facing: t.facing}
	}
	first, last := t.samples[0], t.samples[n-1]
	if rt <= float64(first.Tick) {
		return Pose{X: float64(first.Pos.X), Y: float64(first.Pos.Y), Facing: t.facing}
	}
	if rt >= float64(last.Tick) {
		return Pose{X: float64(last.Pos.X), Y: float64(last.Pos.Y), Facing: t.facing}
	}
	i := n - 2
	for i > 0 && float64(t.samples[i].Tick) > rt {
		i--
	}
	a, b := t.samples[i], t.samples[i+1]
	f := (rt - float64(a.Tick)) / float64(b.Tick-a.Tick)
	d := b.Pos.Sub(a.Pos)
	moving := d != (world.Vec{})
	if moving {
		t.facing = world.DirOf(d)
	}
	// Drop samples the timeline has passed, keeping the one before it.
	if i > 0 {
		t.samples = append(t.samples[:0], t.samples[i:]...)
	}
	return Pose{
		X: float64(a.Pos.X) + float64(d.X)*f, Y: float64(a.Pos.Y) + float64(d.Y)*f,
		Moving: moving, Facing: t.facing,
	}
}
