package node

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// eventState returns the latest EventState a person received, or nil.
func (p *person) eventState() *pb.EventState {
	var st *pb.EventState
	p.rec.mu.Lock()
	defer p.rec.mu.Unlock()
	for _, m := range p.rec.msgs {
		if e := m.GetEventState(); e != nil {
			st = e
		}
	}
	return st
}

func (p *person) awaitEvent(t *testing.T, what string, ok func(*pb.EventState) bool) *pb.EventState {
	t.Helper()
	var st *pb.EventState
	eventually(t, p.Welcome().GetName()+" sees "+what, 10*time.Second, func() bool {
		st = p.eventState()
		return st != nil && ok(st)
	})
	return st
}

func (p *person) eventAct(t *testing.T, a *pb.EventAction) {
	t.Helper()
	p.send(t, &pb.ClientMessage{Msg: &pb.ClientMessage_EventAction{EventAction: a}})
}

// An invite-only reception through the real server: a diplomat creates it over the API (a visitor
// may not), it is listed and in the calendar; a visitor without an invitation is refused naming
// it, an invited guest enters under the invitation's name; the host opens the doors and puts the
// rest on the public record, gives the floor, moves the agenda on and answers a question; after
// the event the room is open again and the transcript holds the agenda, the announcement and the
// answered question.
func TestInviteOnlyReceptionThroughTheServer(t *testing.T) {
	ts := startServer(t)
	hostTok := staffToken(t, "Ambassador Ada", identity.Diplomat)
	now := time.Now().UTC()
	body := fmt.Sprintf(`{"title": "National Day reception", "description": "Music and speeches.", "room": "gallery",
		"starts": %q, "ends": %q, "invite_only": true, "public_record": false, "agenda": ["Welcome", "The toast"]}`,
		now.Add(-time.Minute).Format(time.RFC3339), now.Add(time.Hour).Format(time.RFC3339))
	if code, _, _ := adminCall(t, ts, http.MethodPost, "/api/events", staffToken(t, "Vera Visitor", identity.Visitor), body); code != http.StatusForbidden {
		t.Fatalf("a visitor's POST /api/events: %d, want 403", code)
	}
	code, _, out := adminCall(t, ts, http.MethodPost, "/api/events", hostTok, body)
	if code != http.StatusCreated {
		t.Fatalf("POST /api/events: %d %s", code, out)
	}
	var ev struct {
		ID    int64    `json:"id"`
		Hosts []string `json:"hosts"`
	}
	if err := json.Unmarshal(out, &ev); err != nil || ev.ID == 0 || len(ev.Hosts) != 1 || ev.Hosts[0] != "Ambassador Ada" {
		t.Fatalf("created event %s: %v", out, err)
	}
	resp, err := http.Get(ts.base + "/api/events.ics")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(resp.Body)
	resp.Body.Close()
	if err != nil || len(cal.Events()) != 1 || cal.Events()[0].GetProperty(ics.ComponentPropertySummary).Value != "National Day reception" {
		t.Fatalf("calendar: %v, %v", cal, err)
	}

	// The door.
	walkIn := enter(t, ts, "Walk In", identity.Visitor, "")
	if err := walkIn.Join("gallery"); err != nil {
		t.Fatal(err)
	}
	wait(t, walkIn.Client, "refused at the reception's door", func(v *client.View) bool {
		for _, l := range v.Chat {
			if l.Err != nil && strings.Contains(l.Err.GetReason(), "National Day reception") {
				return true
			}
		}
		return false
	})
	code, _, out = adminCall(t, ts, http.MethodPost, fmt.Sprintf("/api/events/%d/invitations", ev.ID), hostTok, `{"name": "Invited Ines"}`)
	var inv struct{ Invite string }
	if code != http.StatusCreated || json.Unmarshal(out, &inv) != nil || inv.Invite == "" {
		t.Fatalf("invitation: %d %s", code, out)
	}
	ines := &person{rec: &recorder{}}
	ines.Client = dialWith(t, client.Options{URL: ts.ws, Name: "typed name", Invite: inv.Invite, OnMessage: ines.rec.add})
	if got := ines.Welcome().GetName(); got != "Invited Ines" {
		t.Fatalf("an invited guest entered as %q", got)
	}
	joinRoom(t, ines.Client, "gallery")
	host := enter(t, ts, "Ambassador Ada", identity.Diplomat, "")
	joinRoom(t, host.Client, "gallery")
	host.awaitEvent(t, "the reception", func(s *pb.EventState) bool { return s.GetId() == ev.ID && s.GetInviteOnly() })
	// The doors open and the rest goes on the public record (what is said by invitation never does).
	if code, _, out := adminCall(t, ts, http.MethodPatch, fmt.Sprintf("/api/events/%d", ev.ID), hostTok, `{"invite_only": false, "public_record": true}`); code != http.StatusOK {
		t.Fatalf("PATCH open: %d %s", code, out)
	}
	ines.awaitEvent(t, "the doors open", func(s *pb.EventState) bool { return !s.GetInviteOnly() && s.GetPublicRecord() })

	// Hands, floor, agenda, questions.
	ines.eventAct(t, &pb.EventAction{Kind: pb.EventAction_RAISE_HAND})
	host.awaitEvent(t, "Ines's hand", func(s *pb.EventState) bool { return len(s.GetHands()) == 1 && s.GetHands()[0] == "Invited Ines" })
	host.eventAct(t, &pb.EventAction{Kind: pb.EventAction_GIVE_FLOOR, Target: "Invited Ines"})
	ines.awaitEvent(t, "the floor", func(s *pb.EventState) bool { return s.GetFloor() == "Invited Ines" && len(s.GetHands()) == 0 })
	ines.eventAct(t, &pb.EventAction{Kind: pb.EventAction_GIVE_FLOOR, Target: "Invited Ines", Ref: 9})
	ines.awaitMsg(t, "a refusal to run the floor", func(m *pb.ServerMessage) bool {
		return m.GetRefused().GetRef() == 9 && m.GetRefused().GetCode() == pb.RefuseCode_REFUSE_NOT_ALLOWED
	})
	host.eventAct(t, &pb.EventAction{Kind: pb.EventAction_NEXT_ITEM})
	if _, err := host.Chat(pb.ChatKind_CHAT_ANNOUNCE, "Please raise your glasses", ""); err != nil {
		t.Fatal(err)
	}
	ines.eventAct(t, &pb.EventAction{Kind: pb.EventAction_ASK, Text: "When is the next reception?"})
	st := host.awaitEvent(t, "the question", func(s *pb.EventState) bool { return len(s.GetQuestions()) == 1 })
	qid := st.GetQuestions()[0].GetId()
	ines.eventAct(t, &pb.EventAction{Kind: pb.EventAction_VOTE, Question: qid})
	ines.eventAct(t, &pb.EventAction{Kind: pb.EventAction_VOTE, Question: qid}) // twice counts once
	host.awaitEvent(t, "one vote", func(s *pb.EventState) bool { return s.GetQuestions()[0].GetVotes() == 1 })
	for i := range 3 { // three waiting at once is the most one person may have
		ines.eventAct(t, &pb.EventAction{Kind: pb.EventAction_ASK, Text: fmt.Sprintf("Another question %d?", i), Ref: uint32(20 + i)})
	}
	ines.awaitMsg(t, "a refusal of a fourth waiting question", func(m *pb.ServerMessage) bool {
		return m.GetRefused().GetRef() == 22 && strings.Contains(m.GetRefused().GetReason(), "3 questions waiting")
	})
	host.eventAct(t, &pb.EventAction{Kind: pb.EventAction_ANSWER, Question: qid})
	ines.awaitEvent(t, "the question answered", func(s *pb.EventState) bool {
		return s.GetItem() == 0 && len(s.GetQuestions()) == 3 && s.GetQuestions()[0].GetAnswered()
	})

	// No transcript before the end; after it the room opens and the record is published.
	if code, _, _ := adminCall(t, ts, http.MethodGet, fmt.Sprintf("/api/events/%d/transcript", ev.ID), "", ""); code != http.StatusForbidden {
		t.Errorf("transcript during the event: %d, want 403", code)
	}
	ended := time.Now().UTC().Add(-time.Second).Format(time.RFC3339Nano)
	if code, _, out := adminCall(t, ts, http.MethodPatch, fmt.Sprintf("/api/events/%d", ev.ID), hostTok, fmt.Sprintf(`{"ends": %q}`, ended)); code != http.StatusOK {
		t.Fatalf("PATCH ends: %d %s", code, out)
	}
	ines.awaitEvent(t, "the event over", func(s *pb.EventState) bool { return s.GetId() == 0 })
	joinRoom(t, walkIn.Client, "gallery")
	eventually(t, "the transcript", 5*time.Second, func() bool {
		code, _, out := adminCall(t, ts, http.MethodGet, fmt.Sprintf("/api/events/%d/transcript", ev.ID), "", "")
		s := string(out)
		return code == http.StatusOK && strings.Contains(s, `"Welcome"`) && strings.Contains(s, "Please raise your glasses") &&
			strings.Contains(s, "When is the next reception?")
	})
	code, _, out = adminCall(t, ts, http.MethodGet, fmt.Sprintf("/api/events/%d/transcript?format=md", ev.ID), "", "")
	if code != http.StatusOK || !strings.HasPrefix(string(out), "# National Day reception") || !strings.Contains(string(out), "## Welcome") {
		t.Errorf("Markdown transcript: %d %s", code, out)
	}
}

func dialWith(t *testing.T, o client.Options) *client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, o)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// A guided tour through the real server: a diplomat starts one, four visitors follow (a visitor may
// not lead one), the guide walks through the door from the entrance into the reception hall and
// three followers come along; a fourth who walks off on their own stays behind.
func TestGuidedTourThroughADoor(t *testing.T) {
	ts := startServer(t)
	guide := enter(t, ts, "Guide Gabriela", identity.Diplomat, "")
	amy := enter(t, ts, "Amy", identity.Visitor, "")
	bo := enter(t, ts, "Bo", identity.Visitor, "")
	cy := enter(t, ts, "Cy", identity.Visitor, "")
	di := enter(t, ts, "Di", identity.Visitor, "")
	for _, p := range []*person{guide, amy, bo, cy, di} {
		joinRoom(t, p.Client, "entrance")
	}
	amy.send(t, &pb.ClientMessage{Msg: &pb.ClientMessage_Guide{Guide: &pb.Guide{Kind: pb.Guide_START, Ref: 4}}})
	amy.awaitMsg(t, "a refusal to lead", func(m *pb.ServerMessage) bool { return m.GetRefused().GetRef() == 4 })
	guide.send(t, &pb.ClientMessage{Msg: &pb.ClientMessage_Guide{Guide: &pb.Guide{Kind: pb.Guide_START, Tour: "The embassy in ten stops"}}})
	guide.awaitMsg(t, "the tour started", func(m *pb.ServerMessage) bool { return m.GetGuideState().GetTour() != "" })
	for _, p := range []*person{amy, bo, cy, di} {
		p.send(t, &pb.ClientMessage{Msg: &pb.ClientMessage_Guide{Guide: &pb.Guide{Kind: pb.Guide_FOLLOW, Target: "Guide Gabriela"}}})
	}
	guide.awaitMsg(t, "a group of four", func(m *pb.ServerMessage) bool { return len(m.GetGuideState().GetFollowers()) == 4 })
	if _, err := cy.Move(1, 0); err != nil { // Cy walks off
		t.Fatal(err)
	}
	guide.awaitMsg(t, "a group of three", func(m *pb.ServerMessage) bool {
		f := m.GetGuideState().GetFollowers()
		return len(f) == 3 && !slices.Contains(f, "Cy")
	})
	if _, err := cy.Move(0, 0); err != nil {
		t.Fatal(err)
	}

	entrance := ts.n.World().Rooms["entrance"]
	var door *world.Zone
	for i := range entrance.Zones {
		if z := &entrance.Zones[i]; z.Kind == world.ZoneDoor && z.Target == "reception" {
			door = z
		}
	}
	if door == nil {
		t.Fatal("no door from the entrance to the reception hall")
	}
	c := door.Rect.Center()
	if _, err := guide.WalkTo(c.X, c.Y); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*person{guide, amy, bo, di} {
		wait(t, p.Client, "in the reception hall", func(v *client.View) bool { return v.Room == "reception" })
	}
	cy.View(func(v *client.View) {
		if v.Room != "entrance" {
			t.Errorf("Cy, who walked off, is in %q", v.Room)
		}
	})
}
