package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/embassy-project/embassy/server/events"
	"github.com/embassy-project/embassy/server/moderation"
	"github.com/embassy-project/embassy/server/store"
)

// EventPatchJSON is PATCH /api/events/{id}: the fields given change, the others stay.
type EventPatchJSON struct {
	Title        *string    `json:"title"`
	Description  *string    `json:"description"`
	Room         *string    `json:"room"`
	Starts       *time.Time `json:"starts"`
	Ends         *time.Time `json:"ends"`
	InviteOnly   *bool      `json:"invite_only"`
	Guests       *[]string  `json:"guests"`
	Hosts        *[]string  `json:"hosts"`
	Capacity     *int       `json:"capacity"`
	PublicRecord *bool      `json:"public_record"`
	Agenda       *[]string  `json:"agenda"`
}

// InvitationRequest is POST /api/events/{id}/invitations.
type InvitationRequest struct {
	Name string `json:"name"`
}

// InvitationJSON is an invitation minted for a guest: the token their client takes (-invite FILE,
// or pasted on the join screen).
type InvitationJSON struct {
	Event  int64  `json:"event"`
	Name   string `json:"name"`
	Invite string `json:"invite"`
}

type eventsAPI struct {
	ev      *events.Service
	embassy string
	log     *slog.Logger
}

// mountEvents adds the events endpoints: reading them is public (guest lists only for staff), and
// changing them needs a diplomat's sign-in or better, through the guard.
func mountEvents(mux *http.ServeMux, g *guard, ev *events.Service, embassy string, log *slog.Logger) {
	a := &eventsAPI{ev: ev, embassy: embassy, log: log}
	mux.HandleFunc("GET /api/events", a.list)
	mux.HandleFunc("GET /api/events.ics", a.calendar)
	mux.HandleFunc("GET /api/events/{id}", a.get)
	mux.HandleFunc("GET /api/events/{id}/transcript", a.transcript)
	mux.Handle("POST /api/events", g.wrap(a.create))
	mux.Handle("PATCH /api/events/{id}", g.wrap(a.update))
	mux.Handle("DELETE /api/events/{id}", g.wrap(a.cancel))
	mux.Handle("POST /api/events/{id}/invitations", g.wrap(a.invite))
}

func eventID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("%q is not an event number", r.PathValue("id"))
	}
	return id, nil
}

// answer writes a public endpoint's result or error.
func (a *eventsAPI) answer(w http.ResponseWriter, status int, v any, err error) {
	switch {
	case errors.Is(err, events.ErrNotFound):
		writeJSON(w, a.log, http.StatusNotFound, ErrorJSON{Error: err.Error()})
	case errors.Is(err, events.ErrNotPublic):
		writeJSON(w, a.log, http.StatusForbidden, ErrorJSON{Error: err.Error()})
	case err != nil:
		if statusOf(err) == http.StatusInternalServerError {
			a.log.Error("events API", "err", err)
		}
		writeJSON(w, a.log, statusOf(err), ErrorJSON{Error: err.Error()})
	default:
		writeJSON(w, a.log, status, v)
	}
}

func (a *eventsAPI) list(w http.ResponseWriter, r *http.Request) {
	list, err := a.ev.Upcoming(r.Context())
	out := make([]events.EventJSON, 0, len(list))
	for _, e := range list {
		out = append(out, events.JSON(e, false))
	}
	a.answer(w, http.StatusOK, out, err)
}

func (a *eventsAPI) calendar(w http.ResponseWriter, r *http.Request) {
	list, err := a.ev.Upcoming(r.Context())
	if err != nil {
		a.answer(w, 0, nil, err)
		return
	}
	scheme := "http://"
	if r.TLS != nil {
		scheme = "https://"
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	_, _ = w.Write([]byte(events.Calendar(list, a.embassy, scheme+r.Host)))
}

func (a *eventsAPI) get(w http.ResponseWriter, r *http.Request) {
	id, err := eventID(r)
	if err != nil {
		a.answer(w, 0, nil, err)
		return
	}
	e, err := a.ev.Get(r.Context(), id)
	a.answer(w, http.StatusOK, events.JSON(e, false), err)
}

func (a *eventsAPI) transcript(w http.ResponseWriter, r *http.Request) {
	id, err := eventID(r)
	if err != nil {
		a.answer(w, 0, nil, err)
		return
	}
	t, err := a.ev.Transcript(r.Context(), id)
	if err == nil && r.URL.Query().Get("format") == "md" {
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		_, _ = w.Write([]byte(t.Markdown()))
		return
	}
	a.answer(w, http.StatusOK, t, err)
}

func (a *eventsAPI) create(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	var in events.Input
	if err := decode(r.Body, &in); err != nil {
		return 0, nil, err
	}
	e, err := a.ev.Create(ctx, actor, in)
	if err != nil {
		return 0, nil, eventErr(err)
	}
	return http.StatusCreated, events.JSON(e, true), nil
}

func (a *eventsAPI) update(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	id, err := eventID(r)
	if err != nil {
		return 0, nil, err
	}
	var p EventPatchJSON
	if err := decode(r.Body, &p); err != nil {
		return 0, nil, err
	}
	e, err := a.ev.Update(ctx, actor, id, store.EventPatch{
		Title: p.Title, Description: p.Description, Room: p.Room, Starts: p.Starts, Ends: p.Ends, InviteOnly: p.InviteOnly,
		Guests: p.Guests, Hosts: p.Hosts, Capacity: p.Capacity, PublicRecord: p.PublicRecord, Agenda: p.Agenda,
	})
	if err != nil {
		return 0, nil, eventErr(err)
	}
	return http.StatusOK, events.JSON(e, true), nil
}

func (a *eventsAPI) cancel(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	id, err := eventID(r)
	if err != nil {
		return 0, nil, err
	}
	e, err := a.ev.Cancel(ctx, actor, id)
	if err != nil {
		return 0, nil, eventErr(err)
	}
	return http.StatusOK, events.JSON(e, true), nil
}

func (a *eventsAPI) invite(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	id, err := eventID(r)
	if err != nil {
		return 0, nil, err
	}
	var in InvitationRequest
	if err := decode(r.Body, &in); err != nil {
		return 0, nil, err
	}
	tok, err := a.ev.Invite(ctx, actor, id, in.Name)
	if err != nil {
		return 0, nil, eventErr(err)
	}
	return http.StatusCreated, InvitationJSON{Event: id, Name: in.Name, Invite: tok}, nil
}

// eventErr gives "no such event" its 404 within the guard's answers.
func eventErr(err error) error {
	if errors.Is(err, events.ErrNotFound) {
		return &apiError{status: http.StatusNotFound, msg: err.Error()}
	}
	return err
}
