package session_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/session/sessiontest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

func eventState(st *pb.EventState) *pb.ServerMessage {
	return &pb.ServerMessage{Msg: &pb.ServerMessage_EventState{EventState: st}}
}

func told(m *session.Model, text string) bool {
	return slices.ContainsFunc(m.Chat.Entries, func(e session.ChatEntry) bool { return strings.Contains(e.Text, text) })
}

// EventState fills the model's Stage (item, hands, hosts), the floor reaching you is told, and id 0
// ends the event; a new room starts with none.
func TestStageFromEventState(t *testing.T) {
	s, src, err := sessiontest.Joined("entrance", "entrance.tmx")
	if err != nil {
		t.Fatal(err)
	}
	m := s.Model()
	st := &pb.EventState{Id: 7, Title: "Briefing", Hosts: []string{"Ada"}, Agenda: []string{"Welcome", "Q&A"}, Item: -1, Hands: []string{"Tester"}}
	src.Push(eventState(st))
	s.Update(time.Now())
	if !m.Stage.Running() || !m.Stage.HandUp("tester") || m.Stage.HostedBy("Tester", m.Role()) || !m.Stage.HostedBy("Ada", pb.Role_ROLE_VISITOR) {
		t.Fatalf("stage %v", m.Stage.State)
	}
	if item, n := m.Stage.Item(); item != "" || n != 0 {
		t.Errorf("before the first item: %q %d", item, n)
	}
	if !m.Stage.HostedBy("Anyone", pb.Role_ROLE_MODERATOR) {
		t.Error("a moderator may run any event")
	}
	st2 := &pb.EventState{Id: 7, Title: "Briefing", Hosts: []string{"Ada"}, Agenda: []string{"Welcome", "Q&A"}, Item: 1, Floor: "Tester"}
	src.Push(eventState(st2))
	s.Update(time.Now())
	if item, n := m.Stage.Item(); item != "Q&A" || n != 2 || !told(m, "You have the floor") {
		t.Errorf("item %q %d; told the floor %v", item, n, told(m, "You have the floor"))
	}
	s.Actions().Events().ToggleHand() // not up any more: raises it
	if got := src.Sent(); got[len(got)-1] != "event RAISE_HAND target= text= question=0" {
		t.Errorf("sent %q", got)
	}
	src.Push(eventState(&pb.EventState{}))
	s.Update(time.Now())
	if m.Stage.Running() || !told(m, "“Briefing” has ended") {
		t.Errorf("after id 0: running %v", m.Stage.Running())
	}
}

// GuideState: following is shown and, when it ends (you moved), you are told.
func TestGroupFromGuideState(t *testing.T) {
	s, src, err := sessiontest.Joined("entrance", "entrance.tmx")
	if err != nil {
		t.Fatal(err)
	}
	m := s.Model()
	src.Push(&pb.ServerMessage{Msg: &pb.ServerMessage_GuideState{GuideState: &pb.GuideState{Guide: "Gabriela", Tour: "Ten stops", Followers: []string{"Tester"}}}})
	s.Update(time.Now())
	if m.Group.GetGuide() != "Gabriela" || !told(m, "You follow Gabriela") {
		t.Fatalf("group %v", m.Group)
	}
	src.Push(&pb.ServerMessage{Msg: &pb.ServerMessage_GuideState{GuideState: &pb.GuideState{}}})
	s.Update(time.Now())
	if m.Group != nil || !told(m, "no longer following Gabriela") {
		t.Fatalf("after leaving: group %v", m.Group)
	}
}

// A self-guided tour from GET /api/tours: the path leads to the first stop; standing on it opens
// its text and the next stop becomes the goal; a stop in another room is reached through its door.
func TestSelfGuidedTourAdvancesOnArrival(t *testing.T) {
	s, src, err := sessiontest.Joined("entrance", "entrance.tmx")
	if err != nil {
		t.Fatal(err)
	}
	m := s.Model()
	me := m.Pred.Pos()
	x, y := float64(me.X)/world.Unit, float64(me.Y)/world.Unit
	src.SetAPI("api/tours", []byte(`[{"id": "t", "title": "Test tour", "stops": [
		{"order": 1, "room": "entrance", "room_name": "Entrance Hall", "x": `+ftoa(x+3)+`, "y": `+ftoa(y)+`, "radius": 1, "title": "First", "text": "Here."},
		{"order": 2, "room": "entrance", "room_name": "Entrance Hall", "x": `+ftoa(x)+`, "y": `+ftoa(y)+`, "radius": 1, "title": "Second", "text": "There."},
		{"order": 3, "room": "gallery", "room_name": "Exhibition Gallery", "x": 5, "y": 5, "radius": 2, "title": "Third", "text": "Elsewhere."}]}]`))
	s.Actions().Tours().Refresh()
	for deadline := time.Now().Add(5 * time.Second); len(m.Tour.Tours) == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no tours: %q", m.Tour.Err)
		}
		s.Update(time.Now())
	}
	tour := m.Tour.Tours[0]
	if tour.Stops[0].Pos.X != me.X+3*world.Unit || m.Tour.Rooms["gallery"] != "Exhibition Gallery" {
		t.Fatalf("stop in units: %v (me %v)", tour.Stops[0].Pos, me)
	}
	s.Actions().Tours().Begin(tour)
	s.Update(time.Now())
	if m.Tour.NextStop().Title != "First" || len(m.Tour.Path) == 0 || m.Tour.Path[len(m.Tour.Path)-1] != tour.Stops[0].Pos {
		t.Fatalf("next %v, path %v", m.Tour.NextStop(), m.Tour.Path)
	}
	if m.Tour.Reading != nil {
		t.Fatal("a stop opened before arrival")
	}
	// Skip the first stop: start at the second, where you stand.
	m.Tour.Next = 1
	s.Update(time.Now())
	if m.Tour.Reading == nil || m.Tour.Reading.Title != "Second" || m.Tour.NextStop().Title != "Third" {
		t.Fatalf("on arrival: reading %v, next %v", m.Tour.Reading, m.Tour.NextStop())
	}
	door := m.Tour.Path[len(m.Tour.Path)-1]
	if z, ok := m.Room.Assets.Def.ZoneAt(door, world.ZoneDoor); !ok || z.Target != "gallery" {
		t.Errorf("the path to the gallery's stop ends at %v, not in the door to the gallery", door)
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
