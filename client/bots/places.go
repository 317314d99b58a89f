package bots

import (
	"errors"
	"fmt"
	"math"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/shared/world"
)

// Where voice bots stand: speakers on the room's stage, or everyone in proximity groups spread over
// the room. Spots come from the default embassy's maps (the ones embedded in the binary), so a
// server running a world of its own needs rooms of the same shape.

// roomMap loads the definition of room id ("" is the arrival room) from the embedded embassy.
func roomMap(id string) (*world.Room, error) {
	w, err := world.Load(assets.World)
	if err != nil {
		return nil, fmt.Errorf("bots: load the embassy's maps: %w", err)
	}
	if id == "" {
		return w.Ordered[0], nil
	}
	r := w.Rooms[id]
	if r == nil {
		return nil, fmt.Errorf("bots: no room %q in the embassy's maps", id)
	}
	return r, nil
}

// reachable reports whether an avatar can stand at p and walk there from the room's arrival area.
func reachable(r *world.Room, from, p world.Vec) bool {
	if !r.Fits(p) {
		return false
	}
	_, ok := r.FindPath(from, p)
	return ok
}

// arrival is the centre of the room's first spawn zone (or of the room).
func arrival(r *world.Room) world.Vec {
	for _, z := range r.Zones {
		if z.Kind == world.ZoneSpawn {
			return z.Rect.Center()
		}
	}
	return r.Bounds().Center()
}

// stageSpots returns n places on the room's stage, spread over it on a grid, at least a metre apart.
func stageSpots(r *world.Room, n int) ([]world.Vec, error) {
	var stage *world.Zone
	for i := range r.Zones {
		if r.Zones[i].Kind == world.ZoneStage {
			stage = &r.Zones[i]
			break
		}
	}
	if stage == nil {
		return nil, fmt.Errorf("bots: room %s has no stage", r.ID)
	}
	from := arrival(r)
	var free []world.Vec
	for y := stage.Rect.Min.Y + world.Unit/2; y < stage.Rect.Max.Y; y += world.Unit {
		for x := stage.Rect.Min.X + world.Unit/2; x < stage.Rect.Max.X; x += world.Unit {
			if p := (world.Vec{X: x, Y: y}); reachable(r, from, p) {
				free = append(free, p)
			}
		}
	}
	if len(free) < n {
		return nil, fmt.Errorf("bots: the stage of %s has room for %d speakers, not %d", r.ID, len(free), n)
	}
	return spread(free, n), nil
}

// spread picks n of spots, evenly through the list.
func spread(spots []world.Vec, n int) []world.Vec {
	out := make([]world.Vec, n)
	for i := range out {
		out[i] = spots[i*len(spots)/n]
	}
	return out
}

// groupSpots returns, for groups of size people each, where every member stands: the groups'
// centres on a grid over the room's open floor (off its stage and private zones), members in a
// ring of 1.5 m around the centre. Result index: member m of group g is at [g][m].
func groupSpots(r *world.Room, groups, size int) ([][]world.Vec, error) {
	if groups <= 0 || size <= 0 {
		return nil, errors.New("bots: groups need a count and a size")
	}
	from := arrival(r)
	open := func(p world.Vec) bool {
		if _, ok := r.ZoneAt(p, world.ZoneStage); ok {
			return false
		}
		if _, ok := r.ZoneAt(p, world.ZonePrivate); ok {
			return false
		}
		return reachable(r, from, p)
	}
	// The widest grid of centres (at least 3 m apart) that still holds every group.
	var centres []world.Vec
	for step := int32(12); step >= 3 && len(centres) < groups; step-- {
		centres = centres[:0]
		for y := world.Meters(step) / 2; y < world.Meters(r.H); y += world.Meters(step) {
			for x := world.Meters(step) / 2; x < world.Meters(r.W); x += world.Meters(step) {
				if p := (world.Vec{X: x, Y: y}); open(p) {
					centres = append(centres, p)
				}
			}
		}
	}
	if len(centres) < groups {
		return nil, fmt.Errorf("bots: room %s has space for %d groups, not %d", r.ID, len(centres), groups)
	}
	centres = spread(centres, groups)
	out := make([][]world.Vec, groups)
	for g, c := range centres {
		for m := range size {
			p := c
			if m > 0 { // the speaker in the middle, the others around
				a := 2 * math.Pi * float64(m) / float64(size-1)
				q := world.Vec{X: c.X + int32(1.5*world.Unit*math.Cos(a)), Y: c.Y + int32(1.5*world.Unit*math.Sin(a))}
				if open(q) {
					p = q
				}
			}
			out[g] = append(out[g], p)
		}
	}
	return out, nil
}
