package gateway

import (
	"sync"

	"github.com/embassy-project/embassy/server/room"
)

// occupancy counts the live sessions in each room of this node, by the room that last admitted each
// one. It changes the moment a room admits a session or a session ends, a tick before the room's
// own count (room.Room.Occupants), so the room list a visitor gets right after Joined counts them in
// the room they entered and no longer in the one they left.
type occupancy struct {
	mu sync.Mutex // guards n
	n  map[string]int
}

func newOccupancy() *occupancy { return &occupancy{n: map[string]int{}} }

// move takes one session out of from and into to; either may be nil.
func (o *occupancy) move(from, to *room.Room) {
	if from == to {
		return
	}
	o.mu.Lock()
	if from != nil {
		o.n[from.ID()]--
	}
	if to != nil {
		o.n[to.ID()]++
	}
	o.mu.Unlock()
}

func (o *occupancy) get(roomID string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.n[roomID]
}
