package storetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/server/store"
)

// eventTests are the cases of events, their record and questions; Run runs them with the others.
var eventTests = []struct {
	name string
	fn   func(t *testing.T, s store.Store)
}{
	{"EventRoundTrip", testEventRoundTrip},
	{"EventInvalid", testEventInvalid},
	{"EventCallsInvalid", testEventCallsInvalid},
	{"UpdateEvent", testUpdateEvent},
	{"ConcurrentEventPatches", testConcurrentEventPatches},
	{"CancelEvent", testCancelEvent},
	{"ListEventsWindow", testListEventsWindow},
	{"EventAt", testEventAt},
	{"EventAtOverlapping", testEventAtOverlapping},
	{"Record", testRecord},
	{"ConcurrentRecord", testConcurrentRecord},
	{"Questions", testQuestions},
	{"ConcurrentVotes", testConcurrentVotes},
}

var diplomat = store.Actor{ID: "u-dip", Name: "Dag", Role: "diplomat"}

// newEvent creates an event from e, filling what e leaves unset: a title, the hall, t0 to an hour
// later, created by a diplomat at t0 - 24 h.
func newEvent(t testing.TB, s store.Store, e store.Event) store.Event {
	t.Helper()
	e.Title, e.Room = cmp.Or(e.Title, "Reception"), cmp.Or(e.Room, "hall")
	e.Starts = cmp.Or(e.Starts, t0)
	e.Ends = cmp.Or(e.Ends, e.Starts.Add(time.Hour))
	e.CreatedAt, e.CreatedBy = cmp.Or(e.CreatedAt, t0.Add(-24*time.Hour)), cmp.Or(e.CreatedBy, diplomat)
	got := must(s.CreateEvent(ctx(t), e)).get(t)
	if got.ID == 0 {
		t.Fatal("CreateEvent gave no id")
	}
	return got
}

func eventIDs(es []store.Event) []int64 { return idsOf(es, func(e store.Event) int64 { return e.ID }) }

func eventAt(t testing.TB, s store.Store, room string, now time.Time) int64 {
	t.Helper()
	e, ok, err := s.EventAt(ctx(t), room, now)
	switch {
	case err != nil:
		t.Fatalf("EventAt(%s, %v): %v", room, now, err)
	case ok != (e.ID != 0):
		t.Fatalf("EventAt(%s, %v) = %+v, %v", room, now, e, ok)
	}
	return e.ID
}

func testEventRoundTrip(t *testing.T, s store.Store) {
	paris := time.FixedZone("CEST", 2*60*60)
	in := store.Event{Title: "Credentials ceremony", Description: "The new ambassador presents credentials.\nDress: formal.",
		Room: "ceremonial", Starts: t0.In(paris).Add(123456789 * time.Nanosecond), Ends: t0.Add(2 * time.Hour).In(paris),
		Hosts: []string{"Dag", "Ada"}, InviteOnly: true, Guests: []string{"Émile", "guest \"7\""}, Capacity: 40,
		PublicRecord: true, Agenda: []string{"Welcome", "Credentials", "Toast"}, CreatedBy: diplomat,
		CreatedAt: t0.Add(-time.Hour), UpdatedAt: t0.Add(time.Hour), // UpdatedAt of a new event is its CreatedAt
		CancelledBy: admin, CancelledAt: t0} // cancelling fields of a new event are ignored
	got := newEvent(t, s, in)
	want := in
	want.ID, want.Starts, want.Ends, want.UpdatedAt = got.ID, t0.Add(123*time.Millisecond), t0.Add(2*time.Hour), t0.Add(-time.Hour)
	want.CancelledBy, want.CancelledAt = store.Actor{}, time.Time{}
	equal(t, "CreateEvent", got, want)
	equal(t, "GetEvent", must(s.GetEvent(ctx(t), got.ID)).get(t), want)
	if got.Starts.Location() != time.UTC {
		t.Errorf("Starts in %v, want UTC", got.Starts.Location())
	}

	bare := newEvent(t, s, store.Event{})
	for _, l := range [][]string{bare.Hosts, bare.Guests, bare.Agenda} {
		equal(t, "a list not given", l, []string{})
	}
	read := must(s.GetEvent(ctx(t), bare.ID)).get(t)
	equal(t, "a bare event read back", read, bare)
	if bare.ID <= got.ID {
		t.Errorf("ids not increasing: %d then %d", got.ID, bare.ID)
	}
	if _, err := s.GetEvent(ctx(t), bare.ID+100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetEvent(unknown) = %v, want ErrNotFound", err)
	}
}

func names(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint("guest ", i)
	}
	return out
}

func testEventInvalid(t *testing.T, s store.Store) {
	c := ctx(t)
	ok := store.Event{Title: "Briefing", Room: "hall", Starts: t0, Ends: t0.Add(time.Hour), CreatedAt: t0, CreatedBy: diplomat}
	with := func(change func(e *store.Event)) store.Event {
		e := ok
		change(&e)
		return e
	}
	cases := []struct {
		name string
		e    store.Event
	}{
		{"no title", with(func(e *store.Event) { e.Title = "" })},
		{"a blank title", with(func(e *store.Event) { e.Title = " \t" })},
		{"a title too long", with(func(e *store.Event) { e.Title = strings.Repeat("é", store.MaxEventTitle+1) })},
		{"a title not UTF-8", with(func(e *store.Event) { e.Title = "\xff" })},
		{"a description too long", with(func(e *store.Event) { e.Description = strings.Repeat("x", store.MaxEventDescription+1) })},
		{"no room", with(func(e *store.Event) { e.Room = "" })},
		{"no start", with(func(e *store.Event) { e.Starts = time.Time{} })},
		{"no end", with(func(e *store.Event) { e.Ends = time.Time{} })},
		{"ends when it starts", with(func(e *store.Event) { e.Ends = e.Starts })},
		{"ends within the millisecond it starts", with(func(e *store.Event) { e.Ends = e.Starts.Add(time.Microsecond) })},
		{"ends before it starts", with(func(e *store.Event) { e.Ends = e.Starts.Add(-time.Hour) })},
		{"too many guests", with(func(e *store.Event) { e.Guests = names(store.MaxEventGuests + 1) })},
		{"too many hosts", with(func(e *store.Event) { e.Hosts = names(store.MaxEventHosts + 1) })},
		{"an empty guest name", with(func(e *store.Event) { e.Guests = []string{"Ada", ""} })},
		{"too many agenda items", with(func(e *store.Event) { e.Agenda = names(store.MaxAgendaItems + 1) })},
		{"an empty agenda item", with(func(e *store.Event) { e.Agenda = []string{" "} })},
		{"an agenda item too long", with(func(e *store.Event) { e.Agenda = []string{strings.Repeat("x", store.MaxAgendaItem+1)} })},
		{"negative capacity", with(func(e *store.Event) { e.Capacity = -1 })},
		{"no creation time", with(func(e *store.Event) { e.CreatedAt = time.Time{} })},
	}
	for _, tc := range cases {
		if _, err := s.CreateEvent(c, tc.e); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("CreateEvent, %s: %v, want ErrInvalid", tc.name, err)
		}
	}
	equal(t, "no event stored", len(must(s.ListEvents(c, time.Time{}, time.Time{})).get(t)), 0)

	// At the limits is allowed.
	full := newEvent(t, s, with(func(e *store.Event) {
		e.Title = strings.Repeat("é", store.MaxEventTitle)
		e.Guests, e.Hosts, e.Agenda = names(store.MaxEventGuests), names(store.MaxEventHosts), names(store.MaxAgendaItems)
		e.Ends = e.Starts.Add(time.Millisecond)
	}))
	equal(t, "500 guests read back", len(must(s.GetEvent(c, full.ID)).get(t).Guests), store.MaxEventGuests)
}

// testEventCallsInvalid: patches, cancelling, windows, record entries, questions and votes that
// cannot be stored are refused, and nothing changes. A patch is checked with the event it makes.
func testEventCallsInvalid(t *testing.T, s store.Store) {
	c := ctx(t)
	ev := newEvent(t, s, store.Event{Starts: t0, Ends: t0.Add(time.Hour)})
	for name, err := range map[string]error{
		"start patched to the end": second(s.UpdateEvent(c, ev.ID, store.EventPatch{Starts: ptr(t0.Add(time.Hour))}, t0)),
		"title patched empty":      second(s.UpdateEvent(c, ev.ID, store.EventPatch{Title: ptr("")}, t0)),
		"guests patched too many":  second(s.UpdateEvent(c, ev.ID, store.EventPatch{Guests: ptr(names(501))}, t0)),
		"update without a time":    second(s.UpdateEvent(c, ev.ID, store.EventPatch{}, time.Time{})),
		"cancel without a time":    second(s.CancelEvent(c, ev.ID, admin, time.Time{})),
		"a window ending first":    second(s.ListEvents(c, t0, t0.Add(-time.Hour))),
		"an empty window":          second(s.ListEvents(c, t0, t0)),
		"record kind":              second(s.AppendRecord(c, store.RecordEntry{EventID: ev.ID, Time: t0, Kind: "gossip", Text: "x"})),
		"record without a time":    second(s.AppendRecord(c, store.RecordEntry{EventID: ev.ID, Kind: store.RecordChat, Text: "x"})),
		"record without text":      second(s.AppendRecord(c, store.RecordEntry{EventID: ev.ID, Time: t0, Kind: store.RecordChat})),
		"record text too long": second(s.AppendRecord(c, store.RecordEntry{EventID: ev.ID, Time: t0, Kind: store.RecordChat,
			Text: strings.Repeat("x", store.MaxRecordText+1)})),
		"question without text":   second(s.AddQuestion(c, store.Question{EventID: ev.ID, CreatedAt: t0})),
		"question without a time": second(s.AddQuestion(c, store.Question{EventID: ev.ID, Text: "Why?"})),
		"question too long": second(s.AddQuestion(c, store.Question{EventID: ev.ID, CreatedAt: t0,
			Text: strings.Repeat("?", store.MaxQuestionText+1)})),
		"vote without a voter":  second(s.VoteQuestion(c, 1, "")),
		"answer without a time": second(s.AnswerQuestion(c, 1, diplomat, time.Time{})),
	} {
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	equal(t, "the event after refused patches", must(s.GetEvent(c, ev.ID)).get(t), ev)
	equal(t, "no record stored", len(must(s.Record(c, ev.ID)).get(t)), 0)
	equal(t, "no question stored", len(must(s.Questions(c, ev.ID)).get(t)), 0)
}

func testUpdateEvent(t *testing.T, s store.Store) {
	e := newEvent(t, s, store.Event{Title: "Briefing", Hosts: []string{"Dag"}, Agenda: []string{"a", "b"}})
	steps := []struct {
		patch  store.EventPatch
		change func(e *store.Event)
	}{
		{store.EventPatch{Title: ptr("Press briefing"), Description: ptr("On the treaty")}, func(e *store.Event) {
			e.Title, e.Description = "Press briefing", "On the treaty"
		}},
		{store.EventPatch{Starts: ptr(t0.Add(-time.Hour)), Ends: ptr(t0.Add(3 * time.Hour))}, func(e *store.Event) {
			e.Starts, e.Ends = t0.Add(-time.Hour), t0.Add(3*time.Hour)
		}},
		{store.EventPatch{InviteOnly: ptr(true), Guests: ptr([]string{"Vera", "Ivo"}), Capacity: ptr(12)}, func(e *store.Event) {
			e.InviteOnly, e.Guests, e.Capacity = true, []string{"Vera", "Ivo"}, 12
		}},
		{store.EventPatch{Hosts: ptr([]string{"Dag", "Ada"}), PublicRecord: ptr(true), Agenda: ptr([]string{})}, func(e *store.Event) {
			e.Hosts, e.PublicRecord, e.Agenda = []string{"Dag", "Ada"}, true, []string{}
		}},
		{store.EventPatch{Room: ptr("gallery")}, func(e *store.Event) { e.Room = "gallery" }},
		{store.EventPatch{}, func(*store.Event) {}},
	}
	want := e
	for i, st := range steps {
		at := t0.Add(time.Duration(i+1) * time.Minute)
		st.change(&want)
		want.UpdatedAt = at
		equal(t, fmt.Sprintf("step %d", i), must(s.UpdateEvent(ctx(t), e.ID, st.patch, at)).get(t), want)
		equal(t, fmt.Sprintf("step %d read back", i), must(s.GetEvent(ctx(t), e.ID)).get(t), want)
	}
	// The move took it out of the hall.
	equal(t, "EventAt the hall after the move", eventAt(t, s, "hall", t0), int64(0))
	equal(t, "EventAt the gallery after the move", eventAt(t, s, "gallery", t0), e.ID)
	equal(t, "listed once", eventIDs(must(s.ListEvents(ctx(t), t0, t0.Add(time.Hour))).get(t)), []int64{e.ID})
	if _, err := s.UpdateEvent(ctx(t), e.ID+100, store.EventPatch{Title: ptr("x")}, t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateEvent(unknown): %v, want ErrNotFound", err)
	}
}

// testConcurrentEventPatches: hosts editing different fields at once lose none of the changes.
// Each round releases one patch per field at once on a new event.
func testConcurrentEventPatches(t *testing.T, s store.Store) {
	patches := []store.EventPatch{
		{Title: ptr("Gala")}, {Description: ptr("Black tie")}, {Room: ptr("ballroom")},
		{Starts: ptr(t0.Add(-time.Hour))}, {Ends: ptr(t0.Add(4 * time.Hour))}, {Hosts: ptr([]string{"Dag"})},
		{InviteOnly: ptr(true)}, {Guests: ptr([]string{"Vera", "Ivo"})}, {Capacity: ptr(30)},
		{PublicRecord: ptr(true)}, {Agenda: ptr([]string{"Speeches", "Dinner"})},
	}
	for round := range 10 {
		e := newEvent(t, s, store.Event{})
		concurrently(t, len(patches), func(i int) error {
			_, err := s.UpdateEvent(ctx(t), e.ID, patches[i], t0)
			return err
		})
		want := e
		want.Title, want.Description, want.Room, want.Starts, want.Ends = "Gala", "Black tie", "ballroom", t0.Add(-time.Hour), t0.Add(4*time.Hour)
		want.Hosts, want.InviteOnly, want.Guests, want.Capacity = []string{"Dag"}, true, []string{"Vera", "Ivo"}, 30
		want.PublicRecord, want.Agenda, want.UpdatedAt = true, []string{"Speeches", "Dinner"}, t0
		equal(t, fmt.Sprintf("round %d: after concurrent patches", round), must(s.GetEvent(ctx(t), e.ID)).get(t), want)
	}
	// The indexes followed the moves: every event is in the ballroom now.
	equal(t, "events in the hall", eventAt(t, s, "hall", t0), int64(0))
	if eventAt(t, s, "ballroom", t0) == 0 {
		t.Error("no event in the ballroom")
	}
}

func testCancelEvent(t *testing.T, s store.Store) {
	e := newEvent(t, s, store.Event{})
	other := newEvent(t, s, store.Event{Room: "gallery"})
	at := t0.Add(-time.Hour)
	cancelled := must(s.CancelEvent(ctx(t), e.ID, admin, at)).get(t)
	want := e
	want.CancelledBy, want.CancelledAt, want.UpdatedAt = admin, at, at
	equal(t, "CancelEvent", cancelled, want)
	equal(t, "GetEvent after cancelling: the record stays", must(s.GetEvent(ctx(t), e.ID)).get(t), want)
	if !cancelled.Cancelled() || cancelled.RunningAt(t0) {
		t.Errorf("cancelled event: Cancelled %v, RunningAt %v", cancelled.Cancelled(), cancelled.RunningAt(t0))
	}
	equal(t, "ListEvents leaves it out", eventIDs(must(s.ListEvents(ctx(t), time.Time{}, time.Time{})).get(t)), []int64{other.ID})
	equal(t, "EventAt leaves it out", eventAt(t, s, "hall", t0), int64(0))

	again, err := s.CancelEvent(ctx(t), e.ID, diplomat, t0)
	if !errors.Is(err, store.ErrAlreadyCancelled) {
		t.Errorf("cancelling twice: %v, want ErrAlreadyCancelled", err)
	}
	equal(t, "cancelling twice keeps the first", again, want)
	if _, err := s.UpdateEvent(ctx(t), e.ID, store.EventPatch{Title: ptr("Back on")}, t0); !errors.Is(err, store.ErrAlreadyCancelled) {
		t.Errorf("updating a cancelled event: %v, want ErrAlreadyCancelled", err)
	}
	equal(t, "the cancelled event after both", must(s.GetEvent(ctx(t), e.ID)).get(t), want)
	if _, err := s.CancelEvent(ctx(t), other.ID+100, admin, at); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("cancelling an unknown event: %v, want ErrNotFound", err)
	}
}

func testListEventsWindow(t *testing.T, s store.Store) {
	from, to := t0, t0.Add(4*time.Hour)
	span := func(title string, start, end time.Duration) store.Event {
		return newEvent(t, s, store.Event{Title: title, Room: title, Starts: t0.Add(start), Ends: t0.Add(end)})
	}
	span("before", -2*time.Hour, -time.Hour)
	span("ends at from", -time.Hour, 0)
	whole := span("over the whole window", -time.Hour, 10*time.Hour)
	first := span("over from", -30*time.Minute, 30*time.Minute)
	inside := span("inside", time.Hour, 2*time.Hour)
	twin := span("inside, same start", time.Hour, 90*time.Minute)
	last := span("over to", 3*time.Hour, 5*time.Hour)
	span("starts at to", 4*time.Hour, 5*time.Hour)
	span("after", 6*time.Hour, 7*time.Hour)
	gone := span("cancelled inside", 2*time.Hour, 3*time.Hour)
	must(s.CancelEvent(ctx(t), gone.ID, admin, t0)).get(t)

	equal(t, "the window", eventIDs(must(s.ListEvents(ctx(t), from, to)).get(t)),
		[]int64{whole.ID, first.ID, inside.ID, twin.ID, last.ID})
	equal(t, "events at one moment", eventIDs(must(s.ListEvents(ctx(t), t0.Add(time.Hour), t0.Add(time.Hour+time.Millisecond))).get(t)),
		[]int64{whole.ID, inside.ID, twin.ID})
	all := must(s.ListEvents(ctx(t), time.Time{}, time.Time{})).get(t)
	equal(t, "open window: every event not cancelled", len(all), 9)
	equal(t, "open start", len(must(s.ListEvents(ctx(t), time.Time{}, t0)).get(t)), 4)
	equal(t, "open end (what is on and to come)", len(must(s.ListEvents(ctx(t), t0.Add(5*time.Hour), time.Time{})).get(t)), 2)
	for i := 1; i < len(all); i++ {
		if all[i].Starts.Before(all[i-1].Starts) {
			t.Errorf("not by start: %v then %v", all[i-1].Starts, all[i].Starts)
		}
	}
}

func testEventAt(t *testing.T, s store.Store) {
	e := newEvent(t, s, store.Event{Room: "hall", Starts: t0, Ends: t0.Add(time.Hour)})
	for i := range 30 { // past events in the room answer nothing
		newEvent(t, s, store.Event{Room: "hall", Starts: t0.Add(-time.Duration(i+2) * time.Hour), Ends: t0.Add(-time.Duration(i+1) * time.Hour)})
	}
	newEvent(t, s, store.Event{Room: "hall", Starts: t0.Add(2 * time.Hour), Ends: t0.Add(3 * time.Hour)})
	newEvent(t, s, store.Event{Room: "gallery", Starts: t0.Add(-time.Hour), Ends: t0.Add(time.Hour)})
	cases := []struct {
		room string
		now  time.Time
		want int64
	}{
		{"hall", t0.Add(-time.Millisecond), 0},
		{"hall", t0, e.ID}, // Starts inclusive
		{"hall", t0.Add(30 * time.Minute), e.ID},
		{"hall", t0.Add(time.Hour - time.Millisecond), e.ID},
		{"hall", t0.Add(time.Hour), 0}, // Ends exclusive
		{"consular", t0, 0},
	}
	for _, c := range cases {
		if got := eventAt(t, s, c.room, c.now); got != c.want {
			t.Errorf("EventAt(%s, %v) = event %d, want %d", c.room, c.now, got, c.want)
		}
	}
	got, ok, err := s.EventAt(ctx(t), "hall", t0)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	equal(t, "EventAt gives the whole event", got, e)
}

// testEventAtOverlapping: of events overlapping in a room, the one that started last, and when it
// is over, the one still running.
func testEventAtOverlapping(t *testing.T, s store.Store) {
	long := newEvent(t, s, store.Event{Title: "Open day", Starts: t0, Ends: t0.Add(3 * time.Hour)})
	short := newEvent(t, s, store.Event{Title: "Speech", Starts: t0.Add(time.Hour), Ends: t0.Add(2 * time.Hour)})
	equal(t, "before the speech", eventAt(t, s, "hall", t0.Add(30*time.Minute)), long.ID)
	equal(t, "during the speech", eventAt(t, s, "hall", t0.Add(90*time.Minute)), short.ID)
	equal(t, "after the speech", eventAt(t, s, "hall", t0.Add(150*time.Minute)), long.ID)
	must(s.CancelEvent(ctx(t), short.ID, admin, t0)).get(t)
	equal(t, "during the cancelled speech", eventAt(t, s, "hall", t0.Add(90*time.Minute)), long.ID)
}

func testRecord(t *testing.T, s store.Store) {
	e := newEvent(t, s, store.Event{PublicRecord: true})
	other := newEvent(t, s, store.Event{Room: "gallery"})
	var want []store.RecordEntry
	for i, in := range []store.RecordEntry{
		{Kind: store.RecordAgenda, Who: "Dag", Text: "Welcome"},
		{Kind: store.RecordChat, Who: "Dag", Text: "Good evening, ünïcödé \"quotes\"\nand a newline"},
		{Kind: store.RecordAnnounce, Who: "Ada", Text: "The buffet is open"},
		{Kind: store.RecordQuestion, Who: "Vera", Text: "When is the visa office open?"},
		{Kind: store.RecordAnswer, Who: "Dag", Text: "Mondays"},
	} {
		in.EventID, in.Time = e.ID, t0.Add(time.Duration(i)*time.Minute+999*time.Microsecond)
		got := must(s.AppendRecord(ctx(t), in)).get(t)
		in.Seq, in.Time = int64(i+1), t0.Add(time.Duration(i)*time.Minute)
		equal(t, fmt.Sprintf("AppendRecord %d", i), got, in)
		want = append(want, in)
	}
	o := must(s.AppendRecord(ctx(t), store.RecordEntry{EventID: other.ID, Time: t0, Kind: store.RecordChat, Text: "hi"})).get(t)
	equal(t, "the other event's record starts at 1", o.Seq, int64(1))
	equal(t, "Record", must(s.Record(ctx(t), e.ID)).get(t), want)
	equal(t, "the other record", len(must(s.Record(ctx(t), other.ID)).get(t)), 1)
	equal(t, "no record", len(must(s.Record(ctx(t), other.ID+100)).get(t)), 0)
	if _, err := s.AppendRecord(ctx(t), store.RecordEntry{EventID: other.ID + 100, Time: t0, Kind: store.RecordChat, Text: "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("AppendRecord to an unknown event: %v, want ErrNotFound", err)
	}
}

// testConcurrentRecord: 50 lines appended at once to one record get 50 different places.
func testConcurrentRecord(t *testing.T, s store.Store) {
	const n = 50
	e := newEvent(t, s, store.Event{})
	concurrently(t, n, func(i int) error {
		_, err := s.AppendRecord(ctx(t), store.RecordEntry{EventID: e.ID, Time: t0, Kind: store.RecordChat, Who: "bot", Text: fmt.Sprint(i)})
		return err
	})
	rec := must(s.Record(ctx(t), e.ID)).get(t)
	texts := map[string]bool{}
	for i, r := range rec {
		texts[r.Text] = true
		if r.Seq != int64(i+1) {
			t.Errorf("entry %d has seq %d", i, r.Seq)
		}
	}
	if len(rec) != n || len(texts) != n {
		t.Errorf("%d entries, %d distinct texts; want %d", len(rec), len(texts), n)
	}
}

func questionIDs(qs []store.Question) []int64 {
	return idsOf(qs, func(q store.Question) int64 { return q.ID })
}

func testQuestions(t *testing.T, s store.Store) {
	e := newEvent(t, s, store.Event{})
	other := newEvent(t, s, store.Event{Room: "gallery"})
	vera := store.Actor{ID: "u-v", Name: "Vera", Role: "visitor"}
	ask := func(ev store.Event, text string, at time.Time) store.Question {
		in := store.Question{EventID: ev.ID, Asker: vera, Text: text, CreatedAt: at, Votes: 7, AnsweredBy: admin, AnsweredAt: at}
		got := must(s.AddQuestion(ctx(t), in)).get(t)
		want := store.Question{ID: got.ID, EventID: ev.ID, Asker: vera, Text: text, CreatedAt: at.Truncate(time.Millisecond)}
		equal(t, "AddQuestion", got, want)
		return got
	}
	q1 := ask(e, "Will there be visas for students?", t0.Add(time.Minute+time.Microsecond))
	q2 := ask(e, "Is the embassy open on Sunday?", t0.Add(2*time.Minute))
	q3 := ask(e, "Who designed the hall?", t0.Add(3*time.Minute))
	ask(other, "Elsewhere?", t0)
	equal(t, "no votes: oldest first", questionIDs(must(s.Questions(ctx(t), e.ID)).get(t)), []int64{q1.ID, q2.ID, q3.ID})

	vote := func(id int64, voter string) int { return must(s.VoteQuestion(ctx(t), id, voter)).get(t) }
	equal(t, "first vote", vote(q3.ID, "u1"), 1)
	equal(t, "second voter", vote(q3.ID, "u2"), 2)
	equal(t, "the same voter again", vote(q3.ID, "u2"), 2)
	equal(t, "a vote elsewhere", vote(q2.ID, "u2"), 1)
	equal(t, "by votes, then oldest", questionIDs(must(s.Questions(ctx(t), e.ID)).get(t)), []int64{q3.ID, q2.ID, q1.ID})
	equal(t, "votes read back", must(s.Questions(ctx(t), e.ID)).get(t)[0].Votes, 2)
	if _, err := s.VoteQuestion(ctx(t), q3.ID+100, "u1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("voting on an unknown question: %v, want ErrNotFound", err)
	}

	at := t0.Add(10 * time.Minute)
	answered := must(s.AnswerQuestion(ctx(t), q2.ID, diplomat, at)).get(t)
	want := q2
	want.Votes, want.AnsweredBy, want.AnsweredAt = 1, diplomat, at
	equal(t, "AnswerQuestion", answered, want)
	again, err := s.AnswerQuestion(ctx(t), q2.ID, admin, at.Add(time.Minute))
	if !errors.Is(err, store.ErrAlreadyAnswered) {
		t.Errorf("answering twice: %v, want ErrAlreadyAnswered", err)
	}
	equal(t, "answering twice keeps the first", again, want)
	if _, err := s.AnswerQuestion(ctx(t), q3.ID+100, diplomat, at); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("answering an unknown question: %v, want ErrNotFound", err)
	}
	qs := must(s.Questions(ctx(t), e.ID)).get(t)
	equal(t, "the answered question in the list", qs[1], want)
	if _, err := s.AddQuestion(ctx(t), store.Question{EventID: other.ID + 100, Text: "?", CreatedAt: t0}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a question to an unknown event: %v, want ErrNotFound", err)
	}
	equal(t, "questions of no event", len(must(s.Questions(ctx(t), other.ID+100)).get(t)), 0)
}

// testConcurrentVotes: 50 voters voting at once, each twice, count 50.
func testConcurrentVotes(t *testing.T, s store.Store) {
	const n = 50
	e := newEvent(t, s, store.Event{})
	q := must(s.AddQuestion(ctx(t), store.Question{EventID: e.ID, Text: "Why?", CreatedAt: t0})).get(t)
	counts := make([]int, 2*n)
	concurrently(t, 2*n, func(i int) error {
		var err error
		counts[i], err = s.VoteQuestion(ctx(t), q.ID, fmt.Sprint("voter", i%n))
		return err
	})
	highest := slices.Max(counts)
	equal(t, "the highest count any vote saw", highest, n)
	equal(t, "votes", must(s.Questions(ctx(t), e.ID)).get(t)[0].Votes, n)
}

// eventsKept is what writeEvents stored, for checkEvents to find again after a restart.
type eventsKept struct {
	open, cancelled store.Event
	record          []store.RecordEntry
	questions       []store.Question
}

// writeEvents stores an event with a record and voted, answered questions, and a cancelled one.
func writeEvents(t *testing.T, s store.Store) eventsKept {
	c := ctx(t)
	var k eventsKept
	k.open = newEvent(t, s, store.Event{Title: "National day", Hosts: []string{"Dag"}, InviteOnly: true,
		Guests: []string{"Vera"}, PublicRecord: true, Agenda: []string{"Anthem", "Speech"}})
	k.open = must(s.UpdateEvent(c, k.open.ID, store.EventPatch{Capacity: ptr(50)}, t0.Add(-time.Hour))).get(t)
	k.cancelled = newEvent(t, s, store.Event{Title: "Rained off", Room: "garden"})
	k.cancelled = must(s.CancelEvent(c, k.cancelled.ID, admin, t0.Add(-time.Hour))).get(t)
	for i, text := range []string{"Anthem", "Welcome, all"} {
		k.record = append(k.record, must(s.AppendRecord(c, store.RecordEntry{EventID: k.open.ID,
			Time: t0.Add(time.Duration(i) * time.Minute), Kind: store.RecordChat, Who: "Dag", Text: text})).get(t))
	}
	q1 := must(s.AddQuestion(c, store.Question{EventID: k.open.ID, Asker: mod, Text: "First?", CreatedAt: t0})).get(t)
	q2 := must(s.AddQuestion(c, store.Question{EventID: k.open.ID, Asker: admin, Text: "Second?", CreatedAt: t0.Add(time.Minute)})).get(t)
	q2.Votes = must(s.VoteQuestion(c, q2.ID, "u1")).get(t)
	q1 = must(s.AnswerQuestion(c, q1.ID, diplomat, t0.Add(2*time.Minute))).get(t)
	k.questions = []store.Question{q2, q1}
	return k
}

// checkEvents finds what writeEvents stored, and the ids go on from where they were.
func checkEvents(t *testing.T, s store.Store, k eventsKept) {
	c := ctx(t)
	equal(t, "event after restart", must(s.GetEvent(c, k.open.ID)).get(t), k.open)
	equal(t, "cancelled event after restart", must(s.GetEvent(c, k.cancelled.ID)).get(t), k.cancelled)
	equal(t, "events listed after restart", eventIDs(must(s.ListEvents(c, time.Time{}, time.Time{})).get(t)), []int64{k.open.ID})
	equal(t, "EventAt after restart", eventAt(t, s, "hall", t0), k.open.ID)
	equal(t, "EventAt of the cancelled one after restart", eventAt(t, s, "garden", t0), int64(0))
	equal(t, "record after restart", must(s.Record(c, k.open.ID)).get(t), k.record)
	equal(t, "questions after restart", must(s.Questions(c, k.open.ID)).get(t), k.questions)
	equal(t, "a vote counted before restart", must(s.VoteQuestion(c, k.questions[0].ID, "u1")).get(t), 1)
	if _, err := s.AnswerQuestion(c, k.questions[1].ID, admin, t0); !errors.Is(err, store.ErrAlreadyAnswered) {
		t.Errorf("answering after restart what was answered before: %v", err)
	}
	next := newEvent(t, s, store.Event{})
	if next.ID <= k.cancelled.ID {
		t.Errorf("event id after restart %d, not above %d", next.ID, k.cancelled.ID)
	}
	if r := must(s.AppendRecord(c, store.RecordEntry{EventID: k.open.ID, Time: t0, Kind: store.RecordChat, Text: "more"})).get(t); r.Seq != 3 {
		t.Errorf("record seq after restart %d, want 3", r.Seq)
	}
	q := must(s.AddQuestion(c, store.Question{EventID: k.open.ID, Text: "Third?", CreatedAt: t0})).get(t)
	if q.ID <= k.questions[0].ID {
		t.Errorf("question id after restart %d, not above %d", q.ID, k.questions[0].ID)
	}
}

// BenchmarkEventAt measures the event check of a join into a room that has held nPast events, with
// one running and ten to come, and into a room with none.
func BenchmarkEventAt(b *testing.B, s store.Store, nPast int) {
	for i := range nPast {
		newEvent(b, s, store.Event{Starts: t0.Add(-time.Duration(i+2) * time.Hour), Ends: t0.Add(-time.Duration(i+1) * time.Hour)})
	}
	running := newEvent(b, s, store.Event{Starts: t0.Add(-time.Minute)})
	for i := range 10 {
		newEvent(b, s, store.Event{Starts: t0.Add(time.Duration(i+2) * time.Hour)})
	}
	c := context.Background()
	for _, bc := range []struct {
		name, room string
		want       int64
	}{{"Running", "hall", running.ID}, {"EmptyRoom", "gallery", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					e, _, err := s.EventAt(c, bc.room, t0)
					if err != nil || e.ID != bc.want {
						b.Errorf("EventAt = %d, %v; want %d", e.ID, err, bc.want)
						return
					}
				}
			})
		})
	}
}
