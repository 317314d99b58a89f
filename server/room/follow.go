package room

import (
	"slices"

	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// Guided tours ("follow me"): a guide leads, followers walk after them. Movement stays the
// server's: the room walks each follower towards their guide, and through the door the guide took
// when the guide leaves; followers arriving in the next room keep following (their member tells
// the new room, see Follow). The guide's talk reaches every follower in the room wherever they
// stand, in chat and in voice. A follower's own move ends their following (the gateway sees it
// first and calls Unfollow).

// followState is the room's side of guided tours, owned by the room goroutine.
type followState struct {
	guides    map[string]string    // guide user id -> tour title, for guides in or passing through this room
	following map[string]string    // follower user id -> guide user id
	exits     map[string]world.Vec // guide user id -> where the guide left through a door, for followers still here
	dirty     map[string]bool      // guides whose group changed: send GuideState
}

// followEvery is how often (in ticks) followers re-plan their walk towards the guide.
const followEvery = 10

// followGap is how close a follower walks to the guide: the group gathers around without crowding.
var followGap = world.Meters(2)

func (f *followState) init() {
	if f.guides == nil {
		*f = followState{guides: map[string]string{}, following: map[string]string{}, exits: map[string]world.Vec{}, dirty: map[string]bool{}}
	}
}

// Guide says userID leads a guided tour (title), or no longer does (title ""): their followers here
// stop following.
func (r *Room) Guide(userID, title string) error {
	return r.post(func() {
		f := &r.tours
		f.init()
		if title != "" {
			f.guides[userID] = title
			f.dirty[userID] = true
			return
		}
		delete(f.guides, userID)
		delete(f.exits, userID)
		for fid, g := range f.following {
			if g == userID {
				delete(f.following, fid)
				if a := r.st.byID[fid]; a != nil {
					a.Stop()
					r.sendTo(a.m, guideState("", "", nil))
				}
			}
		}
		if a := r.st.byID[userID]; a != nil {
			r.sendTo(a.m, guideState("", "", nil))
		}
	})
}

// Follow makes follower walk after guide (a user id), ref echoed in a refusal: the guide must be
// leading a tour, and in this room or just gone through one of its doors.
func (r *Room) Follow(follower, guide string, ref uint32) error {
	return r.post(func() {
		f := &r.tours
		f.init()
		a := r.st.byID[follower]
		if a == nil {
			return
		}
		if _, ok := f.guides[guide]; !ok || follower == guide {
			r.sendTo(a.m, refusal(pb.RefuseCode_REFUSE_NOT_ALLOWED, ref, "%s", "they are not leading a tour here"))
			return
		}
		f.following[follower] = guide
		f.dirty[guide] = true
		r.steerFollower(a, guide)
	})
}

// Unfollow ends follower's following (they walked off on their own, or asked to).
func (r *Room) Unfollow(follower string) error {
	return r.post(func() {
		f := &r.tours
		if g, ok := f.following[follower]; ok {
			delete(f.following, follower)
			f.dirty[g] = true
			if a := r.st.byID[follower]; a != nil {
				r.sendTo(a.m, guideState("", "", nil))
			}
		}
	})
}

// steerFollower walks a towards its guide, or to the door the guide left by.
func (r *Room) steerFollower(a *avatar, guide string) {
	if g := r.st.byID[guide]; g != nil {
		if a.Pos.Dist2(g.Pos) > int64(followGap)*int64(followGap) {
			a.Walker.WalkTo(r.def, g.Pos)
			if n := len(a.Path); n > 0 { // stop short of the guide: the group gathers around
				a.Path = trimPath(a.Path, g.Pos)
			}
		}
		return
	}
	if exit, ok := r.tours.exits[guide]; ok {
		a.Walker.WalkTo(r.def, exit)
	}
}

// trimPath drops the path's last points within followGap of the target.
func trimPath(p []world.Vec, target world.Vec) []world.Vec {
	gap := int64(followGap) * int64(followGap)
	for len(p) > 1 && p[len(p)-1].Dist2(target) < gap && p[len(p)-2].Dist2(target) < gap {
		p = p[:len(p)-1]
	}
	return p
}

// guideLeft notes that a guide went through a door at pos: their followers here walk there.
func (r *Room) guideLeft(a *avatar, pos world.Vec) {
	f := &r.tours
	if _, ok := f.guides[a.prof.UserID]; !ok {
		return
	}
	f.exits[a.prof.UserID] = pos
	delete(f.guides, a.prof.UserID) // they guide in the next room now; followers here still find the exit
	for fid, g := range f.following {
		if g == a.prof.UserID {
			if fa := r.st.byID[fid]; fa != nil {
				fa.Walker.WalkTo(r.def, pos)
			}
		}
	}
}

// stepFollow re-plans followers' walks now and then and tells groups of changes.
func (r *Room) stepFollow() {
	f := &r.tours
	if len(f.following) == 0 && len(f.dirty) == 0 {
		return
	}
	for fid, g := range f.following {
		a := r.st.byID[fid]
		if a == nil {
			delete(f.following, fid)
			f.dirty[g] = true
			continue
		}
		if r.st.tick%followEvery == 0 {
			r.steerFollower(a, g)
		}
	}
	for g := range f.dirty {
		delete(f.dirty, g)
		r.sendGroup(g)
	}
	if len(f.following) == 0 {
		clear(f.exits)
	}
}

// sendGroup sends a guide's group here (the guide and their followers) its state.
func (r *Room) sendGroup(guide string) {
	f := &r.tours
	var names []string
	var members []*avatar
	for fid, g := range f.following {
		if g == guide {
			if a := r.st.byID[fid]; a != nil {
				names, members = append(names, a.prof.Name), append(members, a)
			}
		}
	}
	slices.Sort(names)
	gname := ""
	if ga := r.st.byID[guide]; ga != nil {
		gname = ga.prof.Name
		members = append(members, ga)
	}
	msg := guideState(gname, f.guides[guide], names)
	for _, a := range members {
		r.sendTo(a.m, msg)
	}
}

// follows reports whether listener follows speaker here: the guide's talk reaches the group.
func (r *Room) follows(listener, speaker *avatar) bool {
	return r.tours.following != nil && r.tours.following[listener.prof.UserID] == speaker.prof.UserID
}

func guideState(guide, tour string, followers []string) *pb.ServerMessage {
	return &pb.ServerMessage{Msg: &pb.ServerMessage_GuideState{GuideState: &pb.GuideState{Guide: guide, Tour: tour, Followers: followers}}}
}
