package room

import "github.com/embassy-project/embassy/shared/world"

// spotClearance is how near another avatar may stand to a spot that still counts as free: a metre,
// so two arrivals' name tags never cover each other.
const spotClearance = world.Unit

// spawnCursor remembers, per spawn, where the search for a spot left off.
type spawnCursor struct {
	tick uint32 // the tick during whose commands next was found
	next int    // spots before next were all taken at that time: a burst of arrivals skips them
	rr   int    // where the next arrival into a crowd starts looking (round robin)
}

// arrivalSpot picks where someone arriving at the named spawn lands: the first of the spawn's spots
// with nobody within spotClearance (self, a member respawning, does not count), else, in a crowd
// larger than the spots, the least crowded spot, taking turns among equally crowded ones. Every spot
// fits an avatar (see world.Arrivals). The grid makes each check cost the few avatars around a
// spot, and during one tick's commands a burst of arrivals never re-checks a spot found taken, so
// a thousand guests arriving at once cost one pass over the spots.
func (r *Room) arrivalSpot(spawn string, self *avatar) world.Vec {
	arr := r.def.Arrivals(spawn)
	spots := arr.Spots
	s := &r.st
	c := s.cursors[arr]
	if c == nil {
		c = &spawnCursor{}
		s.cursors[arr] = c
	}
	if c.tick != s.tick {
		c.tick, c.next = s.tick, 0 // avatars moved since: look again from the nearest spot
	}
	for i := c.next; i < len(spots); i++ {
		if s.grid.crowd(spots[i], spotClearance, self, 1) == 0 {
			c.next = i + 1
			return spots[i]
		}
	}
	c.next = len(spots)
	best, bestN := 0, int(^uint(0)>>1)
	for k := range spots {
		i := (c.rr + k) % len(spots)
		if n := s.grid.crowd(spots[i], spotClearance, self, bestN); n < bestN {
			best, bestN = i, n
			if n <= 1 {
				break // one other is the fewest a spot found taken can have
			}
		}
	}
	c.rr = (best + 1) % len(spots)
	return spots[best]
}
