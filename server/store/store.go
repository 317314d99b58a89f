// Package store keeps what a user or a member of staff must not lose when the server restarts: bans,
// mutes, room settings, reports, the audit log and revoked token ids; events (receptions,
// briefings, ceremonies), their record and the questions put to their hosts. It has one
// interface, Store, and two implementations chosen at start-up by Open: an SQLite file in the data
// directory (one node), or Redis (a cluster, where every node must see the same bans).
//
// The store records and answers; it decides nothing. It does not normalise names, check roles,
// enforce a ban or an invitation: callers do, with the answers it gives. Expiry is a comparison
// with the now the caller passes, so an expired ban stops applying on time without any background
// sweeper, and tests can move time by hand. Times are kept to the millisecond and come back in UTC.
//
// Adding a kind of record is a numbered migration (sqliteMigrations; for Redis, new keys need none
// unless old data must be rewritten) plus methods on Store and both implementations, and cases in
// storetest.
package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/redis/go-redis/v9"
)

// Store is the persistent state of moderation, identity and events. Implementations are safe for use by
// many goroutines. Every method takes a context and returns errors wrapped with what it was doing.
type Store interface {
	// AddBan stores a ban and returns it with its ID. At least one of UserID, Name, DeviceKey must
	// be set; CreatedAt must be set.
	AddBan(ctx context.Context, b Ban) (Ban, error)
	// LiftBan ends ban id early, recording who lifted it and when; the record stays. ErrNotFound,
	// ErrAlreadyLifted.
	LiftBan(ctx context.Context, id int64, by Actor, at time.Time) (Ban, error)
	// GetBan returns ban id, lifted or expired or not. ErrNotFound.
	GetBan(ctx context.Context, id int64) (Ban, error)
	// Banned reports the ban that applies at now to anyone matching s, if any: the one that lasts
	// longest (a ban for good before any timed one). The hot path of every join.
	Banned(ctx context.Context, s Subject, now time.Time) (Ban, bool, error)
	// ActiveBans lists the bans in force at now, oldest first.
	ActiveBans(ctx context.Context, now time.Time) ([]Ban, error)
	// BanHistory lists every ban ever matching s (active, expired and lifted), newest first.
	BanHistory(ctx context.Context, s Subject) ([]Ban, error)

	// Mute sets a user's chat or voice mute, replacing the one of that kind the user had.
	Mute(ctx context.Context, m Mute) error
	// Unmute lifts a user's mute of that kind; it reports whether there was one (even expired).
	Unmute(ctx context.Context, userID string, kind MuteKind) (bool, error)
	// MutesFor lists the user's mutes in force at now (at most one per kind), chat first.
	MutesFor(ctx context.Context, userID string, now time.Time) ([]Mute, error)
	// ActiveMutes lists every mute in force at now, by user id then kind.
	ActiveMutes(ctx context.Context, now time.Time) ([]Mute, error)

	// RoomSettings returns a room's settings; the zero value for a room never set.
	RoomSettings(ctx context.Context, roomID string) (RoomSettings, error)
	// UpdateRoomSettings changes the fields p sets, atomically, and returns the room's settings.
	UpdateRoomSettings(ctx context.Context, roomID string, p RoomPatch) (RoomSettings, error)
	// AllRoomSettings returns the settings of every room ever set, by room id (for start-up).
	AllRoomSettings(ctx context.Context) (map[string]RoomSettings, error)

	// AddReport stores a report and returns it with its ID. CreatedAt must be set.
	AddReport(ctx context.Context, r Report) (Report, error)
	// GetReport returns report id, handled or not. ErrNotFound.
	GetReport(ctx context.Context, id int64) (Report, error)
	// HandleReport closes report id with who handled it, when and a note. ErrNotFound,
	// ErrAlreadyHandled.
	HandleReport(ctx context.Context, id int64, by Actor, at time.Time, note string) (Report, error)
	// OpenReports lists the reports not handled yet, oldest first.
	OpenReports(ctx context.Context) ([]Report, error)

	// AppendAudit adds an entry to the audit log and returns it with its ID. The log is
	// append-only: nothing changes or removes an entry.
	AppendAudit(ctx context.Context, e AuditEntry) (AuditEntry, error)
	// Audit returns a page of the audit log, newest first, filtered by q; pass the page's Next as
	// q.Cursor for the following page.
	Audit(ctx context.Context, q AuditQuery) (AuditPage, error)

	// RevokeToken refuses token id until until (its expiry: after that it is refused anyway).
	// Revoking again keeps the later until.
	RevokeToken(ctx context.Context, id string, until time.Time) error
	// TokenRevoked reports whether token id is revoked at now.
	TokenRevoked(ctx context.Context, id string, now time.Time) (bool, error)

	// CreateEvent stores an event and returns it with its ID, UpdatedAt its CreatedAt. The title
	// (1 to MaxEventTitle characters), room, start, end after the start and CreatedAt must be set;
	// the lists are bounded (MaxEventGuests...). ErrInvalid says which rule in words. Names in
	// Hosts and Guests are stored as given: the caller normalises them, as it does for bans.
	CreateEvent(ctx context.Context, e Event) (Event, error)
	// GetEvent returns event id, cancelled or not. ErrNotFound.
	GetEvent(ctx context.Context, id int64) (Event, error)
	// UpdateEvent changes the fields p sets, atomically, at at, and returns the event. The event
	// as patched must pass CreateEvent's checks (ErrInvalid). ErrNotFound, ErrAlreadyCancelled.
	UpdateEvent(ctx context.Context, id int64, p EventPatch, at time.Time) (Event, error)
	// CancelEvent calls event id off, recording who and when; the record stays (GetEvent).
	// ErrNotFound, ErrAlreadyCancelled (with the event as first cancelled).
	CancelEvent(ctx context.Context, id int64, by Actor, at time.Time) (Event, error)
	// ListEvents lists the events not cancelled that overlap [from, to) (a zero from or to leaves
	// that side open), by start then id.
	ListEvents(ctx context.Context, from, to time.Time) ([]Event, error)
	// EventAt reports the event running in room at now, if any (Starts inclusive, Ends exclusive,
	// not cancelled); of overlapping ones, the one that started last. The hot path of a join.
	EventAt(ctx context.Context, room string, now time.Time) (Event, bool, error)

	// AppendRecord adds an entry to event e.EventID's record and returns it with its Seq. The
	// record is append-only. The store does not judge what belongs on it. ErrNotFound (no such
	// event), ErrInvalid.
	AppendRecord(ctx context.Context, e RecordEntry) (RecordEntry, error)
	// Record returns an event's record in order; empty for an event without one (or none).
	Record(ctx context.Context, eventID int64) ([]RecordEntry, error)

	// AddQuestion stores a question to event q.EventID's hosts and returns it with its ID and no
	// votes. ErrNotFound (no such event), ErrInvalid.
	AddQuestion(ctx context.Context, q Question) (Question, error)
	// VoteQuestion counts voterID's vote for question id once and returns the question's votes:
	// voting again is no error and counts nothing. ErrNotFound.
	VoteQuestion(ctx context.Context, id int64, voterID string) (int, error)
	// AnswerQuestion marks question id answered by by at at. ErrNotFound, ErrAlreadyAnswered
	// (with the question as first answered).
	AnswerQuestion(ctx context.Context, id int64, by Actor, at time.Time) (Question, error)
	// Questions lists an event's questions, most votes first, then oldest first.
	Questions(ctx context.Context, eventID int64) ([]Question, error)

	// Prune drops what can no longer apply at now (mutes and revocations past their end, expired
	// bans from the active index; ban records, reports and the audit log stay). Optional: answers
	// are right without it, it only keeps the store small.
	Prune(ctx context.Context, now time.Time) error
	// Kind says which implementation this is, for logs: "sqlite" or "redis".
	Kind() string
	// Close releases the store. It does not close a Redis client it was given.
	Close() error
}

// Actor is who did something: a user id, the name shown, and the role at the time.
type Actor struct {
	ID   string
	Name string
	Role string
}

// Target is the person an action or report is about: a user id (empty for a guest) and a name.
type Target struct {
	ID   string
	Name string
}

// Subject is who wants in: the keys a ban can match. Empty fields match nothing.
type Subject struct {
	UserID    string
	Name      string // normalised by the caller, exactly as bans store it
	DeviceKey string // a guest's device key
}

// Ban keeps someone out. It matches a Subject that shares any key the ban sets: a ban with a
// UserID and a DeviceKey holds against the user under any name and against the device under any
// account. Lifting it early keeps the record, with LiftedBy and LiftedAt.
type Ban struct {
	ID        int64
	UserID    string // empty: not by user id
	Name      string // normalised; empty: not by name
	DeviceKey string // empty: not by device key
	Reason    string
	By        Actor
	CreatedAt time.Time
	ExpiresAt time.Time // zero: for good
	LiftedBy  Actor     // zero until lifted
	LiftedAt  time.Time // zero: not lifted
}

// ActiveAt reports whether the ban is in force at now: not lifted and not yet expired. A ban
// expires at ExpiresAt exactly.
func (b Ban) ActiveAt(now time.Time) bool {
	return b.LiftedAt.IsZero() && (b.ExpiresAt.IsZero() || now.Before(b.ExpiresAt))
}

// Matches reports whether the ban holds against s (ignoring time).
func (b Ban) Matches(s Subject) bool {
	return (b.UserID != "" && b.UserID == s.UserID) || (b.Name != "" && b.Name == s.Name) ||
		(b.DeviceKey != "" && b.DeviceKey == s.DeviceKey)
}

// lastsLonger reports whether b ends after c: a ban for good outlasts any timed one.
func (b Ban) lastsLonger(c Ban) bool {
	switch {
	case b.ExpiresAt.IsZero() != c.ExpiresAt.IsZero():
		return b.ExpiresAt.IsZero()
	case !b.ExpiresAt.Equal(c.ExpiresAt):
		return b.ExpiresAt.After(c.ExpiresAt)
	default:
		return b.ID < c.ID
	}
}

// MuteKind is what a mute silences.
type MuteKind string

// The kinds of mute.
const (
	MuteChat  MuteKind = "chat"
	MuteVoice MuteKind = "voice"
)

// muteKinds in the order MutesFor lists them.
var muteKinds = []MuteKind{MuteChat, MuteVoice}

// Mute silences a user's chat or voice until ExpiresAt, or until lifted when ExpiresAt is zero.
type Mute struct {
	UserID    string
	Kind      MuteKind
	Reason    string
	By        Actor
	CreatedAt time.Time
	ExpiresAt time.Time // zero: until lifted
}

// ActiveAt reports whether the mute is in force at now.
func (m Mute) ActiveAt(now time.Time) bool { return m.ExpiresAt.IsZero() || now.Before(m.ExpiresAt) }

// RoomSettings are what staff changed about a room. The zero value is a room as its map made it.
type RoomSettings struct {
	Locked          bool // only staff may enter
	Capacity        int  // 0: the map's capacity
	SlowModeSeconds int  // seconds between two chat lines of a visitor; 0: off
	AudienceMuted   bool // only the stage is heard in voice
}

// RoomPatch changes the RoomSettings fields it sets and leaves the others, so that two moderators
// changing different fields at once lose neither change.
type RoomPatch struct {
	Locked          *bool
	Capacity        *int
	SlowModeSeconds *int
	AudienceMuted   *bool
}

// Report is a visitor's complaint about someone, with that person's last chat lines.
type Report struct {
	ID        int64
	Reporter  Actor
	Target    Target
	Room      string
	Reason    string
	Lines     []string // the target's last chat lines, oldest first
	CreatedAt time.Time
	HandledBy Actor     // zero until handled
	HandledAt time.Time // zero: open
	Note      string    // the handler's note
}

// Open reports whether nobody has handled the report yet.
func (r Report) Open() bool { return r.HandledAt.IsZero() }

// Outcome is how a staff action ended.
type Outcome string

// The outcomes an audit entry records.
const (
	OutcomeDone    Outcome = "done"
	OutcomeRefused Outcome = "refused"
)

// AuditEntry is one staff action, or one refused attempt at one.
type AuditEntry struct {
	ID      string // given by the store; opaque, newest entries sort first in Audit
	Time    time.Time
	Actor   Actor
	Action  string // "ban", "kick", "lock"... the caller's vocabulary
	Target  Target // the person acted on, if any
	Room    string // the room acted on or where it happened, if any
	Reason  string
	Node    string // the node that carried it out
	Outcome Outcome
}

// AuditQuery selects audit entries. Zero fields select everything.
type AuditQuery struct {
	Since  time.Time // entries at or after this time
	Actor  string    // the actor's id or name
	Target string    // the target's id or name
	Action string
	Limit  int    // entries per page: 0 means DefaultAuditLimit; at most MaxAuditLimit
	Cursor string // Next of the previous page; empty: the newest entries
}

// Audit page sizes.
const (
	DefaultAuditLimit = 50
	MaxAuditLimit     = 1000
)

// AuditPage is a page of audit entries, newest first. Next is empty on the last page.
type AuditPage struct {
	Entries []AuditEntry
	Next    string
}

// matches reports whether e passes q's filters (not its cursor or limit).
func (q AuditQuery) matches(e AuditEntry) bool {
	return (q.Since.IsZero() || !e.Time.Before(q.Since)) &&
		(q.Actor == "" || q.Actor == e.Actor.ID || q.Actor == e.Actor.Name) &&
		(q.Target == "" || q.Target == e.Target.ID || q.Target == e.Target.Name) &&
		(q.Action == "" || q.Action == e.Action)
}

// limit returns the page size q asks for, or ErrInvalid.
func (q AuditQuery) limit() (int, error) {
	switch {
	case q.Limit < 0 || q.Limit > MaxAuditLimit:
		return 0, fmt.Errorf("audit limit %d (0 to %d): %w", q.Limit, MaxAuditLimit, ErrInvalid)
	case q.Limit == 0:
		return DefaultAuditLimit, nil
	}
	return q.Limit, nil
}

// SQLiteFile is the name of the SQLite database in the data directory.
const SQLiteFile = "embassy.db"

// DefaultPrefix is the Redis key prefix when Config.Prefix is empty; the store's keys go under
// Prefix + "store:", apart from the cluster's own keys under the same prefix.
const DefaultPrefix = "embassy:"

// Config chooses and locates the store.
type Config struct {
	DataDir  string // the SQLite store is DataDir/embassy.db; created if missing
	RedisURL string // redis://[user:password@]host:port/db: use Redis instead of SQLite
	// Redis is an existing client to use instead of dialling RedisURL (a node shares its pool);
	// Close leaves it open.
	Redis  *redis.Client
	Prefix string // Redis key prefix; default DefaultPrefix
}

// Validate reports a Config that cannot open a store.
func (c Config) Validate() error {
	if c.DataDir == "" && c.RedisURL == "" && c.Redis == nil {
		return fmt.Errorf("store config: no data directory and no Redis: %w", ErrInvalid)
	}
	return nil
}

// Open returns the Redis store when Config has Redis (a client or a URL), else the SQLite store in
// DataDir, migrated to the current schema.
func Open(ctx context.Context, c Config) (Store, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	prefix := c.Prefix
	if prefix == "" {
		prefix = DefaultPrefix
	}
	switch {
	case c.Redis != nil:
		return NewRedis(ctx, c.Redis, prefix)
	case c.RedisURL != "":
		return OpenRedis(ctx, c.RedisURL, prefix)
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("store data directory: %w", err)
	}
	return OpenSQLite(ctx, filepath.Join(c.DataDir, SQLiteFile))
}

// Checks shared by both implementations, so that they refuse the same things.

func checkBan(b Ban) error {
	switch {
	case b.UserID == "" && b.Name == "" && b.DeviceKey == "":
		return fmt.Errorf("ban with no user id, name or device key: %w", ErrInvalid)
	case b.CreatedAt.IsZero():
		return fmt.Errorf("ban without a creation time: %w", ErrInvalid)
	}
	return nil
}

func checkMute(m Mute) error {
	switch {
	case m.UserID == "":
		return fmt.Errorf("mute without a user id: %w", ErrInvalid)
	case m.CreatedAt.IsZero():
		return fmt.Errorf("mute without a creation time: %w", ErrInvalid)
	}
	return checkMuteKind(m.Kind)
}

func checkMuteKind(k MuteKind) error {
	if k != MuteChat && k != MuteVoice {
		return fmt.Errorf("mute kind %q (chat or voice): %w", k, ErrInvalid)
	}
	return nil
}

func checkRoomPatch(roomID string, p RoomPatch) error {
	switch {
	case roomID == "":
		return fmt.Errorf("room settings without a room id: %w", ErrInvalid)
	case p.Capacity != nil && *p.Capacity < 0:
		return fmt.Errorf("room capacity %d: %w", *p.Capacity, ErrInvalid)
	case p.SlowModeSeconds != nil && *p.SlowModeSeconds < 0:
		return fmt.Errorf("slow mode %d s: %w", *p.SlowModeSeconds, ErrInvalid)
	}
	return nil
}

func checkReport(r Report) error {
	if r.CreatedAt.IsZero() {
		return fmt.Errorf("report without a creation time: %w", ErrInvalid)
	}
	return nil
}

func checkAudit(e AuditEntry) error {
	switch {
	case e.Time.IsZero():
		return fmt.Errorf("audit entry without a time: %w", ErrInvalid)
	case e.Action == "":
		return fmt.Errorf("audit entry without an action: %w", ErrInvalid)
	case e.Outcome != OutcomeDone && e.Outcome != OutcomeRefused:
		return fmt.Errorf("audit outcome %q (done or refused): %w", e.Outcome, ErrInvalid)
	}
	return nil
}

// checkAt refuses the zero time where a moment must be recorded (lifting, handling): a zero time
// is how the store says "not yet".
func checkAt(what string, at time.Time) error {
	if at.IsZero() {
		return fmt.Errorf("%s without a time: %w", what, ErrInvalid)
	}
	return nil
}

func checkRevoke(id string, until time.Time) error {
	switch {
	case id == "":
		return fmt.Errorf("revoke an empty token id: %w", ErrInvalid)
	case until.IsZero():
		return fmt.Errorf("revoke token %s without an end: %w", id, ErrInvalid)
	}
	return nil
}

// ms is t in Unix milliseconds, 0 for the zero time: how both implementations store times.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMS is the inverse of ms.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}
