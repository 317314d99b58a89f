package room

import (
	"fmt"
	"testing"

	"github.com/embassy-project/embassy/shared/world"
)

// checkApart wants every position to fit an avatar and to stand at least a metre from every other.
func checkApart(t *testing.T, def *world.Room, pos map[string]world.Vec) {
	t.Helper()
	names := make([]string, 0, len(pos))
	for n := range pos {
		names = append(names, n)
	}
	for i, a := range names {
		if !def.Fits(pos[a]) {
			t.Errorf("%s arrived at %v, where an avatar does not fit", a, pos[a])
		}
		if _, in := def.ZoneAt(pos[a], world.ZoneDoor); in {
			t.Errorf("%s arrived at %v, inside a door", a, pos[a])
		}
		for _, b := range names[i+1:] {
			if d2 := pos[a].Dist2(pos[b]); d2 < int64(world.Unit)*int64(world.Unit) {
				t.Errorf("%s at %v and %s at %v arrived less than a metre apart", a, pos[a], b, pos[b])
			}
		}
	}
}

// joinMany joins n observers named prefix0.. in one tick and returns where each client was told it
// landed (and checks the server agrees).
func joinMany(t *testing.T, r *Room, prefix, spawn, via string, n int) map[string]world.Vec {
	t.Helper()
	obs := make([]*observer, n)
	for i := range obs {
		name := fmt.Sprintf("%s%d", prefix, i)
		obs[i] = newObserver(t, r, name)
		if err := r.Join(obs[i], profile(name), 0, spawn, via, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	r.Step()
	pos := map[string]world.Vec{}
	for _, o := range obs {
		o.sync()
		self := o.view.Self()
		if self == nil {
			t.Fatalf("%s was not admitted", o.view.Welcome.Name)
		}
		if srv := r.st.byID[o.view.Welcome.UserId].Pos; srv != self.Pos {
			t.Fatalf("%s was told it is at %v, the server has it at %v", o.view.Welcome.Name, self.Pos, srv)
		}
		pos[o.view.Welcome.Name] = self.Pos
	}
	return pos
}

func TestArrivalsInOneTickSpreadOverTheSpawnZone(t *testing.T) {
	zone := world.Zone{Kind: world.ZoneSpawn, Name: "default", Rect: tileRect(10, 6, 15, 11)} // 5 x 5 m
	def := openRoom("hall", 30, 20, 20, zone)
	r := newTestRoom(def, dir{})
	pos := joinMany(t, r, "guest", "", "join", 10)
	checkApart(t, def, pos)
	for n, p := range pos {
		if !zone.Rect.Contains(p) {
			t.Errorf("%s arrived at %v, outside the 5 x 5 m spawn zone", n, p)
		}
	}
	if pos["guest0"] != def.Spawn("") {
		t.Errorf("the first arrival landed at %v, want the spawn's centre %v", pos["guest0"], def.Spawn(""))
	}
}

func TestArrivalsAtAOneTileSpawnSpreadAroundIt(t *testing.T) {
	def := openRoom("hall", 30, 20, 20) // its spawn is a single tile
	r := newTestRoom(def, dir{})
	pos := joinMany(t, r, "guest", "", "join", 10)
	checkApart(t, def, pos)
	for n, p := range pos {
		if d2 := p.Dist2(def.Spawn("")); d2 > int64(3*world.Unit)*int64(3*world.Unit) {
			t.Errorf("%s arrived %v away from the spawn, want the nearest free spots", n, p)
		}
	}
	// A later arrival, once the first ones have walked off, lands on the spawn again.
	for n := range pos {
		_ = r.Move("id-"+n, 1, world.Dir{X: 1})
	}
	steps(r, 40)
	later := joinMany(t, r, "late", "", "join", 1)
	if later["late0"] != def.Spawn("") {
		t.Errorf("an arrival into an empty spawn landed at %v, want %v", later["late0"], def.Spawn(""))
	}
}

func TestDoorArrivalsSpreadOverTheArrivalArea(t *testing.T) {
	door := world.Zone{Kind: world.ZoneDoor, Name: "to-b", Target: "b", TargetSpawn: "from_a", Rect: tileRect(28, 9, 29, 11)}
	arrival := world.Zone{Kind: world.ZoneSpawn, Name: "from_a", Rect: tileRect(2, 8, 5, 13)} // 3 x 5 m
	d := dir{}
	a := newTestRoom(openRoom("a", 30, 20, 10, door), d)
	b := newTestRoom(openRoom("b", 30, 20, 10, arrival), d)
	obs := map[string]*observer{}
	for _, n := range []string{"w0", "w1", "w2", "w3"} {
		obs[n] = newObserver(t, a, n)
		join(t, a, obs[n], n)
	}
	a.Step()
	for n := range obs { // all four reach the door in the same tick
		place(a, n, world.Tile{X: 26, Y: 10}.Center())
		_ = a.Move("id-"+n, 1, world.Dir{X: 1})
	}
	for i := 0; i < 100 && b.Occupants() < len(obs); i++ {
		a.Step()
		b.Step()
	}
	pos := map[string]world.Vec{}
	for n, o := range obs {
		o.sync()
		if o.view.Room != "b" {
			t.Fatalf("%s is in %q, want b", n, o.view.Room)
		}
		pos[n] = o.view.Self().Pos
		if !arrival.Rect.Contains(pos[n]) {
			t.Errorf("%s arrived at %v, outside the door's arrival area", n, pos[n])
		}
	}
	checkApart(t, b.def, pos)
}

func TestACrowdLargerThanTheSpotsStillArrivesOnFloor(t *testing.T) {
	def := openRoom("box", 8, 8, 100) // 6 x 6 m of floor
	r := newTestRoom(def, dir{})
	spots := def.Arrivals("").Spots
	if len(spots) != 36 {
		t.Fatalf("%d spots in a 6 x 6 room, want 36", len(spots))
	}
	count := map[world.Vec]int{}
	for tick := 0; tick < 3; tick++ { // 90 people, in three ticks
		for n, p := range joinMany(t, r, fmt.Sprintf("t%d-", tick), "", "join", 30) {
			if !def.Fits(p) {
				t.Errorf("%s arrived at %v, where an avatar does not fit", n, p)
			}
			count[p]++
		}
	}
	for _, p := range spots {
		if count[p] < 2 || count[p] > 3 { // 90 over 36 spots: least crowded first means 2 or 3 each
			t.Errorf("spot %v holds %d people, want 2 or 3", p, count[p])
		}
	}
}

func TestRejoiningYourRoomRespawnsInPlace(t *testing.T) {
	def := openRoom("hall", 30, 20, 10)
	r := newTestRoom(def, dir{})
	alice, bob := aliceAndBob(t, r)
	slot := alice.view.SelfSlot
	_ = r.Move("id-alice", 1, world.Dir{X: 1})
	steps(r, 20)
	join(t, r, alice, "alice") // back to the spawn, the same avatar
	r.Step()
	alice.sync()
	bob.sync()
	spawn := def.Spawn("")
	got := r.st.byID["id-alice"]
	if got.slot != slot || alice.view.Joins != 1 {
		t.Errorf("rejoining: slot %d (was %d), %d Joined messages; want the same avatar respawned", got.slot, slot, alice.view.Joins)
	}
	if got.Pos != spawn {
		t.Errorf("alice respawned at %v, want the free spawn %v", got.Pos, spawn)
	}
	if p, ok := bob.sees("alice"); !ok || p != got.Pos {
		t.Errorf("bob sees alice at %v (%v), the server has her at %v", p, ok, got.Pos)
	}
	// Rejoining while standing on the spawn keeps you there; someone else on it sends you next to it.
	join(t, r, alice, "alice")
	r.Step()
	if p := r.st.byID["id-alice"].Pos; p != spawn {
		t.Errorf("rejoining on the spawn moved alice to %v", p)
	}
	place(r, "bob", spawn)
	place(r, "alice", world.Tile{X: 3, Y: 3}.Center())
	r.Step()
	join(t, r, alice, "alice")
	r.Step()
	if p := r.st.byID["id-alice"].Pos; p == spawn || p.Dist2(spawn) < int64(world.Unit)*int64(world.Unit) {
		t.Errorf("alice respawned at %v, on top of bob at %v", p, spawn)
	}
}

// TestAThousandGuestsArriveInTheReceptionHall fills the real Reception Hall: 1,000 guests arriving
// within a second, standing still, each on their own spot.
func TestAThousandGuestsArriveInTheReceptionHall(t *testing.T) {
	def := receptionHall(t)
	r := newTestRoom(def, dir{})
	for tick := 0; tick < 20; tick++ {
		for i := 0; i < 50; i++ {
			if err := r.Join(&testMember{}, profile(fmt.Sprintf("g%d-%d", tick, i)), 0, "", "join", nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		r.Step()
	}
	if r.Occupants() != 1000 {
		t.Fatalf("%d guests in the hall, want 1000", r.Occupants())
	}
	for _, a := range r.st.byID {
		if !def.Fits(a.Pos) {
			t.Fatalf("%s stands at %v, where an avatar does not fit", a.prof.Name, a.Pos)
		}
		if n := r.st.grid.crowd(a.Pos, spotClearance, a, 1); n != 0 {
			t.Fatalf("%s at %v has someone within a metre", a.prof.Name, a.Pos)
		}
	}
}
