package predict

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

const period = 50 * time.Millisecond

const step = 12

// mv is one avatar's displacement in a test snapshot.
type mv struct {
	slot   uint32
	dx, dy int32
}

// snap encodes a snapshot as the server would for a client whose view list (after enter) is list.
func snap(tick uint32, list []uint32, enter []*pb.AvatarEnter, moves ...mv) *pb.Snapshot {
	var e protocol.MovesEncoder
	e.Reset()
	for _, slot := range list {
		i := slices.IndexFunc(moves, func(m mv) bool { return m.slot == slot })
		if i < 0 {
			e.Next(false, 0, 0, 0)
			continue
		}
		m := moves[i]
		code := protocol.StepCode(m.dx, m.dy, step)
		e.Next(true, code, m.dx, m.dy)
	}
	return &pb.Snapshot{Tick: tick, Moves: e.AppendTo(nil), Enter: enter}
}

func apply(t *testing.T, ip *Interp, s *pb.Snapshot, self uint32, at time.Time) (world.Vec, bool) {
	t.Helper()
	pos, moved, err := ip.ApplySnapshot(s, self, step, at)
	if err != nil {
		t.Fatal(err)
	}
	return pos, moved
}

func TestInterpGlidesBetweenSnapshots(t *testing.T) {
	ip := NewInterp(period)
	t0 := time.Unix(1000, 0)
	ip.Join(1, 99, world.Vec{X: 64, Y: 64})
	apply(t, ip, snap(100, nil, []*pb.AvatarEnter{{Slot: 7, X: 640, Y: 640}}), 1, t0)
	// The avatar walks +12 units a tick for 20 ticks; snapshots arrive with up to 30 ms of jitter.
	jitter := []time.Duration{0, 30, 5, 20, 0, 10, 25, 0}
	for k := uint32(1); k <= 20; k++ {
		recv := t0.Add(time.Duration(k)*period + jitter[k%8]*time.Millisecond)
		apply(t, ip, snap(100+k, []uint32{1, 7}, nil, mv{7, 12, 0}), 1, recv)
	}
	tr := ip.Track(7)
	if tr.Pos != (world.Vec{X: 640 + 240, Y: 640}) {
		t.Fatalf("latest pos %v", tr.Pos)
	}
	// Drawn 100 ms behind: at t0+500ms the timeline is at tick 108, i.e. x = 640+96.
	p := ip.Pose(tr, t0.Add(500*time.Millisecond))
	if math.Abs(p.X-(640+96)) > 0.01 || !p.Moving || p.Facing != (world.Dir{X: 1}) {
		t.Fatalf("pose %+v, want x=736 moving right", p)
	}
	// Between samples it is linear: a quarter tick later, 3 units further.
	p2 := ip.Pose(tr, t0.Add(500*time.Millisecond+period/4))
	if math.Abs(p2.X-p.X-3) > 0.01 {
		t.Fatalf("x %v -> %v, want +3", p.X, p2.X)
	}
	// Sampled every frame, it never jumps more than a frame's worth.
	last := p2.X
	for f := time.Duration(0); f < 2*time.Second; f += time.Second / 60 {
		q := ip.Pose(tr, t0.Add(520*time.Millisecond+f))
		if d := q.X - last; d < -0.01 || d > 12.0*60/1000*17+0.5 {
			t.Fatalf("jump of %v units at +%v", d, f)
		}
		last = q.X
	}
	if last != 640+240 {
		t.Fatalf("came to rest at %v, want 880", last)
	}
	if ip.Pose(tr, t0.Add(3*time.Second)).Moving {
		t.Fatal("still moving after the last sample")
	}
}

func TestInterpAnchorsAfterStandingStill(t *testing.T) {
	ip := NewInterp(period)
	t0 := time.Unix(1000, 0)
	ip.Join(1, 9, world.Vec{X: 64, Y: 64})
	apply(t, ip, snap(10, nil, []*pb.AvatarEnter{{Slot: 3, X: 100, Y: 100}}), 1, t0)
	// Nothing for 40 ticks, then a move: the avatar must not creep from tick 10 to 51.
	apply(t, ip, snap(51, []uint32{1, 3}, nil, mv{3, 0, 12}), 1, t0.Add(41*period))
	tr := ip.Track(3)
	p := ip.Pose(tr, t0.Add(41*period+ip.Delay-period/2)) // halfway between ticks 50 and 51
	if math.Abs(p.Y-106) > 0.01 {
		t.Fatalf("y=%v, want 106 (halfway through the one step)", p.Y)
	}
}

func TestInterpSelfAndLeave(t *testing.T) {
	ip := NewInterp(period)
	now := time.Unix(5, 0)
	ip.Join(4, 0, world.Vec{X: 8, Y: 9})
	apply(t, ip, snap(1, nil, []*pb.AvatarEnter{{Slot: 2, X: 1, Y: 1}, {Slot: 6, X: 9, Y: 9}}), 4, now)
	if ip.Len() != 3 {
		t.Fatalf("%d in view, want 3", ip.Len())
	}
	pos, moved := apply(t, ip, snap(2, []uint32{2, 4, 6}, nil, mv{4, 12, 0}, mv{6, 5, -3}), 4, now)
	if !moved || pos != (world.Vec{X: 20, Y: 9}) {
		t.Fatalf("self pos %v %v", pos, moved)
	}
	if got := ip.Track(6).Pos; got != (world.Vec{X: 14, Y: 6}) {
		t.Fatalf("slot 6 at %v", got)
	}
	apply(t, ip, &pb.Snapshot{Tick: 3, Leave: []uint32{2}}, 4, now)
	if ip.Len() != 2 || ip.Track(2) != nil {
		t.Fatal("leave ignored")
	}
	if _, _, err := ip.ApplySnapshot(&pb.Snapshot{Tick: 4, Moves: []byte{0xff, 0x11}}, 4, step, now); err == nil {
		t.Fatal("moves with bits past the view list were accepted")
	}
}

func TestTickClockKeepsEarliestArrival(t *testing.T) {
	c := TickClock{Period: period}
	t0 := time.Unix(0, 0)
	c.Observe(10, t0.Add(10*period+40*time.Millisecond))
	c.Observe(11, t0.Add(11*period+5*time.Millisecond))
	c.Observe(12, t0.Add(12*period+60*time.Millisecond))
	got, _ := c.TickAt(t0.Add(11*period + 5*time.Millisecond))
	if math.Abs(got-11) > 0.05 {
		t.Fatalf("tick %v, want about 11 (late packets should barely move the estimate)", got)
	}
}
