package httpapi

import (
	"time"

	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// The admin API's request bodies. Each is decoded strictly: a field not listed is refused.

// BanRequest is POST /api/bans: ban a person by name (online: also by their user id and device).
type BanRequest struct {
	Name     string `json:"name"`
	Reason   string `json:"reason"`
	Duration string `json:"duration"` // "1h", "3d", "1w"; "" for good
}

// KickRequest is POST /api/kick: remove someone online (they may come back after five minutes).
type KickRequest struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// MuteRequest is POST /api/mute: mute (or, with Unmute, unmute) someone's chat or voice.
type MuteRequest struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`     // "chat" or "voice"
	Duration string `json:"duration"` // "" until lifted
	Reason   string `json:"reason"`
	Unmute   bool   `json:"unmute"`
}

// MoveRequest is POST /api/move: send someone online to another room.
type MoveRequest struct {
	Name   string `json:"name"`
	Room   string `json:"room"`
	Reason string `json:"reason"`
}

// RoomPatch is PATCH /api/rooms/{id}: the settings to change; a field left out stays as it is.
type RoomPatch struct {
	Locked        *bool  `json:"locked,omitempty"`
	Capacity      *int   `json:"capacity,omitempty"`     // 0: the map's
	SlowSeconds   *int   `json:"slow_seconds,omitempty"` // 0: off
	AudienceMuted *bool  `json:"audience_muted,omitempty"`
	Reason        string `json:"reason,omitempty"` // told to the room with a lock
}

// The admin API's answers.

// ErrorJSON is every refusal: words fit to show, and for a room patch that stopped midway, what
// was done before it stopped.
type ErrorJSON struct {
	Error string   `json:"error"`
	Done  []string `json:"done,omitempty"`
}

// ActionJSON answers kick, mute, move and unban: what was done, in words.
type ActionJSON struct {
	Text string `json:"text"`
}

// BanResultJSON answers POST /api/bans (201): what was done and the ban stored.
type BanResultJSON struct {
	Text string  `json:"text"`
	Ban  BanJSON `json:"ban"`
}

// RoomResultJSON answers PATCH /api/rooms/{id}: the room as it is now, and what was done.
type RoomResultJSON struct {
	Room RoomJSON `json:"room"`
	Done []string `json:"done"`
}

// BansJSON is GET /api/bans: the bans in force, oldest first.
type BansJSON struct {
	Bans []BanJSON `json:"bans"`
}

// BanJSON is one ban. A ban that also holds against a guest's device says so (device), without
// the key.
type BanJSON struct {
	ID      int64      `json:"id"`
	Name    string     `json:"name,omitempty"`
	UserID  string     `json:"user_id,omitempty"`
	Device  bool       `json:"device,omitempty"`
	Reason  string     `json:"reason"`
	By      string     `json:"by"`
	ByRole  string     `json:"by_role,omitempty"`
	Created time.Time  `json:"created"`
	Expires *time.Time `json:"expires,omitempty"` // absent: for good
}

// AuditJSON is GET /api/audit: a page of the audit log, newest first; Next, when not empty, is the
// cursor of the next (older) page.
type AuditJSON struct {
	Entries []AuditEntryJSON `json:"entries"`
	Next    string           `json:"next,omitempty"`
}

// AuditEntryJSON is one audit entry (embassyctl audit -json prints the same).
type AuditEntryJSON struct {
	ID       string    `json:"id"`
	Time     time.Time `json:"time"`
	ActorID  string    `json:"actor_id,omitempty"`
	Actor    string    `json:"actor"`
	Role     string    `json:"role,omitempty"`
	Action   string    `json:"action"`
	TargetID string    `json:"target_id,omitempty"`
	Target   string    `json:"target,omitempty"`
	Room     string    `json:"room,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	Node     string    `json:"node,omitempty"`
	Outcome  string    `json:"outcome"`
}

// ReportsJSON is GET /api/reports: the reports nobody has handled, oldest first.
type ReportsJSON struct {
	Reports []ReportJSON `json:"reports"`
}

// ReportJSON is one visitor's report, with the last lines the person reported said.
type ReportJSON struct {
	ID         int64     `json:"id"`
	Reporter   string    `json:"reporter"`
	ReporterID string    `json:"reporter_id,omitempty"`
	Target     string    `json:"target"`
	TargetID   string    `json:"target_id,omitempty"`
	Room       string    `json:"room,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	Lines      []string  `json:"lines"`
	Created    time.Time `json:"created"`
}

// NewBanJSON is b as the API shows it.
func NewBanJSON(b store.Ban) BanJSON {
	j := BanJSON{ID: b.ID, Name: b.Name, UserID: b.UserID, Device: b.DeviceKey != "", Reason: b.Reason,
		By: b.By.Name, ByRole: b.By.Role, Created: b.CreatedAt.UTC()}
	if !b.ExpiresAt.IsZero() {
		t := b.ExpiresAt.UTC()
		j.Expires = &t
	}
	return j
}

// NewAuditEntryJSON is e as the API (and embassyctl audit -json) shows it.
func NewAuditEntryJSON(e store.AuditEntry) AuditEntryJSON {
	return AuditEntryJSON{ID: e.ID, Time: e.Time.UTC(), ActorID: e.Actor.ID, Actor: e.Actor.Name, Role: e.Actor.Role,
		Action: e.Action, TargetID: e.Target.ID, Target: e.Target.Name, Room: e.Room, Reason: e.Reason, Node: e.Node,
		Outcome: string(e.Outcome)}
}

// Entry is the audit entry j shows (embassyctl prints the API's pages as its own tables).
func (j AuditEntryJSON) Entry() store.AuditEntry {
	return store.AuditEntry{ID: j.ID, Time: j.Time, Actor: store.Actor{ID: j.ActorID, Name: j.Actor, Role: j.Role},
		Action: j.Action, Target: store.Target{ID: j.TargetID, Name: j.Target}, Room: j.Room, Reason: j.Reason,
		Node: j.Node, Outcome: store.Outcome(j.Outcome)}
}

func newReportJSON(r store.Report) ReportJSON {
	lines := r.Lines
	if lines == nil {
		lines = []string{}
	}
	return ReportJSON{ID: r.ID, Reporter: r.Reporter.Name, ReporterID: r.Reporter.ID, Target: r.Target.Name,
		TargetID: r.Target.ID, Room: r.Room, Reason: r.Reason, Lines: lines, Created: r.CreatedAt.UTC()}
}

func newRoomJSON(r *pb.RoomInfo) RoomJSON {
	return RoomJSON{ID: r.GetId(), Name: r.GetName(), Occupants: int(r.GetOccupants()), Capacity: int(r.GetCapacity()),
		Locked: r.GetLocked(), SlowSeconds: int(r.GetSlowSeconds()), AudienceMuted: r.GetAudienceMuted()}
}
