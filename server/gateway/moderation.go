package gateway

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/moderation"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/modrules"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Moderation is what the gateway asks of the moderation service (*moderation.Service).
type Moderation interface {
	Do(ctx context.Context, actor moderation.Actor, req moderation.Request) (moderation.Result, error)
	Audit(ctx context.Context, actor moderation.Actor, q store.AuditQuery) (store.AuditPage, error)
	Bans(ctx context.Context, actor moderation.Actor) ([]store.Ban, error)
	Reports(ctx context.Context, actor moderation.Actor) ([]store.Report, error)
	StaffChat(ctx context.Context, actor moderation.Actor, text string) (int, error)
	Mutes(ctx context.Context, userID string) ([]store.Mute, error)
	Announced(ctx context.Context, actor moderation.Actor, room, text string)
}

// SetModeration gives the gateway the moderation service; without one, moderation requests are
// refused. Call before serving.
func (g *Gateway) SetModeration(m Moderation) { g.mod = m }

// modAction is the service's action for a protocol one ("" for none: the service refuses it).
func modAction(a pb.ModAction) moderation.Action {
	act, _ := modrules.FromProto(a)
	return act
}

// actor is the session's person as the moderation service sees them.
func (s *Session) actor() moderation.Actor {
	a := moderation.Actor{UserID: s.id, Name: s.profile.Name, Role: identity.RoleFromProto(s.profile.Role)}
	if r := s.room.Load(); r != nil {
		a.Room = r.ID()
	}
	return a
}

const (
	sayNoModeration = "Moderation is not available on this server."
	sayModTooFast   = "Slow down: at most 20 moderation requests in a burst, then 5 a second."
)

// modRequest admits a moderation request (the service exists, the rate allows it) and gives it a
// deadline; false means it was refused, with ref.
func (s *Session) modRequest(ref uint32, now time.Time) (context.Context, context.CancelFunc, bool) {
	if s.g.mod == nil {
		s.refuse(refusedNotAllowed, ref, sayNoModeration, nil)
		return nil, nil, false
	}
	if !s.mods.take(now) {
		s.refuse(refusedRate, ref, sayModTooFast, nil)
		return nil, nil, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	return ctx, cancel, true
}

// moderate carries out a Moderate request and answers ModResult or Refused with its ref.
func (s *Session) moderate(m *pb.Moderate, now time.Time) {
	ref := m.GetRef()
	ctx, cancel, ok := s.modRequest(ref, now)
	if !ok {
		return
	}
	defer cancel()
	res, err := s.g.mod.Do(ctx, s.actor(), moderation.Request{
		Action: modAction(m.GetAction()), Target: m.GetTarget(), Room: m.GetRoom(), Reason: m.GetReason(),
		Duration: time.Duration(m.GetDurationS()) * time.Second, Value: int(m.GetValue()),
	})
	if err != nil {
		s.modRefused(ref, err)
		return
	}
	s.sendMsg(&pb.ServerMessage{Msg: &pb.ServerMessage_ModResult{ModResult: &pb.ModResult{Ref: ref, Text: res.Text}}})
}

// modRefused turns a moderation error into a refusal in the service's words.
func (s *Session) modRefused(ref uint32, err error) {
	kind := refusedInvalid
	switch {
	case errors.Is(err, moderation.ErrForbidden):
		kind = refusedNotAllowed
	case errors.Is(err, moderation.ErrNoUser):
		kind = refusedNoUser
	case errors.Is(err, moderation.ErrNoRoom):
		kind = refusedNoRoom
	case errors.Is(err, moderation.ErrUnavailable):
		kind = refusedUnavailable
	}
	s.refuse(kind, ref, err.Error(), err)
}

// staffQuery answers the moderator panel.
func (s *Session) staffQuery(q *pb.StaffQuery, now time.Time) {
	ref := q.GetRef()
	ctx, cancel, ok := s.modRequest(ref, now)
	if !ok {
		return
	}
	defer cancel()
	out := &pb.StaffData{Ref: ref}
	var err error
	switch q.GetWhat() {
	case pb.StaffQuery_AUDIT:
		var page store.AuditPage
		page, err = s.g.mod.Audit(ctx, s.actor(), store.AuditQuery{Target: q.GetTarget(), Limit: int(q.GetLimit())})
		for _, e := range page.Entries {
			out.Audit = append(out.Audit, moderation.AuditLine(e))
		}
	case pb.StaffQuery_BANS:
		var bans []store.Ban
		bans, err = s.g.mod.Bans(ctx, s.actor())
		for _, b := range bans {
			out.Bans = append(out.Bans, moderation.BanLine(b))
		}
	case pb.StaffQuery_REPORTS:
		var reports []store.Report
		reports, err = s.g.mod.Reports(ctx, s.actor())
		for _, r := range reports {
			out.Reports = append(out.Reports, moderation.ReportInfo(r))
		}
	}
	if err != nil {
		s.modRefused(ref, err)
		return
	}
	s.sendMsg(&pb.ServerMessage{Msg: &pb.ServerMessage_StaffData{StaffData: out}})
}

// staffChat sends a line on the staff channel.
func (s *Session) staffChat(text string, ref uint32) {
	if s.g.mod == nil {
		s.refuse(refusedNotAllowed, ref, sayNoModeration, nil)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := s.g.mod.StaffChat(ctx, s.actor(), text); err != nil {
		s.modRefused(ref, err)
	}
}

// recentLines keeps a person's last chat lines, for reports. Safe for concurrent use.
type recentLines struct {
	mu    sync.Mutex
	lines []string // oldest first, at most keepLines
}

// keepLines is how many of a person's last chat lines a report carries.
const keepLines = 10

func (l *recentLines) add(at time.Time, kind pb.ChatKind, text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.lines) == keepLines {
		copy(l.lines, l.lines[1:])
		l.lines = l.lines[:keepLines-1]
	}
	l.lines = append(l.lines, fmt.Sprintf("%s [%s] %s", at.UTC().Format("15:04:05"), chatKindWord(kind), text))
}

func (l *recentLines) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

func chatKindWord(k pb.ChatKind) string {
	switch k {
	case pb.ChatKind_CHAT_WHISPER:
		return "whisper"
	case pb.ChatKind_CHAT_SHOUT:
		return "shout"
	case pb.ChatKind_CHAT_DIRECT:
		return "direct"
	case pb.ChatKind_CHAT_ANNOUNCE:
		return "announce"
	}
	return "say"
}

// RecentLines returns the last chat lines of a user connected here, oldest first.
func (g *Gateway) RecentLines(userID string) []string {
	if s, ok := g.Local(userID); ok {
		return s.lines.list()
	}
	return nil
}

// mutes are a session's mutes in force, as last read from the store.
type mutes struct {
	chat, voice store.Mute // zero UserID: none
}

// chatMuted says why the person may not chat at now, or "".
func (m *mutes) chatMuted(now time.Time) string {
	if m == nil || m.chat.UserID == "" || !m.chat.ActiveAt(now) {
		return ""
	}
	if m.chat.ExpiresAt.IsZero() {
		return "A moderator has muted your chat until further notice."
	}
	return "A moderator has muted your chat until " + m.chat.ExpiresAt.UTC().Format("15:04:05 UTC") + "."
}

// LoadMutes reads the person's mutes from the store and applies them: chat at the gateway, voice
// at the SFU (lifted again when a timed mute ends). Called at sign-in and whenever a moderator
// changes them.
func (s *Session) LoadMutes(ctx context.Context) error {
	if s.g.mod == nil {
		return nil
	}
	list, err := s.g.mod.Mutes(ctx, s.id)
	if err != nil {
		return fmt.Errorf("read mutes of %s: %w", s.id, err)
	}
	m := &mutes{}
	for _, x := range list {
		switch x.Kind {
		case store.MuteChat:
			m.chat = x
		case store.MuteVoice:
			m.voice = x
		}
	}
	s.mutes.Store(m)
	s.applyVoiceMute(m.voice)
	return nil
}

// applyVoiceMute mutes or unmutes the person at the SFU, and lifts a timed mute when it ends.
func (s *Session) applyVoiceMute(m store.Mute) {
	v := s.g.voice
	if v == nil {
		return
	}
	s.muteMu.Lock()
	defer s.muteMu.Unlock()
	if s.muteTimer != nil {
		s.muteTimer.Stop()
		s.muteTimer = nil
	}
	on := m.UserID != "" && m.ActiveAt(time.Now())
	v.Mute(s.id, on)
	if on && !m.ExpiresAt.IsZero() {
		s.muteTimer = time.AfterFunc(time.Until(m.ExpiresAt), func() { v.Mute(s.id, false) })
	}
}

// endVoiceMute stops a pending unmute timer when the session ends; the SFU keeps the mute (by user
// id), which the next session's LoadMutes sets again from the store.
func (s *Session) endVoiceMute() {
	s.muteMu.Lock()
	defer s.muteMu.Unlock()
	if s.muteTimer != nil {
		s.muteTimer.Stop()
	}
}

// MoveTo sends the person to another room, wherever it runs (a moderator's move).
func (s *Session) MoveTo(roomID string) {
	if !s.g.track() {
		return
	}
	go func() {
		defer s.g.wg.Done()
		s.goTo(roomID, "", "moved")
	}()
}
