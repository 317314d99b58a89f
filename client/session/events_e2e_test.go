package session

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/node"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// post sends a JSON body to the server's API with a bearer token and decodes the answer into out.
func post(t *testing.T, url, token, body string, out any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST %s: %s %s", url, resp.Status, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("POST %s: %v in %s", url, err, b)
	}
}

// An invite-only reception through a real server, as the desktop client lives it: a diplomat
// creates it over the API and invites a guest; the guest's session enters with the invitation
// under its name, sees the event in its model and the events list, raises a hand; the host's
// session gives the guest the floor (the first hand), and the guest's model shows it.
func TestInvitedGuestGetsTheFloorThroughARealServer(t *testing.T) {
	srv := nodetest.StartWith(t, nil, func(c *node.Config) { c.Secret = e2eSecret })
	hostTok := signIn(t, "Ambassador Ada", identity.Diplomat)
	now := time.Now().UTC()
	var ev struct{ ID int64 }
	post(t, srv.HTTP()+"/api/events", hostTok, fmt.Sprintf(`{"title": "National Day reception", "room": "gallery",
		"starts": %q, "ends": %q, "invite_only": true, "agenda": ["Welcome", "The toast"]}`,
		now.Add(-time.Minute).Format(time.RFC3339), now.Add(time.Hour).Format(time.RFC3339)), &ev)
	var inv struct{ Invite string }
	post(t, fmt.Sprintf("%s/api/events/%d/invitations", srv.HTTP(), ev.ID), hostTok, `{"name": "Invited Ines"}`, &inv)

	guest := runLink(t, Config{URL: srv.WS(), Name: "Guest", Invite: inv.Invite, Room: "gallery", Client: "session-test", RoomsEvery: time.Hour})
	guest.until("the reception in the gallery", func(m *Model) bool {
		return m.Ready() && m.Room.ID == "gallery" && m.Stage.Running() && m.Stage.State.GetTitle() == "National Day reception"
	})
	if got := guest.s.Model().Welcome.GetName(); got != "Invited Ines" {
		t.Fatalf("the invited guest entered as %q", got)
	}
	guest.s.Actions().Events().Refresh()
	guest.until("the events list", func(m *Model) bool {
		return len(m.Calendar.Events) == 1 && m.Calendar.Events[0].InviteOnly && m.Calendar.Events[0].Live(time.Now())
	})

	host := runLink(t, Config{URL: srv.WS(), Name: "Ambassador Ada", Token: hostTok, Room: "gallery", Client: "session-test", RoomsEvery: time.Hour})
	host.until("the host in the gallery", func(m *Model) bool { return m.Ready() && m.Stage.Running() })
	if !host.s.Model().Stage.HostedBy("Ambassador Ada", host.s.Model().Role()) || guest.s.Model().Stage.HostedBy("Invited Ines", pb.Role_ROLE_VISITOR) {
		t.Fatal("the host is not a host, or the guest is")
	}

	guest.s.Actions().Events().ToggleHand()
	host.until("the guest's hand", func(m *Model) bool { return slices.Equal(m.Stage.State.GetHands(), []string{"Invited Ines"}) })
	host.s.Actions().Events().Host(pb.EventAction_GIVE_FLOOR, host.s.Model().Stage.State.GetHands()[0])
	guest.until("the floor", func(m *Model) bool { return m.Stage.State.GetFloor() == "Invited Ines" })
	if !lineSaying(guest.s.Model(), 0, ToneSystem, "You have the floor") {
		t.Error("the guest was not told they have the floor")
	}
	host.s.Actions().Events().Host(pb.EventAction_NEXT_ITEM, "")
	guest.until("the first agenda item", func(m *Model) bool { item, n := m.Stage.Item(); return item == "Welcome" && n == 1 })
}
