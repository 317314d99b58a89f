package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/server/httpapi"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/node"
)

const apiTestSecret = "embassyctl's API tests' secret, of at least 32 bytes"

// liveNode is a real server node on a loopback port, as embassyctl -server meets one.
type liveNode struct {
	n        *node.Node
	http, ws string
}

func startNode(t *testing.T) liveNode {
	t.Helper()
	cfg := node.Defaults()
	cfg.DataDir, cfg.Secret, cfg.VoiceOff = t.TempDir(), apiTestSecret, true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Advertise = "ws://" + ln.Addr().String() + "/ws"
	n, err := node.New(cfg, slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError})))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("node stopped with %v", err)
		}
	})
	return liveNode{n: n, http: "http://" + ln.Addr().String(), ws: "ws://" + ln.Addr().String() + "/ws"}
}

// visitor connects a guest and waits until they are in room.
func (l liveNode) visitor(t *testing.T, name, room string) *client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{URL: l.ws, Name: name, Client: "embassyctl-test"})
	if err != nil {
		t.Fatalf("dial %s: %v", name, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Join(room); err != nil {
		t.Fatal(err)
	}
	if err := c.WaitFor(ctx, func(v *client.View) bool { return v.Room == room }); err != nil {
		t.Fatalf("%s joining %s: %v", name, room, err)
	}
	return c
}

// mint runs embassyctl token with the server's secret, as an operator hands staff their sign-in.
func mint(t *testing.T, name, role string) string {
	t.Helper()
	return strings.TrimSpace(ctl(t, map[string]string{"EMBASSY_SECRET": apiTestSecret}, "token", "-name", name, "-role", role))
}

// TestThroughTheServer is a moderator's session with embassyctl -server against a real node:
// kick, mute, move, a room locked and changed, a ban by name listed and lifted, the reports, and
// all of it read back from the audit log through the API.
func TestThroughTheServer(t *testing.T) {
	l := startNode(t)
	mod := map[string]string{"EMBASSY_TOKEN": mint(t, "Moderator Mo", "moderator")}
	srv := []string{"-server", l.http}
	run := func(args ...string) string { t.Helper(); return ctl(t, mod, append(srv, args...)...) }

	mallory := l.visitor(t, "Mallory", "reception")
	if out := run("kick", "Mallory", "shouting", "at", "guests"); !strings.Contains(out, "Mallory was removed") {
		t.Errorf("kick printed %q", out)
	}
	select {
	case <-mallory.Done():
		var ce *client.CloseError
		if !errors.As(mallory.Err(), &ce) || !strings.Contains(ce.Reason, "shouting at guests") {
			t.Errorf("Mallory's connection ended with %v; want the reason", mallory.Err())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Mallory is still connected after the kick")
	}

	eve := l.visitor(t, "Eve", "reception")
	if out := run("mute", "-for", "10m", "Eve", "spam"); !strings.Contains(out, "Eve's chat is muted for 10 min") {
		t.Errorf("mute printed %q", out)
	}
	run("unmute", "Eve")
	if out := run("mute", "-voice", "Eve"); !strings.Contains(out, "voice is muted until a moderator lifts it") {
		t.Errorf("mute -voice printed %q", out)
	}
	run("move", "Eve", "gallery", "please", "wait", "there")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := eve.WaitFor(ctx, func(v *client.View) bool { return v.Room == "gallery" }); err != nil {
		t.Fatalf("Eve was not moved: %v", err)
	}

	out := run("lock", "gallery", "a", "private", "event")
	if !strings.Contains(out, "locked: only staff may enter") || !strings.Contains(out, "(gallery): locked, 1 inside") {
		t.Errorf("lock printed %q", out)
	}
	if out := run("capacity", "gallery", "5"); !strings.Contains(out, "admits 5") {
		t.Errorf("capacity printed %q", out)
	}
	if out := run("slow", "gallery", "3"); !strings.Contains(out, "slow mode 3 s") {
		t.Errorf("slow printed %q", out)
	}
	if out := run("unlock", "gallery"); !strings.Contains(out, "(gallery): open") {
		t.Errorf("unlock printed %q", out)
	}

	if out := run("ban", "-name", "Trudy", "-for", "1h", "-reason", "spam"); !strings.HasPrefix(out, "ban ") || !strings.Contains(out, `name "trudy", until `) {
		t.Errorf("ban printed %q", out)
	}
	if out := run("bans"); !strings.Contains(out, `name "trudy"`) || !strings.Contains(out, "Moderator Mo") || !strings.Contains(out, `name "mallory"`) {
		t.Errorf("bans (Trudy's, and Mallory's five minutes after the kick):\n%s", out)
	}
	var bans []httpapi.BanJSON
	if err := json.Unmarshal([]byte(run("bans", "-json")), &bans); err != nil || len(bans) != 2 {
		t.Fatalf("bans -json: %+v %v", bans, err)
	}
	if out := run("unban", "-name", "Trudy", "-reason", "apologised"); !strings.Contains(out, "1 ban(s) lifted") {
		t.Errorf("unban -name printed %q", out)
	}
	if out := run("reports"); strings.TrimSpace(out) != "no open reports" {
		t.Errorf("reports printed %q", out)
	}

	var entries []httpapi.AuditEntryJSON
	if err := json.Unmarshal([]byte(run("audit", "-json", "-actor", "Moderator Mo")), &entries); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.Outcome != "done" || e.Role != "moderator" || e.ActorID != identity.UserIDFor("Moderator Mo") {
			t.Errorf("entry %+v", e)
		}
	}
	want := "unban ban unlock slow capacity lock move mute-voice unmute-chat mute-chat kick"
	if got := strings.Join(actions, " "); got != want {
		t.Errorf("audit through the server: %q; want %q", got, want)
	}
	if out := run("audit", "-action", "kick"); !strings.Contains(out, "Mallory") || !strings.Contains(out, "shouting at guests") || strings.Count(out, "\n") != 2 {
		t.Errorf("audit -action kick:\n%s", out)
	}
}

// Refusals through the server: no sign-in, a visitor's, a forged one, the wrong address, the
// store's flags with -server, and commands that need a server without one.
func TestThroughTheServerRefuses(t *testing.T) {
	l := startNode(t)
	visitor := map[string]string{"EMBASSY_TOKEN": mint(t, "Nosy", "visitor")}
	forger, _ := identity.NewSecret([]byte("somebody else's secret, 32 bytes or more"), "x")
	fiss, _ := identity.NewIssuer(forger, "")
	forged, _, _ := fiss.Mint(identity.Claims{UserID: "u-f", Name: "Forger", Role: identity.Admin}, time.Hour)
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(mint(t, "Moderator Mo", "moderator")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	expectRefusals(t, []cliRefusal{
		{"visitor", visitor, []string{"-server", l.http, "kick", "Someone"}, 1, "kick needs the moderator role or higher"},
		{"visitor reads bans", visitor, []string{"bans", "-server", l.http}, 1, "(403 Forbidden)"},
		{"forged", map[string]string{"EMBASSY_TOKEN": forged}, []string{"-server", l.http, "bans"}, 1, "this sign-in is not valid (401 Unauthorized)"},
		{"no sign-in", nil, []string{"-server", l.http, "bans"}, 2, "set EMBASSY_TOKEN or give -token-file"},
		{"nobody online", nil, []string{"-server", l.http, "-token-file", file, "kick", "Nobody"}, 1, `nobody called "Nobody" is online`},
		{"no such room", nil, []string{"lock", "-server", l.http, "-token-file", file, "attic"}, 1, `no room "attic"`},
		{"capacity too big", nil, []string{"-server", l.http, "-token-file", file, "capacity", "reception", "100000"}, 1, "holds at most"},
		{"kick without -server", nil, []string{"kick", "Someone"}, 2, "kick goes through a running server: give -server"},
		{"websocket URL", visitor, []string{"-server", l.ws, "bans"}, 2, "not its WebSocket URL"},
		{"credentials in the URL", visitor, []string{"-server", "http://a:b@" + strings.TrimPrefix(l.http, "http://"), "bans"}, 2, "must not carry credentials"},
		{"not an embassy", visitor, []string{"-server", l.http + "/elsewhere", "bans"}, 1, "no admin API at"},
		{"revoke with -server", visitor, []string{"-server", l.http, "revoke", "-token-id", "x"}, 2, "revoke does not go through a server"},
		{"token with -token-file", nil, []string{"-token-file", file, "token", "-name", "X"}, 2, "token does not go through a server"},
		{"store flags with -server", visitor, []string{"-server", l.http, "ban", "-name", "X", "-reason", "y", "-by", "me"}, 2, "-by works on the store directly"},
		{"device ban through the server", visitor, []string{"-server", l.http, "ban", "-device-key", "k", "-reason", "y"}, 2, "-device-key works on the store directly"},
		{"unban -name on the store", nil, []string{"unban", "-name", "X"}, 2, "-name works with -server"},
		{"unban both", visitor, []string{"-server", l.http, "unban", "-id", "1", "-name", "X"}, 2, "one of them"},
		{"capacity not a number", visitor, []string{"-server", l.http, "capacity", "reception", "many"}, 2, `N "many"`},
		{"unmute takes no reason", visitor, []string{"-server", l.http, "unmute", "Eve", "because"}, 2, `unexpected argument "because"`},
		{"move without a room", visitor, []string{"-server", l.http, "move", "Eve"}, 2, "missing arguments: embassyctl move"},
	})
	if code, _, errs := runWith(nil, "kick", "-h"); code != 0 || !strings.Contains(errs, "EMBASSY_TOKEN") || !strings.Contains(errs, "-server") {
		t.Errorf("kick -h: exit %d, %q", code, errs)
	}
}

// A diplomat's events through embassyctl against a real node: create an invite-only reception,
// list it, mint an invitation the guest enters with, cancel it; a visitor may not create one.
func TestEventsThroughTheServer(t *testing.T) {
	l := startNode(t)
	dip := map[string]string{"EMBASSY_TOKEN": mint(t, "Ambassador Ada", "diplomat")}
	srv := []string{"-server", l.http}
	run := func(args ...string) string { t.Helper(); return ctl(t, dip, append(srv, args...)...) }
	now := time.Now().UTC()
	out := run("event", "create", "-title", "National Day reception", "-room", "gallery", "-invite-only", "-public-record",
		"-starts", now.Add(-time.Minute).Format(time.RFC3339), "-ends", now.Add(time.Hour).Format(time.RFC3339), "-agenda", "Welcome|The toast")
	if !strings.HasPrefix(out, "event 1: \"National Day reception\" in gallery") {
		t.Fatalf("event create printed %q", out)
	}
	if out := run("event", "list"); !strings.Contains(out, "National Day reception") || !strings.Contains(out, "Ambassador Ada") {
		t.Errorf("event list printed %q", out)
	}
	invite := strings.TrimSpace(run("invite", "-event", "1", "-name", "Greta Guest"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{URL: l.ws, Name: "whatever", Invite: invite})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Welcome().GetName() != "Greta Guest" {
		t.Errorf("the invited guest entered as %q", c.Welcome().GetName())
	}
	if err := c.Join("gallery"); err != nil {
		t.Fatal(err)
	}
	if err := c.WaitFor(ctx, func(v *client.View) bool { return v.Room == "gallery" }); err != nil {
		t.Fatalf("the invited guest did not get into the reception: %v", err)
	}
	if out := run("event", "cancel", "1"); !strings.Contains(out, "is cancelled") {
		t.Errorf("event cancel printed %q", out)
	}
	visitor := map[string]string{"EMBASSY_TOKEN": mint(t, "Vera Visitor", "visitor")}
	code, _, errOut := runWith(visitor, append(srv, "event", "create", "-title", "X", "-room", "gallery",
		"-starts", now.Format(time.RFC3339), "-ends", now.Add(time.Hour).Format(time.RFC3339))...)
	if code != 1 || !strings.Contains(errOut, "403") {
		t.Errorf("a visitor's event create: exit %d, %q", code, errOut)
	}
}
