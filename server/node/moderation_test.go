package node

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/redistest"
	"github.com/embassy-project/embassy/server/gateway"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// person is a real client that records every message, for moderation tests.
type person struct {
	*client.Client
	rec *recorder
	ref atomic.Uint32
}

// enter connects name to ts: signed in with role (a guest when role is Visitor and token-less),
// with a device key.
func enter(t *testing.T, ts *testServer, name string, role identity.Role, deviceKey string) *person {
	t.Helper()
	p := &person{rec: &recorder{}}
	opts := client.Options{URL: ts.ws, Name: name, DeviceKey: deviceKey, OnMessage: p.rec.add}
	if role != identity.Visitor {
		opts.Token = staffToken(t, name, role)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, opts)
	if err != nil {
		t.Fatalf("%s enters: %v", name, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	p.Client = c
	// Presence is written in batches, a moment after the welcome: staff find people there, so
	// wait until this one can be found (a loaded machine took longer than the tests' first action).
	eventually(t, name+" in presence", 10*time.Second, func() bool {
		_, err := ts.n.store.ByName(context.Background(), c.Welcome().GetName())
		return err == nil
	})
	return p
}

// find returns the first recorded message that passes ok, or nil.
func (r *recorder) find(ok func(*pb.ServerMessage) bool) *pb.ServerMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range r.msgs {
		if ok(m) {
			return m
		}
	}
	return nil
}

// awaitMsg waits until the person has received a message that passes ok.
func (p *person) awaitMsg(t *testing.T, what string, ok func(*pb.ServerMessage) bool) *pb.ServerMessage {
	t.Helper()
	var m *pb.ServerMessage
	eventually(t, p.Welcome().GetName()+" receives "+what, 10*time.Second, func() bool {
		m = p.rec.find(ok)
		return m != nil
	})
	return m
}

func (p *person) send(t *testing.T, m *pb.ClientMessage) {
	t.Helper()
	b, err := protocol.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SendRaw(b); err != nil {
		t.Fatal(err)
	}
}

// moderate sends a Moderate and returns the answer: the ModResult's text, or the Refused.
func (p *person) moderate(t *testing.T, m *pb.Moderate) (string, *pb.Refused) {
	t.Helper()
	m.Ref = 1000 + p.ref.Add(1)
	p.send(t, &pb.ClientMessage{Msg: &pb.ClientMessage_Moderate{Moderate: m}})
	ans := p.awaitMsg(t, fmt.Sprintf("the answer to %v", m.GetAction()), func(s *pb.ServerMessage) bool {
		return s.GetModResult().GetRef() == m.Ref || s.GetRefused().GetRef() == m.Ref && s.GetRefused() != nil
	})
	return ans.GetModResult().GetText(), ans.GetRefused()
}

// must carries out m and fails the test if it is refused.
func (p *person) must(t *testing.T, m *pb.Moderate) string {
	t.Helper()
	text, no := p.moderate(t, m)
	if no != nil {
		t.Fatalf("%s: %v refused: %s", p.Welcome().GetName(), m.GetAction(), no.GetReason())
	}
	return text
}

// refused carries out m and fails the test unless it is refused with code.
func (p *person) refused(t *testing.T, m *pb.Moderate, code pb.RefuseCode) string {
	t.Helper()
	text, no := p.moderate(t, m)
	if no == nil || no.GetCode() != code {
		t.Fatalf("%s: %v answered %q / %v, want refused %v", p.Welcome().GetName(), m.GetAction(), text, no, code)
	}
	return no.GetReason()
}

func (p *person) query(t *testing.T, what pb.StaffQuery_What) *pb.StaffData {
	t.Helper()
	ref := 5000 + p.ref.Add(1)
	p.send(t, &pb.ClientMessage{Msg: &pb.ClientMessage_StaffQuery{StaffQuery: &pb.StaffQuery{What: what, Ref: ref}}})
	return p.awaitMsg(t, "staff data", func(s *pb.ServerMessage) bool {
		return s.GetStaffData().GetRef() == ref
	}).GetStaffData()
}

func notice(contains string) func(*pb.ServerMessage) bool {
	return func(m *pb.ServerMessage) bool {
		return m.GetModNotice() != nil && strings.Contains(m.GetModNotice().GetText(), contains)
	}
}

func auditHas(d *pb.StaffData, actor, action, target, outcome string) bool {
	for _, l := range d.GetAudit() {
		if l.GetActor() == actor && l.GetAction() == action && l.GetTarget() == target && l.GetOutcome() == outcome {
			return true
		}
	}
	return false
}

// Moderation through the real server over the protocol: who may do what, chat mutes that reach no
// one, a move, a kick that keeps the person out for a while, bans online and offline, and the
// audit log with done and refused actions.
func TestModerationThroughTheProtocol(t *testing.T) {
	ts := startServer(t)
	mod := enter(t, ts, "Duty Officer", identity.Moderator, "")
	dip := enter(t, ts, "Attache Ana", identity.Diplomat, "")
	admin := enter(t, ts, "Chief Admin", identity.Admin, "")
	mallory := enter(t, ts, "Mallory", identity.Visitor, "mallory-device")
	bob := enter(t, ts, "Bob", identity.Visitor, "bob-device")
	for _, p := range []*person{mod, dip, admin, mallory, bob} {
		joinRoom(t, p.Client, "reception")
	}

	// Who may not: a visitor kicks, a diplomat mutes, a moderator bans an admin.
	mallory.refused(t, &pb.Moderate{Action: pb.ModAction_MOD_KICK, Target: "Bob"}, pb.RefuseCode_REFUSE_NOT_ALLOWED)
	dip.refused(t, &pb.Moderate{Action: pb.ModAction_MOD_MUTE_CHAT, Target: "Bob"}, pb.RefuseCode_REFUSE_NOT_ALLOWED)
	if why := mod.refused(t, &pb.Moderate{Action: pb.ModAction_MOD_BAN, Target: "Chief Admin"}, pb.RefuseCode_REFUSE_NOT_ALLOWED); !strings.Contains(why, "moderator may not ban a admin") && !strings.Contains(why, "may not") {
		t.Errorf("refusal in words: %q", why)
	}
	mod.refused(t, &pb.Moderate{Action: pb.ModAction_MOD_KICK, Target: "Nobody Here"}, pb.RefuseCode_REFUSE_NO_SUCH_USER)

	// A chat mute: Mallory's lines reach no one, and she is told why; lifted, they reach Bob again.
	mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_MUTE_CHAT, Target: "Mallory", DurationS: 3600, Reason: "spamming"})
	mallory.awaitMsg(t, "the mute notice", notice("muted your chat"))
	if _, err := mallory.Chat(pb.ChatKind_CHAT_SHOUT, "BUY CHEAP WATCHES", ""); err != nil {
		t.Fatal(err)
	}
	wait(t, mallory.Client, "a refusal saying muted", func(v *client.View) bool {
		for _, l := range v.Chat {
			if l.Err != nil && strings.Contains(l.Err.GetReason(), "muted") {
				return true
			}
		}
		return false
	})
	if _, err := mod.Chat(pb.ChatKind_CHAT_SHOUT, "marker after the muted line", ""); err != nil {
		t.Fatal(err)
	}
	wait(t, bob.Client, "the marker", heard("marker after the muted line"))
	bob.View(func(v *client.View) {
		if heard("BUY CHEAP WATCHES")(v) {
			t.Error("a muted visitor's shout reached Bob")
		}
	})
	mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_UNMUTE_CHAT, Target: "Mallory"})
	if _, err := mallory.Chat(pb.ChatKind_CHAT_SHOUT, "sorry everyone", ""); err != nil {
		t.Fatal(err)
	}
	wait(t, bob.Client, "Mallory heard again", heard("sorry everyone"))

	// A move: Bob is sent to the gallery and told.
	mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_MOVE, Target: "Bob", Room: "gallery", Reason: "the tour starts"})
	wait(t, bob.Client, "Bob in the gallery", func(v *client.View) bool { return v.Room == "gallery" })
	bob.awaitMsg(t, "the move notice", notice("moved you to"))

	// A kick closes the connection with the reason and keeps her device out for a while.
	mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_KICK, Target: "Mallory", Reason: "enough"})
	ce := closedWith(t, mallory.Client, gateway.CloseKicked)
	if !strings.Contains(ce.Reason, "enough") {
		t.Errorf("kick reason %q does not say why", ce.Reason)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: "Mallory Again", DeviceKey: "mallory-device"})
	var cerr *client.CloseError
	if !errors.As(err, &cerr) || cerr.Code != gateway.CloseBanned {
		t.Fatalf("kicked device back at once under another name: %v, want %d", err, gateway.CloseBanned)
	}

	// Bans: someone offline by name, held at the door; lifted by name.
	text := mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_BAN, Target: "Ghost", DurationS: 86400, Reason: "threats"})
	if !strings.Contains(text, "Ghost is banned until") {
		t.Errorf("ban result %q", text)
	}
	if _, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: "ghost"}); !errors.As(err, &cerr) || cerr.Code != gateway.CloseBanned || !strings.Contains(cerr.Reason, "threats") {
		t.Fatalf("banned name: %v", err)
	}
	bans := mod.query(t, pb.StaffQuery_BANS)
	found := false
	for _, b := range bans.GetBans() {
		found = found || b.GetName() == "ghost" && b.GetReason() == "threats" && b.GetExpiresMs() > 0
	}
	if !found {
		t.Errorf("the bans list lacks Ghost's: %v", bans.GetBans())
	}
	mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_UNBAN, Target: "Ghost"})
	g, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: "Ghost"})
	if err != nil {
		t.Fatalf("after unban: %v", err)
	}
	g.Close()

	// The audit log holds what was done and what was refused; visitors may not read it.
	audit := mod.query(t, pb.StaffQuery_AUDIT)
	for _, want := range [][4]string{
		{"Mallory", "kick", "Bob", "refused"}, {"Attache Ana", "mute-chat", "Bob", "refused"},
		{"Duty Officer", "ban", "Chief Admin", "refused"}, {"Duty Officer", "mute-chat", "Mallory", "done"},
		{"Duty Officer", "move", "Bob", "done"}, {"Duty Officer", "kick", "Mallory", "done"},
		{"Duty Officer", "ban", "Ghost", "done"}, {"Duty Officer", "unban", "Ghost", "done"},
	} {
		if !auditHas(audit, want[0], want[1], want[2], want[3]) {
			t.Errorf("audit log lacks %v", want)
		}
	}
	bob.send(t, &pb.ClientMessage{Msg: &pb.ClientMessage_StaffQuery{StaffQuery: &pb.StaffQuery{Ref: 77}}})
	bob.awaitMsg(t, "a refusal to read the log", func(m *pb.ServerMessage) bool {
		return m.GetRefused().GetRef() == 77 && m.GetRefused().GetCode() == pb.RefuseCode_REFUSE_NOT_ALLOWED
	})
}

// Room settings hold: 50 people joining at once a room whose capacity was just set to 20 make
// exactly 20; a locked room refuses visitors and admits staff; slow mode spaces a visitor's lines;
// and the settings survive a restart.
func TestRoomSettingsHold(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, func(c *Config) { c.DataDir = dir })
	mod := enter(t, ts, "Duty Officer", identity.Moderator, "")
	mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_CAPACITY, Room: "gallery", Value: 20})

	var wg sync.WaitGroup
	var clients sync.Map
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			c, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: fmt.Sprintf("Crowd %02d", i)})
			if err != nil {
				t.Errorf("dial %d: %v", i, err)
				return
			}
			clients.Store(i, c)
			_ = c.Join("gallery")
		}()
	}
	wg.Wait()
	t.Cleanup(func() { clients.Range(func(_, c any) bool { c.(*client.Client).Close(); return true }) })
	eventually(t, "50 joins answered", 15*time.Second, func() bool {
		answered := 0
		clients.Range(func(_, c any) bool {
			c.(*client.Client).View(func(v *client.View) {
				if v.Room == "gallery" || refusedWith(pb.RefuseCode_REFUSE_ROOM_FULL)(v) {
					answered++
				}
			})
			return true
		})
		return answered == 50
	})
	r, _ := ts.n.Room("gallery")
	time.Sleep(200 * time.Millisecond) // a few ticks for the room's own count
	if got := r.Occupants(); got != 20 {
		t.Fatalf("gallery of capacity 20 admitted %d of 50", got)
	}

	// Locked: everyone connected is told at once (a fresh room list); a visitor is refused in
	// words, a moderator walks in.
	visitor := enter(t, ts, "Curious Visitor", identity.Visitor, "")
	mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_LOCK, Room: "ambassador", Reason: "private meeting"})
	visitor.awaitMsg(t, "a room list showing the lock", func(m *pb.ServerMessage) bool {
		for _, r := range m.GetRooms().GetRooms() {
			if r.GetId() == "ambassador" && r.GetLocked() {
				return true
			}
		}
		return false
	})
	if err := visitor.Join("ambassador"); err != nil {
		t.Fatal(err)
	}
	wait(t, visitor.Client, "refused at the locked door", refusedWith(pb.RefuseCode_REFUSE_NOT_ALLOWED))
	joinRoom(t, mod.Client, "ambassador")

	// Slow mode: a visitor's second line within the interval is refused, with the wait.
	mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_SLOW, Room: "entrance", Value: 60})
	joinRoom(t, visitor.Client, "entrance")
	visitor.awaitMsg(t, "slow mode notice", func(m *pb.ServerMessage) bool { return m.GetRooms() != nil })
	if _, err := visitor.Chat(pb.ChatKind_CHAT_SAY, "first line", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := visitor.Chat(pb.ChatKind_CHAT_SAY, "second line", ""); err != nil {
		t.Fatal(err)
	}
	wait(t, visitor.Client, "slow mode refusal", func(v *client.View) bool {
		for _, l := range v.Chat {
			if l.Err != nil && strings.Contains(l.Err.GetReason(), "slow mode") {
				return true
			}
		}
		return false
	})
	wait(t, visitor.Client, "the first line", heard("first line"))

	// The room list tells visitors; and after a restart the settings still hold.
	infos := ts.n.Infos()
	byID := map[string]*pb.RoomInfo{}
	for _, i := range infos {
		byID[i.GetId()] = i
	}
	if !byID["ambassador"].GetLocked() || byID["gallery"].GetCapacity() != 20 || byID["entrance"].GetSlowSeconds() != 60 {
		t.Errorf("room list: %v", infos)
	}
	ts.cancel()
	if err := <-ts.done; err != nil {
		t.Fatal(err)
	}
	ts.done <- nil
	again := startServer(t, func(c *Config) { c.DataDir = dir })
	eventually(t, "settings loaded after a restart", 5*time.Second, func() bool {
		r, _ := again.n.Room("ambassador")
		g, _ := again.n.Room("gallery")
		return r.Settings().Locked && g.Capacity() == 20
	})
	late := enter(t, again, "Late Visitor", identity.Visitor, "")
	if err := late.Join("ambassador"); err != nil {
		t.Fatal(err)
	}
	wait(t, late.Client, "still locked after a restart", refusedWith(pb.RefuseCode_REFUSE_NOT_ALLOWED))
	page, err := again.n.Store().Audit(context.Background(), store.AuditQuery{Action: "lock"})
	if err != nil || len(page.Entries) != 1 || page.Entries[0].Reason != "private meeting" {
		t.Errorf("audit of the lock after a restart: %+v %v", page.Entries, err)
	}
}

// Across nodes (one Redis): a report filed on one node reaches a moderator on the other with the
// reported person's last lines; staff chat crosses nodes; a ban from the other node closes the
// person's connection and holds against their device on both nodes.
func TestModerationAcrossNodes(t *testing.T) {
	rs := redistest.Start(t)
	a, b := clusterNode(t, rs.URL(), "node-a"), clusterNode(t, rs.URL(), "node-b")
	mallory := enter(t, a, "Mallory", identity.Visitor, "mallory-device")
	bob := enter(t, a, "Bob", identity.Visitor, "")
	joinRoom(t, mallory.Client, "reception")
	joinRoom(t, bob.Client, "reception")
	mod := enter(t, b, "Duty Officer", identity.Moderator, "") // on node b, in no room
	dip := enter(t, a, "Attache Ana", identity.Diplomat, "")

	if _, err := mallory.Chat(pb.ChatKind_CHAT_SAY, "you will regret this", ""); err != nil {
		t.Fatal(err)
	}
	wait(t, bob.Client, "Mallory's line", heard("you will regret this"))
	bob.must(t, &pb.Moderate{Action: pb.ModAction_MOD_REPORT, Target: "Mallory", Reason: "threatening me"})
	rep := mod.awaitMsg(t, "the report", func(m *pb.ServerMessage) bool { return m.GetModNotice().GetReport() != nil }).GetModNotice().GetReport()
	if rep.GetReporter() != "Bob" || rep.GetTarget() != "Mallory" || rep.GetReason() != "threatening me" ||
		len(rep.GetLines()) == 0 || !strings.Contains(rep.GetLines()[len(rep.GetLines())-1], "you will regret this") {
		t.Errorf("report as the moderator got it: %v", rep)
	}
	if open := mod.query(t, pb.StaffQuery_REPORTS); len(open.GetReports()) != 1 {
		t.Errorf("open reports: %v", open.GetReports())
	}
	for range 4 { // five waiting at once is the most one visitor may have
		bob.must(t, &pb.Moderate{Action: pb.ModAction_MOD_REPORT, Target: "Mallory", Reason: "again"})
	}
	if why := bob.refused(t, &pb.Moderate{Action: pb.ModAction_MOD_REPORT, Target: "Mallory"}, pb.RefuseCode_REFUSE_INVALID); !strings.Contains(why, "5 reports waiting") {
		t.Errorf("a sixth report: %q", why)
	}
	for _, r := range mod.query(t, pb.StaffQuery_REPORTS).GetReports() {
		if r.GetId() != rep.GetId() {
			mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_CLOSE_REPORT, Target: fmt.Sprintf("#%d", r.GetId())})
		}
	}
	mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_CLOSE_REPORT, Target: fmt.Sprintf("#%d", rep.GetId()), Reason: "banned"})
	if open := mod.query(t, pb.StaffQuery_REPORTS); len(open.GetReports()) != 0 {
		t.Errorf("open reports after closing it: %v", open.GetReports())
	}
	mod.refused(t, &pb.Moderate{Action: pb.ModAction_MOD_CLOSE_REPORT, Target: fmt.Sprintf("#%d", rep.GetId())}, pb.RefuseCode_REFUSE_INVALID)

	if _, err := dip.Chat(pb.ChatKind_CHAT_STAFF, "guests arriving at 18:00", ""); err != nil {
		t.Fatal(err)
	}
	mod.awaitMsg(t, "staff chat from the other node", func(m *pb.ServerMessage) bool {
		return m.GetChat().GetKind() == pb.ChatKind_CHAT_STAFF && m.GetChat().GetText() == "guests arriving at 18:00"
	})
	if _, err := bob.Chat(pb.ChatKind_CHAT_STAFF, "let me in", ""); err != nil {
		t.Fatal(err)
	}
	wait(t, bob.Client, "a visitor refused the staff channel", refusedWith(pb.RefuseCode_REFUSE_NOT_ALLOWED))

	mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_BAN, Target: "Mallory", Reason: "threats"})
	closedWith(t, mallory.Client, gateway.CloseBanned)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, ts := range []*testServer{a, b} {
		_, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: "Innocent Newcomer", DeviceKey: "mallory-device"})
		var ce *client.CloseError
		if !errors.As(err, &ce) || ce.Code != gateway.CloseBanned {
			t.Errorf("banned device under another name on %s: %v", ts.n.cfg.NodeID, err)
		}
	}

	// A lock from node b holds on node a, which runs the room.
	mod.must(t, &pb.Moderate{Action: pb.ModAction_MOD_LOCK, Room: "reception"})
	bob.awaitMsg(t, "the lock notice in the room", notice("closed Reception"))
	late := enter(t, a, "Late Visitor", identity.Visitor, "")
	if err := late.Join("reception"); err != nil {
		t.Fatal(err)
	}
	wait(t, late.Client, "refused by a lock set on another node", refusedWith(pb.RefuseCode_REFUSE_NOT_ALLOWED))
	// A visitor on node b is refused there, not sent to node a to be refused on arrival.
	far := enter(t, b, "Far Visitor", identity.Visitor, "")
	if err := far.Join("reception"); err != nil {
		t.Fatal(err)
	}
	wait(t, far.Client, "refused before any redirect", refusedWith(pb.RefuseCode_REFUSE_NOT_ALLOWED))
	if n := far.Redirects(); n != 0 {
		t.Errorf("sent to the other node %d times to be refused there", n)
	}
}

// POST /api/tokens: a moderator mints a visitor's sign-in but not a diplomat's, an admin mints a
// diplomat's, each recorded in the audit log, and the minted sign-in lets its holder in with that
// name and role.
func TestMintingSignInsThroughTheAPI(t *testing.T) {
	ts := startServer(t)
	mod, admin := staffToken(t, "Duty Officer", identity.Moderator), staffToken(t, "Chief Admin", identity.Admin)
	if code, _, out := adminCall(t, ts, http.MethodPost, "/api/tokens", mod, `{"name": "New Diplomat", "role": "diplomat"}`); code != http.StatusForbidden {
		t.Fatalf("a moderator minting a diplomat: %d %s", code, out)
	}
	if code, _, out := adminCall(t, ts, http.MethodPost, "/api/tokens", staffToken(t, "Vera", identity.Visitor), `{"name": "X"}`); code != http.StatusForbidden {
		t.Fatalf("a visitor minting: %d %s", code, out)
	}
	code, _, out := adminCall(t, ts, http.MethodPost, "/api/tokens", mod, `{"name": "Registered Rosa", "ttl": "2h"}`)
	if code != http.StatusCreated {
		t.Fatalf("a moderator minting a visitor: %d %s", code, out)
	}
	code, _, out = adminCall(t, ts, http.MethodPost, "/api/tokens", admin, `{"name": "New Diplomat", "role": "diplomat", "ttl": "30d"}`)
	var tok struct {
		Token, Role string
		Expires     time.Time
	}
	if code != http.StatusCreated || json.Unmarshal(out, &tok) != nil || tok.Role != "diplomat" || time.Until(tok.Expires) < 29*24*time.Hour {
		t.Fatalf("an admin minting a diplomat: %d %s", code, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: "ignored", Token: tok.Token})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if w := c.Welcome(); w.GetName() != "New Diplomat" || w.GetRole() != pb.Role_ROLE_DIPLOMAT {
		t.Fatalf("the minted sign-in entered as %v", w)
	}
	page, err := ts.n.Store().Audit(ctx, store.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var minted, refused int
	for _, e := range page.Entries {
		switch {
		case e.Action == "mint-staff" && e.Outcome == store.OutcomeDone && e.Target.Name == "New Diplomat":
			minted++
		case e.Action == "mint-staff" && e.Outcome == store.OutcomeRefused && e.Actor.Name == "Duty Officer":
			refused++
		}
	}
	if minted != 1 || refused != 1 {
		t.Errorf("audit: %d staff sign-ins minted, %d refused; want 1 and 1: %+v", minted, refused, page.Entries)
	}
}
