package voice

import (
	"time"

	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// listener is the router's state for one participant.
type listener struct {
	p        *participant
	room     string         // the room whose routes it is in
	cands    []room.Audible // whom it hears, from its room
	assigned [AllSlots]string
	avatar   [AllSlots]uint32 // what VoiceSlots last told it
	speaking bool             // last reported to the peer
	active   bool
}

// router assigns slots: it owns which speaker each slot of each listener carries, and each
// publisher's list of slots to write to. Only the Run goroutine touches it.
type router struct {
	s         *Server
	listeners map[string]*listener // by user id
	avatars   map[string]uint32    // user id -> avatar slot in its room, from the routes
	names     map[string]string    // user id -> name, from the routes
	dirty     bool                 // assignments may have changed: rebuild subscriptions
}

func newRouter(s *Server) *router {
	return &router{s: s, listeners: map[string]*listener{}, avatars: map[string]uint32{}, names: map[string]string{}}
}

func (r *router) add(p *participant) {
	r.listeners[p.userID] = &listener{p: p}
	// Tell the client every slot is empty, so it knows the slot map from the start.
	var slots []*pb.VoiceSlot
	for i := range AllSlots {
		slots = append(slots, &pb.VoiceSlot{Index: uint32(i)})
	}
	p.peer.Send(&pb.ServerMessage{Msg: &pb.ServerMessage_VoiceSlots{VoiceSlots: &pb.VoiceSlots{Slots: slots}}})
}

func (r *router) remove(p *participant) {
	if l := r.listeners[p.userID]; l != nil && l.p == p {
		delete(r.listeners, p.userID)
		r.dirty = true
	}
}

// published notes that a participant's microphone is now arriving.
func (r *router) published(p *participant) { r.dirty = true }

// routes takes a room's routing: every voice participant in the room and whom each hears.
func (r *router) routes(roomID string, listeners []string, audible []room.Audible) {
	for _, id := range listeners {
		if l := r.listeners[id]; l != nil {
			l.room, l.cands = roomID, l.cands[:0]
		}
	}
	for _, a := range audible {
		r.avatars[a.Speaker], r.names[a.Speaker] = a.Avatar, a.Name
		if l := r.listeners[a.Listener]; l != nil && l.room == roomID {
			l.cands = append(l.cands, a)
		}
	}
	r.dirty = true
}

// tick reports speaking changes and re-assigns slots.
func (r *router) tick(now time.Time) {
	state := map[string]heard{}
	for id, l := range r.listeners {
		h := heard{level: 127}
		if pub := l.p.pub.Load(); pub != nil && !pub.muted.Load() {
			h = heard{speaking: pub.speakingWithin(r.s.cfg.Speaking, now), held: pub.speakingWithin(2*time.Second, now), level: pub.level.Load()}
			active := pub.speakingWithin(r.s.cfg.Active, now)
			if h.speaking != l.speaking || active != l.active {
				l.speaking, l.active = h.speaking, active
				l.p.peer.Speaking(h.speaking, active)
				r.dirty = true
			}
		}
		state[id] = h
	}
	if !r.dirty {
		return
	}
	r.dirty = false
	lookup := func(sp string) heard { return state[sp] }
	subs := map[string]*fanList{}
	total := 0
	for _, l := range r.listeners {
		prev := l.assigned
		l.assigned = assign(l.assigned, r.own(l), lookup)
		var changed []*pb.VoiceSlot
		for i, sp := range l.assigned {
			if sp != prev[i] && sp != "" {
				l.p.slots[i].restart()
			}
			av, name := uint32(0), ""
			if sp != "" {
				av, name = r.avatars[sp], r.names[sp]
				if subs[sp] == nil {
					subs[sp] = r.s.fan.newList()
				}
				subs[sp].add(l.p.shard, l.p.slots[i])
				total++
			}
			if av != l.avatar[i] {
				l.avatar[i] = av
				changed = append(changed, &pb.VoiceSlot{Index: uint32(i), Avatar: av, Name: name})
			}
		}
		if len(changed) > 0 {
			l.p.peer.Send(&pb.ServerMessage{Msg: &pb.ServerMessage_VoiceSlots{VoiceSlots: &pb.VoiceSlots{Slots: changed}}})
		}
	}
	for id, l := range r.listeners {
		if pub := l.p.pub.Load(); pub != nil {
			pub.subs.Store(subs[id])
		}
	}
	r.s.metrics.subscriptions.Set(float64(total))
}

// own returns l's candidates without l itself.
func (r *router) own(l *listener) []room.Audible {
	out := l.cands[:0:0]
	for _, c := range l.cands {
		if c.Speaker != l.p.userID && r.listeners[c.Speaker] != nil {
			out = append(out, c)
		}
	}
	return out
}
