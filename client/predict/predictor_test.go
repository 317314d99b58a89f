package predict

import (
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// The predictor is tested against the real authoritative room (server/room), stepped by hand, with
// messages delayed by whole ticks in each direction: what the server computes is the reference.

// member collects the frames the room sends. Embedding the interface keeps the test compiling when
// the room grows methods this test never triggers.
type member struct {
	room.Member
	frames [][]byte
	in     *room.Room
}

func (m *member) Send(_ *room.Room, f []byte) bool  { m.frames = append(m.frames, f); return true }
func (m *member) Closed() bool                      { return false }
func (m *member) Enter(r *room.Room, _ uint64) bool { m.in = r; return true }
func (m *member) Room() *room.Room                  { return m.in }

type nopMetrics struct{ room.Metrics }

func (nopMetrics) ObserveTick(string, time.Duration) {}
func (nopMetrics) CommandDropped(string)             {}
func (nopMetrics) Panicked(string)                   {}

type nopFlusher struct{}

func (nopFlusher) Flush()   {}
func (nopFlusher) Hold()    {}
func (nopFlusher) Release() {}

type nodir struct{}

func (nodir) Room(string) (*room.Room, bool) { return nil, false }

// openRoom is a 20x12 hall with walls round the edge, a pillar block in the middle, and extra blocked
// tiles where asked.
func openRoom(extra ...world.Tile) *world.Room {
	const w, h = 20, 12
	blocked := make([]bool, w*h)
	for y := range int32(h) {
		for x := range int32(w) {
			blocked[y*w+x] = x == 0 || y == 0 || x == w-1 || y == h-1 || (x >= 9 && x <= 10 && y >= 4 && y <= 6)
		}
	}
	for _, t := range extra {
		blocked[t.Y*w+t.X] = true
	}
	spawn := world.Zone{Kind: world.ZoneSpawn, Name: "default", Rect: world.Rect{Min: world.Tile{X: 3, Y: 5}.Center(), Max: world.Tile{X: 3, Y: 5}.Center().Add(world.Vec{X: 1, Y: 1})}}
	r := world.NewRoom("hall", "Hall", w, h, blocked, []world.Zone{spawn})
	return r
}

// harness runs one client against a server room with fixed or jittered delays.
type harness struct {
	t        *testing.T
	srv      *room.Room
	m        *member
	p        *Predictor
	ip       *Interp
	self     uint32
	serverAt world.Vec
	up       map[int][]func() // by server tick: intents arriving
	down     map[int][][]byte // by local tick: frames arriving
	tick     int
	seq      uint32
	upDelay  func() int
	downTick int
	maxJump  float64 // largest display move between two frames
	lastX    float64
	lastY    float64
	frames   int
}

func newHarness(t *testing.T, serverRoom, clientRoom *world.Room, up func() int, down int) *harness {
	t.Helper()
	cfg := room.DefaultConfig()
	h := &harness{t: t, m: &member{}, up: map[int][]func(){}, down: map[int][][]byte{}, upDelay: up, downTick: down}
	h.srv = room.New(serverRoom, cfg, nodir{}, nopFlusher{}, nopMetrics{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := h.srv.Join(h.m, room.Profile{UserID: "u1", Name: "Ada"}, 0, "", "join", nil, nil); err != nil {
		t.Fatal(err)
	}
	h.srv.Step()
	var joined *pb.Joined
	for _, f := range h.m.frames {
		msg, err := protocol.DecodeServer(f)
		if err != nil {
			t.Fatal(err)
		}
		if j := msg.GetJoined(); j != nil {
			joined = j
		}
	}
	if joined == nil {
		t.Fatal("no Joined")
	}
	h.m.frames = nil
	h.serverAt = world.Vec{X: joined.X, Y: joined.Y}
	h.self = joined.SelfSlot
	h.ip = NewInterp(period)
	h.ip.Join(h.self, joined.Tick, h.serverAt)
	h.p = New(clientRoom, h.serverAt, world.StepPerTick(cfg.Speed, cfg.TickHz))
	h.lastX, h.lastY = h.p.Display(0)
	return h
}

func (h *harness) move(dx, dy int8) {
	h.seq++
	in := Intent{Seq: h.seq, Dir: world.Dir{X: dx, Y: dy}}
	h.p.Intend(in)
	at := h.tick + 1 + h.upDelay()
	h.up[at] = append(h.up[at], func() { _ = h.srv.Move("u1", in.Seq, in.Dir) })
}

func (h *harness) walk(to world.Vec) {
	h.seq++
	in := Intent{Seq: h.seq, Walk: true, Target: to}
	h.p.Intend(in)
	at := h.tick + 1 + h.upDelay()
	h.up[at] = append(h.up[at], func() { _ = h.srv.WalkTo("u1", in.Seq, in.Target) })
}

// run advances n ticks: the client ticks, arriving intents reach the room, the room steps, and
// snapshots due now reach the client; three frames are drawn per tick.
func (h *harness) run(n int) {
	for range n {
		h.tick++
		h.p.Tick()
		for _, f := range h.up[h.tick] {
			f()
		}
		delete(h.up, h.tick)
		h.srv.Step()
		if len(h.m.frames) > 0 {
			h.down[h.tick+h.downTick] = append(h.down[h.tick+h.downTick], h.m.frames...)
			h.m.frames = nil
		}
		for _, f := range h.down[h.tick] {
			msg, err := protocol.DecodeServer(f)
			if err != nil {
				h.t.Fatal(err)
			}
			s := msg.GetSnapshot()
			if s == nil {
				continue
			}
			pos, _, err := h.ip.ApplySnapshot(s, h.self, h.p.step, time.Now())
			if err != nil {
				h.t.Fatal(err)
			}
			h.serverAt = pos
			h.p.Server(s.GetTick(), s.GetAckSeq(), h.serverAt)
		}
		delete(h.down, h.tick)
		for f := range 3 {
			h.p.Smooth(1.0 / 60)
			x, y := h.p.Display(float64(f) / 3)
			h.maxJump = max(h.maxJump, math.Hypot(x-h.lastX, y-h.lastY))
			h.lastX, h.lastY = x, y
			h.frames++
		}
	}
}

// script drives a walk with turns, into walls and around the pillar.
func (h *harness) script() {
	h.move(1, 0)
	h.run(9)
	h.move(1, 1)
	h.run(7)
	h.move(0, -1)
	h.run(25) // into the top wall: slides and stops
	h.move(-1, 0)
	h.run(3)
	h.move(0, 0)
	h.run(4)
	h.walk(world.Tile{X: 15, Y: 8}.Center())
	h.run(60)
	h.move(-1, -1)
	h.run(11)
	h.move(0, 0)
	h.run(30)
}

func TestPredictionAgreesWithServer(t *testing.T) {
	for _, lat := range []int{0, 1, 3, 6} {
		r := openRoom()
		h := newHarness(t, r, r, func() int { return lat }, lat)
		h.script()
		t.Logf("latency %d: ended at %v after %d frames, max frame move %.1f units", lat, h.p.Pos(), h.frames, h.maxJump)
		if h.p.Corrections != 0 {
			t.Errorf("latency %d ticks: %d corrections, want none when the server agrees", lat, h.p.Corrections)
		}
		if h.p.Pos() != h.serverAt {
			t.Errorf("latency %d: predicted %v, server %v", lat, h.p.Pos(), h.serverAt)
		}
		step := float64(world.StepPerTick(world.DefaultSpeed, 20))
		if h.maxJump > step/3+0.5 {
			t.Errorf("latency %d: display jumped %.1f units in one frame, want at most a third of a step (%.1f)", lat, h.maxJump, step/3)
		}
	}
}

func TestPredictionSmoothsJitter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	r := openRoom()
	h := newHarness(t, r, r, func() int { return 2 + rng.IntN(3) }, 2)
	h.script()
	t.Logf("%d corrections, %d snaps, max frame move %.1f units", h.p.Corrections, h.p.Snaps, h.maxJump)
	if h.p.Corrections == 0 {
		t.Fatal("expected jitter to cause corrections")
	}
	if h.p.Pos() != h.serverAt {
		t.Errorf("after settling: predicted %v, server %v", h.p.Pos(), h.serverAt)
	}
	if h.p.Snaps != 0 {
		t.Errorf("%d snaps for one-tick timing errors, want them smoothed", h.p.Snaps)
	}
	// A one-tick disagreement is 12 units; smoothing spreads it, so no frame moves much more than a
	// normal frame's walk plus a fraction of the error.
	if h.maxJump > 9 {
		t.Errorf("display jumped %.1f units in one frame, want smooth corrections", h.maxJump)
	}
}

func TestPredictionCorrectsDisagreement(t *testing.T) {
	// The server has a wall at x=6 that the client's map lacks: the client walks on, the server stops.
	var wall []world.Tile
	for y := int32(1); y < 11; y++ {
		wall = append(wall, world.Tile{X: 6, Y: y})
	}
	h := newHarness(t, openRoom(wall...), openRoom(), func() int { return 2 }, 2)
	h.move(1, 0)
	h.run(40)
	h.move(0, 0)
	h.run(10)
	if h.p.Corrections == 0 {
		t.Fatal("no correction although the server disagreed")
	}
	if h.p.Pos() != h.serverAt {
		t.Fatalf("predicted %v, server %v: the prediction did not converge", h.p.Pos(), h.serverAt)
	}
	if got := h.serverAt.X; got >= 6*world.Unit {
		t.Fatalf("server let the avatar through the wall: x=%d", got)
	}
}

func TestPredictionRecoversUnknownStart(t *testing.T) {
	// Before any intent is acknowledged, a snapshot placing you elsewhere is taken as the truth.
	r := openRoom()
	p := New(r, world.Tile{X: 3, Y: 5}.Center(), 12)
	p.Tick()
	at := world.Tile{X: 4, Y: 5}.Center()
	if !p.Server(5, 0, at) || p.Pos() != at {
		t.Fatalf("pos %v, want %v", p.Pos(), at)
	}
	if x, _ := p.Display(1); x == float64(at.X) {
		t.Fatal("the correction was not smoothed")
	}
	for range 60 {
		p.Smooth(1.0 / 60)
	}
	if x, y := p.Display(1); x != float64(at.X) || y != float64(at.Y) {
		t.Fatalf("display %v,%v did not settle on %v", x, y, at)
	}
}

func TestStepper(t *testing.T) {
	s := Stepper{Period: 50 * time.Millisecond}
	total := 0
	for range 60 {
		n, a := s.Advance(time.Second / 60)
		total += n
		if a < 0 || a >= 1 {
			t.Fatalf("alpha %v out of range", a)
		}
	}
	if total < 19 || total > 20 {
		t.Fatalf("%d ticks in one second at 20 Hz", total)
	}
	if n, _ := s.Advance(10 * time.Second); n != maxCatchUp {
		t.Fatalf("catch-up ran %d ticks, want %d", n, maxCatchUp)
	}
}
