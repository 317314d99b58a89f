package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/embassy-project/embassy/internal/redistest"
)

// TestSQLiteUpgradesOldDatabase opens a database created at migration 1, as an older server left
// it, with the current server: the missing migrations are applied and the data is still there.
func TestSQLiteUpgradesOldDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), SQLiteFile)
	old, err := openSQLite(ctx, path, sqliteMigrations[:1])
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	ban, err := old.AddBan(ctx, Ban{Name: "eve", Reason: "old", CreatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.write.ExecContext(ctx, `SELECT 1 FROM revoked_tokens`); err == nil {
		t.Fatal("a migration-1 database already has revoked_tokens")
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
	if err := s.RevokeToken(ctx, "tok", t0.Add(time.Hour)); err != nil {
		t.Errorf("migration 2's table after upgrade: %v", err)
	}
	var mode string
	if err := s.read.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q, %v; want wal", mode, err)
	}
}

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
