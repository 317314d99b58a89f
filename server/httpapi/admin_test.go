package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/moderation"
	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// These tests run the admin API with the real moderation.Service, a real SQLite store and the
// in-process presence store. Only Reach and the room list are stand-ins: they are the node,
// whose real ones server/node/adminapi_test.go drives end to end.

// testRooms is the embassy's room list and what each room's settings are now (as the node applies
// them at the room's next tick).
type testRooms struct {
	mu  sync.Mutex // guards set
	set map[string]store.RoomSettings
}

var roomDefs = []struct {
	id, name string
	capacity int
}{{"reception", "Reception Hall", 100}, {"gallery", "Exhibition Gallery", 50}}

func (r *testRooms) Infos() []*pb.RoomInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*pb.RoomInfo
	for _, d := range roomDefs {
		s := r.set[d.id]
		c := d.capacity
		if s.Capacity > 0 {
			c = s.Capacity
		}
		out = append(out, &pb.RoomInfo{Id: d.id, Name: d.name, Capacity: uint32(c), Locked: s.Locked,
			SlowSeconds: uint32(s.SlowModeSeconds), AudienceMuted: s.AudienceMuted})
	}
	return out
}

func (r *testRooms) RoomInfo(id string) (string, int, bool) {
	for _, d := range roomDefs {
		if d.id == id {
			return d.name, d.capacity, true
		}
	}
	return "", 0, false
}

// testReach records what the Service asked of the node.
type testReach struct {
	rooms *testRooms
	mu    sync.Mutex // guards calls
	calls []string
}

func (r *testReach) record(format string, a ...any) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, strings.TrimSpace(strings.ReplaceAll(fmt.Sprintf(format, a...), "\n", " ")))
	return nil
}

func (r *testReach) called(prefix string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.calls {
		if strings.HasPrefix(c, prefix) {
			return true
		}
	}
	return false
}

func (r *testReach) Kick(_ context.Context, e presence.Entry, reason string, _ bool) error {
	return r.record("kick %s: %s", e.Name, reason)
}
func (r *testReach) Deliver(context.Context, presence.Entry, []byte) error { return nil }
func (r *testReach) Move(_ context.Context, e presence.Entry, room string) error {
	return r.record("move %s %s", e.Name, room)
}
func (r *testReach) MutesChanged(_ context.Context, e presence.Entry) error {
	return r.record("mutes %s", e.Name)
}
func (r *testReach) RoomChanged(_ context.Context, room string, s store.RoomSettings, _ []byte) error {
	r.rooms.mu.Lock()
	r.rooms.set[room] = s
	r.rooms.mu.Unlock()
	return r.record("room %s %+v", room, s)
}
func (r *testReach) FileReport(context.Context, string, store.Report) error { return nil }
func (r *testReach) RecentLines(string) []string                            { return nil }

// testAPI is the HTTP handler with the admin API mounted, served on a loopback port.
type testAPI struct {
	url   string
	st    store.Store
	pres  *presence.Memory
	reach *testReach
	rooms *testRooms
	iss   *identity.Issuer
}

// roomy limits keep tests that make many requests clear of the rate limits.
var roomy = Limits{PerToken: 1000, TokenBurst: 1000, PerAddress: 1000, AddressBurst: 1000, MaxBody: 4 << 10, MaxKeys: 100}

const testSecretText = "the httpapi tests' secret, thirty-two bytes or more"

func newTestAPI(t *testing.T, limits Limits) *testAPI {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	sec, err := identity.NewSecret([]byte(testSecretText), "test")
	if err != nil {
		t.Fatal(err)
	}
	iss, _ := identity.NewIssuer(sec, "")
	ver, _ := identity.NewVerifier(sec, "", st.TokenRevoked)
	rooms := &testRooms{set: map[string]store.RoomSettings{}}
	reach := &testReach{rooms: rooms}
	pres := presence.NewMemory()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	mod := moderation.New(moderation.Config{Store: st, Presence: pres, Reach: reach, Rooms: rooms,
		Reserved: identity.NewReservedNames(), Node: "node-t", Log: log})
	h := New(Deps{
		Rooms: rooms, Presence: pres, World: fstest.MapFS{}, Log: log, Moderation: mod, Limits: limits,
		Health:  func() (bool, map[string]any) { return true, map[string]any{} },
		Metrics: http.NotFoundHandler(), WS: http.NotFoundHandler(),
		Verify: func(ctx context.Context, tok string) (identity.Claims, error) {
			return ver.Verify(ctx, tok, time.Now())
		},
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testAPI{url: srv.URL, st: st, pres: pres, reach: reach, rooms: rooms, iss: iss}
}

func (a *testAPI) token(t *testing.T, name string, role identity.Role) string {
	t.Helper()
	tok, _, err := a.iss.Mint(identity.Claims{UserID: identity.UserIDFor(name), Name: name, Role: role}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// online puts someone in presence, as the gateway does when they enter.
func (a *testAPI) online(t *testing.T, name, role, room string) {
	t.Helper()
	e := presence.Entry{UserID: identity.UserIDFor(name), Name: name, Role: role, Node: "node-t", Room: room, Since: time.Now()}
	if err := a.pres.Add(context.Background(), e); err != nil {
		t.Fatal(err)
	}
}

// call makes one request and returns the status, the headers and the body.
func (a *testAPI) call(t *testing.T, method, path, token, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, a.url+path, strings.NewReader(body))
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

// expect makes a request, fails unless it answers status, and decodes the body into out (if not nil).
func (a *testAPI) expect(t *testing.T, status int, method, path, token, body string, out any) {
	t.Helper()
	got, _, b := a.call(t, method, path, token, body)
	if got != status {
		t.Fatalf("%s %s %s: %d %s; want %d", method, path, body, got, b, status)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}

// refusal makes a request that must be refused with status, with words containing want.
func (a *testAPI) refusal(t *testing.T, status int, method, path, token, body, want string) ErrorJSON {
	t.Helper()
	var e ErrorJSON
	a.expect(t, status, method, path, token, body, &e)
	if !strings.Contains(e.Error, want) {
		t.Errorf("%s %s %s: error %q; want it to say %q", method, path, body, e.Error, want)
	}
	return e
}

func TestAdminSignIn(t *testing.T) {
	a := newTestAPI(t, Limits{})
	code, h, b := a.call(t, "GET", "/api/bans", "", "")
	if code != 401 || h.Get("WWW-Authenticate") == "" || !strings.Contains(string(b), "Authorization: Bearer TOKEN") {
		t.Errorf("no sign-in: %d %q %s", code, h.Get("WWW-Authenticate"), b)
	}
	req, _ := http.NewRequest("GET", a.url+"/api/bans", nil)
	req.Header.Set("Authorization", "Basic YWRhOnB3")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 {
		t.Errorf("basic auth: %v %v", resp.StatusCode, err)
	} else {
		resp.Body.Close()
	}

	forger, _ := identity.NewSecret([]byte("somebody else's secret of thirty-two bytes"), "forger")
	fiss, _ := identity.NewIssuer(forger, "")
	forged, _, _ := fiss.Mint(identity.Claims{UserID: "u-f", Name: "Forger", Role: identity.Admin}, time.Hour)
	a.refusal(t, 401, "GET", "/api/bans", forged, "", "sign-in refused: this sign-in is not valid")
	old, _, _ := a.iss.Mint(identity.Claims{UserID: "u-o", Name: "Old Hand", Role: identity.Admin, IssuedAt: time.Now().Add(-2 * time.Hour)}, time.Hour)
	a.refusal(t, 401, "GET", "/api/bans", old, "", "expired")
	revoked, c, _ := a.iss.Mint(identity.Claims{UserID: "u-r", Name: "Former Staff", Role: identity.Admin}, time.Hour)
	if err := a.st.RevokeToken(context.Background(), c.TokenID, c.ExpiresAt); err != nil {
		t.Fatal(err)
	}
	a.refusal(t, 401, "POST", "/api/kick", revoked, `{"name":"x"}`, "withdrawn")
	a.expect(t, 200, "GET", "/api/bans", a.token(t, "Moderator Mo", identity.Moderator), "", nil)
}

// A visitor's token is refused on every endpoint, and each attempt is in the audit log with who
// tried; a diplomat may mute the audience but not lock, and a patch asking both changes nothing.
func TestAdminRefusesRolesAndAuditsIt(t *testing.T) {
	a := newTestAPI(t, Limits{})
	a.online(t, "Victim", "visitor", "reception")
	vis := a.token(t, "Nosy Visitor", identity.Visitor)
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/audit", ""},
		{"GET", "/api/bans", ""},
		{"GET", "/api/reports", ""},
		{"POST", "/api/bans", `{"name":"Victim","reason":"x"}`},
		{"DELETE", "/api/bans/1", ""},
		{"POST", "/api/kick", `{"name":"Victim"}`},
		{"POST", "/api/kick", `{"name":"Nobody Online"}`}, // 403, not 404: a visitor learns nothing of who is here
		{"POST", "/api/mute", `{"name":"Victim","kind":"chat"}`},
		{"POST", "/api/move", `{"name":"Victim","room":"gallery"}`},
		{"PATCH", "/api/rooms/reception", `{"locked":true}`},
	} {
		a.refusal(t, 403, c.method, c.path, vis, c.body, "needs the")
	}
	dip := a.token(t, "Ambassador Ann", identity.Diplomat)
	a.refusal(t, 403, "PATCH", "/api/rooms/reception", dip, `{"audience_muted":true,"locked":true}`, "lock needs the moderator role")
	if r, _ := (&admin{rooms: a.rooms}).room("reception"); r.AudienceMuted || r.Locked {
		t.Errorf("a refused patch changed the room: %+v", r)
	}
	var res RoomResultJSON
	a.expect(t, 200, "PATCH", "/api/rooms/reception", dip, `{"audience_muted":true}`, &res)
	if !res.Room.AudienceMuted || len(res.Done) != 1 {
		t.Errorf("diplomat mutes the audience: %+v", res)
	}

	var page AuditJSON
	a.expect(t, 200, "GET", "/api/audit?actor=Nosy+Visitor", a.token(t, "Moderator Mo", identity.Moderator), "", &page)
	if len(page.Entries) != 10 {
		t.Fatalf("audit has %d of the visitor's 10 attempts: %+v", len(page.Entries), page.Entries)
	}
	seen := map[string]bool{}
	for _, e := range page.Entries {
		seen[e.Action] = true
		if e.Outcome != "refused" || e.Role != "visitor" || e.ActorID != identity.UserIDFor("Nosy Visitor") || !strings.Contains(e.Reason, "refused") {
			t.Errorf("entry %+v", e)
		}
	}
	for _, want := range []string{"read-audit", "read-bans", "read-reports", "ban", "unban", "kick", "mute-chat", "move", "lock"} {
		if !seen[want] {
			t.Errorf("no refused %s in the audit log", want)
		}
	}
	a.expect(t, 200, "GET", "/api/audit?actor=Ambassador+Ann&action=lock", a.token(t, "Moderator Mo", identity.Moderator), "", &page)
	if len(page.Entries) != 1 || page.Entries[0].Room != "reception" || page.Entries[0].Outcome != "refused" {
		t.Errorf("the diplomat's refused lock: %+v", page.Entries)
	}
}

// A moderator's day: ban someone absent, list and lift bans, kick, mute and move someone online,
// and change a room; refusals come with the right status and words.
func TestAdminModerates(t *testing.T) {
	a := newTestAPI(t, roomy)
	mod := a.token(t, "Moderator Mo", identity.Moderator)
	a.online(t, "Mallory", "visitor", "reception")
	a.online(t, "Admin Ada", "admin", "reception")

	var ban BanResultJSON
	a.expect(t, 201, "POST", "/api/bans", mod, `{"name":"Trudy","reason":"spam","duration":"1h"}`, &ban)
	if ban.Ban.Name != "trudy" || ban.Ban.Reason != "spam" || ban.Ban.By != "Moderator Mo" || ban.Ban.Expires == nil ||
		ban.Ban.Expires.Sub(ban.Ban.Created) != time.Hour || !strings.Contains(ban.Text, "Trudy is banned until") {
		t.Errorf("ban %+v", ban)
	}
	var forGood BanResultJSON
	a.expect(t, 201, "POST", "/api/bans", mod, `{"name":"Mallory","reason":"threats"}`, &forGood)
	if forGood.Ban.Expires != nil || forGood.Ban.UserID != identity.UserIDFor("Mallory") || !a.reach.called("kick Mallory: You are banned") {
		t.Errorf("online ban for good: %+v, calls %q", forGood, a.reach.calls)
	}
	var bans BansJSON
	a.expect(t, 200, "GET", "/api/bans", mod, "", &bans)
	if len(bans.Bans) != 2 || bans.Bans[0].ID != ban.Ban.ID {
		t.Fatalf("bans %+v", bans)
	}
	var done ActionJSON
	a.expect(t, 200, "DELETE", "/api/bans/"+strconv.FormatInt(ban.Ban.ID, 10), mod, "", &done)
	a.refusal(t, 400, "DELETE", "/api/bans/"+strconv.FormatInt(ban.Ban.ID, 10), mod, "", "already lifted")
	a.expect(t, 200, "DELETE", "/api/bans/MALLORY?reason=apologised", mod, "", &done)
	a.refusal(t, 400, "DELETE", "/api/bans/Mallory", mod, "", "no ban in force")
	a.refusal(t, 400, "DELETE", "/api/bans/Mallory?why=x", mod, "", `unknown parameter "why"`)
	a.refusal(t, 403, "POST", "/api/bans", mod, `{"name":"Admin Ada"}`, "a moderator may not ban a admin")

	a.online(t, "Eve", "visitor", "reception")
	a.expect(t, 200, "POST", "/api/mute", mod, `{"name":"Eve","kind":"voice","duration":"10m","reason":"shouting"}`, &done)
	mutes, err := a.st.MutesFor(context.Background(), identity.UserIDFor("Eve"), time.Now())
	if err != nil || len(mutes) != 1 || mutes[0].Kind != store.MuteVoice || !a.reach.called("mutes Eve") {
		t.Errorf("mutes %+v %v (%q)", mutes, err, done.Text)
	}
	a.expect(t, 200, "POST", "/api/mute", mod, `{"name":"Eve","kind":"voice","unmute":true}`, nil)
	a.refusal(t, 400, "POST", "/api/mute", mod, `{"name":"Eve","kind":"voice","unmute":true}`, "was not muted")
	a.refusal(t, 400, "POST", "/api/mute", mod, `{"name":"Eve","kind":"video"}`, `"kind" must be "chat" or "voice"`)
	a.refusal(t, 400, "POST", "/api/mute", mod, `{"name":"Eve","kind":"chat","unmute":true,"duration":"1h"}`, "no \"duration\"")
	a.refusal(t, 400, "POST", "/api/mute", mod, `{"name":"Eve","kind":"chat","duration":"soon"}`, "not a duration")

	a.refusal(t, 404, "POST", "/api/move", mod, `{"name":"Eve","room":"attic"}`, `no room "attic"`)
	a.expect(t, 200, "POST", "/api/move", mod, `{"name":"Eve","room":"gallery"}`, &done)
	if !a.reach.called("move Eve gallery") || !strings.Contains(done.Text, "Exhibition Gallery") {
		t.Errorf("move: %q, calls %q", done.Text, a.reach.calls)
	}
	a.expect(t, 200, "POST", "/api/kick", mod, `{"name":"eve","reason":"rude"}`, &done)
	if !a.reach.called("kick Eve: A moderator removed you from the embassy: rude") {
		t.Errorf("kick: calls %q", a.reach.calls)
	}
	a.refusal(t, 404, "POST", "/api/kick", mod, `{"name":"Nobody"}`, "nobody called")
	a.refusal(t, 400, "POST", "/api/kick", mod, `{"name":"   "}`, `"name" is required`)

	var room RoomResultJSON
	a.expect(t, 200, "PATCH", "/api/rooms/gallery", mod, `{"locked":true,"slow_seconds":5,"capacity":20,"reason":"a private event"}`, &room)
	if want := (RoomJSON{ID: "gallery", Name: "Exhibition Gallery", Capacity: 20, Locked: true, SlowSeconds: 5}); room.Room != want || len(room.Done) != 3 {
		t.Errorf("patch: %+v; want room %+v after three changes", room, want)
	}
	e := a.refusal(t, 400, "PATCH", "/api/rooms/gallery", mod, `{"locked":false,"capacity":500}`, "holds at most 50")
	if len(e.Done) != 1 || !strings.Contains(e.Done[0], "open again") {
		t.Errorf("a patch that failed midway says what was done: %+v", e)
	}
	a.refusal(t, 404, "PATCH", "/api/rooms/attic", mod, `{"locked":true}`, `no room "attic"`)
	a.refusal(t, 400, "PATCH", "/api/rooms/gallery", mod, `{}`, "nothing to change")
	a.refusal(t, 400, "PATCH", "/api/rooms/gallery", mod, `{"capacity":-1}`, `"capacity" is -1`)

	var rooms []RoomJSON
	a.expect(t, 200, "GET", "/api/rooms", "", "", &rooms)
	if len(rooms) != 2 || rooms[1].Locked || rooms[1].SlowSeconds != 5 || rooms[1].Capacity != 20 {
		t.Errorf("/api/rooms: %+v", rooms)
	}
	var reports ReportsJSON
	a.expect(t, 200, "GET", "/api/reports", mod, "", &reports)
	if reports.Reports == nil || len(reports.Reports) != 0 {
		t.Errorf("reports %+v", reports)
	}
}

// The audit log through the API: filters, pages with a cursor, and parameters refused in words.
func TestAdminAuditPages(t *testing.T) {
	a := newTestAPI(t, Limits{})
	mod := a.token(t, "Moderator Mo", identity.Moderator)
	for _, n := range []string{"One", "Two", "Three"} {
		a.expect(t, 201, "POST", "/api/bans", mod, `{"name":"`+n+`","reason":"x"}`, nil)
	}
	var page AuditJSON
	a.expect(t, 200, "GET", "/api/audit?action=ban&limit=2", mod, "", &page)
	if len(page.Entries) != 2 || page.Next == "" || page.Entries[0].Target != "Three" || page.Entries[0].Node != "node-t" {
		t.Fatalf("first page %+v", page)
	}
	var second, future AuditJSON
	a.expect(t, 200, "GET", "/api/audit?action=ban&limit=2&cursor="+page.Next, mod, "", &second)
	if len(second.Entries) != 1 || second.Next != "" || second.Entries[0].Target != "One" {
		t.Fatalf("second page %+v", second)
	}
	a.expect(t, 200, "GET", "/api/audit?since="+time.Now().Add(time.Hour).UTC().Format(time.RFC3339), mod, "", &future)
	if future.Entries == nil || len(future.Entries) != 0 {
		t.Errorf("entries from the future: %+v", future.Entries)
	}
	for q, want := range map[string]string{
		"limit=0":             "limit \"0\"",
		"limit=1001":          "1 to 1000",
		"since=yesterday":     "RFC 3339",
		"acton=ban":           `unknown parameter "acton"`,
		"action=ban&action=x": "given 2 times",
	} {
		a.refusal(t, 400, "GET", "/api/audit?"+q, mod, "", want)
	}
}

// Each sign-in and each address has its own bucket; an empty one answers 429 with Retry-After.
func TestAdminRateLimits(t *testing.T) {
	a := newTestAPI(t, Limits{PerToken: 1, TokenBurst: 3, PerAddress: 1, AddressBurst: 5, MaxBody: 64, MaxKeys: 100})
	mod := a.token(t, "Moderator Mo", identity.Moderator)
	for range 3 {
		a.expect(t, 200, "GET", "/api/bans", mod, "", nil)
	}
	code, h, b := a.call(t, "GET", "/api/bans", mod, "")
	if code != 429 || h.Get("Retry-After") != "1" || !strings.Contains(string(b), "too many requests from this sign-in") {
		t.Errorf("4th request of a sign-in: %d Retry-After %q %s", code, h.Get("Retry-After"), b)
	}
	a.expect(t, 200, "GET", "/api/bans", a.token(t, "Moderator Two", identity.Moderator), "", nil)
	code, h, b = a.call(t, "GET", "/api/bans", "", "") // no sign-in: the address bucket still counts it
	if code != 429 || h.Get("Retry-After") == "" || !strings.Contains(string(b), "this address") {
		t.Errorf("6th request of an address: %d %q %s", code, h.Get("Retry-After"), b)
	}
}

// The body limit holds through the server (413), and strict decoding refuses in words.
func TestAdminBodies(t *testing.T) {
	small := roomy
	small.MaxBody = 64
	a := newTestAPI(t, small)
	mod := a.token(t, "Moderator Mo", identity.Moderator)
	a.refusal(t, 413, "POST", "/api/kick", mod, `{"name":"Eve","reason":"`+strings.Repeat("x", 100)+`"}`, "over 64 bytes")
	a.refusal(t, 400, "POST", "/api/kick", mod, `{"name":"Eve","reasn":"x"}`, `unknown field "reasn": this takes a JSON object with "name", "reason"`)
	a.refusal(t, 400, "POST", "/api/kick", mod, ``, "no body")
}

func TestDecodeRefusesInWords(t *testing.T) {
	for _, c := range []struct {
		body, want string
		status     int
	}{
		{`{"name":"Eve","kind":"chat"}`, "", 0},
		{` {"name":"Eve"} ` + "\n", "", 0},
		{`{"name":"Eve","colour":"red"}`, `unknown field "colour": this takes a JSON object with "name", "kind", "duration", "reason", "unmute"`, 400},
		{`{"name":42}`, `"name" must be a string, not number`, 400},
		{`{"unmute":"yes"}`, `"unmute" must be true or false, not string`, 400},
		{`[1,2]`, "the body is array, not an object", 400},
		{`"Eve"`, "the body is string, not an object", 400},
		{`{"name":"Eve"}{"name":"Bob"}`, "one JSON object and nothing after it", 400},
		{`{"name":"Eve"} x`, "one JSON object and nothing after it", 400},
		{`{"name":"Eve"`, "ends too soon", 400},
		{`{name:"Eve"}`, "not JSON (at byte 2", 400},
		{``, "no body", 400},
		{`null`, "", 0}, // nothing set: the handler's checks refuse it ("name" is required)
	} {
		var req MuteRequest
		err := decode(strings.NewReader(c.body), &req)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.body, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || statusOf(err) != c.status {
			t.Errorf("%s: %v (status %d); want %d saying %q", c.body, err, statusOf(err), c.status, c.want)
		}
	}
	var p RoomPatch
	if err := decode(strings.NewReader(`{"capacity":1.5}`), &p); err == nil || !strings.Contains(err.Error(), `"capacity" must be a whole number, not number 1.5`) {
		t.Errorf("fraction: %v", err)
	}
	if err := decode(strings.NewReader(`{"capacity":1e40}`), &p); err == nil || statusOf(err) != 400 {
		t.Errorf("huge number: %v", err)
	}
}

// FuzzAdminDecode feeds any bytes to every request decoder and the checks after it: each input is
// taken or refused as a 400 or 413 in words, never a panic or a 500.
func FuzzAdminDecode(f *testing.F) {
	for _, s := range []string{
		`{"name":"Eve","reason":"spam","duration":"1h"}`, `{"name":"Eve","kind":"voice","unmute":true}`,
		`{"locked":true,"capacity":20,"slow_seconds":5,"audience_muted":false,"reason":"x"}`,
		`{"name":"Eve","room":"gallery"}`, `{"capacity":1e999}`, `{"name":"\ud800"}`, `[]`, `{"a":{"b":[`,
		`{"duration":"99999999999d"}`, `{"name":"x"}{}`, "\xff\xfe", `{"locked":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, target := range []any{&BanRequest{}, &KickRequest{}, &MuteRequest{}, &MoveRequest{}, &RoomPatch{}} {
			r := http.MaxBytesReader(nil, io.NopCloser(bytes.NewReader(body)), 256)
			err := decode(r, target)
			if err == nil {
				err = checkDecoded(target)
			}
			if err == nil {
				continue
			}
			if s := statusOf(err); (s != 400 && s != 413) || err.Error() == "" {
				t.Fatalf("%q into %T: status %d, %q", body, target, s, err)
			}
		}
	})
}

// checkDecoded runs the checks a handler runs on a decoded request.
func checkDecoded(v any) error {
	switch r := v.(type) {
	case *BanRequest:
		_, err := personRequest(r.Name, r.Reason, r.Duration)
		return err
	case *KickRequest:
		_, err := personRequest(r.Name, r.Reason, "")
		return err
	case *MuteRequest:
		_, err := personRequest(r.Name, r.Reason, r.Duration)
		return err
	case *MoveRequest:
		if _, err := personRequest(r.Name, r.Reason, ""); err != nil {
			return err
		}
		return checkRoomID(r.Room)
	case *RoomPatch:
		_, err := r.requests("reception")
		return err
	}
	return nil
}

func TestLimiter(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newLimiter(2, 4, 3)
	l.now = func() time.Time { return now }
	for i := range 4 {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("request %d of a burst of 4 refused", i+1)
		}
	}
	if ok, retry := l.allow("a"); ok || retry != 500*time.Millisecond {
		t.Errorf("5th: %v, retry %v; want refused, 500ms", ok, retry)
	}
	now = now.Add(500 * time.Millisecond)
	if ok, _ := l.allow("a"); !ok {
		t.Error("a token refilled in 500 ms at 2/s is refused")
	}
	if ok, _ := l.allow("b"); !ok {
		t.Error("another key shares a's bucket")
	}
	// Bounded: a fourth key makes room by forgetting one.
	l.allow("c")
	l.allow("d")
	if n := l.size(); n != 3 {
		t.Errorf("%d buckets kept; the bound is 3", n)
	}
	// Idle buckets go: after a refill's time (2 s) everything is as new and is dropped.
	now = now.Add(3 * time.Second)
	l.allow("e")
	if n := l.size(); n != 1 {
		t.Errorf("%d buckets kept after they all went idle; want only e's", n)
	}
}

func TestAddressKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.7:5555":                 "192.0.2.7",
		"[::ffff:192.0.2.7]:1":           "192.0.2.7",
		"[2001:db8:1:2:3:4:5:6]:443":     "2001:db8:1:2::/64",
		"[2001:db8:1:2:ffff::1%eth0]:80": "2001:db8:1:2::/64",
		"not an address":                 "not an address",
	} {
		if got := addressKey(in); got != want {
			t.Errorf("addressKey(%q) = %q; want %q", in, got, want)
		}
	}
}
