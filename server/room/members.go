package room

import (
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// avatar is one member's presence in the room. Owned by the room goroutine.
type avatar struct {
	slot    uint32
	m       Member
	prof    Profile
	seq     uint64      // the member's join request that brought the avatar here
	profile *pb.Profile // prof as sent to clients, built once

	world.Walker           // position, held direction or path: the shared movement rules
	prev         world.Vec // position at the start of this tick
	ack          uint32    // last intent seq applied
	sentAck      uint32    // last ack sent to this member
	inDoor       bool      // standing in a door zone (doors fire on entering one)
	teleported   bool      // moved by the server: send the absolute position next tick
	cell         int32     // grid cell index
	cellPos      int32     // index within the cell's slice
	moveCode     uint8     // this tick's displacement as a protocol move code, computed once for every observer

	view view // what this member sees
}

// state is everything a room owns.
type state struct {
	tick  uint32
	byID  map[string]*avatar
	slots []*avatar // index = slot; slot 0 is never used
	gen   []uint32  // per slot, bumped whenever a slot gets a new occupant
	free  []uint32  // slots ready for reuse (a stack)
	freed bitset    // slots vacated this tick: observers see them leave, reuse waits a tick
	moved bitset    // slots that moved this tick
	grid  grid

	cursors map[*world.Arrivals]*spawnCursor // per spawn: where arrivals were last placed

	settings Settings // staff's settings, see Configure; kept across a restart after a panic
}

func (s *state) init(def *world.Room, cfg Config) {
	n := def.Capacity + 1
	s.byID = make(map[string]*avatar, def.Capacity)
	s.slots = make([]*avatar, n)
	s.gen = make([]uint32, n)
	s.free = make([]uint32, 0, n)
	for i := n - 1; i >= 1; i-- {
		s.free = append(s.free, uint32(i))
	}
	s.freed = newBitset(n)
	s.moved = newBitset(n)
	s.grid = newGrid(def)
	s.cursors = make(map[*world.Arrivals]*spawnCursor)
}

// Join asks the room to admit m, for its join request seq (see Member.Enter), at the named spawn
// (empty: the default). via says how they came ("join", "door"); back, when not nil, is the room to
// return them to, at backPos, if this one is full.
func (r *Room) Join(m Member, p Profile, seq uint64, spawn, via string, back *Room, backPos *world.Vec) error {
	return r.post(func() { r.admit(m, p, seq, spawn, via, back, backPos) })
}

// Leave removes the member's avatar, if it is here.
func (r *Room) Leave(userID string) error {
	return r.post(func() {
		if a, ok := r.st.byID[userID]; ok {
			r.remove(a)
		}
	})
}

func (r *Room) admit(m Member, p Profile, seq uint64, spawn, via string, back *Room, backPos *world.Vec) {
	if m.Closed() {
		return
	}
	if old, ok := r.st.byID[p.UserID]; ok {
		if old.m == m && m.Room() == r { // joining the room you are in: back to the spawn
			if m.Enter(r, seq) {
				old.seq = seq
				r.teleport(old, r.arrivalSpot(spawn, old))
			}
			return
		}
		// An avatar the sweep has not dropped yet: its member has since been admitted elsewhere (or
		// it is an earlier session of the same user). Coming back is an arrival like any other, with
		// a Joined, since the client now shows the room it went to. The member's room cannot become
		// r meanwhile: only this goroutine admits into r.
		r.remove(old)
	}
	if no := r.entryRefusal(p); no != nil {
		r.sendTo(m, no)
		if back != nil {
			back.readmit(m, p, seq, *backPos)
		}
		return
	}
	if !m.Enter(r, seq) {
		return // the member has asked for another room since
	}
	var pos world.Vec
	if backPos != nil && via == "back" {
		pos = *backPos // back on this side of the door they tried
	} else {
		pos = r.arrivalSpot(spawn, nil)
	}
	slot := r.st.free[len(r.st.free)-1]
	r.st.free = r.st.free[:len(r.st.free)-1]
	r.st.gen[slot]++
	a := &avatar{
		slot: slot, m: m, prof: p, seq: seq, Walker: world.Walker{Pos: pos}, prev: pos,
		profile: &pb.Profile{Slot: slot, UserId: p.UserID, Name: p.Name, Role: p.Role, Look: p.Look},
	}
	_, a.inDoor = r.def.ZoneAt(pos, world.ZoneDoor)
	a.view.init(len(r.st.slots))
	r.st.slots[slot] = a
	r.st.byID[p.UserID] = a
	r.st.grid.add(a)
	r.sendTo(m, &pb.ServerMessage{Msg: &pb.ServerMessage_Joined{Joined: &pb.Joined{
		Room: r.def.ID, Name: r.def.Name, MapFile: r.def.MapFile, SelfSlot: slot,
		X: pos.X, Y: pos.Y, Tick: r.st.tick, Via: via,
	}}})
	if r.ev.ev != nil {
		r.sendTo(m, r.eventMessage())
	}
}

// readmit posts a return to this room at pos, used when a door led to a full room.
func (r *Room) readmit(m Member, p Profile, seq uint64, pos world.Vec) {
	if err := r.Join(m, p, seq, "", "back", nil, &pos); err != nil {
		r.sendTo(m, refusal(pb.RefuseCode_REFUSE_BUSY, 0, "the embassy is busy, please join a room again"))
	}
}

// remove takes an avatar out of the room; observers see it leave at the end of this tick.
func (r *Room) remove(a *avatar) {
	r.st.grid.remove(a)
	delete(r.st.byID, a.prof.UserID)
	r.st.slots[a.slot] = nil
	r.st.freed.set(a.slot)
	r.st.moved.clear(a.slot)
}

// sweepClosed drops the avatars of members that disconnected, or that another room has admitted
// since (a member's room pointer is the one truth of where it is), without a Leave reaching us.
func (r *Room) sweepClosed() {
	for _, a := range r.st.byID {
		if a.m.Closed() || a.m.Room() != r {
			r.remove(a)
		}
	}
}

// Evacuate sends everyone in the room elsewhere (the room is now run by another node). An avatar
// whose member another room has admitted since this room's last sweep is only dropped: sending that
// member after this room would undo a join it has already been told succeeded.
func (r *Room) Evacuate() error {
	return r.post(func() {
		for _, a := range r.st.byID {
			r.remove(a)
			if !a.m.Closed() && a.m.Room() == r {
				a.m.Elsewhere(r.def.ID, "")
			}
		}
	})
}

// restart empties the room after a panic and readmits everyone at the default spawn.
func (r *Room) restart() {
	members := make([]*avatar, 0, len(r.st.byID))
	for _, a := range r.st.byID {
		members = append(members, a)
	}
	settings := r.st.settings
	r.st = state{settings: settings}
	r.st.init(r.def, r.cfg)
	for _, a := range members {
		r.admit(a.m, a.prof, a.seq, "", "spawn", nil, nil)
	}
}
