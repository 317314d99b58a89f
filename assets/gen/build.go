package main

import (
	"bytes"
	"fmt"
	"sort"
)

// layers holds tile ids (-1 for empty) for the three tile layers of a room.
type layers struct {
	floor, walls, furniture []int
}

// build converts the room into TMX bytes.
func (r *room) build(ids map[string]int) ([]byte, error) {
	g, err := parseArt(r.art)
	if err != nil {
		return nil, err
	}
	l, err := r.tiles(g, ids)
	if err != nil {
		return nil, err
	}
	objs, err := r.objects(g)
	if err != nil {
		return nil, err
	}
	stops, err := r.tourObjects(tours(), objs)
	if err != nil {
		return nil, err
	}
	return r.tmx(g, l, objs, stops), nil
}

// tiles auto-tiles the art into layers.
func (r *room) tiles(g *grid, ids map[string]int) (*layers, error) {
	n := g.w * g.h
	l := &layers{make([]int, n), make([]int, n), make([]int, n)}
	for i := range n {
		l.floor[i], l.walls[i], l.furniture[i] = -1, -1, -1
	}
	fl := r.floors(g)
	counts := map[byte]int{}
	id := func(name string) (int, error) {
		v, ok := ids[name]
		if !ok {
			return 0, fmt.Errorf("no tile %q", name)
		}
		return v, nil
	}
	for y := 0; y < g.h; y++ {
		for x := 0; x < g.w; x++ {
			c := g.cells[y][x]
			i := y*g.w + x
			var fname, wname, uname string
			switch {
			case isWall(c):
				wname = wallTile(g, x, y)
			case isDoor(c):
				fname = "doorway"
			default:
				fname = floorTile(fl, x, y)
				uname = furnitureTile(g, x, y, counts)
				if uname == "?" {
					return nil, fmt.Errorf("unknown character %q at %d,%d", c, x, y)
				}
			}
			for _, t := range []struct {
				name string
				dst  []int
			}{{fname, l.floor}, {wname, l.walls}, {uname, l.furniture}} {
				if t.name == "" {
					continue
				}
				v, err := id(t.name)
				if err != nil {
					return nil, err
				}
				t.dst[i] = v
			}
		}
	}
	return l, nil
}

// wallTile picks a wall face (upper or lower) or an auto-tiled wall top.
func wallTile(g *grid, x, y int) string {
	c := g.cells[y][x]
	switch wallRole(g, x, y) {
	case 'l':
		if c == 'O' {
			return "window_lower"
		}
		return "wall_lower"
	case 'u':
		switch c {
		case 'O':
			return "window_upper"
		case 'P':
			return "painting"
		case 'V':
			return "screen"
		}
		return "wall_upper"
	}
	m := 0
	for _, d := range []struct{ bit, dx, dy int }{{north, 0, -1}, {east, 1, 0}, {south, 0, 1}, {west, -1, 0}} {
		if isWall(g.at(x+d.dx, y+d.dy)) && wallRole(g, x+d.dx, y+d.dy) == 't' {
			m |= d.bit
		}
	}
	return fmt.Sprintf("wall_top_%02d", m)
}

// wallRole classifies a wall tile: 'l' lower face (floor to the south), 'u' upper face (a lower face
// to the south and wall to the north), 't' top. Outside the map is top.
func wallRole(g *grid, x, y int) byte {
	if x < 0 || y < 0 || x >= g.w || y >= g.h {
		return 't'
	}
	below := g.at(x, y+1)
	if y+1 < g.h && !isWall(below) && !isDoor(below) {
		return 'l'
	}
	if y+1 < g.h && isWall(below) && wallRole(g, x, y+1) == 'l' && isWall(g.at(x, y-1)) && y > 0 {
		return 'u'
	}
	return 't'
}

// floorTile picks the floor tile, auto-tiling carpet, rug and stage edges. Stage steps join both
// families they meet: the stage has no riser where steps lead up to it, and the red runner carries
// on up the steps without a border.
func floorTile(fl [][]byte, x, y int) string {
	f := fl[y][x]
	same := func(xx, yy int) bool {
		if yy < 0 || yy >= len(fl) || xx < 0 || xx >= len(fl[yy]) {
			return false
		}
		n := fl[yy][xx]
		return n == f || (n == '_' && (f == 'r' || f == 's')) || (f == '_' && n == 'r')
	}
	m := 0
	for _, d := range []struct{ bit, dx, dy int }{{north, 0, -1}, {east, 1, 0}, {south, 0, 1}, {west, -1, 0}} {
		if same(x+d.dx, y+d.dy) {
			m |= d.bit
		}
	}
	switch f {
	case ',':
		return "parquet"
	case 'b':
		return "carpet_blue"
	case 'r':
		return fmt.Sprintf("carpet_red_%02d", m)
	case 'g':
		return fmt.Sprintf("rug_%02d", m)
	case 's':
		return fmt.Sprintf("stage_%02d", m)
	case '_':
		return fmt.Sprintf("stage_steps_%02d", m)
	}
	if (x+y)%2 == 0 {
		return "marble_a"
	}
	return "marble_b"
}

// runPart names the piece of a horizontal run of furniture: l, m or r.
func runPart(g *grid, x, y int, family string) string {
	in := func(c byte) bool { return bytes.IndexByte([]byte(family), c) >= 0 }
	left, right := !in(g.at(x-1, y)), !in(g.at(x+1, y))
	switch {
	case left && !right:
		return "l"
	case right && !left:
		return "r"
	}
	return "m"
}

var singleFurniture = map[byte]string{
	'c': "column", 'a': "armchair", 't': "coffee_table", 'i': "info_desk", 'x': "service_counter",
	'L': "lectern", 'o': "plinth_globe", 'j': "plinth_vase", 'm': "plinth_letter", 'y': "plinth_terminal",
	'l': "lamp", 'h': "standing_table", 'n': "plinth_passport", 'v': "chair_down", '^': "chair_up", '<': "chair_left", '>': "chair_right",
}

var runFurniture = map[byte][2]string{
	'd': {"desk_", "d"}, 'S': {"sofa_", "S"}, 'u': {"counter_", "ui"}, 'B': {"buffet_", "B"},
	'=': {"board_", "="}, 'z': {"bench_", "z"},
}

// furnitureTile names the furniture on a tile ("" for none, "?" for an unknown character).
func furnitureTile(g *grid, x, y int, counts map[byte]int) string {
	c := g.cells[y][x]
	if isFloor(c) || c == '@' || (c >= '1' && c <= '9') {
		return ""
	}
	if n, ok := singleFurniture[c]; ok {
		return n
	}
	if rf, ok := runFurniture[c]; ok {
		return rf[0] + runPart(g, x, y, rf[1])
	}
	switch c {
	case 'p':
		counts[c]++
		return fmt.Sprintf("plant_%c", 'a'+counts[c]%2)
	case 'f':
		counts[c]++
		return fmt.Sprintf("flag_%c", 'a'+(counts[c]-1)%3)
	case 'k':
		return fmt.Sprintf("bookshelf_%c", 'a'+(x+y)%2)
	case 'T':
		row := "t"
		if g.at(x, y-1) == 'T' {
			row = "b"
		}
		return "table_" + row + runPart(g, x, y, "T")
	}
	return "?"
}

// object is one zone object in tile units, or a point object (point set) at pixel px, py.
type object struct {
	name, class string
	x, y, w, h  int
	point       bool
	px, py      int
	props       [][2]string
}

// Spawn areas: the server spreads arrivals over a spawn zone (a metre apart, so name tags do not
// cover each other), so a spawn is a square around its marker, not one tile: 5 x 5 m for the room's
// default spawn, 3 x 3 m where a door lets people in.
const (
	defaultSpawnRadius = 2
	doorSpawnRadius    = 1
)

// spawnArea is a spawn zone centred on tile (x, y), radius tiles each way.
func spawnArea(name string, x, y, radius int) object {
	return object{name: name, class: "spawn", x: x - radius, y: y - radius, w: 2*radius + 1, h: 2*radius + 1}
}

// objects lists the default spawn, one door and one arrival spawn per doorway, then the authored zones.
func (r *room) objects(g *grid) ([]object, error) {
	var objs []object
	x, y, _, _, ok := g.bounds('@')
	if !ok {
		return nil, fmt.Errorf("no default spawn '@'")
	}
	objs = append(objs, spawnArea("default", x, y, defaultSpawnRadius))
	var letters []byte
	for c := range doorTargets {
		letters = append(letters, c)
	}
	sort.Slice(letters, func(i, j int) bool { return letters[i] < letters[j] })
	var doors []object
	for _, c := range letters {
		x, y, w, h, ok := g.bounds(c)
		if !ok {
			continue
		}
		target := doorTargets[c]
		sx, sy := x, y
		switch {
		case x == 0:
			sx = w - 1 + 3
		case x+w == g.w:
			sx = g.w - 4
		case y == 0:
			sy = h - 1 + 3
		case y+h == g.h:
			sy = g.h - 4
		default:
			return nil, fmt.Errorf("door %c is not on an outer wall", c)
		}
		objs = append(objs, spawnArea("from_"+target, sx, sy, doorSpawnRadius))
		doors = append(doors, object{name: "to_" + target, class: "door", x: x, y: y, w: w, h: h,
			props: [][2]string{{"target", target}, {"target_spawn", "from_" + r.id}}})
	}
	objs = append(objs, doors...)
	for _, z := range r.zones {
		o := object{name: z.name, class: z.class, x: z.x, y: z.y, w: z.w, h: z.h, props: z.props}
		switch {
		case z.at != 0:
			x, y, _, _, ok := g.bounds(z.at)
			if !ok {
				return nil, fmt.Errorf("zone %s: no anchor %q", z.name, z.at)
			}
			o.x, o.y = x, y
		case z.cover != 0:
			x, y, w, h, ok := g.bounds(z.cover)
			if !ok {
				return nil, fmt.Errorf("zone %s: nothing drawn with %q", z.name, z.cover)
			}
			o.x, o.y, o.w, o.h = x, y, w, h
		}
		objs = append(objs, o)
	}
	return objs, nil
}
