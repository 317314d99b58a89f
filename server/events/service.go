// Package events runs receptions, briefings and ceremonies: creating, editing and cancelling them
// (for the HTTP API and embassyctl), invitations, which event runs in which room (handed to the
// rooms, which run the live part: hosts, hands, floor, spotlight, agenda), questions and their
// votes, the public record and its transcript, and the calendar. Events live in the store, so
// every node agrees on them.
package events

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/moderation"
	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/names"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// ErrNotFound: no event has that id.
var ErrNotFound = errors.New("there is no such event")

// Rooms is what the service needs of the node's rooms.
type Rooms interface {
	// RoomInfo returns a room's name and map capacity; ok is false for an unknown id.
	RoomInfo(id string) (name string, capacity int, ok bool)
	// Room returns the room when this node runs it.
	Room(id string) (*room.Room, bool)
	// RoomIDs lists every room's id.
	RoomIDs() []string
}

// Changed tells every node that an event changed, so that the node running its room reads it again.
type Changed func(ctx context.Context, room string)

// Config is what a Service works with.
type Config struct {
	Store   store.Store
	Rooms   Rooms
	Issuer  *identity.Issuer // mints invitations
	Changed Changed          // may be nil on a single node
	Log     *slog.Logger
	Now     func() time.Time // nil: time.Now
}

// Service runs events for one node.
type Service struct {
	cfg  Config
	recs chan store.RecordEntry
}

// New returns a Service. Run writes the public record; call it.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg, recs: make(chan store.RecordEntry, 1024)}
}

// Input is an event as the API and embassyctl describe it.
type Input struct {
	Title        string    `json:"title"`
	Description  string    `json:"description"`
	Room         string    `json:"room"`
	Starts       time.Time `json:"starts"`
	Ends         time.Time `json:"ends"`
	InviteOnly   bool      `json:"invite_only"`
	Guests       []string  `json:"guests"`
	Hosts        []string  `json:"hosts"`
	Capacity     int       `json:"capacity"`
	PublicRecord bool      `json:"public_record"`
	Agenda       []string  `json:"agenda"`
}

func actor(a moderation.Actor) store.Actor {
	return store.Actor{ID: a.UserID, Name: a.Name, Role: a.Role.String()}
}

// mayCreate: diplomats, moderators and admins host events; visitors do not.
func mayCreate(a moderation.Actor) error {
	if a.Role < identity.Diplomat || !a.Role.Valid() {
		return moderation.Refuse(moderation.ErrForbidden, "only diplomats and admins may hold events")
	}
	return nil
}

// mayChange: the event's creator and hosts, moderators and admins.
func mayChange(a moderation.Actor, e store.Event) error {
	if a.Role >= identity.Moderator && a.Role.Valid() || e.CreatedBy.ID == a.UserID ||
		a.Role >= identity.Diplomat && nameIn(e.Hosts, a.Name) {
		return nil
	}
	return moderation.Refuse(moderation.ErrForbidden, "only the event's hosts and staff may change it")
}

func nameIn(list []string, name string) bool {
	k := names.CompareKey(name)
	return slices.ContainsFunc(list, func(n string) bool { return names.CompareKey(n) == k })
}

// normalise cleans the names of hosts and guests (refusing what is not a name) and checks the room.
func (s *Service) normalise(list []string, what string) ([]string, error) {
	out := make([]string, 0, len(list))
	for _, n := range list {
		c, err := names.Normalize(n)
		if err != nil {
			return nil, moderation.Refuse(moderation.ErrInvalid, "%s %q: %v", what, n, err)
		}
		if !nameIn(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (s *Service) checkRoom(id string) error {
	if _, _, ok := s.cfg.Rooms.RoomInfo(id); !ok {
		return moderation.Refuse(moderation.ErrNoRoom, "there is no room %q", id)
	}
	return nil
}

// storeErr turns the store's errors into the words and sentinels callers map to answers.
func storeErr(what string, err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, store.ErrInvalid):
		return moderation.Refuse(moderation.ErrInvalid, "%s", strings.TrimSuffix(err.Error(), ": "+store.ErrInvalid.Error()))
	case errors.Is(err, store.ErrAlreadyCancelled):
		return moderation.Refuse(moderation.ErrInvalid, "that event was cancelled")
	}
	return &moderation.Refusal{Kind: moderation.ErrUnavailable, Words: "the embassy could not " + what + " just now; please try again", Detail: err}
}

// Create stores a new event by a; its hosts default to a.
func (s *Service) Create(ctx context.Context, a moderation.Actor, in Input) (store.Event, error) {
	if err := mayCreate(a); err != nil {
		return store.Event{}, err
	}
	if err := s.checkRoom(in.Room); err != nil {
		return store.Event{}, err
	}
	if len(in.Hosts) == 0 {
		in.Hosts = []string{a.Name}
	}
	hosts, err := s.normalise(in.Hosts, "host")
	if err != nil {
		return store.Event{}, err
	}
	guests, err := s.normalise(in.Guests, "guest")
	if err != nil {
		return store.Event{}, err
	}
	now := s.cfg.Now()
	e, err := s.cfg.Store.CreateEvent(ctx, store.Event{
		Title: strings.TrimSpace(in.Title), Description: in.Description, Room: in.Room, Starts: in.Starts.UTC(), Ends: in.Ends.UTC(),
		Hosts: hosts, InviteOnly: in.InviteOnly, Guests: guests, Capacity: in.Capacity, PublicRecord: in.PublicRecord,
		Agenda: in.Agenda, CreatedBy: actor(a), CreatedAt: now,
	})
	if err != nil {
		return store.Event{}, storeErr("store the event", err)
	}
	s.changed(ctx, e.Room)
	return e, nil
}

// Update changes an event; p's nil fields stay.
func (s *Service) Update(ctx context.Context, a moderation.Actor, id int64, p store.EventPatch) (store.Event, error) {
	old, err := s.cfg.Store.GetEvent(ctx, id)
	if err != nil {
		return store.Event{}, storeErr("read the event", err)
	}
	if err := mayChange(a, old); err != nil {
		return store.Event{}, err
	}
	if p.Room != nil {
		if err := s.checkRoom(*p.Room); err != nil {
			return store.Event{}, err
		}
	}
	for _, l := range []struct {
		list **[]string
		what string
	}{{&p.Hosts, "host"}, {&p.Guests, "guest"}} {
		if *l.list != nil {
			n, err := s.normalise(**l.list, l.what)
			if err != nil {
				return store.Event{}, err
			}
			*l.list = &n
		}
	}
	e, err := s.cfg.Store.UpdateEvent(ctx, id, p, s.cfg.Now())
	if err != nil {
		return store.Event{}, storeErr("change the event", err)
	}
	s.changed(ctx, old.Room)
	if e.Room != old.Room {
		s.changed(ctx, e.Room)
	}
	return e, nil
}

// Cancel calls an event off; the record stays.
func (s *Service) Cancel(ctx context.Context, a moderation.Actor, id int64) (store.Event, error) {
	old, err := s.cfg.Store.GetEvent(ctx, id)
	if err != nil {
		return store.Event{}, storeErr("read the event", err)
	}
	if err := mayChange(a, old); err != nil {
		return store.Event{}, err
	}
	e, err := s.cfg.Store.CancelEvent(ctx, id, actor(a), s.cfg.Now())
	if err != nil {
		return store.Event{}, storeErr("cancel the event", err)
	}
	s.changed(ctx, e.Room)
	return e, nil
}

// Get returns an event, cancelled or not.
func (s *Service) Get(ctx context.Context, id int64) (store.Event, error) {
	e, err := s.cfg.Store.GetEvent(ctx, id)
	if err != nil {
		return store.Event{}, storeErr("read the event", err)
	}
	return e, nil
}

// Upcoming lists the events running now or starting within the next 90 days.
func (s *Service) Upcoming(ctx context.Context) ([]store.Event, error) {
	now := s.cfg.Now()
	list, err := s.cfg.Store.ListEvents(ctx, now, now.Add(90*24*time.Hour))
	if err != nil {
		return nil, storeErr("list events", err)
	}
	return list, nil
}

// Invite mints an invitation for name to event id, valid until an hour after it ends.
func (s *Service) Invite(ctx context.Context, a moderation.Actor, id int64, name string) (string, error) {
	e, err := s.cfg.Store.GetEvent(ctx, id)
	if err != nil {
		return "", storeErr("read the event", err)
	}
	if err := mayChange(a, e); err != nil {
		return "", err
	}
	if e.Cancelled() {
		return "", moderation.Refuse(moderation.ErrInvalid, "that event was cancelled")
	}
	ttl := e.Ends.Add(time.Hour).Sub(s.cfg.Now())
	if ttl <= 0 {
		return "", moderation.Refuse(moderation.ErrInvalid, "that event is over")
	}
	tok, _, err := s.cfg.Issuer.MintInvite(identity.Invite{EventID: id, Name: name}, min(ttl, identity.MaxTTL))
	if err != nil {
		return "", moderation.Refuse(moderation.ErrInvalid, "%v", err)
	}
	return tok, nil
}

// changed makes the event's room (on whichever node) read its event again.
func (s *Service) changed(ctx context.Context, roomID string) {
	s.Refresh(ctx, roomID)
	if s.cfg.Changed != nil {
		s.cfg.Changed(ctx, roomID)
	}
}

// Refresh hands a room this node runs the event running in it now (or none), with its questions.
func (s *Service) Refresh(ctx context.Context, roomID string) {
	r, ok := s.cfg.Rooms.Room(roomID)
	if !ok {
		return
	}
	e, running, err := s.cfg.Store.EventAt(ctx, roomID, s.cfg.Now())
	if err != nil {
		s.cfg.Log.Warn("read the event running in a room", "room", roomID, "err", err)
		return
	}
	if !running {
		if r.Event() != nil {
			_ = r.SetEvent(nil)
		}
		return
	}
	if cur := r.Event(); cur == nil || cur.ID != e.ID || !cur.Updated.Equal(e.UpdatedAt) {
		_ = r.SetEvent(roomEvent(e))
		s.refreshQuestions(ctx, r, e.ID)
	}
}

// Run refreshes the events of the rooms this node runs every few seconds (events start and end
// on the clock), and writes the public record, until ctx ends.
func (s *Service) Run(ctx context.Context) error {
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case e := <-s.recs:
			if _, err := s.cfg.Store.AppendRecord(ctx, e); err != nil {
				s.cfg.Log.Warn("append to an event's record", "event", e.EventID, "err", err)
			}
		case <-t.C:
			for _, id := range s.cfg.Rooms.RoomIDs() {
				s.Refresh(ctx, id)
			}
		}
	}
}

// Record implements room.Recorder: queued for Run, never blocking the room.
func (s *Service) Record(eventID int64, kind, who, text string) {
	select {
	case s.recs <- store.RecordEntry{EventID: eventID, Time: s.cfg.Now(), Kind: store.RecordKind(kind), Who: who, Text: text}:
	default:
		s.cfg.Log.Warn("public record queue full: a line is lost", "event", eventID)
	}
}

func roomEvent(e store.Event) *room.Event {
	return &room.Event{
		ID: e.ID, Title: e.Title, Description: e.Description, Starts: e.Starts, Ends: e.Ends, Hosts: e.Hosts,
		Guests: e.Guests, InviteOnly: e.InviteOnly, PublicRecord: e.PublicRecord, Agenda: e.Agenda, Updated: e.UpdatedAt,
	}
}

// maxWaiting is how many unanswered questions one person may have in an event.
const maxWaiting = 3

// Ask implements gateway.Events.
func (s *Service) Ask(ctx context.Context, r *room.Room, a moderation.Actor, text string) error {
	ev, err := runningIn(r)
	if err != nil {
		return err
	}
	qs, err := s.cfg.Store.Questions(ctx, ev.ID)
	if err != nil {
		return storeErr("read the questions", err)
	}
	waiting := 0
	for _, q := range qs {
		if q.Asker.ID == a.UserID && !q.Answered() {
			waiting++
		}
	}
	if waiting >= maxWaiting {
		return moderation.Refuse(moderation.ErrInvalid, "you have %d questions waiting; ask another once one is answered", waiting)
	}
	if _, err := s.cfg.Store.AddQuestion(ctx, store.Question{EventID: ev.ID, Asker: actor(a), Text: text, CreatedAt: s.cfg.Now()}); err != nil {
		return storeErr("keep your question", err)
	}
	s.refreshQuestions(ctx, r, ev.ID)
	return nil
}

// Vote implements gateway.Events.
func (s *Service) Vote(ctx context.Context, r *room.Room, a moderation.Actor, id int64) error {
	ev, err := s.questionOf(ctx, r, id)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Store.VoteQuestion(ctx, id, a.UserID); err != nil {
		return storeErr("count your vote", err)
	}
	s.refreshQuestions(ctx, r, ev.ID)
	return nil
}

// Answer implements gateway.Events: the question and its answering go on the public record.
func (s *Service) Answer(ctx context.Context, r *room.Room, a moderation.Actor, id int64) error {
	ev, err := s.questionOf(ctx, r, id)
	if err != nil {
		return err
	}
	q, err := s.cfg.Store.AnswerQuestion(ctx, id, actor(a), s.cfg.Now())
	if errors.Is(err, store.ErrAlreadyAnswered) {
		return moderation.Refuse(moderation.ErrInvalid, "that question was already answered")
	}
	if err != nil {
		return storeErr("mark the question answered", err)
	}
	if ev.PublicRecord && !ev.InviteOnly {
		s.Record(ev.ID, string(store.RecordQuestion), q.Asker.Name, q.Text)
		s.Record(ev.ID, string(store.RecordAnswer), a.Name, q.Text)
	}
	s.refreshQuestions(ctx, r, ev.ID)
	return nil
}

// runningIn returns the event running in r, or a refusal saying none is.
func runningIn(r *room.Room) (*room.Event, error) {
	ev := r.Event()
	if ev == nil {
		return nil, moderation.Refuse(moderation.ErrInvalid, "no event is running here")
	}
	return ev, nil
}

// questionOf returns the event running in r, checking that question id is one of its.
func (s *Service) questionOf(ctx context.Context, r *room.Room, id int64) (*room.Event, error) {
	ev, err := runningIn(r)
	if err != nil {
		return nil, err
	}
	qs, err := s.cfg.Store.Questions(ctx, ev.ID)
	if err != nil {
		return nil, storeErr("read the questions", err)
	}
	if !slices.ContainsFunc(qs, func(q store.Question) bool { return q.ID == id }) {
		return nil, moderation.Refuse(moderation.ErrInvalid, "there is no question %d in this event", id)
	}
	return ev, nil
}

func (s *Service) refreshQuestions(ctx context.Context, r *room.Room, eventID int64) {
	qs, err := s.cfg.Store.Questions(ctx, eventID)
	if err != nil {
		s.cfg.Log.Warn("read an event's questions", "event", eventID, "err", err)
		return
	}
	out := make([]*pb.EventQuestion, 0, min(len(qs), room.MaxQuestionsShown))
	for _, q := range qs[:min(len(qs), room.MaxQuestionsShown)] {
		out = append(out, &pb.EventQuestion{Id: q.ID, Text: q.Text, Asker: q.Asker.Name, Votes: uint32(q.Votes), Answered: q.Answered()})
	}
	_ = r.SetQuestions(eventID, out)
}
