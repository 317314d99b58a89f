package main

import (
	"fmt"
	"strings"
)

// room is one map as authored: ASCII art plus metadata and zones.
//
// Legend (one character per tile):
//
//	floors     .  marble (checkered)   ,  parquet   b  blue carpet
//	           r  red carpet runner    g  rug       s  stage
//	           _  steps up onto the stage, the red runner carried up them
//	walls      #  wall   O  window   P  painting   V  presentation screen
//	           (a wall tile becomes a face when floor lies south of it, else a wall top)
//	doors      E entrance  G gallery  R reception  F conference  C consular  A ambassador
//	furniture  c column  p plant  f flag  k bookshelf  d desk  S sofa  a armchair
//	           v ^ < >  chair (sitter faces down/up/left/right)  t coffee table
//	           T conference table (two rows)  u counter  i info desk  x service counter
//	           L lectern  o globe  j vase  m letter  y terminal  n passport (exhibit plinths)
//	           = display board  B buffet  l lamp  z bench  h standing table
//	markers    @ default spawn   1-9 anchors for zones (floor underneath)
//
// Floor under furniture and markers is taken from areas covering the tile, else from the
// neighbouring floor characters.
type room struct {
	id       string
	name     string
	order    int
	capacity int
	art      string
	areas    []area
	zones    []zone
}

// area sets the floor under non-floor characters inside a tile rectangle.
type area struct {
	floor      byte
	x, y, w, h int
}

// zone is a zone object: placed at an anchor marker, covering the bounding box of a character, or
// at explicit tile coordinates.
type zone struct {
	class, name string
	at          byte // anchor marker: the zone's top-left tile
	cover       byte // or: bounding box of every tile with this character
	x, y, w, h  int  // tiles; w,h also size anchored zones
	props       [][2]string
}

// doorTargets maps door characters to the room they lead to.
var doorTargets = map[byte]string{
	'E': "entrance", 'G': "gallery", 'R': "reception", 'F': "conference", 'C': "consular", 'A': "ambassador",
}

const (
	floorChars = ".,bgrs_"
	wallChars  = "#OPV"
)

// grid is the parsed ASCII art.
type grid struct {
	w, h  int
	cells [][]byte
}

func parseArt(art string) (*grid, error) {
	lines := strings.Split(strings.Trim(art, "\n"), "\n")
	g := &grid{h: len(lines)}
	for i, l := range lines {
		if i == 0 {
			g.w = len(l)
		}
		if len(l) != g.w {
			return nil, fmt.Errorf("art line %d is %d wide, want %d", i, len(l), g.w)
		}
		g.cells = append(g.cells, []byte(l))
	}
	return g, nil
}

// at returns the character at (x,y), or '#' outside the map so borders read as wall.
func (g *grid) at(x, y int) byte {
	if x < 0 || y < 0 || x >= g.w || y >= g.h {
		return '#'
	}
	return g.cells[y][x]
}

func isWall(c byte) bool  { return strings.IndexByte(wallChars, c) >= 0 }
func isFloor(c byte) bool { return strings.IndexByte(floorChars, c) >= 0 }
func isDoor(c byte) bool  { _, ok := doorTargets[c]; return ok }

// bounds returns the bounding box of every tile holding c.
func (g *grid) bounds(c byte) (x, y, w, h int, ok bool) {
	x0, y0, x1, y1 := g.w, g.h, -1, -1
	for y := 0; y < g.h; y++ {
		for x := 0; x < g.w; x++ {
			if g.cells[y][x] == c {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		return 0, 0, 0, 0, false
	}
	return x0, y0, x1 - x0 + 1, y1 - y0 + 1, true
}

// floors resolves the floor kind of every non-wall, non-door tile.
func (r *room) floors(g *grid) [][]byte {
	f := make([][]byte, g.h)
	for y := range f {
		f[y] = make([]byte, g.w)
		for x := range f[y] {
			if c := g.cells[y][x]; isFloor(c) {
				f[y][x] = c
			}
		}
	}
	for y := 0; y < g.h; y++ {
		for x := 0; x < g.w; x++ {
			c := g.cells[y][x]
			if isFloor(c) || isWall(c) || isDoor(c) {
				continue
			}
			f[y][x] = r.underlay(g, x, y)
		}
	}
	return f
}

// underlay finds the floor under a furnished tile: a covering area, else the floor most common
// among its eight neighbours (ties go to the room's main floor), else the nearest floor tile.
func (r *room) underlay(g *grid, x, y int) byte {
	for _, a := range r.areas {
		if x >= a.x && x < a.x+a.w && y >= a.y && y < a.y+a.h {
			return a.floor
		}
	}
	main := g.mainFloor()
	counts := map[byte]int{}
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			if c := g.at(x+dx, y+dy); isFloor(c) {
				counts[c]++
			}
		}
	}
	best, bestN := byte(0), 0
	for _, c := range []byte(floorChars) {
		if n := counts[c]; n > bestN || (n == bestN && n > 0 && c == main) {
			best, bestN = c, n
		}
	}
	if best != 0 {
		return best
	}
	for d := 2; d < g.w+g.h; d++ {
		for _, o := range [][2]int{{0, -d}, {-d, 0}, {d, 0}, {0, d}} {
			if c := g.at(x+o[0], y+o[1]); isFloor(c) {
				return c
			}
		}
	}
	return main
}

// mainFloor is the most common floor character in the room.
func (g *grid) mainFloor() byte {
	counts := map[byte]int{}
	for _, row := range g.cells {
		for _, c := range row {
			if isFloor(c) {
				counts[c]++
			}
		}
	}
	best := byte('.')
	for _, c := range []byte(floorChars) {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}
