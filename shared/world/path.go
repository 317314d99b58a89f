package world

// MaxPathNodes bounds the work one walk-to request may cost the server.
const MaxPathNodes = 1 << 16

// FindPath returns waypoints from `from` to `to` over walkable tiles (8-connected, never cutting a
// wall's corner), ending exactly at `to`. ok is false when `to` is blocked or unreachable.
func (r *Room) FindPath(from, to Vec) (path []Vec, ok bool) {
	start, goal := from.Tile(), to.Tile()
	if r.Blocked(goal) || !r.Fits(to) {
		return nil, false
	}
	if start == goal {
		return []Vec{to}, true
	}
	idx := func(t Tile) int32 { return t.Y*r.W + t.X }
	came := make(map[int32]int32, 256)
	cost := map[int32]int32{idx(start): 0}
	open := &minHeap[tileItem]{less: tileLess}
	open.Push(tileItem{start, octile(start, goal)})
	for expanded := 0; open.Len() > 0 && expanded < MaxPathNodes; expanded++ {
		cur := open.Pop().t
		if cur == goal {
			return r.smooth(from, r.unwind(came, idx, start, goal, to)), true
		}
		ci := idx(cur)
		for _, n := range neighbours {
			nt := Tile{cur.X + n.X, cur.Y + n.Y}
			if r.Blocked(nt) {
				continue
			}
			if n.X != 0 && n.Y != 0 && (r.Blocked(Tile{cur.X + n.X, cur.Y}) || r.Blocked(Tile{cur.X, cur.Y + n.Y})) {
				continue
			}
			step := int32(10)
			if n.X != 0 && n.Y != 0 {
				step = 14
			}
			ni, nc := idx(nt), cost[ci]+step
			if old, seen := cost[ni]; seen && old <= nc {
				continue
			}
			cost[ni], came[ni] = nc, ci
			open.Push(tileItem{nt, nc + octile(nt, goal)})
		}
	}
	return nil, false
}

var neighbours = [8]Tile{{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}}

func (r *Room) unwind(came map[int32]int32, idx func(Tile) int32, start, goal Tile, to Vec) []Vec {
	var rev []Vec
	for i := came[idx(goal)]; i != idx(start); i = came[i] {
		rev = append(rev, Tile{i % r.W, i / r.W}.Center())
	}
	out := make([]Vec, 0, len(rev)+1)
	for i := len(rev) - 1; i >= 0; i-- {
		out = append(out, rev[i])
	}
	return append(out, to)
}

// smooth drops waypoints that can be skipped by walking straight (string pulling).
func (r *Room) smooth(from Vec, pts []Vec) []Vec {
	out := pts[:0:0]
	cur := from
	for i := 0; i < len(pts); {
		j := len(pts) - 1
		for j > i && !r.clearLine(cur, pts[j]) {
			j--
		}
		if j == i && !r.clearLine(cur, pts[i]) {
			// Even the next waypoint is not in a straight line from an off-centre start: go by the
			// centre of the tile we stand on first.
			if c := cur.Tile().Center(); c != cur {
				out = append(out, c)
				cur = c
				continue
			}
		}
		out = append(out, pts[j])
		cur = pts[j]
		i = j + 1
	}
	return out
}

// clearLine reports whether the avatar's box can travel straight from a to b without touching a wall,
// sampled every quarter tile.
func (r *Room) clearLine(a, b Vec) bool {
	d := b.Sub(a)
	n := isqrt(int64(d.X)*int64(d.X)+int64(d.Y)*int64(d.Y))/(Unit/4) + 1
	for k := int64(0); k <= n; k++ {
		p := Vec{a.X + int32(int64(d.X)*k/n), a.Y + int32(int64(d.Y)*k/n)}
		if !r.Fits(p) {
			return false
		}
	}
	return true
}

func octile(a, b Tile) int32 {
	dx, dy := abs32(a.X-b.X), abs32(a.Y-b.Y)
	return 10*(dx+dy) - 6*min(dx, dy)
}

func abs32(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}

type tileItem struct {
	t Tile
	f int32
}

// tileLess orders the open set: lowest estimate first, ties broken by position so that client and
// server agree.
func tileLess(a, b tileItem) bool {
	if a.f != b.f {
		return a.f < b.f
	}
	if a.t.Y != b.t.Y {
		return a.t.Y < b.t.Y
	}
	return a.t.X < b.t.X
}
