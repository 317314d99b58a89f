package node

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/redistest"
	"github.com/embassy-project/embassy/server/gateway"
	"github.com/embassy-project/embassy/server/httpapi"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// The HTTP admin API through real nodes: signed tokens, the real moderation Service, people
// connected over real WebSockets, the SQLite store (and Redis across nodes).

// adminCall makes one admin API request to ts with token ("" for none) and returns the status,
// the headers and the body.
func adminCall(t *testing.T, ts *testServer, method, path, token, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// admin makes a request that must answer status, decoding the body into out (if not nil).
func admin(t *testing.T, ts *testServer, status int, method, path, token, body string, out any) {
	t.Helper()
	got, _, b := adminCall(t, ts, method, path, token, body)
	if got != status {
		t.Fatalf("%s %s %s: %d %s; want %d", method, path, body, got, b, status)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}

// adminRefused makes a request that must be refused with status, in words containing want.
func adminRefused(t *testing.T, ts *testServer, status int, method, path, token, body, want string) {
	t.Helper()
	var e httpapi.ErrorJSON
	admin(t, ts, status, method, path, token, body, &e)
	if !strings.Contains(e.Error, want) {
		t.Errorf("%s %s: %q; want it to say %q", method, path, e.Error, want)
	}
}

// No sign-in, a forged or an expired one: 401 in words. A visitor's: 403 on every endpoint, and
// each attempt is in the audit log.
func TestAdminAPISignIns(t *testing.T) {
	ts := startServer(t)
	adminRefused(t, ts, 401, "GET", "/api/audit", "", "", "this needs a sign-in")
	adminRefused(t, ts, 401, "POST", "/api/bans", "", `{"name":"Troll"}`, "this needs a sign-in")

	forger, _ := identity.NewSecret([]byte("another secret of at least thirty-two bytes....."), "forger")
	fiss, _ := identity.NewIssuer(forger, "")
	forged, _, err := fiss.Mint(identity.Claims{UserID: "u-x", Name: "Forger", Role: identity.Admin}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	adminRefused(t, ts, 401, "GET", "/api/bans", forged, "", "this sign-in is not valid")
	sec, _ := identity.NewSecret([]byte(testSecret), "test")
	iss, _ := identity.NewIssuer(sec, "")
	old, _, err := iss.Mint(identity.Claims{UserID: "u-old", Name: "Old Hand", Role: identity.Admin, IssuedAt: time.Now().Add(-3 * time.Hour)}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	adminRefused(t, ts, 401, "PATCH", "/api/rooms/gallery", old, `{"locked":true}`, "your sign-in has expired")

	victim := dial(t, ts, "Victim")
	joinRoom(t, victim, "reception")
	vis := staffToken(t, "Nosy Visitor", identity.Visitor)
	attempts := []struct{ method, path, body string }{
		{"GET", "/api/audit", ""}, {"GET", "/api/bans", ""}, {"GET", "/api/reports", ""},
		{"POST", "/api/bans", `{"name":"Victim","reason":"x"}`}, {"DELETE", "/api/bans/1", ""},
		{"POST", "/api/kick", `{"name":"Victim"}`}, {"POST", "/api/mute", `{"name":"Victim","kind":"chat"}`},
		{"POST", "/api/move", `{"name":"Victim","room":"gallery"}`}, {"PATCH", "/api/rooms/gallery", `{"locked":true}`},
	}
	for _, a := range attempts {
		adminRefused(t, ts, 403, a.method, a.path, vis, a.body, "needs the moderator role or higher")
	}
	var page httpapi.AuditJSON
	admin(t, ts, 200, "GET", "/api/audit?actor=Nosy+Visitor", staffToken(t, "Duty Officer", identity.Moderator), "", &page)
	if len(page.Entries) != len(attempts) {
		t.Fatalf("the audit log has %d of the visitor's %d attempts: %+v", len(page.Entries), len(attempts), page.Entries)
	}
	for _, e := range page.Entries {
		if e.Outcome != "refused" || e.Role != "visitor" || e.Node != "local" {
			t.Errorf("audit entry %+v", e)
		}
	}
	select {
	case <-victim.Done():
		t.Fatalf("a visitor's refused kick closed Victim's connection: %v", victim.Err())
	default:
	}
}

// A moderator bans someone online through the API: their connection closes with 4007 and the
// reason, and neither they nor their device under another name get back in; GET /api/bans lists
// the ban, and once it is lifted they may enter again.
func TestAdminAPIBanClosesTheConnectionAndHolds(t *testing.T) {
	ts := startServer(t)
	mod := staffToken(t, "Duty Officer", identity.Moderator)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	troll, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: "Troll", DeviceKey: "troll-device"})
	if err != nil {
		t.Fatal(err)
	}
	defer troll.Close()
	joinRoom(t, troll, "reception")

	var res httpapi.BanResultJSON
	admin(t, ts, 201, "POST", "/api/bans", mod, `{"name":"Troll","reason":"spamming the hall","duration":"1h"}`, &res)
	if res.Ban.UserID == "" || !res.Ban.Device || res.Ban.Expires == nil || res.Ban.By != "Duty Officer" {
		t.Errorf("the ban on someone online: %+v", res.Ban)
	}
	ce := closedWith(t, troll, gateway.CloseBanned)
	if !strings.Contains(ce.Reason, "spamming the hall") {
		t.Errorf("close reason %q does not say why", ce.Reason)
	}
	for _, o := range []client.Options{
		{URL: ts.ws, Name: "troll"},
		{URL: ts.ws, Name: "Innocent Newcomer", DeviceKey: "troll-device"},
	} {
		_, err := client.Dial(ctx, o)
		var ce *client.CloseError
		if !errors.As(err, &ce) || ce.Code != gateway.CloseBanned {
			t.Errorf("%s (device %q) after the ban: %v; want close 4007", o.Name, o.DeviceKey, err)
		}
	}
	var bans httpapi.BansJSON
	admin(t, ts, 200, "GET", "/api/bans", mod, "", &bans)
	if len(bans.Bans) != 1 || bans.Bans[0].ID != res.Ban.ID {
		t.Fatalf("bans %+v", bans)
	}
	admin(t, ts, 200, "DELETE", fmt.Sprintf("/api/bans/%d?reason=apologised", res.Ban.ID), mod, "", nil)
	back, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: "Troll", DeviceKey: "troll-device"})
	if err != nil {
		t.Fatalf("after the ban was lifted: %v", err)
	}
	back.Close()
}

// PATCH locked: a visitor's join is refused and a moderator's admitted; /api/rooms shows it;
// a move, a mute and a kick reach the person; GET /api/audit shows every action.
func TestAdminAPIRoomsPeopleAndAudit(t *testing.T) {
	ts := startServer(t)
	mod := staffToken(t, "Duty Officer", identity.Moderator)

	var res httpapi.RoomResultJSON
	admin(t, ts, 200, "PATCH", "/api/rooms/gallery", mod, `{"locked":true,"slow_seconds":10,"reason":"a private viewing"}`, &res)
	if !res.Room.Locked || res.Room.SlowSeconds != 10 || len(res.Done) != 2 {
		t.Errorf("patch answer %+v", res)
	}
	var rooms []httpapi.RoomJSON
	admin(t, ts, 200, "GET", "/api/rooms", "", "", &rooms)
	for _, r := range rooms {
		if (r.ID == "gallery") != r.Locked {
			t.Errorf("/api/rooms: %+v", r)
		}
	}
	eve := dial(t, ts, "Eve")
	joinRoom(t, eve, "reception")
	if err := eve.Join("gallery"); err != nil {
		t.Fatal(err)
	}
	wait(t, eve, "refused by the lock", refusedWith(pb.RefuseCode_REFUSE_NOT_ALLOWED))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	staff, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: "Consul Ines", Token: staffToken(t, "Consul Ines", identity.Moderator)})
	if err != nil {
		t.Fatal(err)
	}
	defer staff.Close()
	joinRoom(t, staff, "gallery")

	admin(t, ts, 200, "PATCH", "/api/rooms/gallery", mod, `{"locked":false}`, nil)
	admin(t, ts, 200, "POST", "/api/move", mod, `{"name":"Eve","room":"gallery","reason":"the viewing is open"}`, nil)
	wait(t, eve, "moved to the gallery", func(v *client.View) bool { return v.Room == "gallery" })
	admin(t, ts, 200, "POST", "/api/mute", mod, `{"name":"Eve","kind":"chat","duration":"10m","reason":"shouting"}`, nil)
	if _, err := eve.Chat(pb.ChatKind_CHAT_SAY, "can anyone hear me", ""); err != nil {
		t.Fatal(err)
	}
	wait(t, eve, "a muted line refused", func(v *client.View) bool {
		for _, l := range v.Chat {
			if l.Err != nil && strings.Contains(l.Err.GetReason(), "muted") {
				return true
			}
		}
		return false
	})
	admin(t, ts, 200, "POST", "/api/kick", mod, `{"name":"Eve","reason":"still shouting"}`, nil)
	if ce := closedWith(t, eve, gateway.CloseKicked); !strings.Contains(ce.Reason, "still shouting") {
		t.Errorf("kick reason %q", ce.Reason)
	}

	var page httpapi.AuditJSON
	admin(t, ts, 200, "GET", "/api/audit?actor=Duty+Officer", mod, "", &page)
	var actions []string
	for _, e := range page.Entries {
		actions = append(actions, e.Action)
	}
	if got, want := strings.Join(actions, " "), "kick mute-chat move unlock slow lock"; got != want {
		t.Errorf("audit actions %q; want newest first %q", got, want)
	}
	if e := page.Entries[len(page.Entries)-1]; e.Room != "gallery" || e.Reason != "a private viewing" || e.Outcome != "done" {
		t.Errorf("the lock in the audit log: %+v", e)
	}
}

// The API is rate-limited per sign-in (a burst of 20) and per address (40, spent before the
// sign-in is checked, so requests without one count too), answering 429 with Retry-After.
func TestAdminAPIRateLimits(t *testing.T) {
	ts := startServer(t)
	mod := staffToken(t, "Duty Officer", identity.Moderator)
	limited := func(token, whose string) int {
		t.Helper()
		for i := 1; i <= 100; i++ {
			code, h, b := adminCall(t, ts, "GET", "/api/bans", token, "")
			if code == http.StatusTooManyRequests {
				if h.Get("Retry-After") == "" || !strings.Contains(string(b), whose) {
					t.Errorf("429 without Retry-After or words: %q %s", h.Get("Retry-After"), b)
				}
				return i
			}
		}
		t.Fatalf("100 requests and no 429 (%s)", whose)
		return 0
	}
	if n := limited(mod, "this sign-in"); n < 21 {
		t.Errorf("a sign-in was limited at its request %d; its burst is 20", n)
	}
	limited("", "this address")
}

// With Redis, a ban through one node's API closes the connection of someone on another node.
func TestAdminAPIAcrossNodes(t *testing.T) {
	rs := redistest.Start(t)
	a, b := clusterNode(t, rs.URL(), "node-a"), clusterNode(t, rs.URL(), "node-b")
	mallory := dial(t, b, "Mallory")
	joinRoom(t, mallory, "reception")
	admin(t, a, 201, "POST", "/api/bans", staffToken(t, "Duty Officer", identity.Moderator), `{"name":"Mallory","reason":"threats"}`, nil)
	closedWith(t, mallory, gateway.CloseBanned)
}
