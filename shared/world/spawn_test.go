package world

import "testing"

// checkSpots wants every spot to fit, keep clear of doors, and stand at least a metre from every
// other spot.
func checkSpots(t *testing.T, r *Room, a *Arrivals) {
	t.Helper()
	seen := map[Vec]bool{}
	for i, p := range a.Spots {
		if !r.Fits(p) {
			t.Errorf("spot %d %v does not fit an avatar", i, p)
		}
		if _, in := r.ZoneAt(p, ZoneDoor); in || r.nearDoor(p) {
			t.Errorf("spot %d %v is in or next to a door", i, p)
		}
		if seen[p] {
			t.Errorf("spot %d %v is listed twice", i, p)
		}
		seen[p] = true
	}
	for i, p := range a.Spots {
		for _, q := range a.Spots[i+1:] {
			if p.Dist2(q) < int64(Unit)*int64(Unit) {
				t.Fatalf("spots %v and %v are less than a metre apart", p, q)
			}
		}
	}
}

func TestArrivalsFillTheZoneFirst(t *testing.T) {
	zone := Zone{Kind: ZoneSpawn, Name: "default", Rect: tileRect(4, 4, 8, 8)} // 5 x 5 m
	r := openRoom(t, 14, 14, zone)
	a := r.Arrivals("")
	checkSpots(t, r, a)
	if a.Zone == nil || a.Zone.Name != "default" {
		t.Fatalf("Arrivals(\"\") is for zone %v, want the default spawn", a.Zone)
	}
	if a.Spots[0] != r.Spawn("") {
		t.Errorf("first spot %v, want the spawn's centre %v", a.Spots[0], r.Spawn(""))
	}
	if a.Inside != 25 {
		t.Errorf("Inside = %d, want 25 (one spot per square metre of a 5 x 5 zone)", a.Inside)
	}
	if want := 12 * 12; len(a.Spots) != want {
		t.Errorf("%d spots, want %d: every walkable tile of the room", len(a.Spots), want)
	}
	for i, p := range a.Spots {
		if in := r.Zones[0].Rect.Contains(p); in != (i < a.Inside) {
			t.Errorf("spot %d %v inside the zone: %v, want %v", i, p, in, i < a.Inside)
		}
		if i > 0 && i != a.Inside && p.Dist2(a.Spots[0]) < a.Spots[i-1].Dist2(a.Spots[0]) {
			t.Errorf("spot %d %v is nearer the centre than spot %d %v", i, p, i-1, a.Spots[i-1])
		}
	}
}

func TestArrivalsStayOnTheSpawnsSideOfWalls(t *testing.T) {
	door := Zone{Kind: ZoneDoor, Name: "out", Target: "x", Rect: tileRect(1, 4, 1, 4)}
	spawn := Zone{Kind: ZoneSpawn, Name: "s", Rect: tileRect(3, 2, 3, 2)} // one tile
	r := gridRoom(t, []Zone{door, spawn},
		"##########",
		"#....#...#",
		"#....#...#",
		"#....#...#",
		"#....#...#",
		"##########",
	)
	a := r.Arrivals("s")
	checkSpots(t, r, a)
	if a.Inside != 1 || a.Spots[0] != (Tile{3, 2}.Center()) {
		t.Fatalf("Inside = %d, first spot %v; want 1 at the spawn tile's centre", a.Inside, a.Spots[0])
	}
	// 16 floor tiles west of the wall, less the door's tile and its three neighbours.
	if len(a.Spots) != 12 {
		t.Errorf("%d spots, want 12", len(a.Spots))
	}
	for _, p := range a.Spots {
		if p.Tile().X >= 5 {
			t.Errorf("spot %v lies beyond the wall", p)
		}
	}
}

func TestArrivalsWithoutASpawnZone(t *testing.T) {
	r := openRoom(t, 5, 5)
	a := r.Arrivals("anything")
	checkSpots(t, r, a)
	if a.Zone != nil || len(a.Spots) != 9 || a.Spots[0] != r.Spawn("") {
		t.Errorf("zone %v, %d spots starting at %v; want no zone, 9 spots from %v", a.Zone, len(a.Spots), a.Spots[0], r.Spawn(""))
	}
	solid := gridRoom(t, nil, "##", "##")
	if a := solid.Arrivals(""); len(a.Spots) != 1 || a.Spots[0] != solid.Spawn("") {
		t.Errorf("a solid room offers %v, want only Spawn", a.Spots)
	}
}

func TestArrivalsAreBounded(t *testing.T) {
	r := openRoom(t, 60, 60, Zone{Kind: ZoneSpawn, Name: "default", Rect: tileRect(30, 30, 30, 30)})
	a := r.Arrivals("")
	if len(a.Spots) != MaxArrivalSpots {
		t.Fatalf("%d spots, want %d", len(a.Spots), MaxArrivalSpots)
	}
	// Nearest first: the spots fill a disc round the spawn.
	last := a.Spots[len(a.Spots)-1].Dist2(a.Spots[0])
	if r2 := int64(26*Unit) * int64(26*Unit); last > r2 {
		t.Errorf("the last spot is %v units² away, want a compact disc (within 26 m)", last)
	}
}
