package events

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/embassy-project/embassy/server/store"
)

// ErrNotPublic: the event's transcript is not published (not on the public record, cancelled, or
// not over yet).
var ErrNotPublic = fmt.Errorf("this event's transcript is not published")

// Transcript is an event on the public record as published after it ends: its stage talk,
// announcements, agenda items and answered questions, in order.
type Transcript struct {
	Event   EventJSON   `json:"event"`
	Entries []EntryJSON `json:"entries"`
}

// EntryJSON is one line of a transcript.
type EntryJSON struct {
	Time time.Time `json:"time"`
	Kind string    `json:"kind"`
	Who  string    `json:"who"`
	Text string    `json:"text"`
}

// EventJSON is an event as the API shows it.
type EventJSON struct {
	ID           int64     `json:"id"`
	Title        string    `json:"title"`
	Description  string    `json:"description"`
	Room         string    `json:"room"`
	Starts       time.Time `json:"starts"`
	Ends         time.Time `json:"ends"`
	Hosts        []string  `json:"hosts"`
	InviteOnly   bool      `json:"invite_only"`
	Guests       []string  `json:"guests,omitempty"` // staff and hosts only
	Capacity     int       `json:"capacity"`
	PublicRecord bool      `json:"public_record"`
	Agenda       []string  `json:"agenda"`
	Cancelled    bool      `json:"cancelled"`
}

// JSON is e as the API shows it; the guest list only when withGuests.
func JSON(e store.Event, withGuests bool) EventJSON {
	j := EventJSON{
		ID: e.ID, Title: e.Title, Description: e.Description, Room: e.Room, Starts: e.Starts, Ends: e.Ends,
		Hosts: nonNil(e.Hosts), InviteOnly: e.InviteOnly, Capacity: e.Capacity, PublicRecord: e.PublicRecord,
		Agenda: nonNil(e.Agenda), Cancelled: e.Cancelled(),
	}
	if withGuests {
		j.Guests = nonNil(e.Guests)
	}
	return j
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Transcript returns the published transcript of event id: only for an event on the public
// record, not cancelled, once it has ended.
func (s *Service) Transcript(ctx context.Context, id int64) (Transcript, error) {
	e, err := s.Get(ctx, id)
	if err != nil {
		return Transcript{}, err
	}
	switch {
	case !e.PublicRecord:
		return Transcript{}, fmt.Errorf("%w: it is not on the public record", ErrNotPublic)
	case e.InviteOnly: // a gathering by invitation is not public deliberation, whatever it was marked
		return Transcript{}, fmt.Errorf("%w: it was by invitation only", ErrNotPublic)
	case e.Cancelled():
		return Transcript{}, fmt.Errorf("%w: it was cancelled", ErrNotPublic)
	case s.cfg.Now().Before(e.Ends):
		return Transcript{}, fmt.Errorf("%w yet: it ends at %s", ErrNotPublic, e.Ends.UTC().Format(time.RFC3339))
	}
	rec, err := s.cfg.Store.Record(ctx, id)
	if err != nil {
		return Transcript{}, storeErr("read the record", err)
	}
	t := Transcript{Event: JSON(e, false), Entries: make([]EntryJSON, 0, len(rec))}
	for _, r := range rec {
		t.Entries = append(t.Entries, EntryJSON{Time: r.Time, Kind: string(r.Kind), Who: r.Who, Text: r.Text})
	}
	return t, nil
}

// Markdown renders the transcript for reading.
func (t Transcript) Markdown() string {
	var b strings.Builder
	e := t.Event
	fmt.Fprintf(&b, "# %s\n\n", e.Title)
	fmt.Fprintf(&b, "%s to %s, %s. Hosts: %s.\n\n", e.Starts.UTC().Format("2 January 2006, 15:04"), e.Ends.UTC().Format("15:04 UTC"), e.Room, strings.Join(e.Hosts, ", "))
	if e.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", e.Description)
	}
	for _, l := range t.Entries {
		at := l.Time.UTC().Format("15:04")
		switch l.Kind {
		case string(store.RecordAgenda):
			fmt.Fprintf(&b, "\n## %s\n\n", l.Text)
		case string(store.RecordAnnounce):
			fmt.Fprintf(&b, "%s **Announcement by %s:** %s\n\n", at, l.Who, l.Text)
		case string(store.RecordQuestion):
			fmt.Fprintf(&b, "%s **Question from %s:** %s\n\n", at, l.Who, l.Text)
		case string(store.RecordAnswer):
			fmt.Fprintf(&b, "%s *Answered by %s.*\n\n", at, l.Who)
		default:
			fmt.Fprintf(&b, "%s **%s:** %s\n\n", at, l.Who, l.Text)
		}
	}
	return b.String()
}

// Calendar renders events as iCalendar (RFC 5545) for calendar applications; base is the
// server's URL, for each event's link.
func Calendar(list []store.Event, embassy, base string) string {
	cal := ics.NewCalendarFor(embassy)
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(embassy)
	for _, e := range list {
		ev := cal.AddEvent(strconv.FormatInt(e.ID, 10) + "@" + strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://"))
		ev.SetSummary(e.Title)
		if e.Description != "" {
			ev.SetDescription(e.Description)
		}
		ev.SetStartAt(e.Starts.UTC())
		ev.SetEndAt(e.Ends.UTC())
		ev.SetDtStampTime(e.UpdatedAt.UTC())
		ev.SetLocation(embassy + ": " + e.Room)
		ev.SetURL(base + "/play?room=" + e.Room)
	}
	return cal.Serialize()
}
