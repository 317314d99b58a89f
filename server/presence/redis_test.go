package presence_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embassy-project/embassy/internal/redistest"
	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/server/presence/presencetest"
)

// Short keys lifetimes so that expiry tests take about a second.
const (
	testTTL      = time.Second
	testInterval = 200 * time.Millisecond
)

// quietLog discards logs unless EMBASSY_TEST_LOG is set.
func quietLog() *slog.Logger {
	if os.Getenv("EMBASSY_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func newRedis(t *testing.T, url, node string, opts ...presence.RedisOption) *presence.Redis {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := presence.NewRedis(ctx, url, node, quietLog(), opts...)
	if err != nil {
		t.Fatalf("NewRedis(%s): %v", node, err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

// run runs r's heartbeat loop until the test ends or the returned stop is called.
func run(t *testing.T, r *presence.Redis) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run(%s): %v", r.Node(), err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// eventually fails the test if cond does not hold within 10 s, polling it.
func eventually(t *testing.T, what string, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not true after 10s: %v", what, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func bg(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func user(id, name string) presence.Entry {
	return presence.Entry{UserID: id, Name: name, Role: "visitor", Room: "hall", Since: time.Now()}
}

// names is who List shows, as "name@node/room".
func names(s presence.Store) (string, error) {
	l, err := s.List(context.Background())
	if err != nil {
		return "", err
	}
	var out []string
	for _, e := range l {
		out = append(out, e.Name+"@"+e.Node+"/"+e.Room)
	}
	return strings.Join(out, " "), nil
}

func listIs(s presence.Store, want string) func() error {
	return func() error {
		got, err := names(s)
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("List is %q, want %q", got, want)
		}
		return nil
	}
}

func TestRedisStore(t *testing.T) {
	presencetest.Run(t, func(t *testing.T) presence.Store {
		return newRedis(t, redistest.Start(t).URL(), "node-a")
	})
}

func TestRedisNodesSeeEachOther(t *testing.T) {
	srv := redistest.Start(t)
	a := newRedis(t, srv.URL(), "node-a", presence.WithAddress("10.0.0.1:8080"))
	b := newRedis(t, srv.URL(), "node-b", presence.WithAddress("10.0.0.2:8080"))
	if err := a.Add(bg(t), user("u1", "Ada")); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(bg(t), user("u2", "Bob")); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*presence.Redis{a, b} {
		if err := listIs(s, "Ada@node-a/hall Bob@node-b/hall")(); err != nil {
			t.Fatalf("from %s: %v", s.Node(), err)
		}
	}
	if err := b.Add(bg(t), user("u3", "ADA")); !errors.Is(err, presence.ErrNameTaken) {
		t.Fatalf("node-b takes node-a's name: err %v, want ErrNameTaken", err)
	}
	e, err := a.ByName(bg(t), "bob")
	if err != nil || e.Node != "node-b" || e.UserID != "u2" {
		t.Fatalf("ByName(bob) from node-a = %+v, %v", e, err)
	}
	if err := a.SetRoom(bg(t), "u2", "library"); err != nil { // e.g. a moderator on node-a moves Bob
		t.Fatalf("SetRoom of a user on another node: %v", err)
	}
	if err := a.Add(bg(t), presence.Entry{UserID: "u4", Name: "Eve", Node: "node-b"}); err == nil {
		t.Fatal("node-a added a user for node-b")
	}
	nodes, err := a.Nodes(bg(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 2 || nodes[0].ID != "node-a" || nodes[1].ID != "node-b" ||
		nodes[0].Addr != "10.0.0.1:8080" || nodes[1].Users != 1 || nodes[0].Heartbeat.IsZero() {
		t.Fatalf("Nodes = %+v", nodes)
	}
}

func TestRedisStoppedNodeExpires(t *testing.T) {
	srv := redistest.Start(t)
	a := newRedis(t, srv.URL(), "node-a", presence.WithTTL(testTTL, testInterval))
	b := newRedis(t, srv.URL(), "node-b", presence.WithTTL(testTTL, testInterval))
	run(t, a)
	stopB := run(t, b)
	if err := a.Add(bg(t), user("u1", "Ada")); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(bg(t), user("u2", "Bob")); err != nil {
		t.Fatal(err)
	}
	// Several TTLs pass: the heartbeats keep both alive.
	time.Sleep(2 * testTTL)
	if err := listIs(a, "Ada@node-a/hall Bob@node-b/hall")(); err != nil {
		t.Fatalf("with both nodes beating: %v", err)
	}
	stopB() // node-b dies without a word, as with kill -9
	eventually(t, "node-b's users expire", listIs(a, "Ada@node-a/hall"))
	eventually(t, "node-b leaves the node list", func() error {
		nodes, err := a.Nodes(bg(t))
		if err != nil {
			return err
		}
		if len(nodes) != 1 || nodes[0].ID != "node-a" {
			return fmt.Errorf("Nodes = %+v", nodes)
		}
		return nil
	})
	if err := a.Add(bg(t), user("u3", "bob")); err != nil {
		t.Fatalf("node-b's name was not freed: %v", err)
	}
}

func TestRedisRestartLosesNothing(t *testing.T) {
	srv := redistest.Start(t)
	var mu sync.Mutex
	var states []bool
	hook := presence.WithStateHook(func(up bool) { mu.Lock(); states = append(states, up); mu.Unlock() })
	a := newRedis(t, srv.URL(), "node-a", presence.WithTTL(testTTL, testInterval), presence.WithBatch(2), hook)
	b := newRedis(t, srv.URL(), "node-b", presence.WithTTL(testTTL, testInterval))
	run(t, a)
	run(t, b)
	for i, name := range []string{"Ada", "Bob", "Cy", "Di", "Ed"} {
		if err := a.Add(bg(t), user(fmt.Sprint("a", i), name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Add(bg(t), user("b1", "Flo")); err != nil {
		t.Fatal(err)
	}

	srv.Stop()
	eventually(t, "outage noticed", func() error {
		if a.Healthy() || a.LastError() == nil {
			return errors.New("still healthy")
		}
		return nil
	})
	if err := a.Add(bg(t), user("a9", "Gus")); err == nil {
		t.Fatal("Add succeeded with Redis down")
	}
	// Changes made during the outage are kept locally and published on return.
	if err := a.SetRoom(bg(t), "a1", "library"); err == nil {
		t.Fatal("SetRoom succeeded with Redis down")
	}
	if err := a.Remove(bg(t), "a4"); err == nil {
		t.Fatal("Remove succeeded with Redis down")
	}

	srv.Restart() // empty: no persistence
	want := "Ada@node-a/hall Bob@node-a/library Cy@node-a/hall Di@node-a/hall Flo@node-b/hall"
	eventually(t, "users re-registered", listIs(a, want))
	eventually(t, "healthy again", func() error {
		if !a.Healthy() || a.LastError() != nil {
			return fmt.Errorf("healthy %v, last error %v", a.Healthy(), a.LastError())
		}
		return nil
	})
	if _, err := b.ByName(bg(t), "BOB"); err != nil {
		t.Fatalf("name claim not re-registered: %v", err)
	}
	if err := b.Add(bg(t), user("b2", "cy")); !errors.Is(err, presence.ErrNameTaken) {
		t.Fatalf("re-registered name is not claimed: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(states) != "[false true]" {
		t.Fatalf("state hook calls %v, want [false true]", states)
	}
}

func TestRedisDeregister(t *testing.T) {
	srv := redistest.Start(t)
	a := newRedis(t, srv.URL(), "node-a")
	b := newRedis(t, srv.URL(), "node-b")
	for _, e := range []presence.Entry{user("a1", "Ada"), user("a2", "Bob")} {
		if err := a.Add(bg(t), e); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Add(bg(t), user("b1", "Cy")); err != nil {
		t.Fatal(err)
	}
	if err := a.Deregister(bg(t)); err != nil {
		t.Fatal(err)
	}
	if err := listIs(b, "Cy@node-b/hall")(); err != nil {
		t.Fatal(err)
	}
	nodes, err := b.Nodes(bg(t))
	if err != nil || len(nodes) != 1 || nodes[0].ID != "node-b" {
		t.Fatalf("Nodes after node-a deregistered = %+v, %v", nodes, err)
	}
	if err := b.Add(bg(t), user("b2", "ada")); err != nil {
		t.Fatalf("name of a deregistered user: %v", err)
	}
}

func TestRedisWriter(t *testing.T) {
	r := newRedis(t, redistest.Start(t).URL(), "node-a")
	if err := r.Add(bg(t), user("u1", "Ada")); err != nil {
		t.Fatal(err)
	}
	w := presence.NewWriter(r, quietLog(), nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	defer func() { cancel(); <-done }()
	for _, room := range []string{"garden", "library", "terrace"} {
		w.SetRoom("u1", room)
	}
	w.SetRoom("ghost", "hall") // not online: dropped with a debug log, nothing created
	eventually(t, "writer applied the last room", listIs(r, "Ada@node-a/terrace"))
}

func TestRedisBadURLs(t *testing.T) {
	ctx := bg(t)
	for _, url := range []string{
		"http://user:s3cret@localhost:6379",      // wrong scheme
		"redis://user:s3cret@localhost:bad/0",    // bad port
		"redis://user:s3cret@127.0.0.1:1/0",      // nothing listening
		"redis://user:s3cret@127.0.0.1:6379/x/y", // bad path
	} {
		_, err := presence.NewRedis(ctx, url, "node-a", quietLog())
		if err == nil {
			t.Fatalf("NewRedis(%s) succeeded", presence.RedactURL(url))
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Fatalf("error leaks the password: %v", err)
		}
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"redis://localhost:6379/0":              "redis://localhost:6379/0",
		"redis://:s3cret@localhost:6379/0":      "redis://:xxxxx@localhost:6379/0",
		"rediss://embassy:s3cret@redis.example": "rediss://embassy:xxxxx@redis.example",
		"redis://user:s3cret@host:bad/0":        "<unparseable redis url>",
	} {
		if got := presence.RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedisPassword(t *testing.T) {
	srv := redistest.Start(t, "--requirepass", "s3cret")
	url := strings.Replace(srv.URL(), "redis://", "redis://:s3cret@", 1)
	r := newRedis(t, url, "node-a")
	if err := r.Add(bg(t), user("u1", "Ada")); err != nil {
		t.Fatal(err)
	}
	wrong := strings.Replace(srv.URL(), "redis://", "redis://:wr0ng@", 1)
	_, err := presence.NewRedis(bg(t), wrong, "node-b", quietLog())
	if err == nil {
		t.Fatal("NewRedis with a wrong password succeeded")
	}
	if strings.Contains(err.Error(), "wr0ng") {
		t.Fatalf("error leaks the password: %v", err)
	}
}
