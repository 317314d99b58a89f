package session

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// TourState is the tour picker's list and the self-guided tour you take, if any.
type TourState struct {
	Tours  []*world.Tour     // from GET /api/tours
	Rooms  map[string]string // room names by id, as /api/tours gave them
	Asking bool              // a fetch is on its way
	Err    string            // why the last fetch failed, in words

	Active  *world.Tour // the self-guided tour you take; nil: none
	Next    int         // index in Active.Stops of the stop you walk to
	Path    []world.Vec // from you to the next stop in this room (or to the door towards its room)
	Reading *world.Stop // a stop you arrived at, its text open; nil: none
}

// NextStop returns the stop you walk to, or nil.
func (t *TourState) NextStop() *world.Stop {
	if t.Active == nil || t.Next >= len(t.Active.Stops) {
		return nil
	}
	return &t.Active.Stops[t.Next]
}

// Tours is what you can do about tours: take one yourself (the client shows the way), or lead and
// follow a guided one (the server walks followers after their guide).
type Tours struct{ s *Session }

// Tours returns the tour actions.
func (a Actions) Tours() Tours { return Tours{s: a.s} }

// Refresh fetches the tours (GET /api/tours) in the background.
func (t Tours) Refresh() {
	s := t.s
	api, ok := s.src.(API)
	if !ok || s.m.Tour.Asking {
		return
	}
	s.m.Tour.Asking = true
	go func() {
		tours, rooms, err := fetchTours(api)
		s.ev.tours <- toursResult{tours, rooms, err}
	}()
}

// Begin starts the self-guided tour tour at its first stop.
func (t Tours) Begin(tour *world.Tour) {
	m := &t.s.m
	m.Tour.Active, m.Tour.Next, m.Tour.Path, m.Tour.Reading = tour, 0, nil, nil
	t.s.ev.tour = tourWalk{}
	m.tell(msg.T("Tour “%s”: follow the arrow to the first stop. F8 then X leaves the tour.", tour.Title))
}

// Quit leaves the self-guided tour.
func (t Tours) Quit() {
	m := &t.s.m
	if m.Tour.Active != nil {
		m.tell(msg.T("You left the tour “%s”.", m.Tour.Active.Title))
	}
	m.Tour.Active, m.Tour.Path, m.Tour.Reading = nil, nil, nil
}

// CloseStop closes the text of the stop you arrived at.
func (t Tours) CloseStop() { t.s.m.Tour.Reading = nil }

// Guide sends a guided-tour request: START tour (diplomats and up), END, FOLLOW target (a guide's
// name), UNFOLLOW. The group's GuideState, or a refusal in the chat, answers.
func (t Tours) Guide(kind pb.Guide_Kind, tour, target string) {
	s := t.s
	snd := s.src.Sender()
	if snd == nil {
		s.m.warn(msg.T("Not connected: wait for the connection to come back."))
		return
	}
	if _, err := snd.Request(&pb.ClientMessage{Msg: &pb.ClientMessage_Guide{Guide: &pb.Guide{Kind: kind, Tour: tour, Target: target}}}); err != nil {
		s.log.Warn("send guide", "err", err)
		s.m.warn(msg.T("Not sent: the connection was lost."))
	}
}

// toursResult is a finished fetch of the tours.
type toursResult struct {
	tours []*world.Tour
	rooms map[string]string
	err   error
}

// tourJSON is one tour of GET /api/tours; positions and radii are in tiles.
type tourJSON struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Stops       []struct {
		Order    int     `json:"order"`
		Room     string  `json:"room"`
		RoomName string  `json:"room_name"`
		X        float64 `json:"x"`
		Y        float64 `json:"y"`
		Radius   float64 `json:"radius"`
		Title    string  `json:"title"`
		Text     string  `json:"text"`
		Exhibit  string  `json:"exhibit"`
	} `json:"stops"`
}

// ParseTours reads the body of GET /api/tours into tours in world units, and the rooms' names.
func ParseTours(b []byte) ([]*world.Tour, map[string]string, error) {
	var list []tourJSON
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, nil, fmt.Errorf("GET /api/tours: %w", err)
	}
	units := func(tiles float64) int32 { return int32(math.Round(tiles * world.Unit)) }
	rooms := map[string]string{}
	out := make([]*world.Tour, 0, len(list))
	for _, j := range list {
		t := &world.Tour{ID: j.ID, Title: j.Title, Description: j.Description}
		for _, s := range j.Stops {
			rooms[s.Room] = s.RoomName
			t.Stops = append(t.Stops, world.Stop{Room: s.Room, Pos: world.Vec{X: units(s.X), Y: units(s.Y)},
				Radius: max(units(s.Radius), world.Unit/2), Order: s.Order, Title: s.Title, Text: s.Text, Exhibit: s.Exhibit})
		}
		if len(t.Stops) > 0 {
			out = append(out, t)
		}
	}
	return out, rooms, nil
}

func fetchTours(api API) ([]*world.Tour, map[string]string, error) {
	b, err := api.API(context.Background(), "api/tours")
	if err != nil {
		return nil, nil, err
	}
	return ParseTours(b)
}

// tourWalk moves a self-guided tour on: a stop reached opens its text and the next becomes the
// goal; the path there is planned again when you reach another tile or room.
type tourWalk struct {
	room string
	tile world.Tile
	next int
	had  bool // a path was planned for (room, tile, next)
}

// step checks arrival and keeps the path current; once a frame.
func (w *tourWalk) step(m *Model) {
	t := &m.Tour
	stop := t.NextStop()
	if stop == nil || m.Room == nil {
		t.Path = nil
		return
	}
	me := m.Pred.Pos()
	if stop.Reached(m.Room.ID, me) {
		t.Reading = stop
		t.Next++
		if t.Next >= len(t.Active.Stops) {
			m.tell(msg.T("You have seen every stop of “%s”. Thank you for visiting.", t.Active.Title))
			t.Active, t.Path = nil, nil
			return
		}
		stop = t.NextStop()
	}
	if w.had && w.room == m.Room.ID && w.tile == me.Tile() && w.next == t.Next {
		return
	}
	w.room, w.tile, w.next, w.had = m.Room.ID, me.Tile(), t.Next, true
	t.Path = pathTowards(m.Room.Assets.Def, me, stop)
}

// pathTowards plans a walk from me to stop within room r, or to a door into the stop's room when
// the stop is elsewhere; nil when neither is found.
func pathTowards(r *world.Room, me world.Vec, stop *world.Stop) []world.Vec {
	if r.ID == stop.Room {
		if p, ok := r.FindPath(me, stop.Pos); ok {
			return p
		}
		return nil
	}
	var best []world.Vec
	for i := range r.Zones {
		z := &r.Zones[i]
		if z.Kind != world.ZoneDoor || z.Target != stop.Room {
			continue
		}
		if p, ok := r.PathInto(me, z); ok && (best == nil || len(p) < len(best)) {
			best = p
		}
	}
	return best
}
