package room

import (
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// testMember records every frame the room sends it.
type testMember struct {
	mu        sync.Mutex
	frames    [][]byte
	closed    atomic.Bool
	room      atomic.Pointer[Room]
	keep      bool         // false: count bytes only (benchmarks)
	elsewhere []string     // rooms on other nodes it was sent to
	panics    atomic.Int32 // Send panics while this is positive (tests of the room's recovery)
	bytes     atomic.Int64
	latest    bool          // Enter accepts only the latest request made with ask, as a session does
	joinSeq   atomic.Uint64 // the latest request, when latest is set
}

func (m *testMember) Send(from *Room, b []byte) bool {
	if from != nil && m.room.Load() != nil && from != m.room.Load() {
		return false // the session's rule: nothing from a room it has left
	}
	if m.panics.Add(-1) >= 0 {
		panic("member exploded")
	}
	m.bytes.Add(int64(len(b)))
	if m.keep {
		m.mu.Lock()
		m.frames = append(m.frames, b)
		m.mu.Unlock()
	}
	return true
}
func (m *testMember) Closed() bool { return m.closed.Load() }
func (m *testMember) Enter(r *Room, seq uint64) bool {
	if m.latest && seq != m.joinSeq.Load() {
		return false
	}
	m.room.Store(r)
	return true
}
func (m *testMember) Room() *Room { return m.room.Load() }
func (m *testMember) Elsewhere(room, spawn string) {
	m.mu.Lock()
	m.elsewhere = append(m.elsewhere, room+"/"+spawn)
	m.mu.Unlock()
}

// ask posts a join to r the way the gateway does: numbered, so that only the latest may move m.
func (m *testMember) ask(t testing.TB, r *Room, p Profile) {
	t.Helper()
	m.latest = true
	if err := r.Join(m, p, m.joinSeq.Add(1), "", "join", nil, nil); err != nil {
		t.Fatal(err)
	}
}

// messages decodes and clears the frames received so far.
func (m *testMember) messages(t testing.TB) []*pb.ServerMessage {
	t.Helper()
	m.mu.Lock()
	frames := m.frames
	m.frames = nil
	m.mu.Unlock()
	out := make([]*pb.ServerMessage, 0, len(frames))
	for _, f := range frames {
		msg, err := protocol.DecodeServer(f)
		if err != nil {
			t.Fatalf("room sent an undecodable frame: %v", err)
		}
		out = append(out, msg)
	}
	return out
}

type nopMetrics struct{}

func (nopMetrics) ObserveTick(string, time.Duration) {}
func (nopMetrics) CommandDropped(string)             {}
func (nopMetrics) Panicked(string)                   {}

// countingMetrics counts panics.
type countingMetrics struct {
	nopMetrics
	panics atomic.Int32
}

func (c *countingMetrics) Panicked(string) { c.panics.Add(1) }

type dir map[string]*Room

func (d dir) Room(id string) (*Room, bool) { r, ok := d[id]; return r, ok }

// openRoom is a w x h room walled around its edge, with a spawn at its centre.
func openRoom(id string, w, h int32, capacity int, zones ...world.Zone) *world.Room {
	blocked := make([]bool, w*h)
	for y := int32(0); y < h; y++ {
		for x := int32(0); x < w; x++ {
			blocked[y*w+x] = x == 0 || y == 0 || x == w-1 || y == h-1
		}
	}
	zones = append(zones, world.Zone{Kind: world.ZoneSpawn, Name: "default",
		Rect: world.Rect{Min: world.Tile{X: w / 2, Y: h / 2}.Center(), Max: world.Tile{X: w / 2, Y: h / 2}.Center().Add(world.Vec{X: 1, Y: 1})}})
	r := world.NewRoom(id, id, w, h, blocked, zones)
	r.Capacity = capacity
	r.MapFile = id + ".tmx"
	return r
}

func tileRect(x0, y0, x1, y1 int32) world.Rect {
	return world.Rect{Min: world.Vec{X: x0 * world.Unit, Y: y0 * world.Unit}, Max: world.Vec{X: x1 * world.Unit, Y: y1 * world.Unit}}
}

func newTestRoom(def *world.Room, d dir) *Room {
	r := New(def, DefaultConfig(), d, nil, nopMetrics{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if d != nil {
		d[def.ID] = r
	}
	return r
}

func profile(name string) Profile { return Profile{UserID: "id-" + name, Name: name} }

// observer is a member with a client-side view of what the room sent it.
type observer struct {
	*testMember
	t    testing.TB
	view *client.View
	all  []*pb.ServerMessage // every message synced so far
}

func newObserver(t testing.TB, r *Room, name string) *observer {
	t.Helper()
	o := &observer{testMember: &testMember{keep: true}, t: t, view: client.NewView()}
	welcome := &pb.ServerMessage{Msg: &pb.ServerMessage_Welcome{Welcome: &pb.Welcome{
		UserId: "id-" + name, Name: name, StepPerTick: uint32(r.step), TickHz: uint32(r.cfg.TickHz),
	}}}
	if err := o.view.Apply(welcome, time.Now()); err != nil {
		t.Fatal(err)
	}
	return o
}

// sync applies everything received so far to the observer's view and returns the messages.
func (o *observer) sync() []*pb.ServerMessage {
	o.t.Helper()
	msgs := o.messages(o.t)
	o.all = append(o.all, msgs...)
	for _, m := range msgs {
		if err := o.view.Apply(m, time.Now()); err != nil {
			o.t.Fatalf("view cannot apply %T: %v", m.Msg, err)
		}
	}
	return msgs
}

// sees reports whether the observer's view has an avatar called name, and where.
func (o *observer) sees(name string) (world.Vec, bool) {
	if a := o.view.ByName(name); a != nil {
		return a.Pos, true
	}
	return world.Vec{}, false
}

// place teleports a member's avatar (tests only: clients cannot).
func place(r *Room, name string, p world.Vec) {
	r.teleport(r.st.byID["id-"+name], p)
}

// aliceAndBob joins alice and bob to r at its spawn, runs a tick and applies what they received.
func aliceAndBob(t *testing.T, r *Room) (alice, bob *observer) {
	t.Helper()
	alice, bob = newObserver(t, r, "alice"), newObserver(t, r, "bob")
	join(t, r, alice, "alice")
	join(t, r, bob, "bob")
	r.Step()
	alice.sync()
	bob.sync()
	return alice, bob
}

// receptionHall is the default embassy's Reception Hall, as the server loads it.
func receptionHall(tb testing.TB) *world.Room {
	tb.Helper()
	w, err := world.Load(assets.World)
	if err != nil {
		tb.Fatal(err)
	}
	return w.Rooms["reception"]
}

func steps(r *Room, n int) {
	for i := 0; i < n; i++ {
		r.Step()
	}
}
