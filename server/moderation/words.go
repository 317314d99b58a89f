package moderation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/modrules"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// because is ": reason", or nothing.
func because(reason string) string {
	if reason == "" {
		return ""
	}
	return ": " + reason
}

func kickedReason(reason string) string {
	if reason == "" {
		return "kicked"
	}
	return "kicked: " + reason
}

// clock is a time as the people told about it read it.
func clock(t time.Time) string { return t.UTC().Format("15:04 UTC, 2 Jan") }

// lasting says how long a mute lasts.
func lasting(d time.Duration) string {
	if d <= 0 {
		return "until a moderator lifts it"
	}
	return "for " + Duration(d)
}

// Duration writes d as people say it: "90 s", "10 min", "2 h", "3 days".
func Duration(d time.Duration) string {
	switch {
	case d < 2*time.Minute:
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	case d < 2*time.Hour:
		return fmt.Sprintf("%d min", int(d.Round(time.Minute)/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Round(time.Hour)/time.Hour))
	}
	return fmt.Sprintf("%d days", int(d.Round(24*time.Hour)/(24*time.Hour)))
}

// ParseDuration reads a duration as staff type it (shared/modrules: "30s", "10m", "2h", "3d",
// "1w"; "", "0" or "forever" is zero), refusing anything else with ErrInvalid in words.
func ParseDuration(s string) (time.Duration, error) {
	d, err := modrules.ParseDuration(s)
	if err != nil {
		return 0, &Refusal{Kind: ErrInvalid, Words: err.Error(), Detail: err}
	}
	return d, nil
}

// infoFrame encodes a notice in words for one person or a room.
func infoFrame(words string) []byte {
	b, _ := protocol.Encode(&pb.ServerMessage{Msg: &pb.ServerMessage_ModNotice{ModNotice: &pb.ModNotice{Kind: pb.ModNotice_INFO, Text: words}}})
	return b
}

// ReportInfo is a report as the protocol carries it to moderators.
func ReportInfo(r store.Report) *pb.ReportInfo {
	return &pb.ReportInfo{
		Id: r.ID, Reporter: r.Reporter.Name, Target: r.Target.Name, TargetId: r.Target.ID, Room: r.Room,
		Reason: r.Reason, Lines: r.Lines, TimeMs: r.CreatedAt.UnixMilli(),
	}
}

func reportFrame(r store.Report) []byte {
	b, _ := protocol.Encode(&pb.ServerMessage{Msg: &pb.ServerMessage_ModNotice{ModNotice: &pb.ModNotice{
		Kind: pb.ModNotice_REPORT, Text: fmt.Sprintf("%s reported %s%s", r.Reporter.Name, r.Target.Name, because(r.Reason)),
		Report: ReportInfo(r),
	}}})
	return b
}

// AuditLine is an audit entry as the protocol carries it.
func AuditLine(e store.AuditEntry) *pb.AuditLine {
	return &pb.AuditLine{
		Id: e.ID, TimeMs: e.Time.UnixMilli(), Actor: e.Actor.Name, Role: e.Actor.Role, Action: e.Action,
		Target: e.Target.Name, Room: e.Room, Reason: e.Reason, Node: e.Node, Outcome: string(e.Outcome),
	}
}

// BanLine is a ban as the protocol carries it.
func BanLine(b store.Ban) *pb.BanLine {
	l := &pb.BanLine{
		Id: b.ID, Name: b.Name, UserId: b.UserID, Device: b.DeviceKey != "", Reason: b.Reason, By: b.By.Name,
		CreatedMs: b.CreatedAt.UnixMilli(),
	}
	if !b.ExpiresAt.IsZero() {
		l.ExpiresMs = b.ExpiresAt.UnixMilli()
	}
	return l
}

// Audit returns a page of the audit log, for moderators and admins.
func (s *Service) Audit(ctx context.Context, actor Actor, q store.AuditQuery) (store.AuditPage, error) {
	if err := s.Check(ctx, actor, ReadAudit); err != nil {
		return store.AuditPage{}, err
	}
	p, err := s.cfg.Store.Audit(ctx, q)
	if errors.Is(err, store.ErrInvalid) {
		return store.AuditPage{}, &Refusal{Kind: ErrInvalid, Words: "that audit query is not valid (a cursor from another page, or a limit out of range)", Detail: err}
	}
	if err != nil {
		return store.AuditPage{}, unavailable("read the audit log", err)
	}
	return p, nil
}

// Bans lists the bans in force, for moderators and admins.
func (s *Service) Bans(ctx context.Context, actor Actor) ([]store.Ban, error) {
	if err := s.Check(ctx, actor, ReadBans); err != nil {
		return nil, err
	}
	b, err := s.cfg.Store.ActiveBans(ctx, s.cfg.Now())
	if err != nil {
		return nil, unavailable("list bans", err)
	}
	return b, nil
}

// Reports lists the reports nobody has handled, for moderators and admins.
func (s *Service) Reports(ctx context.Context, actor Actor) ([]store.Report, error) {
	if err := s.Check(ctx, actor, ReadReports); err != nil {
		return nil, err
	}
	r, err := s.cfg.Store.OpenReports(ctx)
	if err != nil {
		return nil, unavailable("list reports", err)
	}
	return r, nil
}

// StaffChat sends a line on the staff channel to every member of staff online, wherever they are;
// it returns how many it reached (the sender among them).
func (s *Service) StaffChat(ctx context.Context, actor Actor, text string) (int, error) {
	if err := s.Check(ctx, actor, StaffChat); err != nil {
		return 0, err
	}
	frame, err := protocol.Encode(&pb.ServerMessage{Msg: &pb.ServerMessage_Chat{Chat: &pb.ChatEvent{
		Kind: pb.ChatKind_CHAT_STAFF, FromId: actor.UserID, FromName: actor.Name, FromRole: actor.Role.Proto(), Text: text,
	}}})
	if err != nil {
		return 0, err
	}
	return s.toStaff(ctx, identity.Diplomat, frame), nil
}

// Done records in the audit log an action carried out elsewhere (a token minted by the API).
func (s *Service) Done(ctx context.Context, actor Actor, a Action, target, reason string) {
	s.audit(ctx, actor, a, store.Target{Name: target}, "", reason, store.OutcomeDone)
}

// Announced records an announcement (carried out by the gateway) in the audit log.
func (s *Service) Announced(ctx context.Context, actor Actor, room, text string) {
	s.audit(ctx, actor, Announce, store.Target{}, room, text, store.OutcomeDone)
}

// Mutes returns the mutes in force on a user (the gateway applies them at sign-in and when told).
func (s *Service) Mutes(ctx context.Context, userID string) ([]store.Mute, error) {
	return s.cfg.Store.MutesFor(ctx, userID, s.cfg.Now())
}

// Settings returns every room's stored settings (a node applies them at start).
func (s *Service) Settings(ctx context.Context) (map[string]store.RoomSettings, error) {
	return s.cfg.Store.AllRoomSettings(ctx)
}
