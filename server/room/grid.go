package room

import "github.com/embassy-project/embassy/shared/world"

// cellMeters is the side of an interest-management cell.
const cellMeters = 4

// grid buckets avatars by cell so that finding who is near someone costs the crowd around them, not
// the whole room.
type grid struct {
	w, h  int32
	cells [][]*avatar
}

func newGrid(def *world.Room) grid {
	w, h := (def.W+cellMeters-1)/cellMeters, (def.H+cellMeters-1)/cellMeters
	return grid{w: w, h: h, cells: make([][]*avatar, w*h)}
}

func (g *grid) cellOf(p world.Vec) int32 {
	cx, cy := g.cellXY(p)
	return cy*g.w + cx
}

// cellXY returns the column and row of the cell holding p (clamped to the grid).
func (g *grid) cellXY(p world.Vec) (x, y int32) {
	t := p.Tile()
	return min(max(t.X/cellMeters, 0), g.w-1), min(max(t.Y/cellMeters, 0), g.h-1)
}

// crowd counts the avatars other than self standing nearer than radius to p, stopping at limit.
func (g *grid) crowd(p world.Vec, radius int32, self *avatar, limit int) int {
	r2 := int64(radius) * int64(radius)
	x0, y0 := g.cellXY(world.Vec{X: p.X - radius, Y: p.Y - radius})
	x1, y1 := g.cellXY(world.Vec{X: p.X + radius, Y: p.Y + radius})
	n := 0
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			for _, a := range g.cells[y*g.w+x] {
				if a != self && a.Pos.Dist2(p) < r2 {
					if n++; n >= limit {
						return n
					}
				}
			}
		}
	}
	return n
}

func (g *grid) add(a *avatar) {
	c := g.cellOf(a.Pos)
	a.cell, a.cellPos = c, int32(len(g.cells[c]))
	g.cells[c] = append(g.cells[c], a)
}

func (g *grid) remove(a *avatar) {
	cell := g.cells[a.cell]
	last := cell[len(cell)-1]
	cell[a.cellPos], last.cellPos = last, a.cellPos
	g.cells[a.cell] = cell[:len(cell)-1]
}

func (g *grid) update(a *avatar) {
	if g.cellOf(a.Pos) != a.cell {
		g.remove(a)
		g.add(a)
	}
}

// ring calls fn for every avatar in the cells at Chebyshev distance exactly r from cell c.
func (g *grid) ring(c int32, r int32, fn func(*avatar)) {
	cx, cy := c%g.w, c/g.w
	for y := cy - r; y <= cy+r; y++ {
		if y < 0 || y >= g.h {
			continue
		}
		step := int32(1)
		if y != cy-r && y != cy+r {
			step = 2 * r // only the ring's left and right edges
		}
		for x := cx - r; x <= cx+r; x += max(step, 1) {
			if x < 0 || x >= g.w {
				continue
			}
			for _, a := range g.cells[y*g.w+x] {
				fn(a)
			}
		}
	}
}
