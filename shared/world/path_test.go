package world

import (
	"math/rand/v2"
	"testing"
)

// walk follows a path the way the server does (server/room/sim.go): StepToward the next waypoint each
// tick, dropping it when reached and giving up when stuck. It returns where the avatar ends.
func walk(t *testing.T, r *Room, from Vec, path []Vec, step int32) (Vec, bool) {
	t.Helper()
	p := from
	for ticks := 0; len(path) > 0; ticks++ {
		if ticks > 100000 {
			t.Fatalf("walk from %v along %v did not end", from, path)
		}
		next, reached := r.StepToward(p, path[0], step)
		if !r.Fits(next) {
			t.Fatalf("walk reached %v, which does not fit", next)
		}
		if reached {
			path = path[1:]
		} else if next == p {
			return p, false
		}
		p = next
	}
	return p, true
}

// checkPath asserts the properties every path FindPath returns must have: it ends exactly at the
// target, every waypoint fits, and between waypoints that are tile centres the line is clear. With
// walkSteps it also walks the path at those step sizes and asserts arrival.
func checkPath(t *testing.T, r *Room, from, to Vec, path []Vec, walkSteps ...int32) {
	t.Helper()
	if len(path) == 0 || path[len(path)-1] != to {
		t.Fatalf("FindPath(%v, %v) = %v: does not end at the target", from, to, path)
	}
	for i, p := range path {
		if !r.Fits(p) {
			t.Errorf("FindPath(%v, %v): waypoint %d %v does not fit", from, to, i, p)
		}
		// The first leg starts off-centre and the last ends off-centre; see TestFindPathWalkKnownBugs.
		if i > 0 && i < len(path)-1 && !r.clearLine(path[i-1], p) {
			t.Errorf("FindPath(%v, %v): no clear line from waypoint %d %v to %d %v", from, to, i-1, path[i-1], i, p)
		}
	}
	for _, step := range walkSteps {
		if end, ok := walk(t, r, from, path, step); !ok || end != to {
			t.Errorf("walking FindPath(%v, %v) = %v at step %d ends at %v (arrived %v)", from, to, path, step, end, ok)
		}
	}
}

func TestFindPath(t *testing.T) {
	r := gridRoom(t, nil,
		"############",
		"#....#.....#",
		"#....#.....#",
		"#....#..####",
		"#....#..#..#",
		"#.......#..#", // (9,4)-(10,5) is enclosed
		"#....#..####",
		"############",
	)
	tests := []struct {
		name     string
		from, to Vec
		ok       bool
		maxWay   int // most waypoints a smoothed path should need; 0 to skip
	}{
		{"same tile", Tile{2, 2}.Center(), Vec{150, 140}, true, 1},
		{"open line", Tile{1, 1}.Center(), Tile{4, 6}.Center(), true, 1},
		{"around the wall", Tile{1, 1}.Center(), Tile{7, 1}.Center(), true, 3},
		{"around the wall, off centre", Vec{100, 90}, Vec{470, 100}, true, 3},
		{"back again", Tile{10, 1}.Center(), Tile{2, 2}.Center(), true, 4},
		{"neighbour tile", Tile{6, 5}.Center(), Tile{7, 5}.Center(), true, 1},
		{"enclosed target", Tile{1, 1}.Center(), Tile{9, 4}.Center(), false, 0},
		{"blocked target", Tile{1, 1}.Center(), Tile{5, 2}.Center(), false, 0},
		{"target outside room", Tile{1, 1}.Center(), Vec{-100, 50}, false, 0},
		{"target does not fit by the wall", Tile{1, 1}.Center(), Vec{5*Unit - AvatarHalf, 100}, false, 0},
		{"target just fits by the wall", Tile{1, 1}.Center(), Vec{5*Unit - AvatarHalf - 1, 100}, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !r.Fits(tt.from) {
				t.Fatalf("bad test: %v does not fit", tt.from)
			}
			path, ok := r.FindPath(tt.from, tt.to)
			if ok != tt.ok {
				t.Fatalf("FindPath(%v, %v) ok = %v, want %v (path %v)", tt.from, tt.to, ok, tt.ok, path)
			}
			if !ok {
				if path != nil {
					t.Errorf("FindPath failed but returned %v", path)
				}
				return
			}
			checkPath(t, r, tt.from, tt.to, path, 2, 12, 63)
			beforeLast := tt.from
			if len(path) > 1 {
				beforeLast = path[len(path)-2]
			}
			if !r.clearLine(tt.from, path[0]) || !r.clearLine(beforeLast, tt.to) {
				t.Errorf("FindPath(%v, %v) = %v: first or last leg is not a clear line", tt.from, tt.to, path)
			}
			if tt.maxWay > 0 && len(path) > tt.maxWay {
				t.Errorf("FindPath(%v, %v) = %v: %d waypoints, want at most %d", tt.from, tt.to, path, len(path), tt.maxWay)
			}
		})
	}
}

func TestFindPathNoCornerCutting(t *testing.T) {
	// The only way from the left room to the right one is diagonal between two walls: A* must not
	// squeeze through the corner, so the target is unreachable.
	r := gridRoom(t, nil,
		"######",
		"#..#.#",
		"#.#..#",
		"######",
	)
	if path, ok := r.FindPath(Tile{2, 1}.Center(), Tile{4, 1}.Center()); ok {
		t.Errorf("FindPath cut a corner: %v", path)
	}
}

// TestFindPathRandom checks on random maps that FindPath succeeds exactly when a flood fill says the
// target's tile is reachable, and that every path it returns can be walked to the end.
func TestFindPathRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for m := range 30 {
		const w, h = 20, 14
		blocked := make([]bool, w*h)
		for i := range blocked {
			x, y := i%w, i/w
			blocked[i] = x == 0 || y == 0 || x == w-1 || y == h-1 || rng.IntN(4) == 0
		}
		r := NewRoom("rnd", "Random", w, h, blocked, nil)
		randomFit := func() Vec {
			for {
				p := Vec{int32(rng.IntN(w * Unit)), int32(rng.IntN(h * Unit))}
				if r.Fits(p) {
					return p
				}
			}
		}
		for range 40 {
			from, to := randomFit(), randomFit()
			path, ok := r.FindPath(from, to)
			if want := reachable(r, from.Tile(), to.Tile()); ok != want {
				t.Fatalf("map %d: FindPath(%v, %v) ok = %v, flood fill says %v", m, from, to, ok, want)
			}
			if ok {
				checkPath(t, r, from, to, path)
			}
			if !ok && path != nil {
				t.Fatalf("map %d: FindPath(%v, %v) failed but returned %v", m, from, to, path)
			}
		}
	}
}

// reachable is an independent breadth-first flood fill with FindPath's rules: 8 neighbours, never
// cutting a blocked corner.
func reachable(r *Room, from, to Tile) bool {
	seen := map[Tile]bool{from: true}
	queue := []Tile{from}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == to {
			return true
		}
		for dx := int32(-1); dx <= 1; dx++ {
			for dy := int32(-1); dy <= 1; dy++ {
				n := Tile{c.X + dx, c.Y + dy}
				if seen[n] || r.Blocked(n) || r.Blocked(Tile{c.X + dx, c.Y}) || r.Blocked(Tile{c.X, c.Y + dy}) {
					continue
				}
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	return false
}

// serpentine is a w x h maze of corridors joined at alternate ends, so the only path from the top
// corridor to the bottom one visits nearly every tile.
func serpentine(w, h int32) *Room {
	blocked := make([]bool, w*h)
	for y := range h {
		for x := range w {
			wall := x == 0 || y == 0 || x == w-1 || y == h-1
			if y%2 == 0 {
				gap := int32(1)
				if (y/2)%2 == 1 {
					gap = w - 2
				}
				wall = wall || x != gap
			}
			blocked[y*w+x] = wall
		}
	}
	return NewRoom("maze", "Maze", w, h, blocked, nil)
}

func TestFindPathBoundedWork(t *testing.T) {
	// A maze whose only path needs fewer expansions than MaxPathNodes is solved ...
	small := serpentine(101, 101)
	from, to := Tile{1, 1}.Center(), Tile{1, 99}.Center()
	path, ok := small.FindPath(from, to)
	if !ok {
		t.Fatal("FindPath failed in a small serpentine")
	}
	checkPath(t, small, from, to, path, 63)
	// ... one that needs more is given up, although the target is reachable.
	big := serpentine(401, 401)
	from, to = Tile{1, 1}.Center(), Tile{1, 399}.Center()
	if !reachable(big, from.Tile(), to.Tile()) {
		t.Fatal("bad test: big serpentine is not connected")
	}
	if _, ok := big.FindPath(from, to); ok {
		t.Errorf("FindPath solved a maze needing about %d expansions, over MaxPathNodes %d", 400*200, MaxPathNodes)
	}
}

// TestFindPathWalkKnownBugs holds walks that FindPath promises but StepToward, driven the way the
// server drives it (give up when a tick makes no progress), does not finish. Reported; remove the
// Skip once fixed.
func TestFindPathWalkKnownBugs(t *testing.T) {
	corner := gridRoom(t, nil,
		"#######",
		"#.....#",
		"#...#.#",
		"#.....#",
		"#######",
	)
	drift := gridRoom(t, nil,
		"##################",
		"#................#",
		"#.......#........#",
		"#................#",
		"##################",
	)
	open := openRoom(t, 10, 10)
	tests := []struct {
		name     string
		r        *Room
		from, to Vec
		step     int32
	}{
		// FindPath = [{236 193}] though the line is not clear; the walk stops at {237 211}: the
		// remaining x of -1 truncates to 0 and y is blocked by tile (4,2).
		{"last leg grazes a corner", corner, Vec{292, 213}, Vec{236, 193}, 12},
		// The line is clear, but my = -36*12/900 truncates to 0 for the first 30 ticks, so the
		// avatar drifts below the line and stops against tile (8,2) at {492 120}.
		{"truncation drifts off the line", drift, Vec{100, 120}, Vec{1000, 84}, 12},
		// With a step of 1 (StepPerTick's minimum) any diagonal move truncates to (0,0).
		{"step 1 never moves diagonally", open, Vec{100, 100}, Vec{300, 200}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, ok := tt.r.FindPath(tt.from, tt.to)
			if !ok {
				t.Fatalf("FindPath(%v, %v) failed", tt.from, tt.to)
			}
			checkPath(t, tt.r, tt.from, tt.to, path, tt.step)
			if !tt.r.clearLine(tt.from, path[0]) {
				t.Errorf("FindPath(%v, %v) = %v: first leg is not a clear line", tt.from, tt.to, path)
			}
		})
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for m := range 100 {
		const w, h = 20, 14
		blocked := make([]bool, w*h)
		for i := range blocked {
			x, y := i%w, i/w
			blocked[i] = x == 0 || y == 0 || x == w-1 || y == h-1 || rng.IntN(4) == 0
		}
		r := NewRoom("rnd", "Random", w, h, blocked, nil)
		for range 40 {
			from := Vec{int32(rng.IntN(w * Unit)), int32(rng.IntN(h * Unit))}
			to := Vec{int32(rng.IntN(w * Unit)), int32(rng.IntN(h * Unit))}
			if !r.Fits(from) {
				continue
			}
			if path, ok := r.FindPath(from, to); ok {
				if end, arrived := walk(t, r, from, path, 12); !arrived {
					t.Errorf("map %d: walking FindPath(%v, %v) = %v stops at %v", m, from, to, path, end)
				}
			}
		}
	}
}
