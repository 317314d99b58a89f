package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go "sqlite" driver: the server builds with CGO_ENABLED=0
)

// SQLite is the Store in one SQLite file, for a server without Redis. The file is in WAL mode, so
// readers never wait for the writer. Writes go through one connection, so goroutines of this
// process queue in Go instead of failing with "database is locked"; reads use a small pool. The
// busy timeout covers another process (a backup, sqlite3) holding the file for a moment.
type SQLite struct {
	path  string
	write *sql.DB // one connection; transactions begin IMMEDIATE
	read  *sql.DB // query-only connections
	// banned and eventAt are the prepared statements of the hot paths, Banned and EventAt.
	banned, eventAt *sql.Stmt
}

// busyTimeout is how long a statement waits for a lock another process holds.
const busyTimeout = 5 * time.Second

// readConns is how many connections read at once.
const readConns = 4

// OpenSQLite opens (creating it if missing) the SQLite store at path and applies the migrations
// it lacks.
func OpenSQLite(ctx context.Context, path string) (*SQLite, error) {
	return openSQLite(ctx, path, sqliteMigrations)
}

// openSQLite opens the file migrated to the last of migrations (tests use a prefix to make an old
// database).
func openSQLite(ctx context.Context, path string, migrations []migration) (*SQLite, error) {
	if path == "" || strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("sqlite store path %q: %w", path, ErrInvalid)
	}
	params := "?_busy_timeout=" + strconv.FormatInt(busyTimeout.Milliseconds(), 10) + "&_synchronous=NORMAL"
	write, err := sql.Open("sqlite", path+params+"&_journal_mode=WAL&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0) // keep the one connection: reopening it re-runs the pragmas
	s := &SQLite{path: path, write: write}
	if err := migrate(ctx, write, migrations); err != nil {
		_ = write.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	s.read, err = sql.Open("sqlite", path+params+"&_query_only=1")
	if err != nil {
		_ = write.Close()
		return nil, fmt.Errorf("open sqlite store %s for reading: %w", path, err)
	}
	s.read.SetMaxOpenConns(readConns)
	s.read.SetMaxIdleConns(readConns)
	if len(migrations) == len(sqliteMigrations) { // an old schema (tests) may lack the columns
		s.banned, err = s.read.PrepareContext(ctx, `SELECT `+banColumns+` FROM bans
			WHERE (user_id = ? OR name = ? OR device_key = ?) AND lifted_at IS NULL
			AND (expires_at IS NULL OR expires_at > ?)`)
		if err == nil {
			s.eventAt, err = s.read.PrepareContext(ctx, selectEventAt)
		}
		if err != nil {
			_ = s.Close()
			return nil, fmt.Errorf("sqlite store %s: prepare the hot paths: %w", path, err)
		}
	}
	return s, nil
}

// Kind is "sqlite".
func (s *SQLite) Kind() string { return "sqlite" }

// Path is the database file.
func (s *SQLite) Path() string { return s.path }

// Close closes the database; the WAL is checkpointed into the file by the last connection.
func (s *SQLite) Close() error {
	var errs []error
	for _, st := range []*sql.Stmt{s.banned, s.eventAt} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	errs = append(errs, s.write.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close sqlite store %s: %w", s.path, err)
	}
	return nil
}

// nullString is s, or NULL when empty.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullMS is t in milliseconds, or NULL for the zero time.
func nullMS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

// scanAll reads every row with scan, closing rows.
func scanAll[T any](rows *sql.Rows, scan func(rowScanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// queryAll runs query on the read pool and scans every row; what names it in errors.
func queryAll[T any](ctx context.Context, s *SQLite, what string, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out, err := scanAll(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// getRow scans row, ErrNotFound when there is none; what names the record in errors.
func getRow[T any](what string, row *sql.Row, scan func(rowScanner) (T, error)) (T, error) {
	v, err := scan(row)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		var zero T
		return zero, fmt.Errorf("%s: %w", what, ErrNotFound)
	case err != nil:
		var zero T
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// readModifyWrite reads a record in a write transaction (sql.ErrNoRows: ErrNotFound), passes it to
// modify and writes what modify returns. When modify refuses, its refusal and what it returned
// with it (a record "already" closed, say) are the answer.
func readModifyWrite[T any](ctx context.Context, s *SQLite, what string, read func(*sql.Tx) (T, error),
	modify func(T) (T, error), write func(*sql.Tx, T) error) (T, error) {
	var out T
	err := s.inTx(ctx, what, func(tx *sql.Tx) error {
		cur, err := read(tx)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return ErrNotFound
		case err != nil:
			return err
		}
		next, err := modify(cur)
		if err != nil {
			out = next
			return err
		}
		if err := write(tx, next); err != nil {
			return err
		}
		out = next
		return nil
	})
	return out, err
}

// Bans.

const banColumns = `id, COALESCE(user_id, ''), COALESCE(name, ''), COALESCE(device_key, ''), reason,
	by_id, by_name, by_role, created_at, COALESCE(expires_at, 0),
	COALESCE(lifted_by_id, ''), COALESCE(lifted_by_name, ''), COALESCE(lifted_by_role, ''), COALESCE(lifted_at, 0)`

func scanBan(r rowScanner) (Ban, error) {
	var b Ban
	var created, expires, lifted int64
	err := r.Scan(&b.ID, &b.UserID, &b.Name, &b.DeviceKey, &b.Reason, &b.By.ID, &b.By.Name, &b.By.Role,
		&created, &expires, &b.LiftedBy.ID, &b.LiftedBy.Name, &b.LiftedBy.Role, &lifted)
	b.CreatedAt, b.ExpiresAt, b.LiftedAt = fromMS(created), fromMS(expires), fromMS(lifted)
	return b, err
}

// AddBan stores b.
func (s *SQLite) AddBan(ctx context.Context, b Ban) (Ban, error) {
	if err := checkBan(b); err != nil {
		return Ban{}, err
	}
	b.ID, b.LiftedBy, b.LiftedAt = 0, Actor{}, time.Time{}
	res, err := s.write.ExecContext(ctx, `INSERT INTO bans
		(user_id, name, device_key, reason, by_id, by_name, by_role, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullString(b.UserID), nullString(b.Name), nullString(b.DeviceKey), b.Reason,
		b.By.ID, b.By.Name, b.By.Role, ms(b.CreatedAt), nullMS(b.ExpiresAt))
	if err == nil {
		b.ID, err = res.LastInsertId()
	}
	if err != nil {
		return Ban{}, fmt.Errorf("add ban: %w", err)
	}
	return roundBan(b), nil
}

// roundBan is b with its times as the store keeps them.
func roundBan(b Ban) Ban {
	b.CreatedAt, b.ExpiresAt, b.LiftedAt = fromMS(ms(b.CreatedAt)), fromMS(ms(b.ExpiresAt)), fromMS(ms(b.LiftedAt))
	return b
}

// LiftBan ends ban id.
func (s *SQLite) LiftBan(ctx context.Context, id int64, by Actor, at time.Time) (Ban, error) {
	if err := checkAt("lift ban", at); err != nil {
		return Ban{}, err
	}
	return readModifyWrite(ctx, s, fmt.Sprintf("lift ban %d", id), func(tx *sql.Tx) (Ban, error) {
		return scanBan(tx.QueryRowContext(ctx, `SELECT `+banColumns+` FROM bans WHERE id = ?`, id))
	}, func(b Ban) (Ban, error) {
		if !b.LiftedAt.IsZero() {
			return b, ErrAlreadyLifted
		}
		b.LiftedBy, b.LiftedAt = by, fromMS(ms(at))
		return b, nil
	}, func(tx *sql.Tx, b Ban) error {
		_, err := tx.ExecContext(ctx, `UPDATE bans SET lifted_by_id = ?, lifted_by_name = ?, lifted_by_role = ?,
			lifted_at = ? WHERE id = ?`, by.ID, by.Name, by.Role, ms(at), id)
		return err
	})
}

// inTx runs fn in a write transaction and commits it if fn succeeds; what names the operation in
// errors.
func (s *SQLite) inTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// GetBan returns ban id.
func (s *SQLite) GetBan(ctx context.Context, id int64) (Ban, error) {
	return getRow(fmt.Sprintf("ban %d", id), s.read.QueryRowContext(ctx, `SELECT `+banColumns+` FROM bans WHERE id = ?`, id), scanBan)
}

// Banned reports the ban holding s out at now.
func (s *SQLite) Banned(ctx context.Context, sub Subject, now time.Time) (Ban, bool, error) {
	if sub == (Subject{}) {
		return Ban{}, false, nil
	}
	rows, err := s.banned.QueryContext(ctx, nullString(sub.UserID), nullString(sub.Name), nullString(sub.DeviceKey), ms(now))
	if err != nil {
		return Ban{}, false, fmt.Errorf("check ban: %w", err)
	}
	bans, err := scanAll(rows, scanBan)
	if err != nil {
		return Ban{}, false, fmt.Errorf("check ban: %w", err)
	}
	return longest(bans, now)
}

// longest picks the ban in force at now that lasts longest.
func longest(bans []Ban, now time.Time) (Ban, bool, error) {
	var best Ban
	found := false
	for _, b := range bans {
		if b.ActiveAt(now) && (!found || b.lastsLonger(best)) {
			best, found = b, true
		}
	}
	return best, found, nil
}

// ActiveBans lists the bans in force at now.
func (s *SQLite) ActiveBans(ctx context.Context, now time.Time) ([]Ban, error) {
	return queryAll(ctx, s, "list active bans", scanBan, `SELECT `+banColumns+` FROM bans
		WHERE lifted_at IS NULL AND (expires_at IS NULL OR expires_at > ?) ORDER BY id`, ms(now))
}

// BanHistory lists every ban matching sub.
func (s *SQLite) BanHistory(ctx context.Context, sub Subject) ([]Ban, error) {
	return queryAll(ctx, s, "ban history", scanBan, `SELECT `+banColumns+` FROM bans
		WHERE user_id = ? OR name = ? OR device_key = ? ORDER BY id DESC`,
		nullString(sub.UserID), nullString(sub.Name), nullString(sub.DeviceKey))
}

// Mutes.

const muteColumns = `user_id, kind, reason, by_id, by_name, by_role, created_at, COALESCE(expires_at, 0)`

func scanMute(r rowScanner) (Mute, error) {
	var m Mute
	var created, expires int64
	err := r.Scan(&m.UserID, &m.Kind, &m.Reason, &m.By.ID, &m.By.Name, &m.By.Role, &created, &expires)
	m.CreatedAt, m.ExpiresAt = fromMS(created), fromMS(expires)
	return m, err
}

// Mute sets m.
func (s *SQLite) Mute(ctx context.Context, m Mute) error {
	if err := checkMute(m); err != nil {
		return err
	}
	if _, err := s.write.ExecContext(ctx, `INSERT OR REPLACE INTO mutes
		(user_id, kind, reason, by_id, by_name, by_role, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		m.UserID, string(m.Kind), m.Reason, m.By.ID, m.By.Name, m.By.Role, ms(m.CreatedAt), nullMS(m.ExpiresAt)); err != nil {
		return fmt.Errorf("mute %s %s: %w", m.UserID, m.Kind, err)
	}
	return nil
}

// Unmute lifts the user's mute of kind.
func (s *SQLite) Unmute(ctx context.Context, userID string, kind MuteKind) (bool, error) {
	if err := checkMuteKind(kind); err != nil {
		return false, err
	}
	res, err := s.write.ExecContext(ctx, `DELETE FROM mutes WHERE user_id = ? AND kind = ?`, userID, string(kind))
	if err != nil {
		return false, fmt.Errorf("unmute %s %s: %w", userID, kind, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("unmute %s %s: %w", userID, kind, err)
	}
	return n > 0, nil
}

// MutesFor lists the user's mutes in force at now.
func (s *SQLite) MutesFor(ctx context.Context, userID string, now time.Time) ([]Mute, error) {
	return s.mutes(ctx, "user "+userID, `user_id = ? AND`, []any{userID, ms(now)})
}

// ActiveMutes lists every mute in force at now.
func (s *SQLite) ActiveMutes(ctx context.Context, now time.Time) ([]Mute, error) {
	return s.mutes(ctx, "all", ``, []any{ms(now)})
}

func (s *SQLite) mutes(ctx context.Context, what, where string, args []any) ([]Mute, error) {
	return queryAll(ctx, s, fmt.Sprintf("mutes (%s)", what), scanMute, `SELECT `+muteColumns+` FROM mutes
		WHERE `+where+` (expires_at IS NULL OR expires_at > ?) ORDER BY user_id, kind`, args...)
}

// Room settings.

// RoomSettings returns the room's settings.
func (s *SQLite) RoomSettings(ctx context.Context, roomID string) (RoomSettings, error) {
	rs, err := scanRoomSettings(s.read.QueryRowContext(ctx,
		`SELECT locked, capacity, slow_mode_seconds, audience_muted FROM room_settings WHERE room_id = ?`, roomID))
	if errors.Is(err, sql.ErrNoRows) {
		return RoomSettings{}, nil
	}
	if err != nil {
		return RoomSettings{}, fmt.Errorf("room settings %s: %w", roomID, err)
	}
	return rs, nil
}

func scanRoomSettings(r rowScanner) (RoomSettings, error) {
	var rs RoomSettings
	err := r.Scan(&rs.Locked, &rs.Capacity, &rs.SlowModeSeconds, &rs.AudienceMuted)
	return rs, err
}

// UpdateRoomSettings applies p to the room.
func (s *SQLite) UpdateRoomSettings(ctx context.Context, roomID string, p RoomPatch) (RoomSettings, error) {
	if err := checkRoomPatch(roomID, p); err != nil {
		return RoomSettings{}, err
	}
	// A NULL parameter leaves the column as it was (or its default for a new row).
	rs, err := scanRoomSettings(s.write.QueryRowContext(ctx, `INSERT INTO room_settings
		(room_id, locked, capacity, slow_mode_seconds, audience_muted)
		VALUES (?1, COALESCE(?2, 0), COALESCE(?3, 0), COALESCE(?4, 0), COALESCE(?5, 0))
		ON CONFLICT (room_id) DO UPDATE SET locked = COALESCE(?2, locked), capacity = COALESCE(?3, capacity),
			slow_mode_seconds = COALESCE(?4, slow_mode_seconds), audience_muted = COALESCE(?5, audience_muted)
		RETURNING locked, capacity, slow_mode_seconds, audience_muted`,
		roomID, nullable(p.Locked), nullable(p.Capacity), nullable(p.SlowModeSeconds), nullable(p.AudienceMuted)))
	if err != nil {
		return RoomSettings{}, fmt.Errorf("update room settings %s: %w", roomID, err)
	}
	return rs, nil
}

// nullable is *p, or NULL for nil.
func nullable[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// AllRoomSettings returns every room's settings.
func (s *SQLite) AllRoomSettings(ctx context.Context) (map[string]RoomSettings, error) {
	type row struct {
		id string
		rs RoomSettings
	}
	list, err := queryAll(ctx, s, "all room settings", func(r rowScanner) (row, error) {
		var v row
		err := r.Scan(&v.id, &v.rs.Locked, &v.rs.Capacity, &v.rs.SlowModeSeconds, &v.rs.AudienceMuted)
		return v, err
	}, `SELECT room_id, locked, capacity, slow_mode_seconds, audience_muted FROM room_settings`)
	if err != nil {
		return nil, err
	}
	out := make(map[string]RoomSettings, len(list))
	for _, v := range list {
		out[v.id] = v.rs
	}
	return out, nil
}

// Reports.

const reportColumns = `id, reporter_id, reporter_name, reporter_role, target_id, target_name, room, reason, lines,
	created_at, COALESCE(handled_by_id, ''), COALESCE(handled_by_name, ''), COALESCE(handled_by_role, ''),
	COALESCE(handled_at, 0), COALESCE(note, '')`

func scanReport(r rowScanner) (Report, error) {
	var rp Report
	var lines string
	var created, handled int64
	err := r.Scan(&rp.ID, &rp.Reporter.ID, &rp.Reporter.Name, &rp.Reporter.Role, &rp.Target.ID, &rp.Target.Name,
		&rp.Room, &rp.Reason, &lines, &created, &rp.HandledBy.ID, &rp.HandledBy.Name, &rp.HandledBy.Role,
		&handled, &rp.Note)
	if err != nil {
		return Report{}, err
	}
	rp.CreatedAt, rp.HandledAt = fromMS(created), fromMS(handled)
	if err := json.Unmarshal([]byte(lines), &rp.Lines); err != nil {
		return Report{}, fmt.Errorf("report %d lines: %w", rp.ID, err)
	}
	return rp, nil
}

// AddReport stores r.
func (s *SQLite) AddReport(ctx context.Context, r Report) (Report, error) {
	if err := checkReport(r); err != nil {
		return Report{}, err
	}
	r = roundReport(r)
	lines, err := json.Marshal(r.Lines)
	if err != nil {
		return Report{}, fmt.Errorf("add report: %w", err)
	}
	res, err := s.write.ExecContext(ctx, `INSERT INTO reports (reporter_id, reporter_name, reporter_role,
		target_id, target_name, room, reason, lines, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Reporter.ID, r.Reporter.Name, r.Reporter.Role, r.Target.ID, r.Target.Name, r.Room, r.Reason,
		string(lines), ms(r.CreatedAt))
	if err == nil {
		r.ID, err = res.LastInsertId()
	}
	if err != nil {
		return Report{}, fmt.Errorf("add report: %w", err)
	}
	return r, nil
}

// roundReport is a new report as the store keeps it: no handling, times to the millisecond, no
// lines an empty list.
func roundReport(r Report) Report {
	r.ID, r.HandledBy, r.HandledAt, r.Note = 0, Actor{}, time.Time{}, ""
	r.CreatedAt = fromMS(ms(r.CreatedAt))
	if r.Lines == nil {
		r.Lines = []string{}
	}
	return r
}

// GetReport returns report id.
func (s *SQLite) GetReport(ctx context.Context, id int64) (Report, error) {
	return getRow(fmt.Sprintf("report %d", id), s.read.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM reports WHERE id = ?`, id), scanReport)
}

// HandleReport closes report id.
func (s *SQLite) HandleReport(ctx context.Context, id int64, by Actor, at time.Time, note string) (Report, error) {
	if err := checkAt("handle report", at); err != nil {
		return Report{}, err
	}
	return readModifyWrite(ctx, s, fmt.Sprintf("handle report %d", id), func(tx *sql.Tx) (Report, error) {
		return scanReport(tx.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM reports WHERE id = ?`, id))
	}, func(r Report) (Report, error) {
		if !r.Open() {
			return r, ErrAlreadyHandled
		}
		r.HandledBy, r.HandledAt, r.Note = by, fromMS(ms(at)), note
		return r, nil
	}, func(tx *sql.Tx, r Report) error {
		_, err := tx.ExecContext(ctx, `UPDATE reports SET handled_by_id = ?, handled_by_name = ?,
			handled_by_role = ?, handled_at = ?, note = ? WHERE id = ?`, by.ID, by.Name, by.Role, ms(at), note, id)
		return err
	})
}

// OpenReports lists the open reports.
func (s *SQLite) OpenReports(ctx context.Context) ([]Report, error) {
	return queryAll(ctx, s, "open reports", scanReport,
		`SELECT `+reportColumns+` FROM reports WHERE handled_at IS NULL ORDER BY id`)
}

// Audit log.

const auditColumns = `id, time, actor_id, actor_name, actor_role, action, target_id, target_name, room, reason, node, outcome`

func scanAudit(r rowScanner) (AuditEntry, error) {
	var e AuditEntry
	var id, t int64
	err := r.Scan(&id, &t, &e.Actor.ID, &e.Actor.Name, &e.Actor.Role, &e.Action, &e.Target.ID, &e.Target.Name,
		&e.Room, &e.Reason, &e.Node, &e.Outcome)
	e.ID, e.Time = strconv.FormatInt(id, 10), fromMS(t)
	return e, err
}

// AppendAudit adds e to the log.
func (s *SQLite) AppendAudit(ctx context.Context, e AuditEntry) (AuditEntry, error) {
	if err := checkAudit(e); err != nil {
		return AuditEntry{}, err
	}
	e.Time = fromMS(ms(e.Time))
	res, err := s.write.ExecContext(ctx, `INSERT INTO audit_log
		(time, actor_id, actor_name, actor_role, action, target_id, target_name, room, reason, node, outcome)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ms(e.Time), e.Actor.ID, e.Actor.Name, e.Actor.Role,
		e.Action, e.Target.ID, e.Target.Name, e.Room, e.Reason, e.Node, string(e.Outcome))
	var id int64
	if err == nil {
		id, err = res.LastInsertId()
	}
	if err != nil {
		return AuditEntry{}, fmt.Errorf("append audit %s: %w", e.Action, err)
	}
	e.ID = strconv.FormatInt(id, 10)
	return e, nil
}

// Audit returns a page of the log.
func (s *SQLite) Audit(ctx context.Context, q AuditQuery) (AuditPage, error) {
	limit, err := q.limit()
	if err != nil {
		return AuditPage{}, err
	}
	var where []string
	var args []any
	if q.Cursor != "" {
		before, err := strconv.ParseInt(q.Cursor, 10, 64)
		if err != nil || before <= 0 {
			return AuditPage{}, fmt.Errorf("audit cursor %q: %w", q.Cursor, ErrInvalid)
		}
		where, args = append(where, "id < ?"), append(args, before)
	}
	if !q.Since.IsZero() {
		where, args = append(where, "time >= ?"), append(args, ms(q.Since))
	}
	if q.Actor != "" {
		where, args = append(where, "(actor_id = ? OR actor_name = ?)"), append(args, q.Actor, q.Actor)
	}
	if q.Target != "" {
		where, args = append(where, "(target_id = ? OR target_name = ?)"), append(args, q.Target, q.Target)
	}
	if q.Action != "" {
		where, args = append(where, "action = ?"), append(args, q.Action)
	}
	query := `SELECT ` + auditColumns + ` FROM audit_log`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	entries, err := queryAll(ctx, s, "read audit log", scanAudit, query+` ORDER BY id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return AuditPage{}, err
	}
	return page(entries, limit), nil
}

// page cuts entries, up to limit+1 of them, to a page whose Next is set when there were more.
func page(entries []AuditEntry, limit int) AuditPage {
	if len(entries) <= limit {
		return AuditPage{Entries: entries}
	}
	entries = entries[:limit]
	return AuditPage{Entries: entries, Next: entries[limit-1].ID}
}

// Revoked tokens.

// RevokeToken revokes token id until until.
func (s *SQLite) RevokeToken(ctx context.Context, id string, until time.Time) error {
	if err := checkRevoke(id, until); err != nil {
		return err
	}
	if _, err := s.write.ExecContext(ctx, `INSERT INTO revoked_tokens (id, until) VALUES (?, ?)
		ON CONFLICT (id) DO UPDATE SET until = MAX(until, excluded.until)`, id, ms(until)); err != nil {
		return fmt.Errorf("revoke token %s: %w", id, err)
	}
	return nil
}

// TokenRevoked reports whether token id is revoked at now.
func (s *SQLite) TokenRevoked(ctx context.Context, id string, now time.Time) (bool, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM revoked_tokens WHERE id = ? AND until > ?`,
		id, ms(now)).Scan(&n); err != nil {
		return false, fmt.Errorf("token %s revoked: %w", id, err)
	}
	return n > 0, nil
}

// Prune deletes mutes and revocations that ended by now. Bans stay: they are history.
func (s *SQLite) Prune(ctx context.Context, now time.Time) error {
	return s.inTx(ctx, "prune", func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM mutes WHERE expires_at IS NOT NULL AND expires_at <= ?`,
			`DELETE FROM revoked_tokens WHERE until <= ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, ms(now)); err != nil {
				return err
			}
		}
		return nil
	})
}
