package world_test

import (
	"testing"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/shared/world"
)

func loadDefault(t *testing.T) *world.World {
	t.Helper()
	w, err := world.Load(assets.World)
	if err != nil {
		t.Fatalf("Load(assets.World): %v", err)
	}
	return w
}

func TestDefaultTours(t *testing.T) {
	w := loadDefault(t)
	if got := tourIDs(w); len(got) != 2 || got[0] != "embassy-in-ten-stops" || got[1] != "cyber-norms" {
		t.Fatalf("default tours = %v, want embassy-in-ten-stops (starts in the entrance) then cyber-norms", got)
	}
	ten, _ := w.Tour("embassy-in-ten-stops")
	if ten.Title != "The embassy in ten stops" || len(ten.Stops) != 10 {
		t.Errorf("%s: title %q, %d stops; want The embassy in ten stops, 10", ten.ID, ten.Title, len(ten.Stops))
	}
	if ten.Stops[0].Room != w.Arrival().ID {
		t.Errorf("%s starts in %s, not where visitors arrive (%s)", ten.ID, ten.Stops[0].Room, w.Arrival().ID)
	}
	visited := map[string]bool{}
	for _, s := range ten.Stops {
		visited[s.Room] = true
	}
	for _, r := range w.Ordered {
		if !visited[r.ID] {
			t.Errorf("%s never visits room %s", ten.ID, r.ID)
		}
	}
	cyber, _ := w.Tour("cyber-norms")
	if cyber.Title != "Cyber diplomacy and the UN norms" || len(cyber.Stops) < 4 || len(cyber.Stops) > 6 {
		t.Errorf("%s: title %q, %d stops; want Cyber diplomacy and the UN norms, 4 to 6", cyber.ID, cyber.Title, len(cyber.Stops))
	}
	exhibits := map[string]bool{}
	for _, s := range cyber.Stops {
		if s.Room != "gallery" || s.Exhibit == "" || exhibits[s.Exhibit] {
			t.Errorf("%s stop %d %q: room %s, exhibit %q; want a different gallery exhibit at each stop", cyber.ID, s.Order, s.Title, s.Room, s.Exhibit)
		}
		exhibits[s.Exhibit] = true
	}
	if !exhibits["cyber_norms"] {
		t.Errorf("%s does not stop at the cyber norms board", cyber.ID)
	}
	for _, tour := range w.Tours {
		if tour.Description == "" {
			t.Errorf("%s has no description", tour.ID)
		}
		for i, s := range tour.Stops {
			checkStop(t, w, tour, s)
			if i > 0 && s.Order <= tour.Stops[i-1].Order {
				t.Errorf("%s: stop %q (order %d) comes after order %d", tour.ID, s.Title, s.Order, tour.Stops[i-1].Order)
			}
		}
	}
}

// checkStop wants a stop on walkable floor that can be walked to from its room's spawn, with a title
// and text, and, when it presents an exhibit, within reach of that exhibit.
func checkStop(t *testing.T, w *world.World, tour *world.Tour, s world.Stop) {
	t.Helper()
	r, ok := w.Rooms[s.Room]
	if !ok {
		t.Errorf("%s stop %d: unknown room %q", tour.ID, s.Order, s.Room)
		return
	}
	if r.Blocked(s.Pos.Tile()) || !r.Fits(s.Pos) {
		t.Errorf("%s stop %d %q at %v in %s: not walkable", tour.ID, s.Order, s.Title, s.Pos, s.Room)
	}
	if _, ok := r.FindPath(r.Spawn(""), s.Pos); !ok {
		t.Errorf("%s stop %d %q at %v in %s: cannot be walked to from the spawn", tour.ID, s.Order, s.Title, s.Pos, s.Room)
	}
	if s.Title == "" || len(s.Text) < 100 {
		t.Errorf("%s stop %d: title %q, %d characters of text", tour.ID, s.Order, s.Title, len(s.Text))
	}
	if s.Radius != world.DefaultStopRadius || !s.Reached(s.Room, s.Pos) {
		t.Errorf("%s stop %d: radius %d", tour.ID, s.Order, s.Radius)
	}
	if s.Exhibit == "" {
		return
	}
	for _, z := range r.Exhibits() {
		if z.Name == s.Exhibit {
			if !s.Reached(s.Room, z.Rect.Center()) {
				t.Errorf("%s stop %d stands at %v, out of reach of exhibit %s at %v", tour.ID, s.Order, s.Pos, z.Name, z.Rect.Center())
			}
			return
		}
	}
	t.Errorf("%s stop %d: no exhibit %q in %s", tour.ID, s.Order, s.Exhibit, s.Room)
}

// TestDefaultToursWalk walks every default tour from stop to stop with the movement rules the
// server runs, going through doors where the route says: each stop is reached, each door taken is
// the one planned, and no other door is entered on the way.
func TestDefaultToursWalk(t *testing.T) {
	w := loadDefault(t)
	step := world.StepPerTick(world.DefaultSpeed, 20)
	for _, tour := range w.Tours {
		doorways := 0
		for i := 1; i < len(tour.Stops); i++ {
			from, to := tour.Stops[i-1], tour.Stops[i]
			legs, ok := w.Route(from.Room, from.Pos, to.Room, to.Pos)
			if !ok {
				t.Errorf("%s: no route from stop %d (%s) to stop %d (%s)", tour.ID, from.Order, from.Room, to.Order, to.Room)
				continue
			}
			doors, _ := w.DoorPath(from.Room, to.Room)
			if len(legs) != len(doors)+1 {
				t.Errorf("%s: %d legs for %d doors", tour.ID, len(legs), len(doors))
			}
			room, pos := from.Room, from.Pos
			for j, leg := range legs {
				if leg.Room != room || leg.From != pos {
					t.Fatalf("%s stop %d leg %d starts in %s at %v, but the walker is in %s at %v", tour.ID, to.Order, j, leg.Room, leg.From, room, pos)
				}
				var end *world.Zone
				pos, end = walk(t, w.Rooms[room], pos, leg.Path, step)
				if end != leg.Door {
					t.Fatalf("%s stop %d leg %d in %s: walking ended in door %v, want %v", tour.ID, to.Order, j, room, end, leg.Door)
				}
				if end != nil {
					room, pos = end.Target, w.Rooms[end.Target].Spawn(end.TargetSpawn)
					doorways++
				}
			}
			if !to.Reached(room, pos) {
				t.Errorf("%s: walked to %s %v, not at stop %d %v", tour.ID, room, pos, to.Order, to.Pos)
			}
		}
		if tour.ID == "embassy-in-ten-stops" && doorways < 5 {
			t.Errorf("%s goes through %d doorways, want at least one into each room", tour.ID, doorways)
		}
	}
}

// walk follows path from p as the server's rooms step a walker, until the path ends or the walker
// enters a door, which it returns.
func walk(t *testing.T, r *world.Room, p world.Vec, path []world.Vec, step int32) (world.Vec, *world.Zone) {
	t.Helper()
	wk := world.Walker{Pos: p, Path: path}
	for tick := 0; len(wk.Path) > 0 && tick < 100_000; tick++ {
		if !wk.Step(r, step) {
			continue
		}
		if door, in := r.ZoneAt(wk.Pos, world.ZoneDoor); in {
			return wk.Pos, door
		}
	}
	if len(wk.Path) > 0 {
		t.Fatalf("%s: the walker from %v never finished its path", r.ID, p)
	}
	return wk.Pos, nil
}

func TestStopReached(t *testing.T) {
	s := world.Stop{Room: "gallery", Pos: world.Vec{X: 640, Y: 640}, Radius: 2 * world.Unit}
	tests := []struct {
		room string
		p    world.Vec
		want bool
	}{
		{"gallery", s.Pos, true},
		{"gallery", world.Vec{X: 640 + 128, Y: 640}, true},
		{"gallery", world.Vec{X: 640 + 129, Y: 640}, false},
		{"gallery", world.Vec{X: 640 + 90, Y: 640 + 90}, true},
		{"gallery", world.Vec{X: 640 + 91, Y: 640 + 91}, false},
		{"entrance", s.Pos, false},
	}
	for _, tt := range tests {
		if got := s.Reached(tt.room, tt.p); got != tt.want {
			t.Errorf("Reached(%s, %v) = %v, want %v", tt.room, tt.p, got, tt.want)
		}
	}
}
