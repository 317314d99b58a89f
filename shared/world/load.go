package world

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"strings"

	"github.com/lafriks/go-tiled"
)

// ErrInvalidWorld is wrapped by every error about a world that loaded but does not make sense.
var ErrInvalidWorld = errors.New("invalid world")

// MaxRoomTiles bounds a room's side so that positions and grids stay small.
const MaxRoomTiles = 1024

// Load reads every *.tmx in the root of fsys as a room (its id is the file's base name) and checks
// that the embassy hangs together: doors lead to existing rooms and spawns, spawns stand on floor. It
// gathers the tours drawn in the maps into World.Tours and checks that each can be walked.
func Load(fsys fs.FS) (*World, error) {
	names, err := fs.Glob(fsys, "*.tmx")
	if err != nil {
		return nil, fmt.Errorf("list maps: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: no .tmx maps found", ErrInvalidWorld)
	}
	rooms := make([]*Room, 0, len(names))
	tours := make([]*mapTours, 0, len(names))
	for _, name := range names {
		r, t, err := loadRoom(fsys, name)
		if err != nil {
			return nil, err
		}
		rooms = append(rooms, r)
		tours = append(tours, t)
	}
	w := NewWorld(rooms...)
	if err := w.Validate(fsys); err != nil {
		return nil, err
	}
	if err := w.buildTours(tours); err != nil {
		return nil, err
	}
	return w, nil
}

// LoadRoom parses one Tiled map. It checks the tour stops drawn in it as well, but only Load puts
// tours together, since a tour may cross several maps.
func LoadRoom(fsys fs.FS, name string) (*Room, error) {
	r, _, err := loadRoom(fsys, name)
	return r, err
}

func loadRoom(fsys fs.FS, name string) (*Room, *mapTours, error) {
	m, err := tiled.LoadFile(name, tiled.WithFileSystem(fsys))
	if err != nil {
		return nil, nil, fmt.Errorf("load map %s: %w", name, err)
	}
	id := strings.TrimSuffix(path.Base(name), ".tmx")
	if m.Width <= 0 || m.Height <= 0 || m.Width > MaxRoomTiles || m.Height > MaxRoomTiles {
		return nil, nil, fmt.Errorf("%w: map %s is %dx%d tiles, want 1..%d", ErrInvalidWorld, name, m.Width, m.Height, MaxRoomTiles)
	}
	if m.TileWidth != TilePixels || m.TileHeight != TilePixels {
		return nil, nil, fmt.Errorf("%w: map %s has %dx%d px tiles, want %d", ErrInvalidWorld, name, m.TileWidth, m.TileHeight, TilePixels)
	}
	w, h := int32(m.Width), int32(m.Height)
	blocked := make([]bool, w*h)
	collides := tileCollisions(m)
	for _, l := range m.Layers {
		all := l.Properties.GetBool("collides")
		for i, t := range l.Tiles {
			if i >= len(blocked) || t == nil || t.Nil {
				continue
			}
			if all || (t.Tileset != nil && collides[t.Tileset][t.ID]) {
				blocked[i] = true
			}
		}
	}
	var zones []Zone
	for _, g := range m.ObjectGroups {
		for _, o := range g.Objects {
			rect := objectRect(o)
			switch g.Name {
			case "collision":
				markRect(blocked, w, h, rect)
			case "zones":
				z, err := zoneFromObject(o, rect)
				if err != nil {
					return nil, nil, fmt.Errorf("map %s: %w", name, err)
				}
				zones = append(zones, z)
			}
		}
	}
	r := NewRoom(id, m.Properties.GetString("name"), w, h, blocked, zones)
	if r.Name == "" {
		r.Name = id
	}
	r.MapFile = name
	r.Order = m.Properties.GetInt("order")
	r.Capacity = m.Properties.GetInt("capacity")
	if r.Capacity <= 0 {
		return nil, nil, fmt.Errorf("%w: map %s: property capacity must be a positive int", ErrInvalidWorld, name)
	}
	t, err := parseTours(fsys, name, m, r)
	if err != nil {
		return nil, nil, err
	}
	return r, t, nil
}

func tileCollisions(m *tiled.Map) map[*tiled.Tileset]map[uint32]bool {
	out := make(map[*tiled.Tileset]map[uint32]bool, len(m.Tilesets))
	for _, ts := range m.Tilesets {
		set := make(map[uint32]bool)
		for _, t := range ts.Tiles {
			if t.Properties.GetBool("collides") {
				set[t.ID] = true
			}
		}
		out[ts] = set
	}
	return out
}

func objectRect(o *tiled.Object) Rect {
	toUnits := func(px float64) int32 { return int32(math.Round(px * Unit / TilePixels)) }
	r := Rect{Min: Vec{toUnits(o.X), toUnits(o.Y)}, Max: Vec{toUnits(o.X + o.Width), toUnits(o.Y + o.Height)}}
	if r.Max.X == r.Min.X { // a point object: make it one unit wide so it can be contained
		r.Max.X++
	}
	if r.Max.Y == r.Min.Y {
		r.Max.Y++
	}
	return r
}

func markRect(blocked []bool, w, h int32, r Rect) {
	minT, maxT := r.Min.Tile(), Vec{r.Max.X - 1, r.Max.Y - 1}.Tile()
	for y := max(minT.Y, 0); y <= min(maxT.Y, h-1); y++ {
		for x := max(minT.X, 0); x <= min(maxT.X, w-1); x++ {
			blocked[y*w+x] = true
		}
	}
}

func zoneFromObject(o *tiled.Object, rect Rect) (Zone, error) {
	kind := o.Class
	if kind == "" {
		kind = o.Type
	}
	z := Zone{
		Kind:        ZoneKind(kind),
		Name:        o.Name,
		Rect:        rect,
		Title:       o.Properties.GetString("title"),
		TextFile:    o.Properties.GetString("text_file"),
		Image:       o.Properties.GetString("image"),
		Target:      o.Properties.GetString("target"),
		TargetSpawn: o.Properties.GetString("target_spawn"),
	}
	switch z.Kind {
	case ZoneSpawn, ZoneStage, ZonePrivate, ZoneQuiet:
	case ZoneDoor:
		if z.Target == "" {
			return z, fmt.Errorf("%w: door %q (object %d) has no target", ErrInvalidWorld, o.Name, o.ID)
		}
	case ZoneExhibit, ZoneInfo:
		if z.Title == "" || z.TextFile == "" {
			return z, fmt.Errorf("%w: %s %q (object %d) needs title and text_file", ErrInvalidWorld, kind, o.Name, o.ID)
		}
	default:
		return z, fmt.Errorf("%w: zone %q (object %d) has unknown class %q", ErrInvalidWorld, o.Name, o.ID, kind)
	}
	return z, nil
}

// Validate checks references between rooms and files: doors, spawns, exhibit texts and images.
func (w *World) Validate(fsys fs.FS) error {
	for _, r := range w.Ordered {
		for _, z := range r.Zones {
			var err error
			switch z.Kind {
			case ZoneDoor:
				t, ok := w.Rooms[z.Target]
				switch {
				case !ok:
					err = fmt.Errorf("door %q leads to unknown room %q", z.Name, z.Target)
				case z.TargetSpawn != "" && !t.hasSpawn(z.TargetSpawn):
					err = fmt.Errorf("door %q leads to unknown spawn %q in %s", z.Name, z.TargetSpawn, z.Target)
				}
			case ZoneSpawn:
				if c := z.Rect.Center(); !r.Fits(c) {
					err = fmt.Errorf("spawn %q is on or too close to a wall for an avatar to stand there", z.Name)
				}
			case ZoneExhibit, ZoneInfo:
				err = checkFile(fsys, z.TextFile)
				if err == nil && z.Image != "" {
					err = checkFile(fsys, z.Image)
				}
			}
			if err != nil {
				return fmt.Errorf("%w: room %s: %w", ErrInvalidWorld, r.ID, err)
			}
		}
	}
	return nil
}

func (r *Room) hasSpawn(name string) bool {
	for _, z := range r.Zones {
		if z.Kind == ZoneSpawn && z.Name == name {
			return true
		}
	}
	return false
}

func checkFile(fsys fs.FS, name string) error {
	if !fs.ValidPath(name) {
		return fmt.Errorf("file %q: not a valid path inside the world", name)
	}
	if _, err := fs.Stat(fsys, name); err != nil {
		return fmt.Errorf("file %q: %w", name, err)
	}
	return nil
}
