package moderation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/modrules"
	"github.com/embassy-project/embassy/shared/names"
)

// Errors Do returns, wrapped with words fit to show the actor (err.Error() is such a sentence).
var (
	ErrNoUser      = errors.New("not online")      // the person named is not online
	ErrNoRoom      = errors.New("no such room")    // the room named does not exist
	ErrInvalid     = errors.New("invalid request") // a request that cannot be carried out as asked
	ErrUnavailable = errors.New("unavailable")     // the store or presence did not answer
)

// maxOpenReports is how many reports one person may have waiting for a moderator: reports are
// read by people, and one visitor must not bury the others'.
const maxOpenReports = 5

// KickCooloff is how long someone kicked may not come back: a kick that lets the person walk
// straight back in (as Mozilla Hubs' does) is no kick.
const KickCooloff = 5 * time.Minute

// Actor is who asks: their identity and the room they are in ("" for the HTTP API).
type Actor struct {
	UserID string
	Name   string
	Role   identity.Role
	Room   string
}

func (a Actor) store() store.Actor {
	return store.Actor{ID: a.UserID, Name: a.Name, Role: a.Role.String()}
}

// Request is one moderation action.
type Request struct {
	Action   Action
	Target   string        // a person's name; Unban also takes "#ID", a ban's id
	Room     string        // room actions, and Move's destination; "" for the actor's room
	Reason   string        // at most protocol.MaxReasonLen characters
	Duration time.Duration // mutes and bans: 0 lasts until lifted, or for good
	Value    int           // Capacity: people (0: the map's); Slow: seconds (0: off)
}

// Result is what was done, in words for the actor.
type Result struct {
	Text string
	Ban  *store.Ban // Ban: the ban stored
}

// Reach is how the service reaches people and rooms, on this node or another one. The node
// implements it with its gateway and the cluster bus.
type Reach interface {
	// Kick closes the session of e with reason (words the person sees).
	Kick(ctx context.Context, e presence.Entry, reason string, banned bool) error
	// Deliver sends an encoded ServerMessage to e.
	Deliver(ctx context.Context, e presence.Entry, frame []byte) error
	// Move sends e to room.
	Move(ctx context.Context, e presence.Entry, room string) error
	// MutesChanged tells the node of e to read e's mutes from the store again.
	MutesChanged(ctx context.Context, e presence.Entry) error
	// RoomChanged tells every node that a room's settings are now s; notice (may be nil) is an
	// encoded ServerMessage for everyone in the room.
	RoomChanged(ctx context.Context, room string, s store.RoomSettings, notice []byte) error
	// FileReport hands r to node, where the target is, which completes it (FileReport).
	FileReport(ctx context.Context, node string, r store.Report) error
	// RecentLines returns the last chat lines of a user connected to this node, oldest first.
	RecentLines(userID string) []string
}

// Rooms knows the embassy's rooms.
type Rooms interface {
	// RoomInfo returns a room's name and its map's capacity; ok is false for an unknown id.
	RoomInfo(id string) (name string, capacity int, ok bool)
}

// Config is what a Service works with.
type Config struct {
	Store    store.Store
	Presence presence.Store
	Reach    Reach
	Rooms    Rooms
	Reserved *identity.ReservedNames // staff names: an offline name that looks like one is treated as staff
	Node     string
	Log      *slog.Logger
	Now      func() time.Time // nil: time.Now
}

// Service carries out moderation for one node.
type Service struct{ cfg Config }

// New returns a Service.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}
}

// Do checks that actor may take the action, carries it out and records it in the audit log; a
// refused attempt is recorded too. Errors wrap ErrForbidden, ErrNoUser, ErrNoRoom, ErrInvalid or
// ErrUnavailable, with words fit to show.
func (s *Service) Do(ctx context.Context, actor Actor, req Request) (Result, error) {
	if _, ok := modrules.Rules[req.Action]; !ok || req.Action == Announce || req.Action == StaffChat || strings.HasPrefix(string(req.Action), "read-") || strings.HasPrefix(string(req.Action), "mint-") {
		return Result{}, Refuse(ErrInvalid, "%q is not a moderation action", req.Action)
	}
	req.Reason = strings.TrimSpace(req.Reason)
	if req.Duration < 0 || req.Value < 0 {
		return Result{}, Refuse(ErrInvalid, "a duration or value cannot be negative")
	}
	var res Result
	var err error
	target := store.Target{Name: strings.TrimSpace(req.Target)}
	room := req.Room
	switch req.Action {
	case Lock, Unlock, Capacity, Slow, MuteAudience, UnmuteAudience:
		if room == "" {
			room = actor.Room
		}
		if err = s.allowed(ctx, actor, req, identity.Visitor, target, room); err == nil {
			res, err = s.roomAction(ctx, actor, req, room)
		}
	case Unban:
		if err = s.allowed(ctx, actor, req, identity.Visitor, target, ""); err == nil {
			res, err = s.unban(ctx, actor, target.Name)
		}
	case CloseReport:
		if err = s.allowed(ctx, actor, req, identity.Visitor, target, ""); err == nil {
			res, err = s.closeReport(ctx, actor, target.Name, req.Reason)
		}
	case Ban:
		res, err = s.ban(ctx, actor, req, &target)
	default:
		var e presence.Entry
		e, err = s.online(ctx, target.Name)
		if err != nil {
			break
		}
		target.ID, room = e.UserID, e.Room
		if req.Action == Move {
			room = req.Room
		}
		if err = s.allowed(ctx, actor, req, roleOf(e), target, room); err == nil {
			res, err = s.personAction(ctx, actor, req, e)
		}
	}
	if errors.Is(err, ErrForbidden) {
		return Result{}, err // allowed has recorded the refusal
	}
	if err != nil {
		return Result{}, err
	}
	if req.Action != Report { // a report is kept as a report, not in the staff's log
		s.audit(ctx, actor, req.Action, target, room, req.Reason, store.OutcomeDone)
	}
	return res, nil
}

// allowed checks the permission matrix, recording a refusal in the audit log.
func (s *Service) allowed(ctx context.Context, actor Actor, req Request, target identity.Role, t store.Target, room string) error {
	if err := Allowed(actor.Role, req.Action, target); err != nil {
		s.audit(ctx, actor, req.Action, t, room, "refused: "+err.Error(), store.OutcomeRefused)
		return err
	}
	return nil
}

// Check is Allowed for actions carried out elsewhere (announcements, staff chat, reading the
// log), recording a refusal in the audit log.
func (s *Service) Check(ctx context.Context, actor Actor, a Action) error {
	return s.allowed(ctx, actor, Request{Action: a}, identity.Visitor, store.Target{}, "")
}

func (s *Service) audit(ctx context.Context, actor Actor, a Action, t store.Target, room, reason string, out store.Outcome) {
	if _, err := s.cfg.Store.AppendAudit(ctx, store.AuditEntry{
		Time: s.cfg.Now(), Actor: actor.store(), Action: string(a), Target: t, Room: room, Reason: reason,
		Node: s.cfg.Node, Outcome: out,
	}); err != nil {
		s.cfg.Log.Error("append to the audit log", "action", a, "err", err)
	}
}

// online finds a person by name among those online.
func (s *Service) online(ctx context.Context, name string) (presence.Entry, error) {
	if name == "" {
		return presence.Entry{}, Refuse(ErrInvalid, "name someone")
	}
	e, err := s.cfg.Presence.ByName(ctx, name)
	if errors.Is(err, presence.ErrNotFound) {
		return presence.Entry{}, Refuse(ErrNoUser, "nobody called %q is online", name)
	}
	if err != nil {
		return presence.Entry{}, &Refusal{Kind: ErrUnavailable, Words: "the embassy cannot find people right now; please try again", Detail: err}
	}
	return e, nil
}

func roleOf(e presence.Entry) identity.Role {
	r, err := identity.ParseRole(e.Role)
	if err != nil {
		return identity.Admin // unknown: act on nobody by mistake
	}
	return r
}

func unavailable(what string, err error) error {
	return &Refusal{Kind: ErrUnavailable, Words: "the embassy could not " + what + " just now; nothing was changed, please try again", Detail: err}
}

// personAction carries out an action on someone online (all but Ban, Unban and room actions).
func (s *Service) personAction(ctx context.Context, actor Actor, req Request, e presence.Entry) (Result, error) {
	now := s.cfg.Now()
	switch req.Action {
	case Kick:
		until := now.Add(KickCooloff)
		if _, err := s.cfg.Store.AddBan(ctx, store.Ban{
			UserID: e.UserID, Name: names.CompareKey(e.Name), DeviceKey: e.DeviceKey, Reason: kickedReason(req.Reason),
			By: actor.store(), CreatedAt: now, ExpiresAt: until,
		}); err != nil {
			return Result{}, unavailable("keep "+e.Name+" out after the kick", err)
		}
		words := "A moderator removed you from the embassy" + because(req.Reason) + ". You may come back after " + clock(until) + "."
		if err := s.cfg.Reach.Kick(ctx, e, words, false); err != nil {
			return Result{}, unavailable("reach "+e.Name, err)
		}
		return Result{Text: fmt.Sprintf("%s was removed; they may come back after %s.", e.Name, clock(until))}, nil
	case MuteChat, MuteVoice:
		kind, what := store.MuteChat, "chat"
		if req.Action == MuteVoice {
			kind, what = store.MuteVoice, "voice"
		}
		m := store.Mute{UserID: e.UserID, Kind: kind, Reason: req.Reason, By: actor.store(), CreatedAt: now}
		if req.Duration > 0 {
			m.ExpiresAt = now.Add(req.Duration)
		}
		if err := s.cfg.Store.Mute(ctx, m); err != nil {
			return Result{}, unavailable("mute "+e.Name, err)
		}
		s.mutesChanged(ctx, e, fmt.Sprintf("A moderator muted your %s %s%s.", what, lasting(req.Duration), because(req.Reason)))
		return Result{Text: fmt.Sprintf("%s's %s is muted %s.", e.Name, what, lasting(req.Duration))}, nil
	case UnmuteChat, UnmuteVoice:
		kind, what := store.MuteChat, "chat"
		if req.Action == UnmuteVoice {
			kind, what = store.MuteVoice, "voice"
		}
		had, err := s.cfg.Store.Unmute(ctx, e.UserID, kind)
		if err != nil {
			return Result{}, unavailable("unmute "+e.Name, err)
		}
		if !had {
			return Result{}, Refuse(ErrInvalid, "%s's %s was not muted", e.Name, what)
		}
		s.mutesChanged(ctx, e, fmt.Sprintf("A moderator lifted the mute on your %s.", what))
		return Result{Text: fmt.Sprintf("%s's %s is no longer muted.", e.Name, what)}, nil
	case Move:
		name, _, ok := s.cfg.Rooms.RoomInfo(req.Room)
		if !ok {
			return Result{}, Refuse(ErrNoRoom, "there is no room %q", req.Room)
		}
		if e.Room == req.Room {
			return Result{}, Refuse(ErrInvalid, "%s is already in %s", e.Name, name)
		}
		s.tell(ctx, e, "A moderator moved you to "+name+because(req.Reason)+".")
		if err := s.cfg.Reach.Move(ctx, e, req.Room); err != nil {
			return Result{}, unavailable("move "+e.Name, err)
		}
		return Result{Text: fmt.Sprintf("%s is on their way to %s.", e.Name, name)}, nil
	case Report:
		return s.report(ctx, actor, req, e)
	}
	return Result{}, Refuse(ErrInvalid, "%q is not a person action", req.Action)
}

// mutesChanged makes e's node apply their mutes now and tells them why.
func (s *Service) mutesChanged(ctx context.Context, e presence.Entry, words string) {
	if err := s.cfg.Reach.MutesChanged(ctx, e); err != nil {
		// Stored: it applies from their next connection at the latest.
		s.cfg.Log.Warn("tell a node about a mute", "user_id", e.UserID, "node", e.Node, "err", err)
	}
	s.tell(ctx, e, words)
}

// ban keeps someone out: online, by their user id, name and device; offline, by name.
func (s *Service) ban(ctx context.Context, actor Actor, req Request, t *store.Target) (Result, error) {
	e, err := s.online(ctx, t.Name)
	online := err == nil
	switch {
	case errors.Is(err, ErrNoUser):
		n, nerr := names.Normalize(t.Name)
		if nerr != nil {
			return Result{}, Refuse(ErrInvalid, "%v", nerr)
		}
		t.Name = n
	case err != nil:
		return Result{}, err
	default:
		t.ID, t.Name = e.UserID, e.Name
	}
	role := identity.Visitor
	if online {
		role = roleOf(e)
	} else if holder, staff := s.reserved(t.Name); staff {
		role = identity.Moderator // an absent member of staff (or their look-alike): only an admin may
		t.Name = holder
	}
	if err := s.allowed(ctx, actor, req, role, *t, e.Room); err != nil {
		return Result{}, err
	}
	now := s.cfg.Now()
	b := store.Ban{Name: names.CompareKey(t.Name), Reason: req.Reason, By: actor.store(), CreatedAt: now}
	if online {
		b.UserID, b.DeviceKey = e.UserID, e.DeviceKey
	}
	if req.Duration > 0 {
		b.ExpiresAt = now.Add(req.Duration)
	}
	b, err = s.cfg.Store.AddBan(ctx, b)
	if err != nil {
		return Result{}, unavailable("store the ban", err)
	}
	words := "You are banned from this embassy"
	if !b.ExpiresAt.IsZero() {
		words += " until " + clock(b.ExpiresAt)
	}
	words += because(req.Reason) + "."
	if online {
		if err := s.cfg.Reach.Kick(ctx, e, words, true); err != nil {
			s.cfg.Log.Warn("reach someone just banned", "user_id", e.UserID, "err", err) // the ban holds at their next entry
		}
	}
	how := "for good"
	if !b.ExpiresAt.IsZero() {
		how = "until " + clock(b.ExpiresAt)
	}
	return Result{Text: fmt.Sprintf("%s is banned %s (ban #%d).", t.Name, how, b.ID), Ban: &b}, nil
}

// reserved reports whether name is (or looks like) a member of staff's, and whose.
func (s *Service) reserved(name string) (string, bool) {
	if s.cfg.Reserved == nil {
		return "", false
	}
	return s.cfg.Reserved.Holder(name)
}

// unban lifts ban #ID, or every ban in force on a name.
func (s *Service) unban(ctx context.Context, actor Actor, target string) (Result, error) {
	now := s.cfg.Now()
	if idText, ok := strings.CutPrefix(target, "#"); ok {
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			return Result{}, Refuse(ErrInvalid, "%q is not a ban number", target)
		}
		b, err := s.cfg.Store.LiftBan(ctx, id, actor.store(), now)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return Result{}, Refuse(ErrInvalid, "there is no ban #%d", id)
		case errors.Is(err, store.ErrAlreadyLifted):
			return Result{}, Refuse(ErrInvalid, "ban #%d was already lifted", id)
		case err != nil:
			return Result{}, unavailable("lift the ban", err)
		}
		return Result{Text: fmt.Sprintf("Ban #%d is lifted.", b.ID)}, nil
	}
	if target == "" {
		return Result{}, Refuse(ErrInvalid, "name someone, or a ban as #number")
	}
	key := names.CompareKey(target)
	bans, err := s.cfg.Store.ActiveBans(ctx, now)
	if err != nil {
		return Result{}, unavailable("list bans", err)
	}
	lifted := 0
	for _, b := range bans {
		if b.Name != key {
			continue
		}
		if _, err := s.cfg.Store.LiftBan(ctx, b.ID, actor.store(), now); err != nil && !errors.Is(err, store.ErrAlreadyLifted) {
			return Result{}, unavailable("lift the ban", err)
		}
		lifted++
	}
	if lifted == 0 {
		return Result{}, Refuse(ErrInvalid, "no ban in force on %q", target)
	}
	return Result{Text: fmt.Sprintf("%s may come in again (%d ban(s) lifted).", target, lifted)}, nil
}

// closeReport marks report "#ID" handled, with the moderator's note.
func (s *Service) closeReport(ctx context.Context, actor Actor, target, note string) (Result, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(target, "#"), 10, 64)
	if err != nil {
		return Result{}, Refuse(ErrInvalid, "%q is not a report number", target)
	}
	r, err := s.cfg.Store.HandleReport(ctx, id, actor.store(), s.cfg.Now(), note)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return Result{}, Refuse(ErrInvalid, "there is no report #%d", id)
	case errors.Is(err, store.ErrAlreadyHandled):
		return Result{}, Refuse(ErrInvalid, "report #%d was already handled by %s", id, r.HandledBy.Name)
	case err != nil:
		return Result{}, unavailable("close the report", err)
	}
	return Result{Text: fmt.Sprintf("Report #%d on %s is closed.", r.ID, r.Target.Name)}, nil
}

// roomAction changes a room's settings, on every node, and tells the people in it.
func (s *Service) roomAction(ctx context.Context, actor Actor, req Request, room string) (Result, error) {
	if room == "" {
		return Result{}, Refuse(ErrInvalid, "name a room")
	}
	name, mapCap, ok := s.cfg.Rooms.RoomInfo(room)
	if !ok {
		return Result{}, Refuse(ErrNoRoom, "there is no room %q", room)
	}
	on, off := true, false
	var p store.RoomPatch
	var done, notice string
	switch req.Action {
	case Lock:
		p.Locked, done, notice = &on, name+" is locked: only staff may enter.", "A moderator closed "+name+" to new visitors"+because(req.Reason)+"."
	case Unlock:
		p.Locked, done, notice = &off, name+" is open again.", name+" is open to everyone again."
	case Capacity:
		if req.Value > mapCap {
			return Result{}, Refuse(ErrInvalid, "%s holds at most %d people", name, mapCap)
		}
		v := req.Value
		p.Capacity = &v
		if v == 0 {
			done = fmt.Sprintf("%s admits up to %d people again.", name, mapCap)
		} else {
			done = fmt.Sprintf("%s now admits up to %d people.", name, v)
		}
	case Slow:
		v := req.Value
		p.SlowModeSeconds = &v
		if v == 0 {
			done, notice = "Slow mode is off in "+name+".", "Slow mode is off."
		} else {
			done = fmt.Sprintf("Slow mode in %s: one line every %d s per visitor.", name, v)
			notice = fmt.Sprintf("Slow mode: visitors may send one line every %d seconds.", v)
		}
	case MuteAudience:
		p.AudienceMuted, done, notice = &on, "Only the stage is heard in "+name+".", "Only the stage is heard now: everyone else's microphone is muted."
	case UnmuteAudience:
		p.AudienceMuted, done, notice = &off, "Everyone in "+name+" may speak again.", "Everyone may speak again."
	}
	set, err := s.cfg.Store.UpdateRoomSettings(ctx, room, p)
	if err != nil {
		return Result{}, unavailable("change "+name, err)
	}
	var frame []byte
	if notice != "" {
		frame = infoFrame(notice)
	}
	if err := s.cfg.Reach.RoomChanged(ctx, room, set, frame); err != nil {
		s.cfg.Log.Warn("tell nodes about room settings", "room", room, "err", err)
		return Result{Text: done + " (Some servers have not heard yet; they will at their next start.)"}, nil
	}
	return Result{Text: done}, nil
}

// report files a visitor's report about e, on e's node, where their last lines are.
func (s *Service) report(ctx context.Context, actor Actor, req Request, e presence.Entry) (Result, error) {
	if e.UserID == actor.UserID {
		return Result{}, Refuse(ErrInvalid, "you cannot report yourself")
	}
	open, err := s.cfg.Store.OpenReports(ctx)
	if err != nil {
		return Result{}, unavailable("send your report", err)
	}
	waiting := 0
	for _, r := range open {
		if r.Reporter.ID == actor.UserID {
			waiting++
		}
	}
	if waiting >= maxOpenReports {
		return Result{}, Refuse(ErrInvalid, "you have %d reports waiting for a moderator; thank you, they will be read", waiting)
	}
	r := store.Report{
		Reporter: actor.store(), Target: store.Target{ID: e.UserID, Name: e.Name}, Room: e.Room,
		Reason: req.Reason, CreatedAt: s.cfg.Now(),
	}
	if e.Node == s.cfg.Node || e.Node == "" {
		if _, err := s.FileReport(ctx, r); err != nil {
			return Result{}, err
		}
	} else if err := s.cfg.Reach.FileReport(ctx, e.Node, r); err != nil {
		return Result{}, unavailable("send your report", err)
	}
	return Result{Text: "Thank you: your report on " + e.Name + " went to the moderators."}, nil
}

// FileReport completes a report on the target's node: their last chat lines, the store, and every
// moderator online, wherever they are. It returns how many moderators it reached.
func (s *Service) FileReport(ctx context.Context, r store.Report) (int, error) {
	r.Lines = s.cfg.Reach.RecentLines(r.Target.ID)
	r, err := s.cfg.Store.AddReport(ctx, r)
	if err != nil {
		return 0, unavailable("keep your report", err)
	}
	frame := reportFrame(r)
	return s.toStaff(ctx, identity.Moderator, frame), nil
}

// toStaff delivers frame to everyone online whose role is at least min; it returns how many.
func (s *Service) toStaff(ctx context.Context, min identity.Role, frame []byte) int {
	list, err := s.cfg.Presence.List(ctx)
	if err != nil {
		s.cfg.Log.Warn("list staff online", "err", err)
		return 0
	}
	n := 0
	for _, e := range list {
		if r := roleOf(e); r >= min && r.Valid() && e.Role != "" {
			if err := s.cfg.Reach.Deliver(ctx, e, frame); err == nil {
				n++
			}
		}
	}
	return n
}

// tell sends e a notice in words; failures are only logged (the action itself is done).
func (s *Service) tell(ctx context.Context, e presence.Entry, words string) {
	if err := s.cfg.Reach.Deliver(ctx, e, infoFrame(words)); err != nil {
		s.cfg.Log.Debug("tell someone about a moderation action", "user_id", e.UserID, "err", err)
	}
}
