package world_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/shared/world"
)

func TestLoadDefaultWorld(t *testing.T) {
	w, err := world.Load(assets.World)
	if err != nil {
		t.Fatalf("Load(assets.World): %v", err)
	}
	if len(w.Rooms) != 6 || len(w.Ordered) != 6 {
		t.Fatalf("default world has %d rooms (%d ordered), want 6", len(w.Rooms), len(w.Ordered))
	}
	if got := w.Arrival().ID; got != "entrance" {
		t.Errorf("Arrival() = %s, want entrance", got)
	}
	for i := 1; i < len(w.Ordered); i++ {
		if w.Ordered[i-1].Order > w.Ordered[i].Order {
			t.Errorf("Ordered is not by Order: %s (%d) before %s (%d)", w.Ordered[i-1].ID, w.Ordered[i-1].Order, w.Ordered[i].ID, w.Ordered[i].Order)
		}
	}
	reception, ok := w.Rooms["reception"]
	if !ok {
		t.Fatal("no reception room")
	}
	if reception.Capacity < 1000 {
		t.Errorf("reception capacity %d, want >= 1000", reception.Capacity)
	}
	if n := reception.WalkableTiles(); n < 3000 {
		t.Errorf("reception has %d walkable tiles, want >= 3000", n)
	}
	if n := reception.WalkableTiles(); n < reception.Capacity {
		t.Errorf("reception has %d walkable tiles for %d people", n, reception.Capacity)
	}
	for _, r := range w.Ordered {
		if r.Name == "" || r.MapFile != r.ID+".tmx" || r.Capacity <= 0 {
			t.Errorf("room %s: name %q, map file %q, capacity %d", r.ID, r.Name, r.MapFile, r.Capacity)
		}
		if !r.Fits(r.Spawn("")) {
			t.Errorf("room %s: default spawn %v does not fit an avatar", r.ID, r.Spawn(""))
		}
		doors := 0
		for _, z := range r.Zones {
			switch z.Kind {
			case world.ZoneDoor:
				doors++
				target, ok := w.Rooms[z.Target]
				if !ok {
					t.Errorf("room %s: door %q leads to unknown room %q", r.ID, z.Name, z.Target)
					continue
				}
				if target == r {
					t.Errorf("room %s: door %q leads back into the same room", r.ID, z.Name)
				}
				// Arriving through the door must put the avatar on floor, outside the target's doors
				// (else it would bounce straight back).
				p := target.Spawn(z.TargetSpawn)
				if !target.Fits(p) {
					t.Errorf("room %s: door %q arrives at %v in %s, which does not fit", r.ID, z.Name, p, z.Target)
				}
				if _, inDoor := target.ZoneAt(p, world.ZoneDoor); inDoor {
					t.Errorf("room %s: door %q arrives at %v in %s, inside a door", r.ID, z.Name, p, z.Target)
				}
				if _, reachable := r.FindPath(r.Spawn(""), z.Rect.Center()); !reachable && !doorReachable(r, z) {
					t.Errorf("room %s: door %q cannot be walked to from the default spawn", r.ID, z.Name)
				}
			case world.ZoneExhibit, world.ZoneInfo:
				if z.Title == "" || z.TextFile == "" {
					t.Errorf("room %s: exhibit %q has no title or text", r.ID, z.Name)
				}
			}
		}
		if doors == 0 {
			t.Errorf("room %s has no door", r.ID)
		}
	}
}

// doorReachable reports whether some walkable point inside a door zone can be reached from the
// room's default spawn (a door's centre may lie on a wall tile at the room's edge).
func doorReachable(r *world.Room, z world.Zone) bool {
	from := r.Spawn("")
	for y := z.Rect.Min.Y; y < z.Rect.Max.Y; y += world.Unit / 8 {
		for x := z.Rect.Min.X; x < z.Rect.Max.X; x += world.Unit / 8 {
			if _, ok := r.FindPath(from, world.Vec{X: x, Y: y}); ok {
				return true
			}
		}
	}
	return false
}

// tinyTileset has a floor tile (gid 1) and a wall tile (gid 2) that collides.
const tinyTileset = `<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.10" tiledversion="1.10.2" name="tiny" tilewidth="32" tileheight="32" tilecount="2" columns="2">
 <image source="tiny.png" width="64" height="32"/>
 <tile id="0" type="floor" class="floor"/>
 <tile id="1" type="wall" class="wall">
  <properties>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
</tileset>
`

// tmxMap describes a small test map: a floor layer of gid 1, a tile layer of walls (gid 2 round the
// edge and where rows say '#'), and zone objects written verbatim.
type tmxMap struct {
	tile       int    // tile size in px; 0 means 32
	props      string // map properties; "" means capacity 10
	rows       []string
	zones      string // <object> elements of the "zones" group
	collisions string // <object> elements of the "collision" group
	layerProps string // properties of an extra, all-colliding layer; "" for none
	extraLayer string // CSV rows of that layer
	tours      string // <object> elements of the "tours" group; "" for no such group
}

func (m tmxMap) String() string {
	tile := m.tile
	if tile == 0 {
		tile = 32
	}
	props := m.props
	if props == "" {
		props = `<property name="capacity" type="int" value="10"/>`
	}
	w, h := len(m.rows[0]), len(m.rows)
	csv := func(f func(c byte) int) string {
		var b strings.Builder
		for y, row := range m.rows {
			for x := range len(row) {
				if x > 0 {
					b.WriteByte(',')
				}
				fmt.Fprint(&b, f(row[x]))
			}
			if y < h-1 {
				b.WriteString(",\n")
			}
		}
		return b.String()
	}
	floor := csv(func(byte) int { return 1 })
	walls := csv(func(c byte) int {
		if c == '#' {
			return 2
		}
		return 0
	})
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<map version="1.10" tiledversion="1.10.2" orientation="orthogonal" renderorder="right-down" width="%d" height="%d" tilewidth="%d" tileheight="%d" infinite="0" nextlayerid="6" nextobjectid="20">
 <properties>
  %s
 </properties>
 <tileset firstgid="1" source="tiny.tsx"/>
 <layer id="1" name="floor" width="%d" height="%d">
  <data encoding="csv">
%s
  </data>
 </layer>
 <layer id="2" name="walls" width="%d" height="%d">
  <data encoding="csv">
%s
  </data>
 </layer>
`, w, h, tile, tile, props, w, h, floor, w, h, walls)
	if m.layerProps != "" {
		fmt.Fprintf(&b, ` <layer id="5" name="rail" width="%d" height="%d">
  <properties>
   %s
  </properties>
  <data encoding="csv">
%s
  </data>
 </layer>
`, w, h, m.layerProps, m.extraLayer)
	}
	fmt.Fprintf(&b, ` <objectgroup id="3" name="zones">
%s
 </objectgroup>
 <objectgroup id="4" name="collision">
%s
 </objectgroup>
`, m.zones, m.collisions)
	if m.tours != "" {
		fmt.Fprintf(&b, " <objectgroup id=\"6\" name=\"tours\">\n%s\n </objectgroup>\n", m.tours)
	}
	b.WriteString("</map>\n")
	return b.String()
}

var tinyRows = []string{
	"########",
	"#......#",
	"#......#",
	"#......#",
	"#......#",
	"########",
}

// spawnAt is a one-tile spawn zone object at tile (x, y).
func spawnAt(id int, name string, x, y int) string {
	return fmt.Sprintf(`  <object id="%d" name="%s" type="spawn" class="spawn" x="%d" y="%d" width="32" height="32"/>`, id, name, x*32, y*32)
}

// doorAt is a one-tile door object at tile (x, y) leading to target (and spawn, when not empty).
func doorAt(id int, name string, x, y int, target, spawn string) string {
	props := ""
	if target != "" {
		props += fmt.Sprintf(`<property name="target" value="%s"/>`, target)
	}
	if spawn != "" {
		props += fmt.Sprintf(`<property name="target_spawn" value="%s"/>`, spawn)
	}
	return fmt.Sprintf(`  <object id="%d" name="%s" type="door" class="door" x="%d" y="%d" width="32" height="32"><properties>%s</properties></object>`, id, name, x*32, y*32, props)
}

// writeWorld writes files (name -> content) into a fresh directory, with the tiny tileset.
func writeWorld(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	all := map[string]string{"tiny.tsx": tinyTileset}
	for k, v := range files {
		all[k] = v
	}
	for name, content := range all {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// goodWorld is a valid two-room world: hall (the arrival) and annex, with doors both ways and an
// exhibit in the hall.
func goodWorld() map[string]string {
	hall := tmxMap{
		props: `<property name="capacity" type="int" value="50"/><property name="name" value="The Hall"/><property name="order" type="int" value="1"/>`,
		rows: []string{
			"########",
			"#......#",
			"#..#...#",
			"#......#",
			"#......#",
			"########",
		},
		zones: strings.Join([]string{
			spawnAt(1, "default", 1, 1),
			spawnAt(2, "from_annex", 5, 3),
			doorAt(3, "to_annex", 6, 4, "annex", "from_hall"),
			`  <object id="4" name="poster" type="exhibit" class="exhibit" x="64" y="96" width="64" height="32"><properties><property name="title" value="A Poster"/><property name="text_file" value="texts/poster.md"/><property name="image" value="texts/poster.png"/></properties></object>`,
			`  <object id="5" name="hush" type="quiet" class="quiet" x="32" y="32" width="96" height="64"/>`,
		}, "\n"),
		collisions: `  <object id="6" x="192" y="32" width="32" height="32"/>`, // tile (6,1)
	}
	annex := tmxMap{
		props: `<property name="capacity" type="int" value="5"/><property name="order" type="int" value="2"/>`,
		rows:  tinyRows,
		zones: strings.Join([]string{
			spawnAt(1, "from_hall", 2, 2),
			doorAt(2, "back", 1, 4, "hall", ""),
		}, "\n"),
		layerProps: `<property name="collides" type="bool" value="true"/>`,
		extraLayer: "0,0,0,0,0,0,0,0,\n0,0,0,0,0,0,0,0,\n0,0,0,0,0,0,1,0,\n0,0,0,0,0,0,0,0,\n0,0,0,0,0,0,0,0,\n0,0,0,0,0,0,0,0", // tile (6,2) blocked by the layer
	}
	return map[string]string{
		"hall.tmx":         hall.String(),
		"annex.tmx":        annex.String(),
		"texts/poster.md":  "# A poster\n",
		"texts/poster.png": "not really a png",
	}
}

func TestLoadSmallWorld(t *testing.T) {
	w, err := world.Load(os.DirFS(writeWorld(t, goodWorld())))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := w.Arrival().ID; got != "hall" {
		t.Errorf("Arrival() = %s, want hall", got)
	}
	hall, annex := w.Rooms["hall"], w.Rooms["annex"]
	if hall == nil || annex == nil {
		t.Fatalf("rooms = %v", w.Rooms)
	}
	if hall.Name != "The Hall" || annex.Name != "annex" {
		t.Errorf("names %q, %q; want %q and the id %q", hall.Name, annex.Name, "The Hall", "annex")
	}
	if hall.Capacity != 50 || annex.Capacity != 5 || hall.Order != 1 || annex.Order != 2 {
		t.Errorf("hall cap %d order %d, annex cap %d order %d", hall.Capacity, hall.Order, annex.Capacity, annex.Order)
	}
	if hall.W != 8 || hall.H != 6 || hall.MapFile != "hall.tmx" {
		t.Errorf("hall is %dx%d from %q", hall.W, hall.H, hall.MapFile)
	}
	blocked := []struct {
		r    *world.Room
		t    world.Tile
		want bool
		why  string
	}{
		{hall, world.Tile{X: 0, Y: 0}, true, "wall tile with collides property"},
		{hall, world.Tile{X: 3, Y: 2}, true, "inner wall tile"},
		{hall, world.Tile{X: 6, Y: 1}, true, "collision object"},
		{hall, world.Tile{X: 5, Y: 1}, false, "floor"},
		{hall, world.Tile{X: 6, Y: 2}, false, "floor below the collision object"},
		{annex, world.Tile{X: 6, Y: 2}, true, "tile on a colliding layer"},
		{annex, world.Tile{X: 5, Y: 2}, false, "floor"},
	}
	for _, b := range blocked {
		if got := b.r.Blocked(b.t); got != b.want {
			t.Errorf("%s: Blocked(%v) = %v, want %v (%s)", b.r.ID, b.t, got, b.want, b.why)
		}
	}
	if got := hall.WalkableTiles(); got != 6*4-2 {
		t.Errorf("hall WalkableTiles() = %d, want 22", got)
	}
	if len(hall.Zones) != 5 {
		t.Fatalf("hall has %d zones, want 5", len(hall.Zones))
	}
	door := hall.Zones[2]
	wantDoor := world.Zone{Index: 2, Kind: world.ZoneDoor, Name: "to_annex", Target: "annex", TargetSpawn: "from_hall",
		Rect: world.Rect{Min: world.Vec{X: 6 * world.Unit, Y: 4 * world.Unit}, Max: world.Vec{X: 7 * world.Unit, Y: 5 * world.Unit}}}
	if door != wantDoor {
		t.Errorf("door = %+v, want %+v", door, wantDoor)
	}
	ex := hall.Exhibits()
	if len(ex) != 1 || ex[0].Title != "A Poster" || ex[0].TextFile != "texts/poster.md" || ex[0].Image != "texts/poster.png" {
		t.Errorf("Exhibits() = %+v", ex)
	}
	if got, want := hall.Spawn("from_annex"), (world.Tile{X: 5, Y: 3}).Center(); got != want {
		t.Errorf("Spawn(from_annex) = %v, want %v", got, want)
	}
	if _, quiet := hall.ZoneAt(world.Tile{X: 2, Y: 1}.Center(), world.ZoneQuiet); !quiet {
		t.Error("quiet zone not found")
	}
}

func TestLoadErrors(t *testing.T) {
	// Each case breaks the good world in one way; the error must say what is wrong.
	with := func(change func(files map[string]string)) map[string]string {
		f := goodWorld()
		change(f)
		return f
	}
	annexWith := func(m tmxMap) func(map[string]string) {
		return func(f map[string]string) { f["annex.tmx"] = m.String() }
	}
	annexSpawn := spawnAt(1, "from_hall", 2, 2)
	annexDoor := doorAt(2, "back", 1, 4, "hall", "")
	tests := []struct {
		name    string
		files   map[string]string
		invalid bool // wraps ErrInvalidWorld
		want    []string
	}{
		{"no maps", map[string]string{"readme.md": "x"}, true, []string{"no .tmx maps found"}},
		{"door to unknown room", with(annexWith(tmxMap{rows: tinyRows, zones: annexSpawn + "\n" + doorAt(2, "back", 1, 4, "nowhere", "")})),
			true, []string{"room annex", `door "back" leads to unknown room "nowhere"`}},
		{"door to unknown spawn", with(annexWith(tmxMap{rows: tinyRows, zones: annexSpawn + "\n" + doorAt(2, "back", 1, 4, "hall", "attic")})),
			true, []string{"room annex", `door "back" leads to unknown spawn "attic" in hall`}},
		{"door without target", with(annexWith(tmxMap{rows: tinyRows, zones: annexSpawn + "\n" + doorAt(2, "back", 1, 4, "", "")})),
			true, []string{"annex.tmx", `door "back" (object 2) has no target`}},
		{"exhibit without text_file", with(annexWith(tmxMap{rows: tinyRows, zones: annexSpawn + "\n" + annexDoor + "\n" +
			`  <object id="3" name="plaque" type="exhibit" class="exhibit" x="64" y="64" width="32" height="32"><properties><property name="title" value="Plaque"/></properties></object>`})),
			true, []string{"annex.tmx", `exhibit "plaque" (object 3) needs title and text_file`}},
		{"info without title", with(annexWith(tmxMap{rows: tinyRows, zones: annexSpawn + "\n" + annexDoor + "\n" +
			`  <object id="3" name="desk" type="info" class="info" x="64" y="64" width="32" height="32"><properties><property name="text_file" value="texts/poster.md"/></properties></object>`})),
			true, []string{`info "desk" (object 3) needs title and text_file`}},
		{"exhibit text missing", with(func(f map[string]string) { delete(f, "texts/poster.md") }),
			true, []string{"room hall", `file "texts/poster.md"`}},
		{"exhibit image missing", with(func(f map[string]string) { delete(f, "texts/poster.png") }),
			true, []string{"room hall", `file "texts/poster.png"`}},
		{"exhibit text outside the world", with(annexWith(tmxMap{rows: tinyRows, zones: annexSpawn + "\n" + annexDoor + "\n" +
			`  <object id="3" name="x" type="exhibit" class="exhibit" x="64" y="64" width="32" height="32"><properties><property name="title" value="X"/><property name="text_file" value="../secret.md"/></properties></object>`})),
			true, []string{"room annex", `file "../secret.md": not a valid path inside the world`}},
		{"spawn on a wall", with(annexWith(tmxMap{rows: tinyRows, zones: spawnAt(1, "from_hall", 0, 2) + "\n" + annexDoor})),
			true, []string{"room annex", `spawn "from_hall" is on or too close to a wall`}},
		{"spawn on a collision object", with(annexWith(tmxMap{rows: tinyRows, zones: annexSpawn + "\n" + annexDoor,
			collisions: `  <object id="9" x="64" y="64" width="32" height="32"/>`})),
			true, []string{"room annex", `spawn "from_hall" is on or too close to a wall`}},
		{"wrong tile size", with(annexWith(tmxMap{tile: 16, rows: tinyRows, zones: annexSpawn + "\n" + annexDoor})),
			true, []string{"map annex.tmx has 16x16 px tiles, want 32"}},
		{"unknown zone class", with(annexWith(tmxMap{rows: tinyRows, zones: annexSpawn + "\n" + annexDoor + "\n" +
			`  <object id="3" name="pool" type="swimming" class="swimming" x="64" y="64" width="32" height="32"/>`})),
			true, []string{"annex.tmx", `zone "pool" (object 3) has unknown class "swimming"`}},
		{"no capacity", with(annexWith(tmxMap{props: `<property name="order" type="int" value="2"/>`, rows: tinyRows, zones: annexSpawn + "\n" + annexDoor})),
			true, []string{"map annex.tmx: property capacity must be a positive int"}},
		{"negative capacity", with(annexWith(tmxMap{props: `<property name="capacity" type="int" value="-3"/>`, rows: tinyRows, zones: annexSpawn + "\n" + annexDoor})),
			true, []string{"property capacity must be a positive int"}},
		{"not XML", with(func(f map[string]string) { f["annex.tmx"] = "this is not a map" }),
			false, []string{"load map annex.tmx"}},
		{"missing tileset", with(func(f map[string]string) {
			f["annex.tmx"] = strings.Replace(f["annex.tmx"], `source="tiny.tsx"`, `source="gone.tsx"`, 1)
		}), false, []string{"load map annex.tmx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantLoadError(t, tt.files, tt.invalid, tt.want) })
	}
}

// wantLoadError loads a world written from files and wants it refused with an error that wraps
// ErrInvalidWorld (or not, as invalid says) and says every string in want.
func wantLoadError(t *testing.T, files map[string]string, invalid bool, want []string) {
	t.Helper()
	w, err := world.Load(os.DirFS(writeWorld(t, files)))
	if err == nil {
		t.Fatalf("Load succeeded with %d rooms and %d tours", len(w.Rooms), len(w.Tours))
	}
	t.Logf("Load: %v", err)
	if errors.Is(err, world.ErrInvalidWorld) != invalid {
		t.Errorf("errors.Is(%q, ErrInvalidWorld) = %v, want %v", err, !invalid, invalid)
	}
	for _, s := range want {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not say %q", err, s)
		}
	}
}

// TestLoadSpawnMustFit: Validate only checks that a spawn's centre tile is floor, so a spawn point
// near a wall passes although an avatar placed there overlaps the wall and, at a normal step, can
// never move (every Step must end where the box fits). Reported; remove the Skip once fixed.
func TestLoadSpawnMustFit(t *testing.T) {
	f := goodWorld()
	f["annex.tmx"] = tmxMap{rows: tinyRows, zones: strings.Join([]string{
		// A point object 1 px inside tile (1,2): centre (66, 130) units, box reaches x=47 on the wall.
		`  <object id="1" name="from_hall" type="spawn" class="spawn" x="33" y="65"><point/></object>`,
		doorAt(2, "back", 1, 4, "hall", ""),
	}, "\n")}.String()
	w, err := world.Load(os.DirFS(writeWorld(t, f)))
	if err == nil {
		annex := w.Rooms["annex"]
		p := annex.Spawn("from_hall")
		moved := annex.Step(p, world.Dir{X: 1, Y: 1}, world.StepPerTick(world.DefaultSpeed, 20)) != p
		t.Fatalf("Load accepted spawn at %v (fits %v, can move %v)", p, annex.Fits(p), moved)
	}
	if !errors.Is(err, world.ErrInvalidWorld) || !strings.Contains(err.Error(), `spawn "from_hall"`) {
		t.Errorf("error %q does not name the spawn", err)
	}
}
