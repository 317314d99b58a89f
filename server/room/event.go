package room

import (
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/embassy-project/embassy/shared/names"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Event is the event running in a room (a reception, briefing or ceremony), as the node read it
// from the store. Immutable once handed to SetEvent.
type Event struct {
	ID           int64
	Title        string
	Description  string
	Starts, Ends time.Time
	Hosts        []string // names
	Guests       []string // names: signed-in people on the list may enter an invite-only event
	InviteOnly   bool
	PublicRecord bool
	Agenda       []string
	Updated      time.Time // when the store last changed it
}

// HostedBy reports whether p hosts the event: named among its hosts, or a moderator or admin, who
// may always run the room.
func (e *Event) HostedBy(p Profile) bool {
	if e == nil {
		return false
	}
	if p.Role == pb.Role_ROLE_MODERATOR || p.Role == pb.Role_ROLE_ADMIN {
		return true
	}
	return nameIn(e.Hosts, p.Name)
}

func nameIn(list []string, name string) bool {
	k := names.CompareKey(name)
	return slices.ContainsFunc(list, func(n string) bool { return names.CompareKey(n) == k })
}

// Recorder receives what an event on the public record publishes (stage talk, announcements,
// agenda items); the node writes it to the store. Called from the room's goroutine: it must not
// block.
type Recorder interface {
	Record(eventID int64, kind, who, text string)
}

// eventState is the live side of the event running in the room, owned by the room goroutine.
type eventState struct {
	ev        *Event
	admitted  map[string]bool // name keys a host admitted at the door
	item      int32           // current agenda item, -1 before the first
	hands     []string        // user ids, first raised first
	floor     string          // user id holding the floor
	spotlight string          // user id in the spotlight
	questions []*pb.EventQuestion
	dirty     bool // everyone's EventState is out of date
	rec       Recorder
}

// eventCell holds the running event for other goroutines (the gateway's host checks).
type eventCell struct{ v atomic.Pointer[Event] }

// SetEventRecorder connects the room to the public record; call it before Run.
func (r *Room) SetEventRecorder(rec Recorder) { r.ev.rec = rec }

// SetEvent says which event runs in the room now (nil: none). The same event again (edited)
// keeps its hands, floor, spotlight and agenda position; another one starts afresh.
func (r *Room) SetEvent(e *Event) error {
	return r.post(func() {
		s := &r.ev
		if e == nil || s.ev == nil || s.ev.ID != e.ID {
			*s = eventState{ev: e, admitted: map[string]bool{}, item: -1, rec: s.rec}
		} else {
			s.ev = e
		}
		s.dirty = true
		r.event.v.Store(e)
		r.voice.routeKey = 0 // who the stage carries may have changed
	})
}

// Event returns the event running in the room, as last set; nil when none.
func (r *Room) Event() *Event { return r.event.v.Load() }

// SetQuestions replaces the event's questions (the node read them from the store after a change).
func (r *Room) SetQuestions(eventID int64, qs []*pb.EventQuestion) error {
	return r.post(func() {
		if r.ev.ev != nil && r.ev.ev.ID == eventID {
			r.ev.questions, r.ev.dirty = qs, true
		}
	})
}

// EventAct carries out a live event action by userID: hands, floor, spotlight, agenda, admitting
// at the door. Questions go through the store first (see SetQuestions). A refusal goes to the
// member with ref.
func (r *Room) EventAct(userID string, a *pb.EventAction) error {
	return r.post(func() {
		me, ok := r.st.byID[userID]
		if !ok {
			return
		}
		if why := r.eventAct(me, a); why != "" {
			r.sendTo(me.m, refusal(pb.RefuseCode_REFUSE_NOT_ALLOWED, a.GetRef(), "%s", why))
			return
		}
		r.ev.dirty = true
	})
}

// eventAct applies a and says why not, or "".
func (r *Room) eventAct(me *avatar, a *pb.EventAction) string {
	s := &r.ev
	if s.ev == nil {
		return "no event is running in this room"
	}
	host := s.ev.HostedBy(me.prof)
	switch a.GetKind() {
	case pb.EventAction_RAISE_HAND:
		if !slices.Contains(s.hands, me.prof.UserID) && s.floor != me.prof.UserID {
			s.hands = append(s.hands, me.prof.UserID)
		}
		return ""
	case pb.EventAction_LOWER_HAND:
		s.hands = slices.DeleteFunc(s.hands, func(id string) bool { return id == me.prof.UserID })
		return ""
	}
	if !host {
		return "only the event's hosts may do that"
	}
	switch a.GetKind() {
	case pb.EventAction_GIVE_FLOOR:
		o := r.byName(a.GetTarget())
		if o == nil {
			return fmt.Sprintf("nobody called %q is in the room", a.GetTarget())
		}
		s.floor = o.prof.UserID
		s.hands = slices.DeleteFunc(s.hands, func(id string) bool { return id == o.prof.UserID })
		r.voice.routeKey = 0
	case pb.EventAction_TAKE_FLOOR:
		s.floor = ""
		r.voice.routeKey = 0
	case pb.EventAction_SPOTLIGHT:
		s.spotlight = ""
		if a.GetTarget() != "" {
			o := r.byName(a.GetTarget())
			if o == nil {
				return fmt.Sprintf("nobody called %q is in the room", a.GetTarget())
			}
			s.spotlight = o.prof.UserID
		}
	case pb.EventAction_NEXT_ITEM, pb.EventAction_PREV_ITEM:
		step := int32(1)
		if a.GetKind() == pb.EventAction_PREV_ITEM {
			step = -1
		}
		next := s.item + step
		if next < 0 || int(next) >= len(s.ev.Agenda) {
			return "there is no agenda item that way"
		}
		s.item = next
		r.record("agenda", me.prof.Name, s.ev.Agenda[next])
	case pb.EventAction_ADMIT:
		if a.GetTarget() == "" {
			return "name the person to admit"
		}
		s.admitted[names.CompareKey(a.GetTarget())] = true
	default:
		return "that is not done here"
	}
	return ""
}

// byName finds an avatar in the room by name (as names compare).
func (r *Room) byName(name string) *avatar {
	k := names.CompareKey(name)
	for _, a := range r.st.byID {
		if names.CompareKey(a.prof.Name) == k {
			return a
		}
	}
	return nil
}

// record publishes a line to the event's public record, if it is on it (and open to all: what is
// said at a gathering by invitation is never published).
func (r *Room) record(kind, who, text string) {
	s := &r.ev
	if s.ev != nil && s.ev.PublicRecord && !s.ev.InviteOnly && s.rec != nil {
		s.rec.Record(s.ev.ID, kind, who, text)
	}
}

// eventRefusal says why p may not enter while an invite-only event runs, or nil: staff, hosts,
// signed-in guests on the list, holders of an invitation to it, and people a host admitted at the
// door may.
func (r *Room) eventRefusal(p Profile) *pb.ServerMessage {
	e := r.ev.ev
	if e == nil || !e.InviteOnly || p.Role != pb.Role_ROLE_VISITOR || e.HostedBy(p) ||
		slices.Contains(p.Invites, e.ID) || p.SignedIn && nameIn(e.Guests, p.Name) ||
		r.ev.admitted[names.CompareKey(p.Name)] {
		return nil
	}
	return refusal(pb.RefuseCode_REFUSE_NOT_ALLOWED, 0, "%s is hosting %q, by invitation only, until %s",
		r.def.Name, e.Title, e.Ends.UTC().Format("15:04 UTC"))
}

// stageCarries reports whether speaker a, standing on the stage or not, is heard by the whole
// room: anyone on the stage when no event runs; while one runs, only its hosts on the stage and
// whoever holds the floor, wherever they stand.
func (r *Room) stageCarries(a *avatar, onStage bool) bool {
	e := r.ev.ev
	if e == nil {
		return onStage
	}
	return r.ev.floor == a.prof.UserID || onStage && e.HostedBy(a.prof)
}

// Bounds on what EventState carries: a thousand raised hands must not make every change a large
// message to a thousand people, twenty times a second.
const (
	maxHandsShown     = 20
	eventEvery        = 5 // ticks between two EventStates at most (a quarter second)
	MaxQuestionsShown = 50
)

// stepEvent sends everyone the event's state when it changed (at most every eventEvery ticks), and
// clears what refers to people who left.
func (r *Room) stepEvent() {
	s := &r.ev
	if !s.dirty || r.st.tick%eventEvery != 0 {
		return
	}
	s.dirty = false
	gone := func(id string) bool { return r.st.byID[id] == nil }
	s.hands = slices.DeleteFunc(s.hands, gone)
	if s.floor != "" && gone(s.floor) {
		s.floor, r.voice.routeKey = "", 0
	}
	if s.spotlight != "" && gone(s.spotlight) {
		s.spotlight = ""
	}
	r.broadcast(r.eventMessage(), func(*avatar) bool { return true })
}

// eventMessage is the EventState everyone in the room sees.
func (r *Room) eventMessage() *pb.ServerMessage {
	s := &r.ev
	st := &pb.EventState{Room: r.def.ID}
	if e := s.ev; e != nil {
		st.Id, st.Title, st.Description, st.Hosts = e.ID, e.Title, e.Description, e.Hosts
		st.StartsMs, st.EndsMs, st.InviteOnly, st.PublicRecord = e.Starts.UnixMilli(), e.Ends.UnixMilli(), e.InviteOnly, e.PublicRecord
		st.Agenda, st.Item, st.Questions = e.Agenda, s.item, s.questions
		st.HandsTotal = uint32(len(s.hands))
		for _, id := range s.hands[:min(len(s.hands), maxHandsShown)] {
			st.Hands = append(st.Hands, r.st.byID[id].prof.Name)
		}
		if a := r.st.byID[s.floor]; a != nil {
			st.Floor = a.prof.Name
		}
		if a := r.st.byID[s.spotlight]; a != nil {
			st.Spotlight, st.SpotlightSlot = a.prof.Name, a.slot
		}
	}
	return &pb.ServerMessage{Msg: &pb.ServerMessage_EventState{EventState: st}}
}
