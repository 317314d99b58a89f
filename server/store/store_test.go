package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embassy-project/embassy/internal/redistest"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/server/store/storetest"
)

func openT(t testing.TB, c store.Config) store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := store.Open(ctx, c)
	if err != nil {
		t.Fatalf("Open(%+v): %v", c, err)
	}
	return s
}

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openT(t, store.Config{DataDir: t.TempDir()}) })
}

// TestSQLiteTwoOpeners: two stores on one file (the server and a tool, say) write at once; the
// busy timeout makes each wait for the other's lock instead of failing.
func TestSQLiteTwoOpeners(t *testing.T) {
	dir := t.TempDir()
	a, b := openT(t, store.Config{DataDir: dir}), openT(t, store.Config{DataDir: dir})
	defer a.Close()
	defer b.Close()
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.AddBan(context.Background(), store.Ban{Name: fmt.Sprint("n", i), CreatedAt: now})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []store.Store{a, b} {
		if bans, err := s.ActiveBans(context.Background(), now); err != nil || len(bans) != 40 {
			t.Errorf("%d bans, %v; want 40", len(bans), err)
		}
	}
}

// prefixes gives each Redis test its own keys in one redis-server.
var prefixes atomic.Int64

func redisStores(srv *redistest.Server) func(t *testing.T) store.Store {
	return func(t *testing.T) store.Store {
		return openT(t, store.Config{RedisURL: srv.URL(), Prefix: fmt.Sprintf("test%d:", prefixes.Add(1))})
	}
}

func TestRedis(t *testing.T) {
	storetest.Run(t, redisStores(redistest.Start(t)))
}

func TestSQLitePersistence(t *testing.T) {
	dir := t.TempDir()
	storetest.RunPersistence(t, func(t *testing.T) store.Store { return openT(t, store.Config{DataDir: dir}) }, nil)
}

// TestRedisPersistence restarts redis-server between writing and reading: with appendonly yes the
// store finds everything again, after a clean shutdown and after SIGKILL (with appendfsync always,
// so every acknowledged write is on disk).
func TestRedisPersistence(t *testing.T) {
	open := func(srv *redistest.Server) func(t *testing.T) store.Store {
		return func(t *testing.T) store.Store { return openT(t, store.Config{RedisURL: srv.URL()}) }
	}
	t.Run("SIGTERM", func(t *testing.T) {
		srv := redistest.Start(t, "--appendonly", "yes")
		storetest.RunPersistence(t, open(srv), func(*testing.T) { srv.Restart() })
	})
	t.Run("SIGKILL", func(t *testing.T) {
		srv := redistest.Start(t, "--appendonly", "yes", "--appendfsync", "always")
		storetest.RunPersistence(t, open(srv), func(*testing.T) { srv.Kill(); srv.Restart() })
	})
}

// TestRedisWithoutPersistenceForgets shows why the server must warn: a Redis without persistence
// loses the bans when it restarts, and Durability says so beforehand.
func TestRedisWithoutPersistenceForgets(t *testing.T) {
	ctx := context.Background()
	srv := redistest.Start(t) // --save "" --appendonly no
	s := openT(t, store.Config{RedisURL: srv.URL()})
	defer s.Close()
	d, err := s.(*store.Redis).Durability(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d.Durable() {
		t.Errorf("Durability of a Redis without persistence: %+v", d)
	}
	now := time.Now()
	if _, err := s.AddBan(ctx, store.Ban{Name: "eve", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	srv.Restart()
	if _, ok, err := s.Banned(ctx, store.Subject{Name: "eve"}, now); err != nil || ok {
		t.Errorf("after a restart without persistence: banned %v, %v (expected forgotten)", ok, err)
	}

	durable := redistest.Start(t, "--appendonly", "yes")
	s2 := openT(t, store.Config{RedisURL: durable.URL()})
	defer s2.Close()
	if d, err := s2.(*store.Redis).Durability(ctx); err != nil || !d.AppendOnly || !d.Durable() {
		t.Errorf("Durability with appendonly yes: %+v, %v", d, err)
	}
}

func TestOpenChooses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "nested")
	s := openT(t, store.Config{DataDir: dir})
	if s.Kind() != "sqlite" {
		t.Errorf("DataDir only: kind %s", s.Kind())
	}
	_ = s.Close()
	if _, err := os.Stat(filepath.Join(dir, store.SQLiteFile)); err != nil {
		t.Errorf("no database file in the data directory: %v", err)
	}
	srv := redistest.Start(t)
	s = openT(t, store.Config{DataDir: dir, RedisURL: srv.URL()})
	if s.Kind() != "redis" {
		t.Errorf("DataDir and RedisURL: kind %s", s.Kind())
	}
	_ = s.Close()
	if _, err := store.Open(context.Background(), store.Config{}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("empty config: %v, want ErrInvalid", err)
	}
	_, err := store.Open(context.Background(), store.Config{RedisURL: "redis://user:hunter2@127.0.0.1:1/0"})
	if err == nil {
		t.Fatal("Open of an unreachable Redis succeeded")
	}
	if msg := err.Error(); strings.Contains(msg, "hunter2") {
		t.Errorf("error shows the password: %s", msg)
	}
}

// The ban check runs on every join: these are its figures with 1,000 bans stored.
func BenchmarkBannedSQLite(b *testing.B) {
	storetest.BenchmarkBanned(b, openT(b, store.Config{DataDir: b.TempDir()}), 1000)
}

func BenchmarkBannedRedis(b *testing.B) {
	srv := redistest.Start(b)
	storetest.BenchmarkBanned(b, openT(b, store.Config{RedisURL: srv.URL()}), 1000)
}

// The event check runs on every join into a room: these are its figures with 1,000 past events in
// the room.
func BenchmarkEventAtSQLite(b *testing.B) {
	storetest.BenchmarkEventAt(b, openT(b, store.Config{DataDir: b.TempDir()}), 1000)
}

func BenchmarkEventAtRedis(b *testing.B) {
	srv := redistest.Start(b)
	storetest.BenchmarkEventAt(b, openT(b, store.Config{RedisURL: srv.URL()}), 1000)
}
