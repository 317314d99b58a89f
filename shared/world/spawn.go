package world

import (
	"cmp"
	"slices"
)

// MaxArrivalSpots bounds how many spots one spawn offers: enough for a full Reception Hall (1,200)
// to arrive and stand still, small enough to compute when a room is loaded.
const MaxArrivalSpots = 2048

// Arrivals is where people arriving at one spawn may be placed, so that two of them never land on
// the very same spot. Spots lie on a 1 m lattice through the spawn's centre: first the spawn's
// centre (Spawn; Load makes sure it fits), then the other lattice points inside the spawn zone,
// nearest first (Inside counts them), then lattice points beyond the zone, reachable from it over floor, nearest first, up to
// MaxArrivalSpots in all. Every spot fits an avatar and keeps a metre from every door, so that an
// arrival never walks straight back out. An Arrivals is computed once, with its room, and never
// changes.
type Arrivals struct {
	Zone   *Zone // the spawn zone; nil in a room without one
	Spots  []Vec
	Inside int // Spots[:Inside] lie inside Zone
}

// Arrivals returns where people arriving at the named spawn are placed, choosing the spawn as Spawn
// does. The result is shared and must not be modified.
func (r *Room) Arrivals(name string) *Arrivals {
	if z := r.spawnZone(name); z != nil {
		return r.arrivals[z.Index]
	}
	return r.noSpawn
}

// initArrivals computes the arrival spots of every spawn zone (and of the room itself, for a map
// without spawn zones).
func (r *Room) initArrivals() {
	r.arrivals = make([]*Arrivals, len(r.Zones))
	for i := range r.Zones {
		if z := &r.Zones[i]; z.Kind == ZoneSpawn {
			r.arrivals[i] = r.arrivalSpots(z, z.Rect.Center(), z.Rect)
		}
	}
	if r.spawnZone("") == nil {
		p := r.Spawn("")
		r.noSpawn = r.arrivalSpots(nil, p, Rect{Min: p, Max: p.Add(Vec{1, 1})})
	}
}

// lattice is a point of the spawn lattice, in metres from its anchor.
type lattice struct{ i, j int32 }

// arrivalSpots floods the 1 m lattice through anchor outward from the lattice points inside zone,
// nearest to the anchor first.
func (r *Room) arrivalSpots(z *Zone, anchor Vec, zone Rect) *Arrivals {
	at := func(l lattice) Vec { return Vec{anchor.X + l.i*Unit, anchor.Y + l.j*Unit} }
	ok := func(p Vec) bool { return r.Fits(p) && !r.nearDoor(p) }
	var seeds []lattice
	i0, i1 := ceilDiv(zone.Min.X-anchor.X, Unit), floorDiv(zone.Max.X-1-anchor.X, Unit)
	j0, j1 := ceilDiv(zone.Min.Y-anchor.Y, Unit), floorDiv(zone.Max.Y-1-anchor.Y, Unit)
	for j := j0; j <= j1; j++ {
		for i := i0; i <= i1; i++ {
			if l := (lattice{i, j}); ok(at(l)) {
				seeds = append(seeds, l)
			}
		}
	}
	if len(seeds) == 0 {
		// Nothing inside the zone fits (only a hand-built room gets here: Load checks spawns):
		// arrive at the anchor, as before spreading existed.
		return &Arrivals{Zone: z, Spots: []Vec{anchor}}
	}
	key := func(l lattice) spotKey {
		p := at(l)
		return spotKey{l: l, outside: !zone.Contains(p), d2: p.Dist2(anchor)}
	}
	seen := make(map[lattice]bool, 4*len(seeds))
	open := &minHeap[spotKey]{less: func(a, b spotKey) bool { return compareSpots(a, b) < 0 }}
	for _, l := range seeds {
		seen[l] = true
		open.Push(key(l))
	}
	keys := make([]spotKey, 0, min(MaxArrivalSpots, 64))
	for open.Len() > 0 && len(keys) < MaxArrivalSpots {
		k := open.Pop()
		keys = append(keys, k)
		for _, d := range [4]lattice{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
			// Two fitting points 1 m apart on an axis have a clear walk between them, so the flood
			// never crosses a wall.
			n := lattice{k.l.i + d.i, k.l.j + d.j}
			if !seen[n] && ok(at(n)) {
				seen[n] = true
				open.Push(key(n))
			}
		}
	}
	// The flood pops in order except where an inside point is reached only around an obstacle.
	slices.SortFunc(keys, compareSpots)
	a := &Arrivals{Zone: z, Spots: make([]Vec, len(keys))}
	for i, k := range keys {
		a.Spots[i] = at(k.l)
		if !k.outside {
			a.Inside++
		}
	}
	return a
}

// nearDoor reports whether p lies within a metre of a door zone: an arrival placed there would be
// one step from leaving again.
func (r *Room) nearDoor(p Vec) bool {
	for i := range r.Zones {
		z := &r.Zones[i]
		if z.Kind != ZoneDoor {
			continue
		}
		grown := Rect{Min: z.Rect.Min.Sub(Vec{Unit, Unit}), Max: z.Rect.Max.Add(Vec{Unit, Unit})}
		if grown.Contains(p) {
			return true
		}
	}
	return false
}

// spotKey orders lattice points: inside the zone first, then nearer the anchor, then north to
// south and west to east, so the order is the same on every machine.
type spotKey struct {
	l       lattice
	outside bool
	d2      int64
}

func compareSpots(a, b spotKey) int {
	if a.outside != b.outside {
		if a.outside {
			return 1
		}
		return -1
	}
	return cmp.Or(cmp.Compare(a.d2, b.d2), cmp.Compare(a.l.j, b.l.j), cmp.Compare(a.l.i, b.l.i))
}

func ceilDiv(a, b int32) int32 { return -floorDiv(-a, b) }
