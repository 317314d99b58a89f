package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/embassy-project/embassy/internal/redistest"
)

// TestSQLiteUpgradesOldDatabase opens a database created at each earlier migration, as an older
// server left it, with the current server: the missing migrations are applied, the data is still
// there, and what the new migrations add works (revoked tokens from 2, events from 4).
func TestSQLiteUpgradesOldDatabase(t *testing.T) {
	for version := 1; version < len(sqliteMigrations); version++ {
		t.Run(fmt.Sprintf("from%d", version), func(t *testing.T) { testUpgradeFrom(t, version) })
	}
}

func testUpgradeFrom(t *testing.T, version int) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), SQLiteFile)
	old, err := openSQLite(ctx, path, sqliteMigrations[:version])
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	ban, err := old.AddBan(ctx, Ban{Name: "eve", Reason: "old", CreatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	muted := version >= 3 // audience_muted came with migration 3
	if muted {
		if _, err := old.UpdateRoomSettings(ctx, "hall", RoomPatch{AudienceMuted: ptrTo(true), Capacity: ptrTo(9)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := old.write.ExecContext(ctx, `SELECT 1 FROM events`); err == nil {
		t.Fatalf("a migration-%d database already has events", version)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatalf("open the old database: %v", err)
	}
	defer s.Close()
	rows, err := s.read.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	versions, err := scanAll(rows, func(r rowScanner) (int, error) { var v int; return v, r.Scan(&v) })
	if err != nil {
		t.Fatal(err)
	}
	if len(versions) != len(sqliteMigrations) || versions[len(versions)-1] != len(sqliteMigrations) {
		t.Errorf("schema_migrations after upgrade: %v, want 1..%d", versions, len(sqliteMigrations))
	}
	if b, ok, err := s.Banned(ctx, Subject{Name: "eve"}, t0); err != nil || !ok || b.ID != ban.ID {
		t.Errorf("the old ban after upgrade: %+v, %v, %v", b, ok, err)
	}
	want := RoomSettings{}
	if muted {
		want = RoomSettings{AudienceMuted: true, Capacity: 9}
	}
	if rs, err := s.RoomSettings(ctx, "hall"); err != nil || rs != want {
		t.Errorf("the old room settings after upgrade: %+v, %v", rs, err)
	}
	if err := s.RevokeToken(ctx, "tok", t0.Add(time.Hour)); err != nil {
		t.Errorf("migration 2's table after upgrade: %v", err)
	}
	checkEventsWork(t, s, t0)
	var mode string
	if err := s.read.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q, %v; want wal", mode, err)
	}
}

// checkEventsWork creates an event with a record and a voted question in s and finds it running.
func checkEventsWork(t *testing.T, s Store, t0 time.Time) {
	t.Helper()
	ctx := context.Background()
	e, err := s.CreateEvent(ctx, Event{Title: "After the upgrade", Room: "hall", Starts: t0, Ends: t0.Add(time.Hour), CreatedAt: t0})
	if err != nil {
		t.Fatalf("migration 4's events after upgrade: %v", err)
	}
	if got, ok, err := s.EventAt(ctx, "hall", t0); err != nil || !ok || got.ID != e.ID {
		t.Errorf("EventAt after upgrade: %+v, %v, %v", got, ok, err)
	}
	if _, err := s.AppendRecord(ctx, RecordEntry{EventID: e.ID, Time: t0, Kind: RecordChat, Text: "hello"}); err != nil {
		t.Errorf("the record after upgrade: %v", err)
	}
	q, err := s.AddQuestion(ctx, Question{EventID: e.ID, Text: "Why?", CreatedAt: t0})
	if err == nil {
		_, err = s.VoteQuestion(ctx, q.ID, "u1")
	}
	if err != nil {
		t.Errorf("questions after upgrade: %v", err)
	}
}

func ptrTo[T any](v T) *T { return &v }

// TestSchemaTooNew: a database or Redis written by a newer server is refused, not misread.
func TestSchemaTooNew(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), SQLiteFile)
	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.write.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)`); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	if _, err := OpenSQLite(ctx, path); !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("sqlite from the future: %v, want ErrSchemaTooNew", err)
	}

	srv := redistest.Start(t)
	r, err := OpenRedis(ctx, srv.URL(), "x:")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.rdb.Set(ctx, "x:store:schema", 99, 0).Err(); err != nil {
		t.Fatal(err)
	}
	_ = r.Close()
	if _, err := OpenRedis(ctx, srv.URL(), "x:"); !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("redis from the future: %v, want ErrSchemaTooNew", err)
	}
}
