package room

import (
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// Move sets the direction the member's avatar walks in until the next intent.
func (r *Room) Move(userID string, seq uint32, d world.Dir) error {
	return r.post(func() {
		if a, ok := r.st.byID[userID]; ok {
			a.Hold(d)
			a.ack = seq
		}
	})
}

// WalkTo sends the member's avatar along a path to target.
func (r *Room) WalkTo(userID string, seq uint32, target world.Vec) error {
	return r.post(func() {
		a, ok := r.st.byID[userID]
		if !ok {
			return
		}
		a.ack = seq
		if !a.Walker.WalkTo(r.def, target) {
			r.sendTo(a.m, refusal(pb.RefuseCode_REFUSE_UNREACHABLE, seq, "you cannot walk there"))
		}
	})
}

// simulate moves every walking avatar one tick and fires doors.
func (r *Room) simulate() {
	for _, a := range r.st.byID {
		if a.teleported {
			a.teleported = false
			r.st.moved.set(a.slot)
			a.moveCode = protocol.CodeAbsolute
			r.st.grid.update(a)
			continue
		}
		a.prev = a.Pos
		if !a.Step(r.def, r.step) {
			continue
		}
		door, inDoor := r.def.ZoneAt(a.Pos, world.ZoneDoor)
		entered := inDoor && !a.inDoor
		a.inDoor = inDoor
		if entered && r.throughDoor(a, door) {
			continue // the avatar left this room
		}
		if a.Pos != a.prev {
			r.st.moved.set(a.slot)
			a.moveCode = protocol.StepCode(a.Pos.X-a.prev.X, a.Pos.Y-a.prev.Y, r.step)
			r.st.grid.update(a)
		}
	}
}

// teleport puts an avatar at p; observers get its absolute position this tick. Server-side only
// (a rejoin sends you back to the spawn; tests): clients can only walk.
func (r *Room) teleport(a *avatar, p world.Vec) {
	a.prev, a.Pos, a.teleported = a.Pos, p, true
	a.Stop()
	r.st.grid.update(a) // at once: the next arrival this tick must see who stands where
}

// throughDoor hands an avatar to the door's target room and reports whether it left; if that room
// is full the avatar stops on this side of the door.
func (r *Room) throughDoor(a *avatar, door *world.Zone) bool {
	if door.Target == r.def.ID {
		return false
	}
	target, ok := r.dir.Room(door.Target)
	if !ok { // another node runs it
		if adm, ok := r.dir.(Admitter); ok {
			if no := adm.Admits(door.Target, a.prof); no != nil {
				a.Pos, a.inDoor = a.prev, false
				a.Stop()
				r.sendTo(a.m, no)
				return false
			}
		}
		r.guideLeft(a, a.Pos)
		r.remove(a)
		a.m.Elsewhere(door.Target, door.TargetSpawn)
		return true
	}
	if no := target.Refusal(a.prof); no != nil {
		a.Pos, a.inDoor = a.prev, false
		a.Stop()
		r.sendTo(a.m, no)
		return false
	}
	back := a.prev
	r.guideLeft(a, a.Pos)
	r.remove(a)
	if err := target.Join(a.m, a.prof, a.seq, door.TargetSpawn, "door", r, &back); err != nil {
		r.admit(a.m, a.prof, a.seq, "", "back", nil, &back)
	}
	return true
}
