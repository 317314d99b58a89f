package room

import (
	"fmt"
	"sync/atomic"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Settings are what staff changed about a room (see server/store.RoomSettings, where they are kept).
// The zero value is the room as its map made it.
type Settings struct {
	Locked        bool // only staff may enter
	Capacity      int  // 0 or more than the map's: the map's capacity
	SlowSeconds   int  // a visitor may chat once every so many seconds; 0: off
	AudienceMuted bool // only the stage is heard in voice
}

// settingsCell holds a room's settings for readers on other goroutines (the gateway's checks before
// a join, room lists); the room goroutine reads its own copy in state.
type settingsCell struct{ v atomic.Pointer[Settings] }

func (c *settingsCell) load() Settings {
	if p := c.v.Load(); p != nil {
		return *p
	}
	return Settings{}
}

// Configure applies staff's settings at the room's next tick. Joins are checked against them in the
// room's goroutine, so a capacity and the joins racing it stay one atomic step: lowering the
// capacity removes nobody, it only stops arrivals.
func (r *Room) Configure(s Settings) error {
	return r.post(func() {
		r.st.settings = s
		r.settings.v.Store(&s)
		r.voice.routeKey = 0 // who is heard may have changed (audience muted)
	})
}

// Settings returns the room's settings as last configured.
func (r *Room) Settings() Settings { return r.settings.load() }

// Capacity is how many people the room admits now: the map's, or less if staff lowered it.
func (r *Room) Capacity() int { return r.settings.load().capacity(r.def.Capacity) }

func (s Settings) capacity(mapCap int) int {
	if s.Capacity > 0 && s.Capacity < mapCap {
		return s.Capacity
	}
	return mapCap
}

// Info describes the room for room lists, with occupants counted by the caller.
func (r *Room) Info(occupants int) *pb.RoomInfo {
	s := r.settings.load()
	return &pb.RoomInfo{
		Id: r.def.ID, Name: r.def.Name, Occupants: uint32(occupants), Capacity: uint32(s.capacity(r.def.Capacity)),
		Locked: s.Locked, SlowSeconds: uint32(s.SlowSeconds), AudienceMuted: s.AudienceMuted,
	}
}

// Admitter is what a Directory may also do: say why someone may not enter a room another node
// runs (from the settings every node is told and the occupants that node published), so a door
// to it stops them on this side instead of sending them off to be refused there.
type Admitter interface {
	Admits(id string, p Profile) *pb.ServerMessage
}

// Tell sends msg to everyone in the room (a notice about the room from staff or another node).
func (r *Room) Tell(msg *pb.ServerMessage) error {
	return r.post(func() { r.broadcast(msg, func(*avatar) bool { return true }) })
}

// Refusal is entryRefusal as seen from another goroutine, for a quick answer before a join is
// posted: from the settings and occupants as of the room's last tick. The room checks again when
// the join arrives.
func (r *Room) Refusal(p Profile) *pb.ServerMessage { return r.RefusalWith(p, r.Occupants()) }

// RefusalWith is Refusal for a room with that many occupants: a node asks it of its copy of a room
// another node runs, with the occupants that node published.
func (r *Room) RefusalWith(p Profile, occupants int) *pb.ServerMessage {
	s := r.settings.load()
	if s.Locked && p.Role == pb.Role_ROLE_VISITOR {
		return refusal(pb.RefuseCode_REFUSE_NOT_ALLOWED, 0, "%s is closed for now: only staff may enter", r.def.Name)
	}
	if cap := s.capacity(r.def.Capacity); occupants >= cap {
		return refusal(pb.RefuseCode_REFUSE_ROOM_FULL, 0, "%s", fullReason(r.def.Name, cap))
	}
	return nil
}

// entryRefusal says why p may not come in now, or nil: the room is locked to visitors, or full.
// Called from the room's goroutine.
func (r *Room) entryRefusal(p Profile) *pb.ServerMessage {
	if no := r.eventRefusal(p); no != nil {
		return no
	}
	s := r.st.settings
	if s.Locked && p.Role == pb.Role_ROLE_VISITOR {
		return refusal(pb.RefuseCode_REFUSE_NOT_ALLOWED, 0, "%s is closed for now: only staff may enter", r.def.Name)
	}
	if cap := s.capacity(r.def.Capacity); len(r.st.free) == 0 || len(r.st.byID) >= cap {
		return refusal(pb.RefuseCode_REFUSE_ROOM_FULL, 0, "%s", fullReason(r.def.Name, cap))
	}
	return nil
}

// fullReason is the words for a full room.
func fullReason(name string, capacity int) string {
	return fmt.Sprintf("%s is full (%d people)", name, capacity)
}
