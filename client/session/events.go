package session

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Stage is the event running in your room, as the event bar and the stage panel show it.
type Stage struct {
	State *pb.EventState // nil or id 0: no event runs in your room now
}

// Running reports whether an event runs in your room.
func (st Stage) Running() bool { return st.State.GetId() != 0 }

// Item returns the current agenda item ("" before the first or without an agenda), and its number
// counted from 1.
func (st Stage) Item() (string, int) {
	i, agenda := int(st.State.GetItem()), st.State.GetAgenda()
	if i < 0 || i >= len(agenda) {
		return "", 0
	}
	return agenda[i], i + 1
}

// HostedBy reports whether name (with role) may run the event: its hosts, moderators and admins.
func (st Stage) HostedBy(name string, role pb.Role) bool {
	if !st.Running() {
		return false
	}
	if role == pb.Role_ROLE_MODERATOR || role == pb.Role_ROLE_ADMIN {
		return true
	}
	return slices.ContainsFunc(st.State.GetHosts(), func(h string) bool { return nameKey(h) == nameKey(name) })
}

// HandUp reports whether name's hand is raised.
func (st Stage) HandUp(name string) bool {
	return slices.ContainsFunc(st.State.GetHands(), func(h string) bool { return nameKey(h) == nameKey(name) })
}

// Listing is one event of GET /api/events: running now or starting within 90 days.
type Listing struct {
	ID           int64     `json:"id"`
	Title        string    `json:"title"`
	Description  string    `json:"description"`
	Room         string    `json:"room"`
	Starts       time.Time `json:"starts"`
	Ends         time.Time `json:"ends"`
	Hosts        []string  `json:"hosts"`
	InviteOnly   bool      `json:"invite_only"`
	Capacity     int       `json:"capacity"`
	PublicRecord bool      `json:"public_record"`
	Agenda       []string  `json:"agenda"`
	Cancelled    bool      `json:"cancelled"`
}

// Live reports whether the event runs at now.
func (l Listing) Live(now time.Time) bool {
	return !l.Cancelled && !now.Before(l.Starts) && now.Before(l.Ends)
}

// Calendar is the events panel's list, as last fetched.
type Calendar struct {
	Events  []Listing // live first, then by start
	Fetched time.Time // zero: not yet
	Asking  bool      // a fetch is on its way
	Err     string    // why the last fetch failed, in words
}

// Events is what you can do in an event: raise a hand, ask and vote; as a host, give and take the
// floor, spotlight someone, move through the agenda, admit someone and mark questions answered.
// The server decides; a refusal arrives in the chat. It also fetches the events panel's list.
type Events struct{ s *Session }

// Events returns the event actions.
func (a Actions) Events() Events { return Events{s: a.s} }

// send sends an event action, saying so when it cannot.
func (e Events) send(a *pb.EventAction) {
	s := e.s
	snd := s.src.Sender()
	if snd == nil {
		s.m.warn(msg.T("Not connected: wait for the connection to come back."))
		return
	}
	if _, err := snd.Request(&pb.ClientMessage{Msg: &pb.ClientMessage_EventAction{EventAction: a}}); err != nil {
		s.log.Warn("send event action", "err", err)
		s.m.warn(msg.T("Not sent: the connection was lost."))
	}
}

// ToggleHand raises your hand, or lowers it when it is up.
func (e Events) ToggleHand() {
	m := &e.s.m
	if !m.Stage.Running() {
		m.tell(msg.T("No event runs in this room now: there is no hand to raise."))
		return
	}
	kind := pb.EventAction_RAISE_HAND
	if m.Stage.HandUp(m.Welcome.GetName()) {
		kind = pb.EventAction_LOWER_HAND
	}
	e.send(&pb.EventAction{Kind: kind})
}

// Host sends a host's action: GIVE_FLOOR, SPOTLIGHT and ADMIT name target ("" clears the
// spotlight); TAKE_FLOOR, NEXT_ITEM and PREV_ITEM take none.
func (e Events) Host(kind pb.EventAction_Kind, target string) {
	e.send(&pb.EventAction{Kind: kind, Target: target})
}

// Ask puts a question to the hosts.
func (e Events) Ask(text string) {
	if text == "" {
		return
	}
	e.send(&pb.EventAction{Kind: pb.EventAction_ASK, Text: text})
}

// Vote votes for question id (once: the server counts one vote a person).
func (e Events) Vote(id int64) { e.send(&pb.EventAction{Kind: pb.EventAction_VOTE, Question: id}) }

// Answer marks question id answered (hosts).
func (e Events) Answer(id int64) { e.send(&pb.EventAction{Kind: pb.EventAction_ANSWER, Question: id}) }

// GoTo joins the room of event l.
func (e Events) GoTo(l Listing) {
	if e.s.m.Room != nil && e.s.m.Room.ID == l.Room {
		e.s.m.tell(msg.T("“%s” is in this room.", l.Title))
		return
	}
	Actions(e).Join(l.Room)
}

// Refresh fetches the list of events (GET /api/events) in the background; Calendar has it after a
// later Update.
func (e Events) Refresh() {
	s := e.s
	api, ok := s.src.(API)
	if !ok || s.m.Calendar.Asking {
		return
	}
	s.m.Calendar.Asking = true
	go func() {
		list, err := fetchCalendar(api)
		s.ev.calendar <- calendarResult{list, err}
	}()
}

// calendarResult is a finished fetch of the events list.
type calendarResult struct {
	list []Listing
	err  error
}

func fetchCalendar(api API) ([]Listing, error) {
	b, err := api.API(context.Background(), "api/events")
	if err != nil {
		return nil, err
	}
	var list []Listing
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("GET /api/events: %w", err)
	}
	return list, nil
}

// SortListings puts live events first, then the rest by start; cancelled ones go.
func SortListings(list []Listing, now time.Time) []Listing {
	list = slices.DeleteFunc(list, func(l Listing) bool { return l.Cancelled || !now.Before(l.Ends) })
	slices.SortStableFunc(list, func(a, b Listing) int {
		if a.Live(now) != b.Live(now) {
			if a.Live(now) {
				return -1
			}
			return 1
		}
		return a.Starts.Compare(b.Starts)
	})
	return list
}
