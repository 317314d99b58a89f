package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/moderation"
	"github.com/embassy-project/embassy/server/store"
)

// admin is the HTTP admin API: the staff's moderation through the same moderation.Service the
// WebSocket gateway uses, so the permission matrix, the audit log and the reach to every node are
// one implementation. Handlers only turn JSON into Requests and results back into JSON.
type admin struct {
	mod   *moderation.Service
	rooms Rooms
}

// mountAdmin adds the admin API's endpoints to mux, each behind the guard (limits, sign-in).
func mountAdmin(mux *http.ServeMux, g *guard, d Deps) {
	a := &admin{mod: d.Moderation, rooms: d.Rooms}
	mux.Handle("GET /api/audit", g.wrap(a.audit))
	mux.Handle("GET /api/bans", g.wrap(a.bans))
	mux.Handle("POST /api/bans", g.wrap(a.ban))
	mux.Handle("DELETE /api/bans/{ban}", g.wrap(a.unban))
	mux.Handle("PATCH /api/rooms/{id}", g.wrap(a.patchRoom))
	mux.Handle("POST /api/kick", g.wrap(a.kick))
	mux.Handle("POST /api/mute", g.wrap(a.mute))
	mux.Handle("POST /api/move", g.wrap(a.move))
	mux.Handle("GET /api/reports", g.wrap(a.reports))
}

// auditParams are the query parameters GET /api/audit takes.
var auditParams = []string{"limit", "actor", "target", "action", "since", "cursor"}

func (a *admin) audit(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	q, err := auditQuery(r.URL.Query())
	if err != nil {
		return 0, nil, err
	}
	page, err := a.mod.Audit(ctx, actor, q)
	if err != nil {
		return 0, nil, err
	}
	out := AuditJSON{Entries: make([]AuditEntryJSON, 0, len(page.Entries)), Next: page.Next}
	for _, e := range page.Entries {
		out.Entries = append(out.Entries, NewAuditEntryJSON(e))
	}
	return http.StatusOK, out, nil
}

// auditQuery reads GET /api/audit's parameters, refusing any it does not know (a typo would
// otherwise silently widen the page).
func auditQuery(v url.Values) (store.AuditQuery, error) {
	if err := onlyParams(v, auditParams...); err != nil {
		return store.AuditQuery{}, err
	}
	q := store.AuditQuery{Actor: v.Get("actor"), Target: v.Get("target"), Action: v.Get("action"), Cursor: v.Get("cursor")}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > store.MaxAuditLimit {
			return q, badRequest("limit %q: a whole number from 1 to %d", s, store.MaxAuditLimit)
		}
		q.Limit = n
	}
	if s := v.Get("since"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return q, badRequest("since %q: a time like 2026-01-02T15:04:05Z (RFC 3339)", s)
		}
		q.Since = t
	}
	return q, nil
}

// onlyParams refuses query parameters other than names, and any given twice.
func onlyParams(v url.Values, names ...string) error {
	for k, vals := range v {
		known := false
		for _, n := range names {
			known = known || k == n
		}
		switch {
		case !known && len(names) == 0:
			return badRequest("unknown parameter %q: this takes none", k)
		case !known:
			return badRequest("unknown parameter %q: this takes %s", k, strings.Join(names, ", "))
		case len(vals) > 1:
			return badRequest("parameter %q is given %d times", k, len(vals))
		}
	}
	return nil
}

func (a *admin) bans(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	list, err := listed(r, func() ([]store.Ban, error) { return a.mod.Bans(ctx, actor) }, NewBanJSON)
	return http.StatusOK, BansJSON{Bans: list}, err
}

func (a *admin) reports(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	list, err := listed(r, func() ([]store.Report, error) { return a.mod.Reports(ctx, actor) }, newReportJSON)
	return http.StatusOK, ReportsJSON{Reports: list}, err
}

// listed answers a GET that takes no parameters with a list read through the Service, each item
// shown as JSON ([] when empty, never null).
func listed[T, J any](r *http.Request, read func() ([]T, error), show func(T) J) ([]J, error) {
	if err := onlyParams(r.URL.Query()); err != nil {
		return nil, err
	}
	items, err := read()
	if err != nil {
		return nil, err
	}
	out := make([]J, 0, len(items))
	for _, it := range items {
		out = append(out, show(it))
	}
	return out, nil
}

// permit refuses an actor whose role may not take action at all, recording the attempt, before
// the request names anyone: Service.Do looks a person up before it checks the target's rank,
// and a visitor must not learn from a 404 who is online.
func (a *admin) permit(ctx context.Context, actor moderation.Actor, action moderation.Action) error {
	return a.mod.Check(ctx, actor, action)
}

func (a *admin) ban(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	var req BanRequest
	if err := decode(r.Body, &req); err != nil {
		return 0, nil, err
	}
	d, err := personRequest(req.Name, req.Reason, req.Duration)
	if err != nil {
		return 0, nil, err
	}
	if err := a.permit(ctx, actor, moderation.Ban); err != nil {
		return 0, nil, err
	}
	res, err := a.mod.Do(ctx, actor, moderation.Request{Action: moderation.Ban, Target: req.Name, Reason: req.Reason, Duration: d})
	if err != nil {
		return 0, nil, err
	}
	if res.Ban == nil {
		return 0, nil, fmt.Errorf("the ban was stored but not returned")
	}
	return http.StatusCreated, BanResultJSON{Text: res.Text, Ban: NewBanJSON(*res.Ban)}, nil
}

// unban lifts a ban: DELETE /api/bans/7 lifts ban #7, DELETE /api/bans/Mallory every ban in force
// on that name. Service.Do checks the role before anything else for an unban.
func (a *admin) unban(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	v := r.URL.Query()
	if err := onlyParams(v, "reason"); err != nil {
		return 0, nil, err
	}
	target := strings.TrimSpace(r.PathValue("ban"))
	if _, err := strconv.ParseUint(target, 10, 63); err == nil {
		target = "#" + target
	} else if err := checkName("name", target); err != nil && !strings.HasPrefix(target, "#") {
		return 0, nil, err
	}
	if err := checkReason(v.Get("reason")); err != nil {
		return 0, nil, err
	}
	res, err := a.mod.Do(ctx, actor, moderation.Request{Action: moderation.Unban, Target: target, Reason: v.Get("reason")})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, ActionJSON{Text: res.Text}, nil
}

func (a *admin) kick(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	var req KickRequest
	if err := decode(r.Body, &req); err != nil {
		return 0, nil, err
	}
	if _, err := personRequest(req.Name, req.Reason, ""); err != nil {
		return 0, nil, err
	}
	return a.personAction(ctx, actor, moderation.Request{Action: moderation.Kick, Target: req.Name, Reason: req.Reason})
}

func (a *admin) mute(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	var req MuteRequest
	if err := decode(r.Body, &req); err != nil {
		return 0, nil, err
	}
	d, err := personRequest(req.Name, req.Reason, req.Duration)
	if err != nil {
		return 0, nil, err
	}
	actions := map[string][2]moderation.Action{
		"chat":  {moderation.MuteChat, moderation.UnmuteChat},
		"voice": {moderation.MuteVoice, moderation.UnmuteVoice},
	}
	pair, ok := actions[req.Kind]
	switch {
	case !ok:
		return 0, nil, badRequest(`"kind" must be "chat" or "voice", not %q`, req.Kind)
	case req.Unmute && d != 0:
		return 0, nil, badRequest(`an unmute takes no "duration"`)
	}
	action := pair[0]
	if req.Unmute {
		action = pair[1]
	}
	return a.personAction(ctx, actor, moderation.Request{Action: action, Target: req.Name, Reason: req.Reason, Duration: d})
}

func (a *admin) move(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	var req MoveRequest
	if err := decode(r.Body, &req); err != nil {
		return 0, nil, err
	}
	if _, err := personRequest(req.Name, req.Reason, ""); err != nil {
		return 0, nil, err
	}
	if err := checkRoomID(req.Room); err != nil {
		return 0, nil, badRequest(`"room" is required: %v`, err)
	}
	return a.personAction(ctx, actor, moderation.Request{Action: moderation.Move, Target: req.Name, Room: req.Room, Reason: req.Reason})
}

// personRequest checks the fields every request about a person has, and reads its duration.
func personRequest(name, reason, dur string) (time.Duration, error) {
	if err := checkName("name", name); err != nil {
		return 0, err
	}
	if err := checkReason(reason); err != nil {
		return 0, err
	}
	return duration(dur)
}

// personAction carries out an action on someone online, after permit.
func (a *admin) personAction(ctx context.Context, actor moderation.Actor, req moderation.Request) (int, any, error) {
	if err := a.permit(ctx, actor, req.Action); err != nil {
		return 0, nil, err
	}
	res, err := a.mod.Do(ctx, actor, req)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, ActionJSON{Text: res.Text}, nil
}

// settleWait bounds how long PATCH /api/rooms/{id} waits to see its changes in the room: rooms
// apply settings at their next tick.
const settleWait = time.Second

// patchRoom changes a room's settings: one Service.Do per field given, in a fixed order (locked,
// capacity, slow_seconds, audience_muted). A role that may not make every change is refused
// before any is made; a change that fails stops the rest, and the answer says which were done.
func (a *admin) patchRoom(ctx context.Context, actor moderation.Actor, r *http.Request) (int, any, error) {
	id := r.PathValue("id")
	var p RoomPatch
	if err := decode(r.Body, &p); err != nil {
		return 0, nil, err
	}
	steps, err := p.requests(id)
	if err != nil {
		return 0, nil, err
	}
	if _, ok := a.room(id); !ok {
		return 0, nil, fmt.Errorf("there is no room %q: %w", id, moderation.ErrNoRoom)
	}
	for _, s := range steps {
		if moderation.Allowed(actor.Role, s.Action, identity.Visitor) != nil {
			_, err := a.mod.Do(ctx, actor, s) // refuses first thing, recording the attempt with the room
			return 0, nil, err
		}
	}
	var done []string
	for _, s := range steps {
		res, err := a.mod.Do(ctx, actor, s)
		if err != nil {
			return 0, done, err
		}
		done = append(done, res.Text)
	}
	return http.StatusOK, RoomResultJSON{Room: a.settled(ctx, id, p), Done: done}, nil
}

// requests turns a patch into the Service's requests, checking each field's bounds first.
func (p RoomPatch) requests(room string) ([]moderation.Request, error) {
	if err := checkRoomID(room); err != nil {
		return nil, err
	}
	if err := checkReason(p.Reason); err != nil {
		return nil, err
	}
	if err := checkValue("capacity", p.Capacity); err != nil {
		return nil, err
	}
	if err := checkValue("slow_seconds", p.SlowSeconds); err != nil {
		return nil, err
	}
	base := moderation.Request{Room: room, Reason: p.Reason}
	var out []moderation.Request
	add := func(a moderation.Action, value int) {
		r := base
		r.Action, r.Value = a, value
		out = append(out, r)
	}
	if p.Locked != nil {
		add(pick(*p.Locked, moderation.Lock, moderation.Unlock), 0)
	}
	if p.Capacity != nil {
		add(moderation.Capacity, *p.Capacity)
	}
	if p.SlowSeconds != nil {
		add(moderation.Slow, *p.SlowSeconds)
	}
	if p.AudienceMuted != nil {
		add(pick(*p.AudienceMuted, moderation.MuteAudience, moderation.UnmuteAudience), 0)
	}
	if len(out) == 0 {
		return nil, badRequest("nothing to change: give one or more of %s", fields(&RoomPatch{}))
	}
	return out, nil
}

func pick(on bool, yes, no moderation.Action) moderation.Action {
	if on {
		return yes
	}
	return no
}

// shownBy reports whether a room list entry shows the patch applied. A capacity of 0 (back to
// the map's) cannot be told from the list, so it is taken as shown.
func (p RoomPatch) shownBy(r RoomJSON) bool {
	return (p.Locked == nil || *p.Locked == r.Locked) &&
		(p.Capacity == nil || *p.Capacity == 0 || *p.Capacity == r.Capacity) &&
		(p.SlowSeconds == nil || *p.SlowSeconds == r.SlowSeconds) &&
		(p.AudienceMuted == nil || *p.AudienceMuted == r.AudienceMuted)
}

// room is the room list's entry for id.
func (a *admin) room(id string) (RoomJSON, bool) {
	for _, r := range a.rooms.Infos() {
		if r.GetId() == id {
			return newRoomJSON(r), true
		}
	}
	return RoomJSON{}, false
}

// settled waits, at most settleWait, until the room list shows the patch, and returns the room.
func (a *admin) settled(ctx context.Context, id string, p RoomPatch) RoomJSON {
	deadline := time.Now().Add(settleWait)
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		r, _ := a.room(id)
		if p.shownBy(r) || time.Now().After(deadline) {
			return r
		}
		select {
		case <-ctx.Done():
			return r
		case <-t.C:
		}
	}
}
