package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/internal/redistest"
	"github.com/embassy-project/embassy/server/httpapi"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/names"
)

// serverStore is a data directory whose SQLite store a server made, and that store, held open
// as a running server holds it while the operator works.
func serverStore(t *testing.T) (dataDir string, st store.Store) {
	t.Helper()
	dataDir = filepath.Join(t.TempDir(), "data")
	st, err := store.Open(context.Background(), store.Config{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return dataDir, st
}

// ctl runs embassyctl in-process and fails the test unless it exits 0.
func ctl(t *testing.T, vars map[string]string, args ...string) string {
	t.Helper()
	code, out, errs := runWith(vars, args...)
	if code != 0 {
		t.Fatalf("embassyctl %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

func banned(t *testing.T, st store.Store, s store.Subject) (store.Ban, bool) {
	t.Helper()
	b, ok, err := st.Banned(context.Background(), s, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return b, ok
}

// TestModerationSQLite plays an operator's session against the SQLite file of a running server:
// ban by name and by device, list, lift, revoke a token, and read it all back in the audit log.
func TestModerationSQLite(t *testing.T) {
	dir, st := serverStore(t)
	ctx := context.Background()
	data := []string{"-data", dir}

	start := time.Now()
	out := ctl(t, nil, append([]string{"ban", "-name", "  Ａda   Lovelace ", "-for", "1h", "-reason", "spam in the hall", "-by", "Olga"}, data...)...)
	norm, err := names.Normalize("  Ａda   Lovelace ")
	if err != nil || norm != "Ada Lovelace" {
		t.Fatalf("Normalize: %q %v", norm, err)
	}
	b, ok := banned(t, st, store.Subject{Name: names.CompareKey(norm)})
	if !ok {
		t.Fatalf("no ban on %q after embassyctl ban (it said %q)", norm, out)
	}
	if !strings.Contains(out, "ban 1 ") || !strings.Contains(out, "until "+when(b.ExpiresAt)) {
		t.Errorf("ban printed %q; want its id and end %s", out, when(b.ExpiresAt))
	}
	if d := b.ExpiresAt.Sub(start); d < time.Hour-time.Second || d > time.Hour+5*time.Second {
		t.Errorf("ban ends %v after the command started; want 1h", d)
	}
	if b.Reason != "spam in the hall" || b.By != (store.Actor{Name: "Olga", Role: "admin"}) {
		t.Errorf("ban %+v", b)
	}
	if _, ok := banned(t, st, store.Subject{Name: names.CompareKey("Ada")}); ok {
		t.Error("a ban on Ada Lovelace holds against Ada")
	}

	key := strings.Repeat("ab", 32)
	out = ctl(t, map[string]string{"USER": "olga"}, append([]string{"ban", "-device-key", key, "-reason", "threats"}, data...)...)
	if b, ok := banned(t, st, store.Subject{Name: "Someone Else", DeviceKey: key}); !ok || !b.ExpiresAt.IsZero() || b.By.Name != "olga" {
		t.Errorf("device ban: %+v %v (printed %q)", b, ok, out)
	} else if !strings.Contains(out, "for good") {
		t.Errorf("device ban printed %q; want for good", out)
	}

	table := ctl(t, nil, append([]string{"bans"}, data...)...)
	if lines := strings.Split(strings.TrimSpace(table), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") ||
		!strings.Contains(lines[1], `name "ada lovelace"`) || !strings.Contains(lines[2], "for good") {
		t.Errorf("bans table:\n%s", table)
	}
	var list []banJSON
	if err := json.Unmarshal([]byte(ctl(t, nil, append([]string{"bans", "-json"}, data...)...)), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "ada lovelace" || list[0].Expires == nil || list[1].DeviceKey != key || list[1].Expires != nil {
		t.Errorf("bans -json: %+v", list)
	}

	ctl(t, nil, append([]string{"unban", "-id", "1", "-by", "Olga", "-reason", "apologised"}, data...)...)
	if b, ok := banned(t, st, store.Subject{Name: names.CompareKey(norm)}); ok {
		t.Errorf("still banned after unban: %+v", b)
	}
	hist, err := st.BanHistory(ctx, store.Subject{Name: names.CompareKey(norm)})
	if err != nil || len(hist) != 1 || hist[0].LiftedAt.IsZero() || hist[0].LiftedBy.Name != "Olga" {
		t.Errorf("history after unban: %+v %v", hist, err)
	}
	if out := ctl(t, nil, append([]string{"bans"}, data...)...); strings.Contains(out, "Ada") || !strings.Contains(out, "device "+key[:12]+"…") {
		t.Errorf("bans after unban:\n%s", out)
	}

	ctl(t, nil, append([]string{"revoke", "-token-id", "tok-123", "-by", "Olga"}, data...)...)
	for _, c := range []struct {
		at   time.Time
		want bool
	}{{time.Now(), true}, {time.Now().Add(identity.MaxTTL - time.Minute), true}, {time.Now().Add(identity.MaxTTL + time.Minute), false}} {
		if got, err := st.TokenRevoked(ctx, "tok-123", c.at); err != nil || got != c.want {
			t.Errorf("TokenRevoked at %v: %v %v; want %v", c.at, got, err, c.want)
		}
	}
	ctl(t, nil, append([]string{"revoke", "-token-id", "tok-456", "-until", "2h"}, data...)...)
	if got, _ := st.TokenRevoked(ctx, "tok-456", time.Now().Add(3*time.Hour)); got {
		t.Error("-until 2h still refuses the token after 3h")
	}

	var entries []httpapi.AuditEntryJSON
	if err := json.Unmarshal([]byte(ctl(t, nil, append([]string{"audit", "-json"}, data...)...)), &entries); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for i, a := range entries {
		actions = append(actions, a.Action)
		if a.Role != "admin" || a.Node != "embassyctl" || a.Outcome != "done" {
			t.Errorf("entry %+v", a)
		}
		if i > 0 && a.Time.After(entries[i-1].Time) {
			t.Errorf("entry %d is newer than the one before it", i)
		}
	}
	if got := strings.Join(actions, " "); got != "revoke revoke unban ban ban" {
		t.Errorf("audit actions %q; want newest first: revoke revoke unban ban ban", got)
	}
	if entries[4].Target != "ada lovelace" || entries[4].Actor != "Olga" || !strings.Contains(entries[4].Reason, "spam in the hall") ||
		entries[3].TargetID != "device:"+key || entries[2].Target != "ada lovelace" || entries[0].TargetID != "tok-456" {
		t.Errorf("audit entries %+v", entries)
	}
	if out := ctl(t, nil, append([]string{"audit", "-action", "ban", "-actor", "olga"}, data...)...); strings.Count(out, "\n") != 2 || !strings.Contains(out, "threats") {
		t.Errorf("audit -action ban -actor olga:\n%s", out)
	}
	if out := ctl(t, nil, append([]string{"audit", "-since", "2000-01-01T00:00:00Z", "-target", "ada lovelace"}, data...)...); strings.Count(out, "\n") != 3 {
		t.Errorf("audit -target:\n%s", out)
	}
}

func TestModerationRefuses(t *testing.T) {
	dir, st := serverStore(t)
	if _, err := st.AddBan(context.Background(), store.Ban{Name: "Bo", Reason: "x", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	ctl(t, nil, "unban", "-id", "1", "-by", "Olga", "-data", dir)
	empty := filepath.Join(t.TempDir(), "typo")
	expectRefusals(t, []cliRefusal{
		{"ban nobody", nil, []string{"ban", "-reason", "x"}, 2, "say whom to ban"},
		{"ban without reason", nil, []string{"ban", "-name", "Bo"}, 2, "-reason is required"},
		{"ban bad name", nil, []string{"ban", "-name", "Bo\u202e", "-reason", "x"}, 2, "U+202E"},
		{"ban bad user id", nil, []string{"ban", "-user-id", "a b", "-reason", "x"}, 2, "-user-id"},
		{"ban negative time", nil, []string{"ban", "-name", "Bo", "-for", "-1h", "-reason", "x"}, 2, "-for -1h0m0s"},
		{"unban without id", nil, []string{"unban"}, 2, "-id is required"},
		{"unban unknown", nil, []string{"unban", "-id", "9", "-data", dir}, 1, "there is no ban 9"},
		{"unban twice", nil, []string{"unban", "-id", "1", "-data", dir}, 1, "ban 1 was already lifted, by Olga at"},
		{"revoke without id", nil, []string{"revoke"}, 2, "-token-id is required"},
		{"revoke until past", nil, []string{"revoke", "-token-id", "t", "-until", "2000-01-01T00:00:00Z"}, 2, "not in the future"},
		{"revoke bad until", nil, []string{"revoke", "-token-id", "t", "-until", "tomorrow"}, 2, "neither a duration"},
		{"audit bad limit", nil, []string{"audit", "-limit", "0"}, 2, "-limit 0"},
		{"audit bad since", nil, []string{"audit", "-since", "-2h"}, 2, "without a sign"},
		{"no store there", nil, []string{"bans", "-data", empty}, 1, "no store at " + filepath.Join(empty, "embassy.db")},
		{"password on the command line", nil, []string{"bans", "-redis", "redis://:pw@127.0.0.1:1/0"}, 2, "must not carry a password"},
	})
	if _, err := os.Stat(empty); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a mistyped -data made %s", empty)
	}
	if code, _, errs := runWith(nil, "ban", "-h"); code != 0 || !strings.Contains(errs, "next connection") {
		t.Errorf("ban -h: exit %d, %q", code, errs)
	}
}

// TestRedisURLRule checks the mirror of embassy-server's rule: a password only from the
// environment or a file, the file first.
func TestRedisURLRule(t *testing.T) {
	file := filepath.Join(t.TempDir(), "redis-url")
	if err := os.WriteFile(file, []byte("redis://:fromfile@db:6379/0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		vars    map[string]string
		args    []string
		want    string
		refused bool
	}{
		{"none", nil, nil, "", false},
		{"no password on the command line", nil, []string{"-redis", "redis://db:6379/0"}, "redis://db:6379/0", false},
		{"user without password", nil, []string{"-redis", "redis://ops@db:6379/0"}, "redis://ops@db:6379/0", false},
		{"password on the command line", nil, []string{"-redis", "redis://ops:pw@db:6379/0"}, "", true},
		{"empty password on the command line", nil, []string{"-redis", "redis://ops:@db:6379/0"}, "", true},
		{"password from the environment", map[string]string{"EMBASSY_REDIS": "redis://:pw@db/0"}, nil, "redis://:pw@db/0", false},
		{"file", nil, []string{"-redis-file", file}, "redis://:fromfile@db:6379/0", false},
		{"file wins", map[string]string{"EMBASSY_REDIS": "redis://other/0"}, []string{"-redis-file", file}, "redis://:fromfile@db:6379/0", false},
		{"file from the environment", map[string]string{"EMBASSY_REDIS_FILE": file}, nil, "redis://:fromfile@db:6379/0", false},
	} {
		e := &env{Getenv: func(k string) string { return c.vars[k] }}
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		var sf storeFlags
		sf.register(fs, e)
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		got, err := sf.redisURL(fs)
		var ue usageError
		if c.refused != errors.As(err, &ue) || (!c.refused && (err != nil || got != c.want)) {
			t.Errorf("%s: %q, %v; want %q, refused %v", c.name, got, err, c.want, c.refused)
		}
	}
}

// TestModerationRedis bans through a real redis-server, as a cluster's operator would, and finds
// the ban where every node looks; a password comes from the environment or a file.
func TestModerationRedis(t *testing.T) {
	srv := redistest.Start(t, "--requirepass", "s3cret")
	url := "redis://:s3cret@" + srv.Addr() + "/0"
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{RedisURL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	// No data directory: with Redis, -data is not used (and "/nonexistent" would be refused).
	ctl(t, map[string]string{"EMBASSY_REDIS": url}, "ban", "-name", "Mallory", "-for", "30m", "-reason", "flooding", "-data", "/nonexistent")
	if b, ok := banned(t, st, store.Subject{Name: names.CompareKey("mallory")}); !ok || b.By.Role != "admin" {
		t.Fatalf("no ban on Mallory in Redis: %+v %v", b, ok)
	}
	file := filepath.Join(t.TempDir(), "redis-url")
	if err := os.WriteFile(file, []byte(url+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctl(t, nil, "ban", "-user-id", "u-77", "-reason", "x", "-redis-file", file)
	if _, ok := banned(t, st, store.Subject{UserID: "u-77"}); !ok {
		t.Error("no ban on u-77 after -redis-file")
	}
	if out := ctl(t, nil, "bans", "-redis-file", file); !strings.Contains(out, "mallory") || !strings.Contains(out, "u-77") {
		t.Errorf("bans from Redis:\n%s", out)
	}
	page, err := st.Audit(ctx, store.AuditQuery{Action: "ban"})
	if err != nil || len(page.Entries) != 2 || page.Entries[0].Node != "embassyctl" {
		t.Errorf("Redis audit: %+v %v", page.Entries, err)
	}
	if strings.Contains(ctl(t, nil, "bans", "-redis-file", file), "s3cret") {
		t.Error("the password is printed")
	}
	// The password on the command line is refused before anything is written.
	if code, _, errs := runWith(nil, "ban", "-name", "Eve", "-reason", "x", "-redis", url); code != 2 || !strings.Contains(errs, "must not carry a password") {
		t.Errorf("password on the command line: exit %d, %q", code, errs)
	}
	if _, ok := banned(t, st, store.Subject{Name: names.CompareKey("Eve")}); ok {
		t.Error("a refused command banned Eve")
	}
}
