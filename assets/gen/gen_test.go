package main

import (
	"bytes"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/lafriks/go-tiled"
)

// worldDir is the checked-in world, relative to this package.
const worldDir = "../world"

// loadedRoom is a room map reduced to what the checks need.
type loadedRoom struct {
	id      string
	m       *tiled.Map
	blocked []bool
	zones   []*tiled.Object
}

func (r *loadedRoom) walkable(x, y int) bool {
	return x >= 0 && y >= 0 && x < r.m.Width && y < r.m.Height && !r.blocked[y*r.m.Width+x]
}

// tileRect returns an object's rectangle in tiles.
func tileRect(o *tiled.Object) (x, y, w, h int) {
	return int(o.X) / tileSize, int(o.Y) / tileSize, int(o.Width) / tileSize, int(o.Height) / tileSize
}

func zoneClass(o *tiled.Object) string {
	if o.Class != "" {
		return o.Class
	}
	return o.Type
}

func loadRooms(t *testing.T, fsys fs.FS) map[string]*loadedRoom {
	t.Helper()
	names, err := fs.Glob(fsys, "*.tmx")
	if err != nil || len(names) == 0 {
		t.Fatalf("no maps: %v", err)
	}
	rooms := map[string]*loadedRoom{}
	for _, name := range names {
		m, err := tiled.LoadFile(name, tiled.WithFileSystem(fsys))
		if err != nil {
			t.Fatalf("load %s: %v", name, err)
		}
		r := &loadedRoom{id: strings.TrimSuffix(name, ".tmx"), m: m, blocked: make([]bool, m.Width*m.Height)}
		for _, l := range m.Layers {
			all := l.Properties.GetBool("collides")
			for i, tl := range l.Tiles {
				if tl == nil || tl.Nil {
					continue
				}
				if all {
					r.blocked[i] = true
					continue
				}
				if st, err := tl.Tileset.GetTilesetTile(tl.ID); err == nil && st.Properties.GetBool("collides") {
					r.blocked[i] = true
				}
			}
		}
		for _, g := range m.ObjectGroups {
			if g.Name == "zones" {
				r.zones = append(r.zones, g.Objects...)
			}
		}
		rooms[r.id] = r
	}
	return rooms
}

// reachable floods walkable tiles from (x,y).
func (r *loadedRoom) reachable(x, y int) []bool {
	seen := make([]bool, len(r.blocked))
	if !r.walkable(x, y) {
		return seen
	}
	queue := [][2]int{{x, y}}
	seen[y*r.m.Width+x] = true
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, d := range [][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
			nx, ny := p[0]+d[0], p[1]+d[1]
			if r.walkable(nx, ny) && !seen[ny*r.m.Width+nx] {
				seen[ny*r.m.Width+nx] = true
				queue = append(queue, [2]int{nx, ny})
			}
		}
	}
	return seen
}

func (r *loadedRoom) spawn(name string) *tiled.Object {
	for _, z := range r.zones {
		if zoneClass(z) == "spawn" && z.Name == name {
			return z
		}
	}
	return nil
}

func TestWorld(t *testing.T) {
	fsys := os.DirFS(worldDir)
	rooms := loadRooms(t, fsys)
	want := []string{"ambassador", "conference", "consular", "entrance", "gallery", "reception"}
	var got []string
	for id := range rooms {
		got = append(got, id)
	}
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("rooms = %v, want %v", got, want)
	}
	for _, r := range rooms {
		t.Run(r.id, func(t *testing.T) { checkRoom(t, fsys, rooms, r) })
	}
	checkConnected(t, rooms)
}

func checkRoom(t *testing.T, fsys fs.FS, rooms map[string]*loadedRoom, r *loadedRoom) {
	p := r.m.Properties
	if p.GetString("name") == "" || p.GetInt("capacity") <= 0 || p.GetInt("order") <= 0 {
		t.Errorf("map properties name=%q capacity=%d order=%d", p.GetString("name"), p.GetInt("capacity"), p.GetInt("order"))
	}
	def := r.spawn("default")
	if def == nil {
		t.Fatal("no default spawn")
	}
	dx, dy, _, _ := tileRect(def)
	seen := r.reachable(dx, dy)
	for _, z := range r.zones {
		x, y, w, h := tileRect(z)
		class := zoneClass(z)
		switch class {
		case "spawn":
			checkSpawn(t, r, z)
		case "door":
			target, ok := rooms[z.Properties.GetString("target")]
			if !ok {
				t.Errorf("door %s: unknown target %q", z.Name, z.Properties.GetString("target"))
				continue
			}
			if target.spawn(z.Properties.GetString("target_spawn")) == nil {
				t.Errorf("door %s: no spawn %q in %s", z.Name, z.Properties.GetString("target_spawn"), target.id)
			}
			if target.spawn("from_"+r.id) == nil || !hasDoorTo(target, r.id) {
				t.Errorf("door %s: %s has no door back", z.Name, target.id)
			}
		case "exhibit", "info":
			for _, k := range []string{"title", "text_file"} {
				if z.Properties.GetString(k) == "" {
					t.Errorf("%s %s: no %s", class, z.Name, k)
				}
			}
			if _, err := fs.Stat(fsys, z.Properties.GetString("text_file")); err != nil {
				t.Errorf("%s %s: %v", class, z.Name, err)
			}
			if img := z.Properties.GetString("image"); img != "" {
				checkImage(t, fsys, z.Name, img)
			}
		case "stage", "private", "quiet":
		default:
			t.Errorf("zone %s: unknown class %q", z.Name, class)
		}
		if x < 0 || y < 0 || w <= 0 || h <= 0 || x+w > r.m.Width || y+h > r.m.Height {
			t.Errorf("zone %s lies outside the map", z.Name)
			continue
		}
		all, any := true, false
		for ty := y; ty < y+h; ty++ {
			for tx := x; tx < x+w; tx++ {
				ok := seen[ty*r.m.Width+tx]
				all, any = all && ok, any || ok
			}
		}
		switch class {
		case "door", "exhibit", "info":
			if !all {
				t.Errorf("%s %s: not every tile is reachable from the default spawn", class, z.Name)
			}
		case "stage", "spawn":
			if !any {
				t.Errorf("%s %s: unreachable from the default spawn", class, z.Name)
			}
		}
	}
	if r.id == "reception" {
		n := 0
		for i := range r.blocked {
			if seen[i] {
				n++
			}
		}
		if n < 3000 {
			t.Errorf("reception has %d walkable tiles, want >= 3000", n)
		}
	}
}

// checkSpawn wants a spawn centred on floor with floor around it, mostly floor itself (arrivals are
// spread over it), and clear of every door.
func checkSpawn(t *testing.T, r *loadedRoom, z *tiled.Object) {
	x0, y0, w, h := tileRect(z)
	x, y := x0+w/2, y0+h/2
	for _, d := range [][2]int{{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
		if !r.walkable(x+d[0], y+d[1]) {
			t.Errorf("spawn %s centred at %d,%d: tile %d,%d is blocked", z.Name, x, y, x+d[0], y+d[1])
		}
	}
	free := 0
	for ty := y0; ty < y0+h; ty++ {
		for tx := x0; tx < x0+w; tx++ {
			if r.walkable(tx, ty) {
				free++
			}
		}
	}
	if 3*free < 2*w*h {
		t.Errorf("spawn %s: only %d of its %d tiles are floor", z.Name, free, w*h)
	}
	for _, o := range r.zones {
		ox, oy, ow, oh := tileRect(o)
		if zoneClass(o) == "door" && x0 < ox+ow && ox < x0+w && y0 < oy+oh && oy < y0+h {
			t.Errorf("spawn %s overlaps door %s", z.Name, o.Name)
		}
	}
}

// checkImage wants an exhibit image to be a PNG of a size an exhibit panel can show.
func checkImage(t *testing.T, fsys fs.FS, zone, name string) {
	t.Helper()
	f, err := fsys.Open(name)
	if err != nil {
		t.Errorf("exhibit %s: %v", zone, err)
		return
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Errorf("exhibit %s: image %s: %v", zone, name, err)
		return
	}
	if cfg.Width < 240 || cfg.Height < 160 || cfg.Width > 1024 || cfg.Height > 1024 {
		t.Errorf("exhibit %s: image %s is %dx%d", zone, name, cfg.Width, cfg.Height)
	}
}

func hasDoorTo(r *loadedRoom, target string) bool {
	for _, z := range r.zones {
		if zoneClass(z) == "door" && z.Properties.GetString("target") == target {
			return true
		}
	}
	return false
}

// checkConnected wants every room reachable through doors from the room with the lowest order.
func checkConnected(t *testing.T, rooms map[string]*loadedRoom) {
	first := ""
	for id, r := range rooms {
		if first == "" || r.m.Properties.GetInt("order") < rooms[first].m.Properties.GetInt("order") {
			first = id
		}
	}
	seen := map[string]bool{first: true}
	queue := []string{first}
	for len(queue) > 0 {
		r := rooms[queue[0]]
		queue = queue[1:]
		for _, z := range r.zones {
			if tg := z.Properties.GetString("target"); zoneClass(z) == "door" && !seen[tg] {
				seen[tg] = true
				queue = append(queue, tg)
			}
		}
	}
	for id := range rooms {
		if !seen[id] {
			t.Errorf("room %s is not reachable from %s", id, first)
		}
	}
}

// TestDeterministic regenerates the world and wants the checked-in files byte for byte.
func TestDeterministic(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, d := range dirs {
		if err := generate(d); err != nil {
			t.Fatal(err)
		}
	}
	err := fs.WalkDir(os.DirFS(dirs[0]), ".", func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		a, _ := os.ReadFile(filepath.Join(dirs[0], name))
		b, _ := os.ReadFile(filepath.Join(dirs[1], name))
		c, err := os.ReadFile(filepath.Join(worldDir, name))
		switch {
		case !bytes.Equal(a, b):
			t.Errorf("%s differs between two runs", name)
		case err != nil || !bytes.Equal(a, c):
			t.Errorf("%s in %s is stale: run go run ./assets/gen", name, worldDir)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTilesetClasses wants every tile to have a class and the sheet to be a whole number of rows.
func TestTilesetClasses(t *testing.T) {
	defs := catalog()
	seen := map[string]bool{}
	for id, d := range defs {
		if d.class == "" || d.name == "" || seen[d.name] {
			t.Errorf("tile %d: name %q class %q (duplicate or empty)", id, d.name, d.class)
		}
		seen[d.name] = true
	}
}

// TestImagesUsed wants every generated exhibit picture to hang on some exhibit.
func TestImagesUsed(t *testing.T) {
	used := map[string]bool{}
	for _, r := range rooms() {
		for _, z := range r.zones {
			for _, p := range z.props {
				if p[0] == "image" {
					used[p[1]] = true
				}
			}
		}
	}
	for _, e := range exhibitImages() {
		if !used[imagePath(e.name)] {
			t.Errorf("image %s is generated but no exhibit shows it", imagePath(e.name))
		}
	}
}
