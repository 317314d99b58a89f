package world

import (
	"slices"
	"strings"
	"testing"
)

// gridRoom builds a room from rows of text: '#' is blocked, anything else is floor.
func gridRoom(t testing.TB, zones []Zone, rows ...string) *Room {
	t.Helper()
	h, w := int32(len(rows)), int32(len(rows[0]))
	blocked := make([]bool, w*h)
	for y, row := range rows {
		if int32(len(row)) != w {
			t.Fatalf("row %d is %d wide, want %d", y, len(row), w)
		}
		for x, c := range row {
			blocked[int32(y)*w+int32(x)] = c == '#'
		}
	}
	return NewRoom("test", "Test", w, h, blocked, zones)
}

// openRoom is a w x h room with a wall round the edge.
func openRoom(t testing.TB, w, h int, zones ...Zone) *Room {
	t.Helper()
	rows := make([]string, h)
	for y := range rows {
		switch y {
		case 0, h - 1:
			rows[y] = strings.Repeat("#", w)
		default:
			rows[y] = "#" + strings.Repeat(".", w-2) + "#"
		}
	}
	return gridRoom(t, zones, rows...)
}

// tileRect is the rectangle covering tiles (x0,y0) to (x1,y1) inclusive.
func tileRect(x0, y0, x1, y1 int32) Rect {
	return Rect{Min: Vec{x0 * Unit, y0 * Unit}, Max: Vec{(x1 + 1) * Unit, (y1 + 1) * Unit}}
}

func TestFloorDivAndTile(t *testing.T) {
	tests := []struct {
		p    Vec
		want Tile
	}{
		{Vec{0, 0}, Tile{0, 0}},
		{Vec{63, 63}, Tile{0, 0}},
		{Vec{64, 127}, Tile{1, 1}},
		{Vec{-1, -64}, Tile{-1, -1}},
		{Vec{-65, -128}, Tile{-2, -2}},
		{Vec{-129, 128}, Tile{-3, 2}},
	}
	for _, tt := range tests {
		if got := tt.p.Tile(); got != tt.want {
			t.Errorf("%v.Tile() = %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := (Tile{2, -1}).Center(); got != (Vec{160, -32}) {
		t.Errorf("Tile{2,-1}.Center() = %v, want {160 -32}", got)
	}
}

func TestRectContains(t *testing.T) {
	r := Rect{Min: Vec{10, 20}, Max: Vec{30, 40}}
	tests := []struct {
		p    Vec
		want bool
	}{
		{Vec{10, 20}, true},  // Min inclusive
		{Vec{29, 39}, true},  // last inside
		{Vec{30, 39}, false}, // Max exclusive
		{Vec{29, 40}, false},
		{Vec{9, 25}, false},
		{Vec{15, 19}, false},
	}
	for _, tt := range tests {
		if got := r.Contains(tt.p); got != tt.want {
			t.Errorf("%v.Contains(%v) = %v, want %v", r, tt.p, got, tt.want)
		}
	}
}

func TestBlockedAndBounds(t *testing.T) {
	r := gridRoom(t, nil,
		"###",
		"#.#",
		"..#",
	)
	tests := []struct {
		t    Tile
		want bool
	}{
		{Tile{0, 0}, true},
		{Tile{1, 1}, false},
		{Tile{0, 2}, false},
		{Tile{2, 2}, true},
		{Tile{-1, 1}, true}, // outside the room
		{Tile{1, -1}, true},
		{Tile{3, 1}, true},
		{Tile{1, 3}, true},
	}
	for _, tt := range tests {
		if got := r.Blocked(tt.t); got != tt.want {
			t.Errorf("Blocked(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
	if got := r.WalkableTiles(); got != 3 {
		t.Errorf("WalkableTiles() = %d, want 3", got)
	}
	if got, want := r.Bounds(), (Rect{Max: Vec{3 * Unit, 3 * Unit}}); got != want {
		t.Errorf("Bounds() = %v, want %v", got, want)
	}
}

func TestNewRoomWrongGridSizeIsAllFloor(t *testing.T) {
	r := NewRoom("x", "X", 4, 3, []bool{true}, nil)
	if got := r.WalkableTiles(); got != 12 {
		t.Errorf("WalkableTiles() = %d, want 12", got)
	}
}

func TestZonesAtAndZoneAt(t *testing.T) {
	zones := []Zone{
		{Kind: ZoneStage, Name: "stage", Rect: tileRect(1, 1, 3, 2)},
		{Kind: ZoneQuiet, Name: "nook", Rect: Rect{Min: Vec{100, 100}, Max: Vec{110, 110}}}, // inside one tile
		{Kind: ZoneStage, Name: "stage2", Rect: tileRect(3, 2, 4, 4)},                       // overlaps stage at (3,2)
		{Kind: ZoneSpawn, Name: "edge", Rect: Rect{Min: Vec{-100, -100}, Max: Vec{70, 70}}}, // hangs out of the room
	}
	r := openRoom(t, 8, 8, zones...)
	for i, z := range r.Zones {
		if z.Index != i {
			t.Errorf("Zones[%d].Index = %d", i, z.Index)
		}
	}
	tests := []struct {
		name  string
		p     Vec
		zones []int
	}{
		{"nothing", Tile{6, 6}.Center(), nil},
		{"stage", Tile{2, 1}.Center(), []int{0}},
		{"stage min corner", Vec{64, 64}, []int{0, 3}},
		{"stage just outside max", Vec{4 * Unit, 3*Unit - 1}, []int{2}},
		{"overlap", Tile{3, 2}.Center(), []int{0, 2}},
		{"quiet rect inside tile", Vec{105, 105}, []int{0, 1}},
		{"same tile outside small rect", Vec{110, 105}, []int{0}},
		{"partly outside room", Vec{10, 10}, []int{3}},
		{"outside room", Vec{-10, 10}, nil},
		{"far outside", Vec{9 * Unit, 2 * Unit}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.ZonesAt(tt.p)
			if !slices.Equal(got, tt.zones) {
				t.Errorf("ZonesAt(%v) = %v, want %v", tt.p, got, tt.zones)
			}
		})
	}

	zt := []struct {
		p      Vec
		kind   ZoneKind
		want   string // zone name, "" for none
		wantOK bool
	}{
		{Tile{3, 2}.Center(), ZoneStage, "stage", true}, // first of two
		{Tile{4, 3}.Center(), ZoneStage, "stage2", true},
		{Vec{105, 105}, ZoneQuiet, "nook", true},
		{Vec{110, 105}, ZoneQuiet, "", false},
		{Tile{2, 1}.Center(), ZonePrivate, "", false},
		{Vec{-1, 5}, ZoneSpawn, "", false},
		{Vec{5, 5}, ZoneSpawn, "edge", true},
	}
	for _, tt := range zt {
		z, ok := r.ZoneAt(tt.p, tt.kind)
		if ok != tt.wantOK || (ok && z.Name != tt.want) || (!ok && z != nil) {
			t.Errorf("ZoneAt(%v, %s) = %v, %v; want %q, %v", tt.p, tt.kind, z, ok, tt.want, tt.wantOK)
		}
		if ok && z != &r.Zones[z.Index] {
			t.Errorf("ZoneAt(%v, %s) does not point into Room.Zones", tt.p, tt.kind)
		}
	}
}

func TestSpawn(t *testing.T) {
	spawn := func(name string, x, y int32) Zone {
		return Zone{Kind: ZoneSpawn, Name: name, Rect: tileRect(x, y, x, y)}
	}
	other := Zone{Kind: ZoneStage, Name: "default", Rect: tileRect(5, 5, 5, 5)} // not a spawn
	tests := []struct {
		name  string
		zones []Zone
		ask   string
		want  Vec
	}{
		{"named", []Zone{spawn("a", 1, 1), spawn("default", 2, 2), spawn("b", 3, 3)}, "b", Tile{3, 3}.Center()},
		{"named before default", []Zone{spawn("b", 3, 3), spawn("default", 2, 2)}, "b", Tile{3, 3}.Center()},
		{"empty name uses default", []Zone{spawn("a", 1, 1), spawn("default", 2, 2)}, "", Tile{2, 2}.Center()},
		{"unknown name uses default", []Zone{spawn("a", 1, 1), spawn("default", 2, 2)}, "zzz", Tile{2, 2}.Center()},
		{"first default wins", []Zone{spawn("default", 4, 1), spawn("default", 2, 2)}, "", Tile{4, 1}.Center()},
		{"no default uses first", []Zone{other, spawn("a", 3, 1), spawn("b", 1, 3)}, "", Tile{3, 1}.Center()},
		{"no spawn uses first walkable tile", []Zone{other}, "a", Tile{1, 1}.Center()},
		{"spawn rect centre", []Zone{{Kind: ZoneSpawn, Name: "wide", Rect: tileRect(1, 2, 4, 2)}}, "wide", Vec{3 * Unit, 2*Unit + Unit/2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := openRoom(t, 7, 7, tt.zones...)
			if got := r.Spawn(tt.ask); got != tt.want {
				t.Errorf("Spawn(%q) = %v, want %v", tt.ask, got, tt.want)
			}
		})
	}
	t.Run("all blocked", func(t *testing.T) {
		r := gridRoom(t, nil, "##", "##")
		if got := r.Spawn(""); got != (Vec{}) {
			t.Errorf("Spawn in a solid room = %v, want zero", got)
		}
	})
}

func TestExhibits(t *testing.T) {
	r := openRoom(t, 6, 6,
		Zone{Kind: ZoneSpawn, Name: "s"},
		Zone{Kind: ZoneExhibit, Name: "e"},
		Zone{Kind: ZoneDoor, Name: "d"},
		Zone{Kind: ZoneInfo, Name: "i"},
	)
	var names []string
	for _, z := range r.Exhibits() {
		names = append(names, z.Name)
	}
	if !slices.Equal(names, []string{"e", "i"}) {
		t.Errorf("Exhibits() = %v, want [e i]", names)
	}
}

func TestNewWorldOrder(t *testing.T) {
	mk := func(id string, order int) *Room {
		r := NewRoom(id, id, 2, 2, nil, nil)
		r.Order = order
		return r
	}
	w := NewWorld(mk("c", 2), mk("b", 1), mk("a", 2), mk("z", 0))
	var ids []string
	for _, r := range w.Ordered {
		ids = append(ids, r.ID)
	}
	if !slices.Equal(ids, []string{"z", "b", "a", "c"}) {
		t.Errorf("Ordered = %v, want [z b a c]", ids)
	}
	if w.Arrival().ID != "z" {
		t.Errorf("Arrival() = %s, want z", w.Arrival().ID)
	}
	if len(w.Rooms) != 4 || w.Rooms["a"].ID != "a" {
		t.Errorf("Rooms index wrong: %v", w.Rooms)
	}
}
