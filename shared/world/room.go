package world

import "sort"

// ZoneKind names what a zone does; the values are the Tiled object classes.
type ZoneKind string

// The zone kinds a map may use (see assets/README.md).
const (
	ZoneSpawn   ZoneKind = "spawn"
	ZoneDoor    ZoneKind = "door"
	ZoneStage   ZoneKind = "stage"
	ZonePrivate ZoneKind = "private"
	ZoneQuiet   ZoneKind = "quiet"
	ZoneExhibit ZoneKind = "exhibit"
	ZoneInfo    ZoneKind = "info"
)

// Zone is a named area of a room with a meaning.
type Zone struct {
	Index       int // position in Room.Zones
	Kind        ZoneKind
	Name        string
	Rect        Rect
	Title       string // exhibit and info
	TextFile    string // exhibit and info: path under the world directory
	Image       string // exhibit: optional path under the world directory
	Target      string // door: room id
	TargetSpawn string // door: spawn name in the target room
}

// Room is one map of the embassy: its walls and zones. A Room is immutable after loading and safe to
// share between goroutines.
type Room struct {
	ID       string
	Name     string
	Order    int
	Capacity int
	MapFile  string // file name of the .tmx under the world directory
	W, H     int32  // size in tiles
	Zones    []Zone

	blocked   []bool      // W*H, true where an avatar may not stand
	tileZones [][]int     // W*H, indices into Zones covering each tile (nil for most tiles)
	arrivals  []*Arrivals // per zone index: a spawn zone's arrival spots, nil for other zones
	noSpawn   *Arrivals   // arrival spots of a room without spawn zones
}

// NewRoom builds a room from a blocked-tile grid (row-major, w*h) and zones. Loaders and tests use it.
func NewRoom(id, name string, w, h int32, blocked []bool, zones []Zone) *Room {
	r := &Room{ID: id, Name: name, W: w, H: h, blocked: blocked, Capacity: 100}
	if len(r.blocked) != int(w*h) {
		r.blocked = make([]bool, w*h)
	}
	r.tileZones = make([][]int, w*h)
	for i := range zones {
		zones[i].Index = i
		z := zones[i]
		minT, maxT := z.Rect.Min.Tile(), Vec{z.Rect.Max.X - 1, z.Rect.Max.Y - 1}.Tile()
		for y := max(minT.Y, 0); y <= min(maxT.Y, h-1); y++ {
			for x := max(minT.X, 0); x <= min(maxT.X, w-1); x++ {
				r.tileZones[y*w+x] = append(r.tileZones[y*w+x], i)
			}
		}
	}
	r.Zones = zones
	r.initArrivals()
	return r
}

// Bounds returns the room's extent in units.
func (r *Room) Bounds() Rect { return Rect{Max: Vec{r.W * Unit, r.H * Unit}} }

// Blocked reports whether tile t is a wall, furniture or outside the room.
func (r *Room) Blocked(t Tile) bool {
	if t.X < 0 || t.Y < 0 || t.X >= r.W || t.Y >= r.H {
		return true
	}
	return r.blocked[t.Y*r.W+t.X]
}

// WalkableTiles counts the tiles an avatar may stand on.
func (r *Room) WalkableTiles() int {
	n := 0
	for _, b := range r.blocked {
		if !b {
			n++
		}
	}
	return n
}

// ZonesAt returns the zones whose rectangle contains p. The slice must not be modified.
func (r *Room) ZonesAt(p Vec) []int {
	t := p.Tile()
	if t.X < 0 || t.Y < 0 || t.X >= r.W || t.Y >= r.H {
		return nil
	}
	var out []int
	for _, i := range r.tileZones[t.Y*r.W+t.X] {
		if r.Zones[i].Rect.Contains(p) {
			if len(out) == 0 {
				out = make([]int, 0, 2)
			}
			out = append(out, i)
		}
	}
	return out
}

// ZoneAt returns the first zone of kind k containing p.
func (r *Room) ZoneAt(p Vec, k ZoneKind) (*Zone, bool) {
	t := p.Tile()
	if t.X < 0 || t.Y < 0 || t.X >= r.W || t.Y >= r.H {
		return nil, false
	}
	for _, i := range r.tileZones[t.Y*r.W+t.X] {
		if z := &r.Zones[i]; z.Kind == k && z.Rect.Contains(p) {
			return z, true
		}
	}
	return nil, false
}

// Spawn returns the position of the spawn zone with the given name, the "default" spawn when name is
// empty or unknown, else the first spawn, else the first walkable tile. Arrivals spreads people
// around it.
func (r *Room) Spawn(name string) Vec {
	if z := r.spawnZone(name); z != nil {
		return z.Rect.Center()
	}
	for i, b := range r.blocked {
		if !b {
			return Tile{int32(i) % r.W, int32(i) / r.W}.Center()
		}
	}
	return Vec{}
}

// spawnZone returns the spawn zone with the given name, else the first "default" spawn, else the
// first spawn, else nil.
func (r *Room) spawnZone(name string) *Zone {
	var first, def *Zone
	for i := range r.Zones {
		z := &r.Zones[i]
		if z.Kind != ZoneSpawn {
			continue
		}
		if name != "" && z.Name == name {
			return z
		}
		if first == nil {
			first = z
		}
		if z.Name == "default" && def == nil {
			def = z
		}
	}
	if def != nil {
		return def
	}
	return first
}

// Exhibits returns the exhibit and info zones, the things a visitor can open and read.
func (r *Room) Exhibits() []*Zone {
	var out []*Zone
	for i := range r.Zones {
		if k := r.Zones[i].Kind; k == ZoneExhibit || k == ZoneInfo {
			out = append(out, &r.Zones[i])
		}
	}
	return out
}

// World is the whole embassy: its rooms by id and in display order, and the tours drawn in them.
type World struct {
	Rooms   map[string]*Room
	Ordered []*Room // by Order, then id; Ordered[0] is where visitors arrive
	Tours   []*Tour // in the order a visitor meets them: by the room of the first stop, then id (Load fills it)
}

// NewWorld indexes rooms and orders them.
func NewWorld(rooms ...*Room) *World {
	w := &World{Rooms: make(map[string]*Room, len(rooms)), Ordered: rooms}
	for _, r := range rooms {
		w.Rooms[r.ID] = r
	}
	sort.SliceStable(w.Ordered, func(i, j int) bool {
		if w.Ordered[i].Order != w.Ordered[j].Order {
			return w.Ordered[i].Order < w.Ordered[j].Order
		}
		return w.Ordered[i].ID < w.Ordered[j].ID
	})
	return w
}

// Arrival returns the room visitors arrive in.
func (w *World) Arrival() *Room { return w.Ordered[0] }
