package room

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"testing"

	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

func join(t *testing.T, r *Room, o *observer, name string) {
	t.Helper()
	if err := r.Join(o, profile(name), 0, "", "join", nil, nil); err != nil {
		t.Fatal(err)
	}
}

func TestJoinShowsEachOther(t *testing.T) {
	r := newTestRoom(openRoom("hall", 30, 20, 10), dir{})
	alice, bob := aliceAndBob(t, r)
	if alice.view.Room != "hall" || alice.view.Self() == nil {
		t.Fatalf("alice did not get Joined: room %q", alice.view.Room)
	}
	if _, ok := alice.sees("bob"); !ok {
		t.Error("alice does not see bob")
	}
	if _, ok := bob.sees("alice"); !ok {
		t.Error("bob does not see alice")
	}
	if alice.room.Load() != r {
		t.Error("member was not told its room")
	}
	if r.Occupants() != 2 {
		t.Errorf("occupants = %d, want 2", r.Occupants())
	}
}

func TestMovementIsAuthoritativeAndEveryoneAgrees(t *testing.T) {
	def := openRoom("hall", 30, 20, 10)
	r := newTestRoom(def, dir{})
	alice, bob := aliceAndBob(t, r)
	start := def.Spawn("")
	if err := r.Move("id-alice", 7, world.Dir{X: 1, Y: 1}); err != nil {
		t.Fatal(err)
	}
	steps(r, 10)
	alice.sync()
	bob.sync()
	want := start
	for i := 0; i < 10; i++ {
		want = def.Step(want, world.Dir{X: 1, Y: 1}, r.step)
	}
	if got := alice.view.Self().Pos; got != want {
		t.Errorf("alice's own authoritative position = %v, want %v", got, want)
	}
	if got, _ := bob.sees("alice"); got != want {
		t.Errorf("bob sees alice at %v, want %v", got, want)
	}
	if alice.view.Ack != 7 {
		t.Errorf("ack = %d, want 7", alice.view.Ack)
	}
	// Holding a direction into a wall stops at the wall and stays inside the room.
	_ = r.Move("id-alice", 8, world.Dir{X: 1})
	steps(r, 200)
	alice.sync()
	bob.sync()
	p := alice.view.Self().Pos
	if !def.Fits(p) || p.X < (def.W-2)*world.Unit {
		t.Errorf("alice at %v after walking into the east wall: fits=%v", p, def.Fits(p))
	}
	if got, _ := bob.sees("alice"); got != p {
		t.Errorf("bob sees alice at %v, alice is at %v", got, p)
	}
}

func TestWalkToFollowsPathOrRefuses(t *testing.T) {
	def := openRoom("hall", 30, 20, 10)
	// A wall across the room with a gap at the top.
	for y := int32(3); y < 19; y++ {
		def = withBlocked(def, world.Tile{X: 20, Y: y})
	}
	r := newTestRoom(def, dir{})
	alice := newObserver(t, r, "alice")
	join(t, r, alice, "alice")
	r.Step()
	target := world.Tile{X: 25, Y: 10}.Center()
	if err := r.WalkTo("id-alice", 1, target); err != nil {
		t.Fatal(err)
	}
	steps(r, 400)
	alice.sync()
	if got := alice.view.Self().Pos; got != target {
		t.Fatalf("walked to %v, want %v", got, target)
	}
	_ = r.WalkTo("id-alice", 2, world.Tile{X: 20, Y: 10}.Center()) // inside the wall
	r.Step()
	var refused *pb.Refused
	for _, m := range alice.sync() {
		if x := m.GetRefused(); x != nil {
			refused = x
		}
	}
	if refused == nil || refused.Code != pb.RefuseCode_REFUSE_UNREACHABLE || refused.Ref != 2 {
		t.Errorf("walking into a wall: refusal %v, want UNREACHABLE for seq 2", refused)
	}
}

// withBlocked returns a copy of def with tile t blocked.
func withBlocked(def *world.Room, t world.Tile) *world.Room {
	blocked := make([]bool, def.W*def.H)
	for y := int32(0); y < def.H; y++ {
		for x := int32(0); x < def.W; x++ {
			blocked[y*def.W+x] = def.Blocked(world.Tile{X: x, Y: y}) || (world.Tile{X: x, Y: y} == t)
		}
	}
	r := world.NewRoom(def.ID, def.Name, def.W, def.H, blocked, def.Zones)
	r.Capacity, r.MapFile = def.Capacity, def.MapFile
	return r
}

func TestInterestManagement(t *testing.T) {
	def := openRoom("reception", 120, 40, 200)
	r := newTestRoom(def, dir{})
	viewer := newObserver(t, r, "viewer")
	join(t, r, viewer, "viewer")
	far := newObserver(t, r, "far")
	join(t, r, far, "far")
	crowd := make([]*observer, 60)
	for i := range crowd {
		crowd[i] = newObserver(t, r, "c"+string(rune('A'+i/26))+string(rune('a'+i%26)))
		join(t, r, crowd[i], crowd[i].view.Welcome.Name)
	}
	r.Step()
	place(r, "viewer", world.Tile{X: 10, Y: 20}.Center())
	place(r, "far", world.Tile{X: 10 + r.cfg.ViewRadius + 20, Y: 20}.Center())
	for i := range crowd {
		place(r, crowd[i].view.Welcome.Name, world.Tile{X: 5 + int32(i%10), Y: 15 + int32(i/10)}.Center())
	}
	steps(r, int(r.refreshEvery())+1)
	viewer.sync()
	if _, ok := viewer.sees("far"); ok {
		t.Error("viewer sees an avatar beyond the view radius")
	}
	// The cap is ViewMax, with up to a quarter more kept while they stay near (hysteresis).
	if got := len(viewer.view.Avatars) - 1; got < r.cfg.ViewMax || got > r.cfg.ViewMax*5/4 {
		t.Errorf("viewer sees %d others in a crowd of 60, want %d..%d", got, r.cfg.ViewMax, r.cfg.ViewMax*5/4)
	}
	// The nearest are the ones seen: everyone within 2 m is in view.
	for _, c := range crowd {
		p := r.st.byID["id-"+c.view.Welcome.Name].Pos
		if p.Dist2(world.Tile{X: 10, Y: 20}.Center()) <= int64(2*world.Unit*2*world.Unit) {
			if _, ok := viewer.sees(c.view.Welcome.Name); !ok {
				t.Errorf("viewer does not see %s standing %v away", c.view.Welcome.Name, p)
			}
		}
	}
	// Walk to the far avatar: it comes into view, the crowd goes out of view.
	place(r, "viewer", world.Tile{X: 10 + r.cfg.ViewRadius + 18, Y: 20}.Center())
	steps(r, int(r.refreshEvery())+1)
	viewer.sync()
	if _, ok := viewer.sees("far"); !ok {
		t.Error("viewer does not see the avatar it walked up to")
	}
	if got := len(viewer.view.Avatars); got != 2 {
		t.Errorf("viewer sees %d avatars away from the crowd, want 2 (itself and far)", got)
	}
	// Positions in every client's view match the server's.
	steps(r, 3)
	for _, o := range append(crowd, viewer, far) {
		o.sync()
		for _, a := range o.view.Avatars {
			if srv := r.st.slots[a.Slot]; srv == nil || srv.Pos != a.Pos {
				t.Fatalf("%s's view of slot %d is at %v, the server has it at %v", o.view.Welcome.Name, a.Slot, a.Pos, srv)
			}
		}
	}
}

func TestChatRanges(t *testing.T) {
	def := openRoom("hall", 100, 20, 10)
	r := newTestRoom(def, dir{})
	names := []string{"speaker", "near", "mid", "far"}
	obs := map[string]*observer{}
	for _, n := range names {
		obs[n] = newObserver(t, r, n)
		join(t, r, obs[n], n)
	}
	r.Step()
	place(r, "speaker", world.Tile{X: 10, Y: 10}.Center())
	place(r, "near", world.Tile{X: 18, Y: 10}.Center()) // 8 m
	place(r, "mid", world.Tile{X: 25, Y: 10}.Center())  // 15 m
	place(r, "far", world.Tile{X: 60, Y: 10}.Center())  // 50 m
	cases := []struct {
		kind  pb.ChatKind
		heard []string
	}{
		{pb.ChatKind_CHAT_WHISPER, []string{"speaker", "near"}},
		{pb.ChatKind_CHAT_SAY, []string{"speaker", "near", "mid"}},
		{pb.ChatKind_CHAT_SHOUT, []string{"speaker", "near", "mid", "far"}},
		{pb.ChatKind_CHAT_ANNOUNCE, []string{"speaker", "near", "mid", "far"}},
	}
	for _, c := range cases {
		for _, o := range obs {
			o.sync()
		}
		if err := r.Chat("id-speaker", c.kind, "hello "+c.kind.String()); err != nil {
			t.Fatal(err)
		}
		r.Step()
		heard := map[string]bool{}
		for _, n := range names {
			for _, m := range obs[n].sync() {
				if ev := m.GetChat(); ev != nil && ev.Text == "hello "+c.kind.String() && ev.FromName == "speaker" {
					heard[n] = true
				}
			}
		}
		for _, n := range names {
			want := false
			for _, h := range c.heard {
				want = want || h == n
			}
			if heard[n] != want {
				t.Errorf("%s: %s heard=%v, want %v", c.kind, n, heard[n], want)
			}
		}
	}
}

func TestDoorTakesYouToTheOtherRoomAndFullRoomsRefuse(t *testing.T) {
	door := world.Zone{Kind: world.ZoneDoor, Name: "to-b", Target: "b", TargetSpawn: "from_a", Rect: tileRect(28, 9, 29, 11)}
	spawnB := world.Zone{Kind: world.ZoneSpawn, Name: "from_a", Rect: tileRect(3, 10, 4, 11)}
	d := dir{}
	a := newTestRoom(openRoom("a", 30, 20, 10, door), d)
	b := newTestRoom(openRoom("b", 30, 20, 1, spawnB), d)
	walker, stayer := newObserver(t, a, "walker"), newObserver(t, a, "stayer")
	join(t, a, walker, "walker")
	join(t, a, stayer, "stayer")
	a.Step()
	stayer.sync()
	if _, ok := stayer.sees("walker"); !ok {
		t.Fatal("stayer does not see walker")
	}
	_ = a.Move("id-walker", 1, world.Dir{X: 1})
	for i := 0; i < 200 && walker.room.Load() != b; i++ {
		a.Step()
		b.Step()
	}
	b.Step()
	a.Step()
	walker.sync()
	stayer.sync()
	if walker.room.Load() != b || walker.view.Room != "b" {
		t.Fatalf("walker is in %q after walking through the door", walker.view.Room)
	}
	if got, want := walker.view.Self().Pos, tileRect(3, 10, 4, 11).Center(); got != want {
		t.Errorf("walker arrived at %v, want the spawn %v", got, want)
	}
	if _, ok := stayer.sees("walker"); ok {
		t.Error("stayer still sees walker after it left the room")
	}
	if a.Occupants() != 1 || b.Occupants() != 1 {
		t.Errorf("occupants a=%d b=%d, want 1 and 1", a.Occupants(), b.Occupants())
	}
	// b holds one: the next visitor walking through is stopped at the door and told why.
	_ = a.Move("id-stayer", 2, world.Dir{X: 1})
	var refused *pb.Refused
	for i := 0; i < 200 && refused == nil; i++ {
		a.Step()
		b.Step()
		for _, m := range stayer.sync() {
			refused = m.GetRefused()
		}
	}
	if refused == nil || refused.Code != pb.RefuseCode_REFUSE_ROOM_FULL {
		t.Fatalf("walking into a full room: refusal %v, want ROOM_FULL", refused)
	}
	if stayer.room.Load() != a {
		t.Error("stayer left its room although the target was full")
	}
}

func TestDisconnectedMembersAreSwept(t *testing.T) {
	r := newTestRoom(openRoom("hall", 30, 20, 10), dir{})
	alice, bob := aliceAndBob(t, r)
	bob.closed.Store(true)
	r.Step()
	alice.sync()
	if _, ok := alice.sees("bob"); ok {
		t.Error("alice still sees bob after bob disconnected")
	}
	if r.Occupants() != 1 {
		t.Errorf("occupants = %d, want 1", r.Occupants())
	}
	// bob's slot is reused by the next visitor, who arrives with a new profile.
	carol := newObserver(t, r, "carol")
	join(t, r, carol, "carol")
	steps(r, 2)
	alice.sync()
	if _, ok := alice.sees("carol"); !ok {
		t.Error("alice does not see carol")
	}
}

func TestFullRoomRefusesJoin(t *testing.T) {
	r := newTestRoom(openRoom("small", 10, 10, 1), dir{})
	a, b := newObserver(t, r, "a"), newObserver(t, r, "b")
	join(t, r, a, "a")
	join(t, r, b, "b")
	r.Step()
	var refused *pb.Refused
	for _, m := range b.sync() {
		if x := m.GetRefused(); x != nil {
			refused = x
		}
	}
	if refused == nil || refused.Code != pb.RefuseCode_REFUSE_ROOM_FULL || refused.Reason == "" {
		t.Fatalf("refusal = %v, want ROOM_FULL with a reason", refused)
	}
}

func TestDoorToARoomOnAnotherNode(t *testing.T) {
	door := world.Zone{Kind: world.ZoneDoor, Name: "to-far", Target: "far", TargetSpawn: "from_a", Rect: tileRect(28, 9, 29, 11)}
	a := newTestRoom(openRoom("a", 30, 20, 10, door), dir{}) // "far" is not in this node's directory
	walker := newObserver(t, a, "walker")
	join(t, a, walker, "walker")
	a.Step()
	_ = a.Move("id-walker", 1, world.Dir{X: 1})
	steps(a, 200)
	walker.mu.Lock()
	got := walker.elsewhere
	walker.mu.Unlock()
	if len(got) != 1 || got[0] != "far/from_a" {
		t.Fatalf("member was sent to %v, want [far/from_a]", got)
	}
	if a.Occupants() != 0 {
		t.Errorf("the avatar is still in the room it left (occupants %d)", a.Occupants())
	}
}

func TestEmotesAreSeenWithinTalkingRange(t *testing.T) {
	r := newTestRoom(openRoom("hall", 100, 20, 10), dir{})
	obs := map[string]*observer{}
	for _, n := range []string{"dancer", "near", "far"} {
		obs[n] = newObserver(t, r, n)
		join(t, r, obs[n], n)
	}
	r.Step()
	place(r, "dancer", world.Tile{X: 10, Y: 10}.Center())
	place(r, "near", world.Tile{X: 20, Y: 10}.Center())
	place(r, "far", world.Tile{X: 60, Y: 10}.Center())
	r.Step()
	if err := r.Emote("id-dancer", pb.Gesture_GESTURE_APPLAUD); err != nil {
		t.Fatal(err)
	}
	r.Step()
	for n, want := range map[string]bool{"dancer": true, "near": true, "far": false} {
		got := false
		for _, m := range obs[n].sync() {
			if e := m.GetEmote(); e != nil && e.Gesture == pb.Gesture_GESTURE_APPLAUD {
				got = true
			}
		}
		if got != want {
			t.Errorf("%s saw the applause: %v, want %v", n, got, want)
		}
	}
}

// TestCrowdViewsAgreeWithServer runs a crowd large enough for the parallel view workers and checks,
// with the race detector, that every client's view matches the server exactly.
func TestCrowdViewsAgreeWithServer(t *testing.T) {
	r := newTestRoom(openRoom("reception", 80, 60, 1200), dir{})
	obs := make([]*observer, 2*minViewsPerWorker+50)
	for i := range obs {
		name := fmt.Sprintf("guest%03d", i)
		obs[i] = newObserver(t, r, name)
		join(t, r, obs[i], name)
	}
	r.Step()
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range obs {
		place(r, fmt.Sprintf("guest%03d", i), world.Tile{X: 1 + rng.Int32N(30), Y: 1 + rng.Int32N(30)}.Center())
	}
	for tick := 0; tick < 30; tick++ {
		for j := 0; j < 40; j++ {
			_ = r.Move(fmt.Sprintf("id-guest%03d", rng.IntN(len(obs))), uint32(tick+1), world.Dir{X: int8(rng.IntN(3) - 1), Y: int8(rng.IntN(3) - 1)})
		}
		r.Step()
	}
	for _, o := range obs {
		o.sync()
		if n := len(o.view.Avatars) - 1; n < r.cfg.ViewMax {
			t.Fatalf("%s sees %d others in a crowd, want at least %d", o.view.Welcome.Name, n, r.cfg.ViewMax)
		}
		self := r.st.byID["id-"+o.view.Welcome.Name]
		want := map[uint32]bool{self.slot: true} // what the server believes this client sees
		for wi, w := range self.view.vis {
			eachBit(wi, w, func(slot uint32) { want[slot] = true })
		}
		if len(want) != len(o.view.Avatars) {
			t.Fatalf("%s has %d avatars in its view, the server thinks it shows %d", o.view.Welcome.Name, len(o.view.Avatars), len(want))
		}
		for _, a := range o.view.Avatars {
			srv := r.st.slots[a.Slot]
			if !want[a.Slot] || srv == nil {
				t.Fatalf("%s sees slot %d, which the server does not show it", o.view.Welcome.Name, a.Slot)
			}
			if srv.Pos != a.Pos {
				t.Fatalf("%s sees slot %d at %v; the server has it at %v", o.view.Welcome.Name, a.Slot, a.Pos, srv.Pos)
			}
		}
	}
}

func TestPanickingTickRestartsTheRoom(t *testing.T) {
	m := &countingMetrics{}
	r := New(openRoom("hall", 30, 20, 10), DefaultConfig(), dir{}, nil, m, slog.New(slog.NewTextHandler(io.Discard, nil)))
	alice, bob := aliceAndBob(t, r)
	bob.panics.Store(1) // bob's next Send panics inside the tick
	_ = r.Move("id-bob", 1, world.Dir{X: 1})
	r.safeStep()
	if m.panics.Load() != 1 {
		t.Fatalf("panics counted = %d, want 1", m.panics.Load())
	}
	// The room lives on: both are back in it, and it keeps ticking.
	r.safeStep()
	alice.sync()
	if alice.view.Joins != 2 {
		t.Errorf("alice joined %d times, want 2 (the restart re-admits everyone)", alice.view.Joins)
	}
	if r.Occupants() != 2 {
		t.Errorf("occupants after restart = %d, want 2", r.Occupants())
	}
	if _, ok := alice.sees("bob"); !ok {
		t.Error("alice does not see bob after the restart")
	}
}
