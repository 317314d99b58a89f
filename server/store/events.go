package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is a reception, briefing or ceremony: a room booked for a time, with hosts, maybe a guest
// list and an agenda. Names in Hosts and Guests are stored exactly as given: the caller normalises
// them, as it does for bans. Cancelling keeps the record, with CancelledBy and CancelledAt.
type Event struct {
	ID           int64
	Title        string
	Description  string
	Room         string
	Starts       time.Time // inclusive
	Ends         time.Time // exclusive: the event is over at Ends exactly
	Hosts        []string  // names
	InviteOnly   bool      // only guests, hosts and staff may enter while it runs
	Guests       []string  // names
	Capacity     int       // 0: the room's
	PublicRecord bool      // its record is published after it ends
	Agenda       []string  // items in order
	CreatedBy    Actor
	CreatedAt    time.Time
	UpdatedAt    time.Time // the last change (creation, update or cancelling)
	CancelledBy  Actor     // zero until cancelled
	CancelledAt  time.Time // zero: not cancelled
}

// Cancelled reports whether the event was called off.
func (e Event) Cancelled() bool { return !e.CancelledAt.IsZero() }

// RunningAt reports whether the event is on at now: not cancelled, started (Starts inclusive) and
// not over (Ends exclusive).
func (e Event) RunningAt(now time.Time) bool {
	return !e.Cancelled() && !now.Before(e.Starts) && now.Before(e.Ends)
}

// overlaps reports whether the event, not cancelled, shares a moment with [from, to); a zero from
// or to leaves that side open.
func (e Event) overlaps(from, to time.Time) bool {
	return !e.Cancelled() && (to.IsZero() || e.Starts.Before(to)) && (from.IsZero() || e.Ends.After(from))
}

// EventPatch changes the Event fields it sets and leaves the others, so that two hosts editing
// different fields at once lose neither change. A list field set to an empty list empties it.
type EventPatch struct {
	Title        *string
	Description  *string
	Room         *string
	Starts       *time.Time
	Ends         *time.Time
	Hosts        *[]string
	InviteOnly   *bool
	Guests       *[]string
	Capacity     *int
	PublicRecord *bool
	Agenda       *[]string
}

// Limits on what an event holds, checked by CreateEvent and UpdateEvent (characters are runes).
const (
	MaxEventTitle       = 120
	MaxEventDescription = 4000
	MaxEventHosts       = 20
	MaxEventGuests      = 500
	MaxAgendaItems      = 50
	MaxAgendaItem       = 200  // characters in one agenda item
	MaxEventName        = 64   // characters in a host's or guest's name (the caller's names are shorter)
	MaxRecordText       = 2000 // characters in one record entry
	MaxQuestionText     = 500  // characters in a question
)

// RecordKind is what an entry of an event's record is.
type RecordKind string

// The kinds of record entry.
const (
	RecordChat     RecordKind = "chat"     // said on the stage
	RecordAnnounce RecordKind = "announce" // an announcement
	RecordAgenda   RecordKind = "agenda"   // the host moved to an agenda item
	RecordQuestion RecordKind = "question" // a question put to the hosts
	RecordAnswer   RecordKind = "answer"   // a question marked answered
)

// RecordEntry is one line of an event's record, the raw material of its public transcript. The
// record is append-only; what belongs on it (an event on the public record, talk on the stage) the
// caller decides.
type RecordEntry struct {
	EventID int64
	Seq     int64 // given by the store: 1, 2, 3... within the event
	Time    time.Time
	Kind    RecordKind
	Who     string // the name shown
	Text    string
}

// Question is one question to an event's hosts, with the votes of the audience.
type Question struct {
	ID         int64
	EventID    int64
	Asker      Actor
	Text       string
	CreatedAt  time.Time
	Votes      int       // counted by the store: one per voter
	AnsweredAt time.Time // zero: not answered
	AnsweredBy Actor     // zero until answered
}

// Answered reports whether a host marked the question answered.
func (q Question) Answered() bool { return !q.AnsweredAt.IsZero() }

// checkText refuses text that is not UTF-8, longer than max characters, or empty when required.
func checkText(what, s string, max int, required bool) error {
	switch n := utf8.RuneCountInString(s); {
	case !utf8.ValidString(s):
		return fmt.Errorf("%s is not UTF-8: %w", what, ErrInvalid)
	case required && strings.TrimSpace(s) == "":
		return fmt.Errorf("%s is empty: %w", what, ErrInvalid)
	case n > max:
		return fmt.Errorf("%s is %d characters, at most %d: %w", what, n, max, ErrInvalid)
	}
	return nil
}

// checkList refuses a list longer than max or with an item checkText refuses.
func checkList(what string, items []string, max, maxItem int) error {
	if len(items) > max {
		return fmt.Errorf("%d %s, at most %d: %w", len(items), what, max, ErrInvalid)
	}
	for i, s := range items {
		if err := checkText(fmt.Sprintf("%s %d", what, i+1), s, maxItem, true); err != nil {
			return err
		}
	}
	return nil
}

// checkEvent refuses an event that cannot be stored, in words.
func checkEvent(e Event) error {
	for _, c := range []struct {
		what     string
		s        string
		max      int
		required bool
	}{
		{"event title", e.Title, MaxEventTitle, true},
		{"event description", e.Description, MaxEventDescription, false},
		{"event room", e.Room, MaxEventName, true},
	} {
		if err := checkText(c.what, c.s, c.max, c.required); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		what         string
		items        []string
		max, maxItem int
	}{
		{"hosts", e.Hosts, MaxEventHosts, MaxEventName},
		{"guests", e.Guests, MaxEventGuests, MaxEventName},
		{"agenda items", e.Agenda, MaxAgendaItems, MaxAgendaItem},
	} {
		if err := checkList(c.what, c.items, c.max, c.maxItem); err != nil {
			return err
		}
	}
	switch {
	case e.Starts.IsZero() || e.Ends.IsZero():
		return fmt.Errorf("event without a start or an end: %w", ErrInvalid)
	case ms(e.Ends) <= ms(e.Starts):
		return fmt.Errorf("event ends (%s) before it starts (%s): %w",
			e.Ends.UTC().Format(time.RFC3339), e.Starts.UTC().Format(time.RFC3339), ErrInvalid)
	case e.Capacity < 0:
		return fmt.Errorf("event capacity %d: %w", e.Capacity, ErrInvalid)
	case e.CreatedAt.IsZero():
		return fmt.Errorf("event without a creation time: %w", ErrInvalid)
	}
	return nil
}

// newEvent is e as CreateEvent stores it, or ErrInvalid: no id, not cancelled, updated when
// created, times to the millisecond, no list nil.
func newEvent(e Event) (Event, error) {
	e.ID, e.CancelledBy, e.CancelledAt, e.UpdatedAt = 0, Actor{}, time.Time{}, e.CreatedAt
	if err := checkEvent(e); err != nil {
		return Event{}, err
	}
	return roundEvent(e), nil
}

// roundEvent is e with its times as the store keeps them and empty lists, never nil.
func roundEvent(e Event) Event {
	for _, t := range []*time.Time{&e.Starts, &e.Ends, &e.CreatedAt, &e.UpdatedAt, &e.CancelledAt} {
		*t = fromMS(ms(*t))
	}
	for _, l := range []*[]string{&e.Hosts, &e.Guests, &e.Agenda} {
		if *l == nil {
			*l = []string{}
		}
	}
	return e
}

// patchEvent applies p to e at at, or refuses: ErrAlreadyCancelled for a cancelled event,
// ErrInvalid for an event checkEvent refuses once patched.
func patchEvent(e Event, p EventPatch, at time.Time) (Event, error) {
	if e.Cancelled() {
		return Event{}, ErrAlreadyCancelled
	}
	set(&e.Title, p.Title)
	set(&e.Description, p.Description)
	set(&e.Room, p.Room)
	set(&e.Starts, p.Starts)
	set(&e.Ends, p.Ends)
	set(&e.Hosts, p.Hosts)
	set(&e.InviteOnly, p.InviteOnly)
	set(&e.Guests, p.Guests)
	set(&e.Capacity, p.Capacity)
	set(&e.PublicRecord, p.PublicRecord)
	set(&e.Agenda, p.Agenda)
	e.UpdatedAt = at
	if err := checkEvent(e); err != nil {
		return Event{}, err
	}
	return roundEvent(e), nil
}

// eventChanger rewrites event id atomically as change makes it (SQLite in a transaction, Redis
// under WATCH); what names the operation in errors. When change refuses, its refusal and what it
// returned with it are the answer.
type eventChanger func(ctx context.Context, what string, id int64, change func(Event) (Event, error)) (Event, error)

// updateWith is UpdateEvent through an implementation's changer.
func updateWith(ctx context.Context, change eventChanger, id int64, p EventPatch, at time.Time) (Event, error) {
	if err := checkAt("update event", at); err != nil {
		return Event{}, err
	}
	return change(ctx, fmt.Sprintf("update event %d", id), id, func(e Event) (Event, error) { return patchEvent(e, p, at) })
}

// cancelWith is CancelEvent through an implementation's changer.
func cancelWith(ctx context.Context, change eventChanger, id int64, by Actor, at time.Time) (Event, error) {
	if err := checkAt("cancel event", at); err != nil {
		return Event{}, err
	}
	return change(ctx, fmt.Sprintf("cancel event %d", id), id, func(e Event) (Event, error) { return cancelEvent(e, by, at) })
}

// set stores *v in *dst when v is set.
func set[T any](dst, v *T) {
	if v != nil {
		*dst = *v
	}
}

// cancelEvent records that by cancelled e at at, or ErrAlreadyCancelled.
func cancelEvent(e Event, by Actor, at time.Time) (Event, error) {
	if e.Cancelled() {
		return e, ErrAlreadyCancelled
	}
	e.CancelledBy, e.CancelledAt, e.UpdatedAt = by, at, at
	return roundEvent(e), nil
}

// checkWindow refuses a window [from, to) that ends before it starts; a zero side is open.
func checkWindow(from, to time.Time) error {
	if !from.IsZero() && !to.IsZero() && !to.After(from) {
		return fmt.Errorf("event window ends before it starts: %w", ErrInvalid)
	}
	return nil
}

// sortEvents orders events by start, then id: how ListEvents lists them.
func sortEvents(events []Event) {
	slices.SortFunc(events, func(a, b Event) int {
		return cmp.Or(a.Starts.Compare(b.Starts), cmp.Compare(a.ID, b.ID))
	})
}

// runningLatest picks, of events, the one running at now that started last (the latest id among
// equals): EventAt's answer when events in a room overlap.
func runningLatest(events []Event, now time.Time) (Event, bool) {
	var best Event
	found := false
	for _, e := range events {
		if e.RunningAt(now) && (!found || e.Starts.After(best.Starts) || e.Starts.Equal(best.Starts) && e.ID > best.ID) {
			best, found = e, true
		}
	}
	return best, found
}

func checkRecordEntry(e RecordEntry) error {
	switch e.Kind {
	case RecordChat, RecordAnnounce, RecordAgenda, RecordQuestion, RecordAnswer:
	default:
		return fmt.Errorf("record kind %q (chat, announce, agenda, question or answer): %w", e.Kind, ErrInvalid)
	}
	if e.Time.IsZero() {
		return fmt.Errorf("record entry without a time: %w", ErrInvalid)
	}
	if err := checkText("record who", e.Who, MaxEventName, false); err != nil {
		return err
	}
	return checkText("record text", e.Text, MaxRecordText, true)
}

// newQuestion is q as AddQuestion stores it, or ErrInvalid: no id, votes or answer yet.
func newQuestion(q Question) (Question, error) {
	if q.CreatedAt.IsZero() {
		return Question{}, fmt.Errorf("question without a creation time: %w", ErrInvalid)
	}
	if err := checkText("question", q.Text, MaxQuestionText, true); err != nil {
		return Question{}, err
	}
	q.ID, q.Votes, q.AnsweredAt, q.AnsweredBy = 0, 0, time.Time{}, Actor{}
	q.CreatedAt = fromMS(ms(q.CreatedAt))
	return q, nil
}

func checkVoter(id int64, voterID string) error {
	if voterID == "" {
		return fmt.Errorf("vote on question %d without a voter: %w", id, ErrInvalid)
	}
	return nil
}

// sortQuestions orders questions by votes (most first), then by when they were asked, then id:
// how Questions lists them.
func sortQuestions(qs []Question) {
	slices.SortFunc(qs, func(a, b Question) int {
		return cmp.Or(cmp.Compare(b.Votes, a.Votes), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
}

// encodeLists is an event's lists as JSON arrays, as both stores keep them.
func encodeLists(e Event) (hosts, guests, agenda string, err error) {
	out := make([]string, 3)
	for i, l := range [][]string{e.Hosts, e.Guests, e.Agenda} {
		if l == nil {
			l = []string{}
		}
		b, err := json.Marshal(l)
		if err != nil {
			return "", "", "", fmt.Errorf("event %d lists: %w", e.ID, err)
		}
		out[i] = string(b)
	}
	return out[0], out[1], out[2], nil
}

// decodeLists sets e's lists from the JSON arrays encodeLists made.
func decodeLists(e *Event, hosts, guests, agenda string) error {
	for _, l := range []struct {
		dst  *[]string
		data string
	}{{&e.Hosts, hosts}, {&e.Guests, guests}, {&e.Agenda, agenda}} {
		if err := json.Unmarshal([]byte(l.data), l.dst); err != nil {
			return fmt.Errorf("event %d lists: %w", e.ID, err)
		}
	}
	return nil
}

// windowMS is [from, to) in milliseconds, a zero side open (the least or greatest int64).
func windowMS(from, to time.Time) (int64, int64) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !from.IsZero() {
		lo = ms(from)
	}
	if !to.IsZero() {
		hi = ms(to)
	}
	return lo, hi
}
