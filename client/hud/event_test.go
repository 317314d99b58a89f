package hud_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client/hud"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

func reception(hosts ...string) *pb.ServerMessage {
	return &pb.ServerMessage{Msg: &pb.ServerMessage_EventState{EventState: &pb.EventState{
		Id: 3, Title: "National Day reception", Hosts: hosts, InviteOnly: true, PublicRecord: true,
		Agenda: []string{"Welcome", "The toast"}, Item: 1, Hands: []string{"Bo", "Cy"}, Floor: "Amy", Spotlight: "Amy", SpotlightSlot: 5,
		Questions: []*pb.EventQuestion{{Id: 11, Text: "When is the next one?", Asker: "Bo", Votes: 4}, {Id: 12, Text: "Is there cake?", Asker: "Cy", Votes: 1, Answered: true}},
	}}}
}

// The event bar names the event, the current agenda item, the spotlight, the floor and the hands;
// R raises your hand.
func TestEventBarShowsAgendaFloorAndHands(t *testing.T) {
	b := newBench(t, pb.Role_ROLE_VISITOR)
	bar := &hud.EventBar{Env: b.env}
	b.root.Mount(bar)
	b.step(&ui.Input{})
	if bar.Lines() != nil {
		t.Fatalf("a bar without an event: %q", bar.Lines())
	}
	b.push(reception("Ada"))
	b.step(&ui.Input{})
	got := strings.Join(bar.Lines(), "\n")
	for _, want := range []string{"National Day reception  ·  on the record", "Now (2 of 2): The toast", "In the spotlight: Amy", "The floor: Amy", "Hands (2): Bo, Cy", "R  raise your hand"} {
		if !strings.Contains(got, want) {
			t.Errorf("bar lacks %q:\n%s", want, got)
		}
	}
	b.step(press(ui.Hand))
	if sent := b.sentSince(0); !slices.Equal(sent, []string{"event RAISE_HAND target= text= question=0"}) {
		t.Errorf("R sent %q", sent)
	}
}

// The stage panel offers guests asking, voting and a hand, and hosts the floor, the agenda,
// answering and admitting as well; a host's button sends the action.
func TestStagePanelHidesHostControlsFromGuests(t *testing.T) {
	everyone := []string{"A · Ask…", "V · Vote", "R · Raise hand"}
	host := append(slices.Clone(everyone), "G · Floor to Bo", "T · Take the floor", "N · Next item", "B · Previous item", "X · Answered", "C · Clear spotlight", "D · Admit…")
	for _, c := range []struct {
		role  pb.Role
		hosts []string
		want  []string
	}{
		{pb.Role_ROLE_VISITOR, []string{"Ada"}, everyone},
		{pb.Role_ROLE_DIPLOMAT, []string{"Ada"}, everyone}, // a diplomat who does not host
		{pb.Role_ROLE_DIPLOMAT, []string{"Tester"}, host},
		{pb.Role_ROLE_MODERATOR, []string{"Ada"}, host},
	} {
		b := newBench(t, c.role)
		panel := &hud.StagePanel{Env: b.env, Ask: b.prompt.Ask}
		b.root.Mount(panel)
		b.root.Mount(b.prompt)
		b.push(reception(c.hosts...))
		b.step(press(ui.StagePane))
		b.step(&ui.Input{})
		head, qs, buttons := panel.Lines()
		if !slices.Equal(buttons, c.want) {
			t.Errorf("%s hosting %v: buttons %q, want %q", c.role, c.hosts, buttons, c.want)
		}
		if len(qs) != 2 || !strings.HasPrefix(qs[0], "▲4  When is the next one?") || !strings.HasSuffix(qs[1], "[answered]") || !strings.Contains(strings.Join(head, "|"), "Bo, Cy") {
			t.Errorf("questions %q, head %q", qs, head)
		}
		if slices.Equal(c.want, host) {
			b.step(typed("g"))
			if sent := b.sentSince(0); !slices.Equal(sent, []string{"event GIVE_FLOOR target=Bo text= question=0"}) {
				t.Errorf("G sent %q", sent)
			}
		}
	}
}

// The events panel lists what GET /api/events answers, live first, in the viewer's time zone, with
// the marks; Enter goes to the chosen event's room.
func TestCalendarListsEventsInLocalTime(t *testing.T) {
	b := newBench(t, pb.Role_ROLE_VISITOR)
	now := time.Now().UTC().Truncate(time.Minute)
	later := now.Add(48 * time.Hour)
	b.src.SetAPI("api/events", []byte(`[
		{"id": 2, "title": "Film night", "room": "reception", "starts": "`+later.Format(time.RFC3339)+`", "ends": "`+later.Add(2*time.Hour).Format(time.RFC3339)+`", "public_record": true},
		{"id": 1, "title": "Briefing", "room": "gallery", "starts": "`+now.Add(-time.Hour).Format(time.RFC3339)+`", "ends": "`+now.Add(time.Hour).Format(time.RFC3339)+`", "invite_only": true},
		{"id": 3, "title": "Called off", "room": "gallery", "starts": "`+later.Format(time.RFC3339)+`", "ends": "`+later.Add(time.Hour).Format(time.RFC3339)+`", "cancelled": true}]`))
	zone := time.FixedZone("UTC+5:30", 5*3600+1800)
	cal := &hud.CalendarPanel{Env: b.env, Zone: zone}
	b.root.Mount(cal)
	b.step(press(ui.Calendar))
	for deadline := time.Now().Add(5 * time.Second); len(cal.Rows()) < 2; {
		if time.Now().After(deadline) {
			t.Fatalf("rows %q (%q)", cal.Rows(), b.env.M.Calendar.Err)
		}
		b.step(&ui.Input{})
	}
	rows := cal.Rows()
	local := later.In(zone)
	if len(rows) != 2 || !strings.HasPrefix(rows[0], "NOW  Briefing") || !strings.Contains(rows[0], "Exhibition Gallery  ·  invitation only") ||
		!strings.Contains(rows[1], local.Format("Mon 2 Jan 15:04")+"–"+local.Add(2*time.Hour).Format("15:04")) || !strings.Contains(rows[1], "on the public record") {
		t.Fatalf("rows %q", rows)
	}
	b.step(press(ui.Submit))
	if sent := b.sentSince(0); !slices.Equal(sent, []string{"join gallery"}) || cal.Open() {
		t.Errorf("Enter sent %q (open %v)", sent, cal.Open())
	}
}

// The avatar menu of someone in the room offers a host the floor and the spotlight; following a
// guide shows in the tour bar.
func TestHostAvatarMenuAndFollowingBadge(t *testing.T) {
	b := newBench(t, pb.Role_ROLE_DIPLOMAT)
	menu := &hud.AvatarMenu{Env: b.env, Ask: b.prompt.Ask}
	bar := &hud.TourBar{Env: b.env}
	b.root.Mount(bar)
	b.root.Mount(menu)
	b.person(5, "Amy", pb.Role_ROLE_VISITOR)
	b.push(reception("Tester"))
	menu.Show(5, b.at())
	b.step(&ui.Input{})
	items := menu.Items()
	if !slices.Contains(items, "Give the floor") || !slices.Contains(items, "Out of the spotlight") || !slices.Contains(items, "Admit to the event") {
		t.Fatalf("a host's menu: %q", items)
	}
	b.push(&pb.ServerMessage{Msg: &pb.ServerMessage_GuideState{GuideState: &pb.GuideState{Guide: "Gabriela", Tour: "Ten stops"}}})
	b.step(&ui.Input{})
	if got := bar.Line(); got != "Following Gabriela — move to leave" {
		t.Errorf("tour bar %q", got)
	}
}
