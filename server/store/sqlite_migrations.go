package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migration is one numbered step of the SQLite schema. Steps are never edited once released: a
// change is a new step at the end.
type migration struct {
	version int
	name    string
	sql     string
}

// sqliteMigrations is the schema, in order; version i+1 is at index i. Times are Unix
// milliseconds; NULL means "not set" (a ban for good, a ban not lifted, a report not handled). A
// ban key that is not set is NULL, so that it never equals a Subject's empty field.
var sqliteMigrations = []migration{
	{1, "moderation: bans, mutes, room settings, reports, audit log", `
CREATE TABLE bans (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id        TEXT,
	name           TEXT,
	device_key     TEXT,
	reason         TEXT NOT NULL,
	by_id          TEXT NOT NULL,
	by_name        TEXT NOT NULL,
	by_role        TEXT NOT NULL,
	created_at     INTEGER NOT NULL,
	expires_at     INTEGER,
	lifted_by_id   TEXT,
	lifted_by_name TEXT,
	lifted_by_role TEXT,
	lifted_at      INTEGER
);
CREATE INDEX bans_user_id ON bans (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX bans_name ON bans (name) WHERE name IS NOT NULL;
CREATE INDEX bans_device_key ON bans (device_key) WHERE device_key IS NOT NULL;
CREATE INDEX bans_active ON bans (expires_at) WHERE lifted_at IS NULL;

CREATE TABLE mutes (
	user_id    TEXT NOT NULL,
	kind       TEXT NOT NULL,
	reason     TEXT NOT NULL,
	by_id      TEXT NOT NULL,
	by_name    TEXT NOT NULL,
	by_role    TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER,
	PRIMARY KEY (user_id, kind)
) WITHOUT ROWID;

CREATE TABLE room_settings (
	room_id           TEXT PRIMARY KEY,
	locked            INTEGER NOT NULL DEFAULT 0,
	capacity          INTEGER NOT NULL DEFAULT 0,
	slow_mode_seconds INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE reports (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	reporter_id      TEXT NOT NULL,
	reporter_name    TEXT NOT NULL,
	reporter_role    TEXT NOT NULL,
	target_id        TEXT NOT NULL,
	target_name      TEXT NOT NULL,
	room             TEXT NOT NULL,
	reason           TEXT NOT NULL,
	lines            TEXT NOT NULL, -- JSON array of strings
	created_at       INTEGER NOT NULL,
	handled_by_id    TEXT,
	handled_by_name  TEXT,
	handled_by_role  TEXT,
	handled_at       INTEGER,
	note             TEXT
);
CREATE INDEX reports_open ON reports (id) WHERE handled_at IS NULL;

CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	time        INTEGER NOT NULL,
	actor_id    TEXT NOT NULL,
	actor_name  TEXT NOT NULL,
	actor_role  TEXT NOT NULL,
	action      TEXT NOT NULL,
	target_id   TEXT NOT NULL,
	target_name TEXT NOT NULL,
	room        TEXT NOT NULL,
	reason      TEXT NOT NULL,
	node        TEXT NOT NULL,
	outcome     TEXT NOT NULL
);
CREATE INDEX audit_actor_id ON audit_log (actor_id);
CREATE INDEX audit_actor_name ON audit_log (actor_name);
CREATE INDEX audit_target_id ON audit_log (target_id);
CREATE INDEX audit_target_name ON audit_log (target_name);
CREATE INDEX audit_action ON audit_log (action);
`},
	{2, "identity: revoked token ids", `
CREATE TABLE revoked_tokens (
	id    TEXT PRIMARY KEY,
	until INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX revoked_tokens_until ON revoked_tokens (until);
`},
	{3, "moderation: mute everyone but the stage", `
ALTER TABLE room_settings ADD COLUMN audience_muted INTEGER NOT NULL DEFAULT 0;
`},
	{4, "events: receptions, briefings, ceremonies; their record and questions", `
CREATE TABLE events (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	title             TEXT NOT NULL,
	description       TEXT NOT NULL,
	room              TEXT NOT NULL,
	starts            INTEGER NOT NULL,
	ends              INTEGER NOT NULL,
	hosts             TEXT NOT NULL, -- JSON array of names
	invite_only       INTEGER NOT NULL,
	guests            TEXT NOT NULL, -- JSON array of names
	capacity          INTEGER NOT NULL,
	public_record     INTEGER NOT NULL,
	agenda            TEXT NOT NULL, -- JSON array of items
	created_by_id     TEXT NOT NULL,
	created_by_name   TEXT NOT NULL,
	created_by_role   TEXT NOT NULL,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL,
	cancelled_by_id   TEXT,
	cancelled_by_name TEXT,
	cancelled_by_role TEXT,
	cancelled_at      INTEGER
);
-- By end, not start: "what runs now" and "what is coming" read only the events not over yet,
-- however many a room has held.
CREATE INDEX events_room ON events (room, ends, starts) WHERE cancelled_at IS NULL;
CREATE INDEX events_ends ON events (ends, starts) WHERE cancelled_at IS NULL;

CREATE TABLE event_record (
	event_id INTEGER NOT NULL REFERENCES events (id),
	seq      INTEGER NOT NULL,
	time     INTEGER NOT NULL,
	kind     TEXT NOT NULL,
	who      TEXT NOT NULL,
	text     TEXT NOT NULL,
	PRIMARY KEY (event_id, seq)
) WITHOUT ROWID;

CREATE TABLE questions (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id         INTEGER NOT NULL REFERENCES events (id),
	asker_id         TEXT NOT NULL,
	asker_name       TEXT NOT NULL,
	asker_role       TEXT NOT NULL,
	text             TEXT NOT NULL,
	created_at       INTEGER NOT NULL,
	votes            INTEGER NOT NULL DEFAULT 0, -- the rows of question_votes, kept with them
	answered_by_id   TEXT,
	answered_by_name TEXT,
	answered_by_role TEXT,
	answered_at      INTEGER
);
CREATE INDEX questions_event ON questions (event_id);

CREATE TABLE question_votes (
	question_id INTEGER NOT NULL REFERENCES questions (id),
	voter_id    TEXT NOT NULL,
	PRIMARY KEY (question_id, voter_id)
) WITHOUT ROWID;
`},
}

// migrate brings the database up to the last of migrations in one transaction, recording each
// step in schema_migrations. The write connection begins transactions IMMEDIATE, so two processes
// opening the same new file apply the steps once. It refuses a database newer than migrations.
func migrate(ctx context.Context, db *sql.DB, migrations []migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin migration: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at INTEGER NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(migrations) {
		return fmt.Errorf("database at migration %d, this server knows %d: %w", current, len(migrations), ErrSchemaTooNew)
	}
	for _, m := range migrations[current:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, time.Now().UnixMilli()); err != nil {
			return fmt.Errorf("record migration %d: %w", m.version, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migrations: %w", err)
	}
	return nil
}
