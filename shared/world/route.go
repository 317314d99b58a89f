package world

import (
	"cmp"
	"slices"
)

// Leg is one room's part of a route: the path to walk in Room from From, ending inside Door (which
// leads to the next leg's room) or, on the last leg (Door nil), at the destination.
type Leg struct {
	Room string
	From Vec
	Path []Vec // waypoints as FindPath returns them
	Door *Zone
}

// DoorPath returns the doors to walk through, in order, to get from room from to room to: the first
// lies in from, each next one in the room the one before leads to. It is empty when from == to. The
// path has the fewest doors; ties go to the door listed first in its map, so every machine agrees.
func (w *World) DoorPath(from, to string) ([]*Zone, bool) {
	if _, ok := w.Rooms[from]; !ok {
		return nil, false
	}
	if _, ok := w.Rooms[to]; !ok {
		return nil, false
	}
	via := map[string]*Zone{from: nil} // room -> the door that first reached it
	prev := map[string]string{}
	for queue := []string{from}; len(queue) > 0 && via[to] == nil && from != to; queue = queue[1:] {
		r := w.Rooms[queue[0]]
		for i := range r.Zones {
			z := &r.Zones[i]
			if _, seen := via[z.Target]; z.Kind != ZoneDoor || seen || w.Rooms[z.Target] == nil {
				continue
			}
			via[z.Target], prev[z.Target] = z, r.ID
			queue = append(queue, z.Target)
		}
	}
	if from != to && via[to] == nil {
		return nil, false
	}
	var doors []*Zone
	for at := to; at != from; at = prev[at] {
		doors = append(doors, via[at])
	}
	slices.Reverse(doors)
	return doors, true
}

// Route plans a walk from `from` in room fromRoom to `to` in room toRoom: one leg per room, through
// the doors DoorPath picks. A door sets the visitor down at its target spawn; Route starts the next
// leg at that spawn's centre, where the server places the first arrival (later ones stand around it,
// so a client should plan again from where it actually arrives). ok is false when some leg cannot be
// walked.
func (w *World) Route(fromRoom string, from Vec, toRoom string, to Vec) (legs []Leg, ok bool) {
	doors, ok := w.DoorPath(fromRoom, toRoom)
	if !ok {
		return nil, false
	}
	room, pos := w.Rooms[fromRoom], from
	for _, d := range doors {
		path, ok := room.PathInto(pos, d)
		if !ok {
			return nil, false
		}
		legs = append(legs, Leg{Room: room.ID, From: pos, Path: path, Door: d})
		room = w.Rooms[d.Target]
		pos = room.Spawn(d.TargetSpawn)
	}
	path, ok := room.FindPath(pos, to)
	if !ok {
		return nil, false
	}
	return append(legs, Leg{Room: room.ID, From: pos, Path: path}), true
}

// PathInto returns a path from `from` to a point inside zone z: its centre if an avatar can walk
// there, else the reachable tile centre inside z nearest to from (a door's centre may lie on the
// wall it opens). ok is false when no point of z can be reached.
func (r *Room) PathInto(from Vec, z *Zone) ([]Vec, bool) {
	if z.Rect.Contains(from) {
		return []Vec{from}, true
	}
	if path, ok := r.FindPath(from, z.Rect.Center()); ok {
		return path, true
	}
	var tiles []Vec
	minT, maxT := z.Rect.Min.Tile(), Vec{z.Rect.Max.X - 1, z.Rect.Max.Y - 1}.Tile()
	for y := minT.Y; y <= maxT.Y; y++ {
		for x := minT.X; x <= maxT.X; x++ {
			if c := (Tile{x, y}).Center(); z.Rect.Contains(c) && !r.Blocked(Tile{x, y}) {
				tiles = append(tiles, c)
			}
		}
	}
	slices.SortStableFunc(tiles, func(a, b Vec) int { return cmp.Compare(a.Dist2(from), b.Dist2(from)) })
	for _, c := range tiles {
		if path, ok := r.FindPath(from, c); ok {
			return path, true
		}
	}
	return nil, false
}
