package world_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/embassy-project/embassy/shared/world"
)

// tourObject is a point object of the given class at pixel (px, py) with properties written as
// "name=value" (a value holding a line break is written as element text, as Tiled writes it).
func tourObject(id int, class, name string, px, py int, props ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `  <object id="%d" name="%s" type="%s" class="%s" x="%d" y="%d"><properties>`, id, name, class, class, px, py)
	for _, p := range props {
		k, v, _ := strings.Cut(p, "=")
		if strings.Contains(v, "\n") {
			fmt.Fprintf(&b, `<property name="%s">%s</property>`, k, v)
			continue
		}
		typ := ""
		if k == "order" {
			typ = ` type="int"`
		}
		fmt.Fprintf(&b, `<property name="%s"%s value="%s"/>`, k, typ, v)
	}
	b.WriteString(`</properties><point/></object>`)
	return b.String()
}

// tourAt defines tour id (position irrelevant).
func tourAt(id int, tour string, props ...string) string {
	return tourObject(id, "tour", tour, 48, 48, append([]string{"tour=" + tour}, props...)...)
}

// stopAt is a tour stop at the centre of tile (x, y).
func stopAt(id int, name string, x, y int, props ...string) string {
	return tourObject(id, "stop", name, x*32+16, y*32+16, props...)
}

// tourWorld is goodWorld with two tours: "walk" (defined in the hall) from the hall's poster to the
// annex and back, and "short" (defined in the annex) with one stop there.
func tourWorld() map[string]string {
	f := goodWorld()
	f["hall.tmx"] = strings.Replace(f["hall.tmx"], " <objectgroup id=\"4\" name=\"collision\">", " <objectgroup id=\"6\" name=\"tours\">\n"+strings.Join([]string{
		tourAt(10, "walk", "title=A Walk", "description=Through both rooms."),
		stopAt(11, "poster_stop", 2, 3, "tour=walk", "order=10", "exhibit=poster", "text=Look at the poster."),
		stopAt(12, "last", 4, 1, "tour=walk", "order=30", "title=Back in the hall", "text=The end."),
	}, "\n")+"\n </objectgroup>\n <objectgroup id=\"4\" name=\"collision\">", 1)
	f["annex.tmx"] = annexTours(strings.Join([]string{
		tourAt(10, "short", "title=Short"),
		stopAt(11, "annex_stop", 4, 3, "tour=walk", "order=20", "title=The annex", "radius=1.5", "text=First paragraph.\n\nSecond paragraph."),
		stopAt(12, "only", 3, 1, "tour=short", "order=1", "title=Only stop", "text=Here."),
	}, "\n"))
	return f
}

// annexProps are goodWorld's annex's map properties.
const annexProps = `<property name="capacity" type="int" value="5"/><property name="order" type="int" value="2"/>`

// annexTours is goodWorld's annex with the given tours group.
func annexTours(tours string) string {
	return tmxMap{props: annexProps, rows: tinyRows, zones: spawnAt(1, "from_hall", 2, 2) + "\n" + doorAt(2, "back", 1, 4, "hall", ""), tours: tours,
		layerProps: `<property name="collides" type="bool" value="true"/>`,
		extraLayer: "0,0,0,0,0,0,0,0,\n0,0,0,0,0,0,0,0,\n0,0,0,0,0,0,1,0,\n0,0,0,0,0,0,0,0,\n0,0,0,0,0,0,0,0,\n0,0,0,0,0,0,0,0"}.String()
}

func TestLoadTours(t *testing.T) {
	w, err := world.Load(os.DirFS(writeWorld(t, tourWorld())))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(w.Tours) != 2 || w.Tours[0].ID != "walk" || w.Tours[1].ID != "short" {
		t.Fatalf("Tours = %s, want walk (starts in the hall, the arrival) then short", tourIDs(w))
	}
	walk := w.Tours[0]
	if walk.Title != "A Walk" || walk.Description != "Through both rooms." {
		t.Errorf("walk: title %q, description %q", walk.Title, walk.Description)
	}
	at := func(x, y int32) world.Vec { return world.Tile{X: x, Y: y}.Center() }
	want := []world.Stop{
		{Room: "hall", Pos: at(2, 3), Radius: world.DefaultStopRadius, Order: 10, Title: "A Poster", Text: "Look at the poster.", Exhibit: "poster"},
		{Room: "annex", Pos: at(4, 3), Radius: world.Unit * 3 / 2, Order: 20, Title: "The annex", Text: "First paragraph.\n\nSecond paragraph."},
		{Room: "hall", Pos: at(4, 1), Radius: world.DefaultStopRadius, Order: 30, Title: "Back in the hall", Text: "The end."},
	}
	if len(walk.Stops) != len(want) {
		t.Fatalf("walk has %d stops, want %d: %+v", len(walk.Stops), len(want), walk.Stops)
	}
	for i := range want {
		if walk.Stops[i] != want[i] {
			t.Errorf("stop %d = %+v, want %+v", i, walk.Stops[i], want[i])
		}
	}
	if got, ok := w.Tour("short"); !ok || len(got.Stops) != 1 || got.Description != "" {
		t.Errorf(`Tour("short") = %+v, %v`, got, ok)
	}
	if _, ok := w.Tour("long"); ok {
		t.Error(`Tour("long") found a tour that does not exist`)
	}
	// LoadRoom alone checks the stops drawn in one map and loads it.
	if _, err := world.LoadRoom(os.DirFS(writeWorld(t, tourWorld())), "annex.tmx"); err != nil {
		t.Errorf("LoadRoom(annex.tmx): %v", err)
	}
}

func TestLoadWorldWithoutTours(t *testing.T) {
	w, err := world.Load(os.DirFS(writeWorld(t, goodWorld())))
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Tours) != 0 {
		t.Errorf("Tours = %+v, want none", w.Tours)
	}
}

func TestLoadTourErrors(t *testing.T) {
	annexStop := func(props ...string) string {
		return annexTours(tourAt(10, "short", "title=Short") + "\n" + stopAt(11, "s1", 4, 3, props...))
	}
	annex := func(content string) map[string]string {
		f := tourWorld()
		f["annex.tmx"] = content
		return f
	}
	// A walled-off pocket at tiles (5,3) and (6,3).
	pocket := tmxMap{props: annexProps, rows: []string{
		"########",
		"#......#",
		"#...####",
		"#...#..#",
		"#...####",
		"########",
	}, zones: spawnAt(1, "from_hall", 2, 2) + "\n" + doorAt(2, "back", 1, 4, "hall", "")}
	// A room no door leads into.
	attic := tmxMap{props: `<property name="capacity" type="int" value="5"/><property name="order" type="int" value="3"/>`, rows: tinyRows,
		zones: spawnAt(1, "default", 2, 2) + "\n" + doorAt(2, "down", 1, 4, "hall", "")}
	// Each case breaks this good annex (or the tour world) in one way.
	if _, err := world.Load(os.DirFS(writeWorld(t, annex(annexStop("tour=short", "order=1", "title=T", "text=x"))))); err != nil {
		t.Fatalf("the unbroken annex does not load: %v", err)
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"stop on a wall tile", annex(annexTours(tourAt(10, "short", "title=Short") + "\n" + stopAt(11, "s1", 0, 3, "tour=short", "order=1", "title=T", "text=x"))),
			[]string{`map annex.tmx: stop "s1" (object 11)`, "tile 0,3, which is blocked"}},
		{"stop on a blocking layer", annex(annexTours(tourAt(10, "short", "title=Short") + "\n" + stopAt(11, "s1", 6, 2, "tour=short", "order=1", "title=T", "text=x"))),
			[]string{`stop "s1" (object 11)`, "tile 6,2, which is blocked"}},
		{"stop too close to a wall", annex(annexTours(tourAt(10, "short", "title=Short") + "\n" +
			tourObject(11, "stop", "s1", 33, 70, "tour=short", "order=1", "title=T", "text=x"))),
			[]string{`stop "s1" (object 11)`, "too close to a wall"}},
		{"stop out of reach", annex(tmxMap{props: pocket.props, rows: pocket.rows, zones: pocket.zones, tours: tourAt(10, "short", "title=Short") + "\n" +
			stopAt(11, "s1", 5, 3, "tour=short", "order=1", "title=T", "text=x")}.String()),
			[]string{`stop "s1" (object 11)`, "tile 5,3, which cannot be walked to from the room's spawn"}},
		{"unknown tour", annex(annexStop("tour=grand", "order=1", "title=T", "text=x")),
			[]string{`map annex.tmx: stop "s1" (object 11)`, `tour "grand" is not defined in any map`}},
		{"tour defined twice", annex(annexTours(tourAt(10, "walk", "title=Again"))),
			[]string{`map annex.tmx: tour "walk" (object 10)`, `map hall.tmx: tour "walk" (object 10)`, `tour "walk" is already defined by`}},
		{"tour without stops", annex(annexTours(tourAt(10, "short", "title=Short") + "\n" + stopAt(11, "s1", 4, 3, "tour=walk", "order=20", "title=T", "text=x"))),
			[]string{`map annex.tmx: tour "short" (object 10)`, `tour "short" has no stops`}},
		{"tour without title", annex(annexTours(tourAt(10, "short"))),
			[]string{`tour "short" (object 10)`, `tour "short" has no title`}},
		{"tour id with spaces", annex(annexTours(tourObject(10, "tour", "t", 48, 48, "tour=Grand Tour", "title=T"))),
			[]string{`tour "t" (object 10)`, `tour id "Grand Tour"`}},
		{"tour object without id", annex(annexTours(tourObject(10, "tour", "t", 48, 48, "title=T"))),
			[]string{`tour "t" (object 10)`, "no tour property"}},
		{"repeated order across maps", annex(annexTours(tourAt(10, "short", "title=Short") + "\n" +
			stopAt(11, "s1", 4, 3, "tour=walk", "order=30", "title=T", "text=x") + "\n" + stopAt(12, "s2", 3, 1, "tour=short", "order=1", "title=T", "text=x"))),
			[]string{`tour "walk" already has a stop with order 30`, `map annex.tmx: stop "s1" (object 11)`, `map hall.tmx: stop "last" (object 12)`}},
		{"order missing", annex(annexStop("tour=short", "title=T", "text=x")),
			[]string{`stop "s1" (object 11)`, `order "": want a whole number from 1`}},
		{"order zero", annex(annexStop("tour=short", "order=0", "title=T", "text=x")),
			[]string{`order "0": want a whole number from 1`}},
		{"order not a number", annex(annexStop("tour=short", "order=first", "title=T", "text=x")),
			[]string{`order "first"`}},
		{"no text", annex(annexStop("tour=short", "order=1", "title=T")),
			[]string{`stop "s1" (object 11): no text`}},
		{"blank text", annex(annexStop("tour=short", "order=1", "title=T", "text=\n  \n")),
			[]string{`stop "s1" (object 11): no text`}},
		{"no title", annex(annexStop("tour=short", "order=1", "text=x")),
			[]string{`stop "s1" (object 11): no title`}},
		{"unknown exhibit", annex(annexStop("tour=short", "order=1", "exhibit=statue", "text=x")),
			[]string{`stop "s1" (object 11)`, `exhibit "statue": no exhibit or info zone has that name in room annex`}},
		{"radius zero", annex(annexStop("tour=short", "order=1", "title=T", "text=x", "radius=0")),
			[]string{`radius "0"`}},
		{"radius too large", annex(annexStop("tour=short", "order=1", "title=T", "text=x", "radius=100")),
			[]string{`radius "100": want metres, more than 0 and at most 16`}},
		{"stop without tour", annex(annexStop("order=1", "title=T", "text=x")),
			[]string{`stop "s1" (object 11)`, "no tour property"}},
		{"unknown class", annex(annexTours(tourAt(10, "short", "title=Short") + "\n" + tourObject(11, "waypoint", "w", 80, 80, "tour=short"))),
			[]string{`map annex.tmx: waypoint "w" (object 11)`, `must have class "tour" or "stop"`}},
		{"no door to the next stop's room", func() map[string]string {
			f := tourWorld()
			f["attic.tmx"] = tmxMap{props: attic.props, rows: attic.rows, zones: attic.zones,
				tours: stopAt(11, "up", 3, 2, "tour=walk", "order=25", "title=Attic", "text=Dusty.")}.String()
			return f
		}(), []string{`map attic.tmx: stop "up" (object 11)`, `tour "walk" cannot be walked from its previous stop, map annex.tmx: stop "annex_stop" (object 11), through doors`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantLoadError(t, tt.files, true, tt.want) })
	}
}

func tourIDs(w *world.World) []string {
	var ids []string
	for _, t := range w.Tours {
		ids = append(ids, t.ID)
	}
	return ids
}
