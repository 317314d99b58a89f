package room

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// recordLines keeps what a room publishes to the public record.
type recordLines struct {
	mu    sync.Mutex
	lines []string
}

func (r *recordLines) Record(_ int64, kind, who, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, kind+"|"+who+"|"+text)
}

func (r *recordLines) has(line string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Contains(r.lines, line)
}

func act(t *testing.T, r *Room, who string, kind pb.EventAction_Kind, target string) {
	t.Helper()
	if err := r.EventAct("id-"+who, &pb.EventAction{Kind: kind, Target: target}); err != nil {
		t.Fatal(err)
	}
	steps(r, eventEvery) // EventState goes out at most every eventEvery ticks
}

// During an event the stage carries only its hosts and whoever holds the floor: a guest on the
// stage is heard nearby only; a guest given the floor is heard by the whole room (voice and chat)
// until the host takes it back. Hands queue in order, the spotlight and agenda reach everyone, the
// public record gets the stage's talk and the agenda but never private talk, and an invite-only
// event admits invitation holders, signed-in guests on the list and people admitted at the door.
func TestEventStageFloorAndDoor(t *testing.T) {
	def := openRoom("hall", 80, 40, 50,
		world.Zone{Kind: world.ZoneStage, Rect: tileRect(2, 2, 8, 8)},
		world.Zone{Kind: world.ZonePrivate, Name: "booth", Rect: tileRect(60, 2, 70, 12)})
	r := newTestRoom(def, nil)
	sink, rec := &sinkRecorder{}, &recordLines{}
	r.SetVoiceSink(sink)
	r.SetEventRecorder(rec)
	obs := map[string]*observer{}
	for _, n := range []string{"host", "gia", "hal", "ivy"} {
		obs[n] = newObserver(t, r, n)
		join(t, r, obs[n], n)
		_ = r.SetVoice("id-"+n, true)
	}
	r.Step()
	place(r, "host", world.Tile{X: 4, Y: 4}.Center())
	place(r, "gia", world.Tile{X: 6, Y: 6}.Center()) // a guest on the stage too
	place(r, "hal", world.Tile{X: 50, Y: 30}.Center())
	place(r, "ivy", world.Tile{X: 65, Y: 5}.Center()) // in the private booth
	ev := &Event{ID: 7, Title: "National Day reception", Hosts: []string{"Host"}, PublicRecord: true,
		Agenda: []string{"Welcome", "Toast"}, Guests: []string{"Jo"}, Ends: time.Now().Add(time.Hour)}
	if err := r.SetEvent(ev); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"host", "gia", "hal"} {
		_ = r.SetSpeaking("id-"+n, true, true)
	}
	r.Step()
	if h, stage := sink.hears("hal", "host"); !h || !stage {
		t.Error("the host on the stage is not heard across the room")
	}
	if h, _ := sink.hears("hal", "gia"); h {
		t.Error("a guest standing on the stage is heard across the room during an event")
	}
	if h, _ := sink.hears("host", "gia"); !h {
		t.Error("a guest on the stage is not heard by the host beside her")
	}

	act(t, r, "gia", pb.EventAction_RAISE_HAND, "")
	act(t, r, "hal", pb.EventAction_RAISE_HAND, "")
	act(t, r, "hal", pb.EventAction_GIVE_FLOOR, "gia") // not a host: refused
	hal := obs["hal"]
	hal.sync()
	if st := lastEvent(hal); st == nil || !slices.Equal(st.GetHands(), []string{"gia", "hal"}) || st.GetFloor() != "" {
		t.Fatalf("hands after two raised and a refused floor: %v", st)
	}
	act(t, r, "host", pb.EventAction_GIVE_FLOOR, "hal")
	place(r, "gia", world.Tile{X: 30, Y: 30}.Center()) // off the stage now
	r.Step()
	if h, stage := sink.hears("gia", "hal"); !h || !stage {
		t.Error("the floor holder is not heard by the whole room")
	}
	if err := r.Chat("id-hal", pb.ChatKind_CHAT_SAY, "a question from the floor"); err != nil {
		t.Fatal(err)
	}
	if err := r.Chat("id-ivy", pb.ChatKind_CHAT_SHOUT, "private words"); err != nil {
		t.Fatal(err)
	}
	r.Step()
	place(r, "host", world.Tile{X: 4, Y: 4}.Center())
	r.Step()
	host := obs["host"]
	host.sync()
	if !heardIn(host, "a question from the floor") {
		t.Error("the floor holder's line did not reach the host 46 m away")
	}
	act(t, r, "host", pb.EventAction_TAKE_FLOOR, "")
	if h, _ := sink.hears("host", "hal"); h {
		t.Error("still heard room-wide (by the host 46 m away) after the floor was taken back")
	}
	act(t, r, "host", pb.EventAction_SPOTLIGHT, "gia")
	act(t, r, "host", pb.EventAction_NEXT_ITEM, "")
	hal.sync()
	if st := lastEvent(hal); st.GetSpotlight() != "gia" || st.GetSpotlightSlot() == 0 || st.GetItem() != 0 || st.GetHands()[0] != "gia" {
		t.Errorf("state after spotlight and agenda: %v", st)
	}
	if !rec.has("chat|hal|a question from the floor") || !rec.has("agenda|host|Welcome") {
		t.Errorf("public record: %v", rec.lines)
	}
	for _, l := range rec.lines {
		if l == "chat|ivy|private words" {
			t.Error("private talk on the public record")
		}
	}

	// The door of an invite-only event; what is said there never goes on the public record.
	closed := *ev
	closed.InviteOnly = true
	_ = r.SetEvent(&closed)
	_ = r.Chat("id-host", pb.ChatKind_CHAT_SAY, "a word among the invited")
	r.Step()
	if rec.has("chat|host|a word among the invited") {
		t.Error("talk at an event by invitation went on the public record")
	}
	try := func(p Profile) bool {
		o := newObserver(t, r, p.Name)
		_ = r.Join(o, p, 0, "", "join", nil, nil)
		r.Step()
		_, in := r.st.byID[p.UserID]
		return in
	}
	if try(Profile{UserID: "id-x", Name: "Xavier"}) {
		t.Error("a visitor without an invitation entered an invite-only event")
	}
	if try(Profile{UserID: "id-jo-guest", Name: "Jo"}) {
		t.Error("a guest who typed a listed name entered without signing in")
	}
	if !try(Profile{UserID: "id-jo", Name: "Jo", SignedIn: true}) {
		t.Error("a signed-in guest on the list was refused")
	}
	if !try(Profile{UserID: "id-inv", Name: "Invited Ines", Invites: []int64{7}}) {
		t.Error("an invitation holder was refused")
	}
	act(t, r, "host", pb.EventAction_ADMIT, "Xavier Two")
	if !try(Profile{UserID: "id-x2", Name: "Xavier Two"}) {
		t.Error("someone a host admitted at the door was refused")
	}
	_ = r.SetEvent(nil)
	r.Step()
	if !try(Profile{UserID: "id-late", Name: "Late"}) {
		t.Error("the room stays closed after the event")
	}
}

func lastEvent(o *observer) *pb.EventState {
	var st *pb.EventState
	for _, m := range o.all {
		if e := m.GetEventState(); e != nil {
			st = e
		}
	}
	return st
}

func heardIn(o *observer, text string) bool {
	for _, m := range o.all {
		if m.GetChat().GetText() == text {
			return true
		}
	}
	return false
}

// A crowd raising hands: EventState lists the first 20 and counts them all, and goes out at most
// every eventEvery ticks however many change at once.
func TestEventStateStaysSmall(t *testing.T) {
	r := newTestRoom(openRoom("hall", 80, 40, 100), nil)
	var obs []*observer
	for i := range 30 {
		o := newObserver(t, r, fmt.Sprintf("p%02d", i))
		join(t, r, o, fmt.Sprintf("p%02d", i))
		obs = append(obs, o)
	}
	_ = r.SetEvent(&Event{ID: 1, Title: "Briefing", Ends: time.Now().Add(time.Hour)})
	steps(r, eventEvery)
	obs[0].sync()
	before := len(obs[0].all)
	for i := range 30 {
		_ = r.EventAct(fmt.Sprintf("id-p%02d", i), &pb.EventAction{Kind: pb.EventAction_RAISE_HAND})
	}
	steps(r, eventEvery)
	obs[0].sync()
	states := 0
	for _, m := range obs[0].all[before:] {
		if m.GetEventState() != nil {
			states++
		}
	}
	st := lastEvent(obs[0])
	if states != 1 || len(st.GetHands()) != maxHandsShown || st.GetHandsTotal() != 30 || st.GetHands()[0] != "p00" {
		t.Errorf("%d EventStates for 30 hands; hands %d shown of %d", states, len(st.GetHands()), st.GetHandsTotal())
	}
}
