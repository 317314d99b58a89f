package session

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/node"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

const e2eSecret = "the client's moderation test secret, thirty-two bytes or more"

// signIn mints a sign-in for name with role, with the test server's secret.
func signIn(t *testing.T, name string, role identity.Role) string {
	t.Helper()
	sec, err := identity.NewSecret([]byte(e2eSecret), "test")
	if err != nil {
		t.Fatal(err)
	}
	iss, err := identity.NewIssuer(sec, "")
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := iss.Mint(identity.Claims{UserID: identity.UserIDFor(name), Name: name, Role: role}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// lineSaying reports whether a line of tone with text in it is in the chat after its first from lines.
func lineSaying(m *Model, from int, tone Tone, text string) bool {
	for _, e := range m.Chat.Entries[min(from, len(m.Chat.Entries)):] {
		if e.Tone == tone && strings.Contains(e.Text, text) {
			return true
		}
	}
	return false
}

// A moderator's commands typed into the chat box reach a real server and its answers come back:
// /mute (the visitor is told, and their next line is refused), a visitor's report reaches the
// moderator and the panel's query, /staff comes back on the staff channel, /lock shows in the room
// list, and /kick ends the visitor's connection.
func TestModerationCommandsAgainstARealServer(t *testing.T) {
	srv := nodetest.StartWith(t, nil, func(c *node.Config) { c.Secret = e2eSecret })
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	visitor := func(name string) *client.Client {
		c, err := client.Dial(ctx, client.Options{URL: srv.WS(), Name: name, Client: "session-test"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		if err := c.Join(""); err != nil {
			t.Fatal(err)
		}
		return c
	}
	mallory, bob := visitor("Mallory"), visitor("Bob")
	told := func(c *client.Client, what string, cond func(l client.ChatLine) bool) {
		t.Helper()
		if err := c.WaitFor(ctx, func(v *client.View) bool {
			for _, l := range v.Chat {
				if cond(l) {
					return true
				}
			}
			return false
		}); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	l := runLink(t, Config{URL: srv.WS(), Name: "Ada Lovelace", Token: signIn(t, "Ada Lovelace", identity.Moderator), Client: "session-test", RoomsEvery: 200 * time.Millisecond})
	act := l.s.Actions()
	l.until("entering as a moderator", func(m *Model) bool { return m.Ready() && m.Role() == pb.Role_ROLE_MODERATOR })

	lines := func() int { return len(l.s.Model().Chat.Entries) }
	n := lines()
	act.Say("/mute Mallory 10m spamming the hall")
	l.until("the mute's confirmation", func(m *Model) bool { return lineSaying(m, n, ToneSystem, "Mallory") })
	told(mallory, "Mallory told of the mute", func(l client.ChatLine) bool {
		return l.Staff.GetKind() == pb.ModNotice_INFO && strings.Contains(l.Staff.GetText(), "spamming the hall")
	})
	ref, err := mallory.Chat(pb.ChatKind_CHAT_SAY, "buy my coins", "")
	if err != nil {
		t.Fatal(err)
	}
	told(mallory, "Mallory's line refused", func(l client.ChatLine) bool { return l.Err != nil && l.Err.GetRef() == ref })

	if _, err := bob.Request(&pb.ClientMessage{Msg: &pb.ClientMessage_Moderate{Moderate: &pb.Moderate{Action: pb.ModAction_MOD_REPORT, Target: "Mallory", Reason: "selling coins"}}}); err != nil {
		t.Fatal(err)
	}
	l.until("the report in the chat and the panel's list", func(m *Model) bool {
		return lineSaying(m, 0, ToneMod, "Bob reported Mallory") && len(m.Staff.Reports) == 1 && m.Staff.Reports[0].GetReason() == "selling coins"
	})
	act.Moderation().Query(pb.StaffQuery_REPORTS)
	act.Moderation().Query(pb.StaffQuery_AUDIT)
	l.until("the reports and the audit log from the server", func(m *Model) bool {
		_, reports := m.Staff.Fetched[pb.StaffQuery_REPORTS]
		_, audit := m.Staff.Fetched[pb.StaffQuery_AUDIT]
		return reports && audit && len(m.Staff.Reports) == 1 && len(m.Staff.Audit) > 0 && m.Staff.Audit[0].GetAction() == "mute-chat"
	})

	act.Say("/staff keep an eye on Mallory")
	l.until("the staff channel", func(m *Model) bool { return lineSaying(m, 0, ToneStaff, "[staff] Ada Lovelace") })

	n = lines()
	act.Say("/lock")
	l.until("the lock's confirmation and the room list showing it", func(m *Model) bool {
		return lineSaying(m, n, ToneSystem, "locked") && m.RoomInfo(m.Room.ID).GetLocked()
	})

	n = lines()
	act.Say("/kick Mallory enough")
	l.until("the kick's confirmation", func(m *Model) bool { return lineSaying(m, n, ToneSystem, "Mallory") })
	select {
	case <-mallory.Done():
	case <-ctx.Done():
		t.Fatal("Mallory is still connected after the kick")
	}
	n = lines()
	act.Say("/kick Nobody Here")
	l.until("a refusal in words", func(m *Model) bool { return lineSaying(m, n, ToneError, "Nobody") })
}

// Kicked, the client says why and does not knock again (the server would refuse it for five
// minutes, auditing every attempt); its Run returns.
func TestAKickedLinkStaysAway(t *testing.T) {
	srv := nodetest.StartWith(t, nil, func(c *node.Config) { c.Secret = e2eSecret })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	link := NewLink(Config{URL: srv.WS(), Name: "Mallory", Client: "session-test", RoomsEvery: time.Hour})
	done := make(chan struct{})
	go func() { defer close(done); _ = link.Run(ctx) }()
	l := live{t: t, s: New(link, "Mallory", nil, nil)}
	l.until("entering", func(m *Model) bool { return m.Ready() })

	mod, err := client.Dial(ctx, client.Options{URL: srv.WS(), Name: "Duty Officer", Token: signIn(t, "Duty Officer", identity.Moderator), Client: "session-test"})
	if err != nil {
		t.Fatal(err)
	}
	defer mod.Close()
	if _, err := mod.Request(&pb.ClientMessage{Msg: &pb.ClientMessage_Moderate{Moderate: &pb.Moderate{Action: pb.ModAction_MOD_KICK, Target: "Mallory", Reason: "flooding the hall"}}}); err != nil {
		t.Fatal(err)
	}
	l.until("the kick, in words", func(m *Model) bool {
		return m.Status.State == Ended && strings.Contains(m.StatusLine(), "flooding the hall")
	})
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the link is still running after a kick")
	}
	if s := link.Status(); s.State != Ended {
		t.Fatalf("after the kick the link is %+v", s)
	}
}
