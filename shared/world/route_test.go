package world_test

import (
	"os"
	"testing"

	"github.com/embassy-project/embassy/shared/world"
)

func TestDoorPath(t *testing.T) {
	w := loadDefault(t)
	f := goodWorld()
	f["attic.tmx"] = tmxMap{props: `<property name="capacity" type="int" value="5"/><property name="order" type="int" value="3"/>`, rows: tinyRows,
		zones: spawnAt(1, "default", 2, 2) + "\n" + doorAt(2, "down", 1, 4, "annex", "")}.String()
	small, err := world.Load(os.DirFS(writeWorld(t, f)))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		w        *world.World
		from, to string
		ok       bool
		rooms    []string // the room each door leads to, in order
	}{
		{w, "conference", "ambassador", true, []string{"reception", "entrance", "consular", "ambassador"}},
		{w, "gallery", "reception", true, []string{"entrance", "reception"}},
		{w, "entrance", "gallery", true, []string{"gallery"}},
		{w, "gallery", "gallery", true, nil},
		{w, "gallery", "attic", false, nil},
		{w, "cellar", "gallery", false, nil},
		{small, "attic", "hall", true, []string{"annex", "hall"}},
		{small, "hall", "attic", false, nil}, // no door leads into the attic
	}
	for _, tt := range tests {
		doors, ok := tt.w.DoorPath(tt.from, tt.to)
		if ok != tt.ok || len(doors) != len(tt.rooms) {
			t.Errorf("DoorPath(%s, %s) = %d doors, %v; want %d, %v", tt.from, tt.to, len(doors), ok, len(tt.rooms), tt.ok)
			continue
		}
		at := tt.from
		for i, d := range doors {
			if _, in := tt.w.Rooms[at].ZoneAt(d.Rect.Min, world.ZoneDoor); !in || d.Kind != world.ZoneDoor || d.Target != tt.rooms[i] {
				t.Errorf("DoorPath(%s, %s) door %d: %q in %s leads to %s, want a door in %s to %s", tt.from, tt.to, i, d.Name, at, d.Target, at, tt.rooms[i])
			}
			at = d.Target
		}
	}
}

func TestRoute(t *testing.T) {
	w := loadDefault(t)
	conf, amb := w.Rooms["conference"], w.Rooms["ambassador"]
	legs, ok := w.Route("conference", conf.Spawn(""), "ambassador", amb.Spawn(""))
	if !ok || len(legs) != 5 {
		t.Fatalf("Route(conference -> ambassador) = %d legs, %v; want 5 legs", len(legs), ok)
	}
	for i, leg := range legs {
		end := leg.Path[len(leg.Path)-1]
		if i == len(legs)-1 {
			if leg.Door != nil || end != amb.Spawn("") {
				t.Errorf("last leg ends at %v (door %v), want the destination %v", end, leg.Door, amb.Spawn(""))
			}
			continue
		}
		if !leg.Door.Rect.Contains(end) {
			t.Errorf("leg %d in %s ends at %v, outside door %s", i, leg.Room, end, leg.Door.Name)
		}
		if next := legs[i+1]; next.Room != leg.Door.Target || next.From != w.Rooms[next.Room].Spawn(leg.Door.TargetSpawn) {
			t.Errorf("leg %d starts in %s at %v, want %s at the spawn %q", i+1, next.Room, next.From, leg.Door.Target, leg.Door.TargetSpawn)
		}
	}
	if legs, ok := w.Route("gallery", w.Rooms["gallery"].Spawn(""), "gallery", world.Vec{}); ok {
		t.Errorf("Route to a wall = %+v, want not ok", legs)
	}
	same, ok := w.Route("gallery", w.Rooms["gallery"].Spawn(""), "gallery", world.Tile{X: 6, Y: 21}.Center())
	if !ok || len(same) != 1 || same[0].Door != nil {
		t.Errorf("Route within the gallery = %+v, %v; want one leg", same, ok)
	}
}

func TestPathInto(t *testing.T) {
	// A 6x4 room walled round, with a pillar at (3,1). The zone covers (3,1)-(4,2): its centre lies on
	// the pillar's corner, so the path goes to the nearest reachable tile centre inside it.
	blocked := make([]bool, 6*4)
	for i := range blocked {
		x, y := i%6, i/6
		blocked[i] = x == 0 || y == 0 || x == 5 || y == 3 || (x == 3 && y == 1)
	}
	z := world.Zone{Kind: world.ZoneDoor, Name: "d", Rect: world.Rect{Min: world.Tile{X: 3, Y: 1}.Center().Sub(world.Vec{X: world.Unit / 2, Y: world.Unit / 2}),
		Max: world.Tile{X: 4, Y: 2}.Center().Add(world.Vec{X: world.Unit / 2, Y: world.Unit / 2})}}
	r := world.NewRoom("r", "R", 6, 4, blocked, []world.Zone{z})
	from := world.Tile{X: 1, Y: 2}.Center()
	path, ok := r.PathInto(from, &r.Zones[0])
	if !ok || path[len(path)-1] != (world.Tile{X: 3, Y: 2}).Center() {
		t.Errorf("PathInto = %v, %v; want a path ending at the centre of tile 3,2", path, ok)
	}
	inside := world.Tile{X: 4, Y: 1}.Center()
	if path, ok := r.PathInto(inside, &r.Zones[0]); !ok || len(path) != 1 || path[0] != inside {
		t.Errorf("PathInto from inside = %v, %v; want to stay", path, ok)
	}
	shut := world.NewRoom("s", "S", 6, 4, append([]bool(nil), blocked...), []world.Zone{{Kind: world.ZoneDoor, Rect: world.Rect{Min: world.Vec{}, Max: world.Vec{X: world.Unit, Y: world.Unit}}}})
	if path, ok := shut.PathInto(from, &shut.Zones[0]); ok {
		t.Errorf("PathInto a zone on the wall = %v, want not ok", path)
	}
}
