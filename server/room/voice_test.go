package room

import (
	"slices"
	"sync"
	"testing"

	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// sinkRecorder keeps the latest routes a room handed over.
type sinkRecorder struct {
	mu        sync.Mutex
	calls     int
	listeners []string
	audible   []Audible
}

func (s *sinkRecorder) Routes(_ string, listeners []string, audible []Audible) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	s.listeners, s.audible = slices.Clone(listeners), slices.Clone(audible)
}

// hears reports whether the latest routes let listener hear speaker, and from the stage.
func (s *sinkRecorder) hears(listener, speaker string) (heard, stage bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.audible {
		if a.Listener == "id-"+listener && a.Speaker == "id-"+speaker {
			return true, a.Stage
		}
	}
	return false, false
}

// The room decides who hears whom by the rules chat follows: talking range, the stage for the whole
// room, a private zone sealed both ways, a quiet zone at whisper range; only participants in voice
// who spoke recently are routed.
func TestVoiceRoutesFollowTheRoomsRules(t *testing.T) {
	def := openRoom("hall", 80, 40, 50,
		world.Zone{Kind: world.ZoneStage, Rect: tileRect(2, 2, 8, 8)},
		world.Zone{Kind: world.ZonePrivate, Name: "booth", Rect: tileRect(60, 2, 70, 12)},
		world.Zone{Kind: world.ZoneQuiet, Rect: tileRect(30, 25, 40, 38)},
	)
	r := newTestRoom(def, nil)
	sink := &sinkRecorder{}
	r.SetVoiceSink(sink)
	names := []string{"ana", "ben", "cai", "dia", "eve"}
	for _, n := range names {
		join(t, r, newObserver(t, r, n), n)
	}
	r.Step()
	at := func(n string, x, y int32) { place(r, n, world.Tile{X: x, Y: y}.Center()) }
	at("ana", 20, 20)
	at("ben", 30, 20) // 10 m from ana
	at("cai", 50, 20) // 30 m from ana
	at("dia", 65, 5)  // in the private booth
	at("eve", 45, 20) // not in voice
	for _, n := range names[:4] {
		if err := r.SetVoice("id-"+n, true); err != nil {
			t.Fatal(err)
		}
	}
	r.Step()
	if heard, _ := sink.hears("ben", "ana"); heard {
		t.Fatal("ana routed before she spoke")
	}
	if len(sink.listeners) != 4 {
		t.Fatalf("listeners %v, want the four in voice", sink.listeners)
	}
	_ = r.SetSpeaking("id-ana", true, true)
	_ = r.SetSpeaking("id-eve", true, true) // not in voice: ignored
	r.Step()
	check := func(listener, speaker string, want, wantStage bool) {
		t.Helper()
		heard, stage := sink.hears(listener, speaker)
		if heard != want || heard && stage != wantStage {
			t.Errorf("%s hears %s: %v (stage %v), want %v (stage %v)", listener, speaker, heard, stage, want, wantStage)
		}
	}
	check("ben", "ana", true, false)
	sink.mu.Lock()
	for _, a := range sink.audible {
		if a.Speaker == "id-ana" && a.Name != "ana" {
			t.Errorf("ana's route names her %q", a.Name)
		}
	}
	sink.mu.Unlock()
	check("cai", "ana", false, false)
	check("dia", "ana", false, false)
	check("ana", "eve", false, false)
	check("ana", "ana", false, false)

	at("ana", 5, 5) // onto the stage: the whole room, but not into the booth
	r.Step()
	check("ben", "ana", true, true)
	check("cai", "ana", true, true)
	check("dia", "ana", false, false)

	at("ben", 62, 4) // into the booth with dia: dia's voice stays inside
	_ = r.SetSpeaking("id-dia", true, true)
	r.Step()
	check("ben", "dia", true, false)
	check("cai", "dia", false, false)
	check("ana", "dia", false, false)

	at("cai", 35, 30) // in the quiet zone: talk carries only as far as a whisper
	at("ana", 35, 30+15)
	_ = r.SetSpeaking("id-cai", true, true)
	r.Step()
	check("ana", "cai", false, false)
	at("ana", 35, 30+8)
	r.Step()
	check("ana", "cai", true, false)

	_ = r.SetVoice("id-ana", false) // ana leaves voice: neither heard nor hearing
	r.Step()
	check("ana", "cai", false, false)
	if slices.Contains(sink.listeners, "id-ana") {
		t.Errorf("ana still listed after leaving voice: %v", sink.listeners)
	}
}

// Those who see a speaker are told they speak; those who do not see them are not.
func TestVoiceActivityReachesThoseWhoSee(t *testing.T) {
	r := newTestRoom(openRoom("hall", 80, 20, 50), nil)
	r.SetVoiceSink(&sinkRecorder{})
	ana, ben, cai := newObserver(t, r, "ana"), newObserver(t, r, "ben"), newObserver(t, r, "cai")
	for o, n := range map[*observer]string{ana: "ana", ben: "ben", cai: "cai"} {
		join(t, r, o, n)
	}
	r.Step()
	place(r, "ana", world.Tile{X: 10, Y: 10}.Center())
	place(r, "ben", world.Tile{X: 14, Y: 10}.Center())
	place(r, "cai", world.Tile{X: 70, Y: 10}.Center()) // 60 m away: out of view
	_ = r.SetVoice("id-ana", true)
	steps(r, 10)
	for _, o := range []*observer{ana, ben, cai} {
		o.sync()
	}
	_ = r.SetSpeaking("id-ana", true, true)
	r.Step()
	for _, o := range []*observer{ana, ben, cai} {
		o.sync()
	}
	anaSlot := ana.view.SelfSlot
	if !slices.Contains(ben.view.Speaking, anaSlot) {
		t.Errorf("ben sees ana (slot %d) but was not told she speaks: %v", anaSlot, ben.view.Speaking)
	}
	if !slices.Contains(ana.view.Speaking, anaSlot) {
		t.Errorf("ana was not told she speaks: %v", ana.view.Speaking)
	}
	if len(cai.view.Speaking) != 0 {
		t.Errorf("cai, who cannot see ana, was told %v", cai.view.Speaking)
	}
	_ = r.SetSpeaking("id-ana", false, true)
	r.Step()
	ben.sync()
	if len(ben.view.Speaking) != 0 {
		t.Errorf("ben still shows ana speaking: %v", ben.view.Speaking)
	}
}

// With the audience muted (staff's "mute everyone but the stage"), only a speaker on the stage is
// routed; unmuted, the floor speaks again. Locked rooms refuse visitors and admit staff, and a
// lowered capacity refuses the next arrival, both in the room's goroutine.
func TestRoomSettingsRouteAndAdmit(t *testing.T) {
	def := openRoom("hall", 80, 40, 50, world.Zone{Kind: world.ZoneStage, Rect: tileRect(2, 2, 8, 8)})
	r := newTestRoom(def, nil)
	sink := &sinkRecorder{}
	r.SetVoiceSink(sink)
	for _, n := range []string{"ana", "ben", "cai"} {
		join(t, r, newObserver(t, r, n), n)
		_ = r.SetVoice("id-"+n, true)
	}
	r.Step()
	place(r, "ana", world.Tile{X: 5, Y: 5}.Center())   // on the stage
	place(r, "ben", world.Tile{X: 20, Y: 20}.Center()) // on the floor
	place(r, "cai", world.Tile{X: 22, Y: 20}.Center())
	_ = r.SetSpeaking("id-ana", true, true)
	_ = r.SetSpeaking("id-ben", true, true)
	r.Step()
	if h, _ := sink.hears("cai", "ben"); !h {
		t.Fatal("cai does not hear ben beside him before the audience is muted")
	}
	if err := r.Configure(Settings{AudienceMuted: true}); err != nil {
		t.Fatal(err)
	}
	r.Step()
	if h, _ := sink.hears("cai", "ben"); h {
		t.Error("cai hears ben with the audience muted")
	}
	if h, stage := sink.hears("cai", "ana"); !h || !stage {
		t.Error("the stage is not heard with the audience muted")
	}
	_ = r.Configure(Settings{})
	r.Step()
	if h, _ := sink.hears("cai", "ben"); !h {
		t.Error("ben not heard again once the audience is unmuted")
	}

	_ = r.Configure(Settings{Locked: true, Capacity: 5})
	r.Step()
	visitor := newObserver(t, r, "dan")
	if err := r.Join(visitor, Profile{UserID: "id-dan", Name: "dan"}, 0, "", "join", nil, nil); err != nil {
		t.Fatal(err)
	}
	r.Step()
	if r.Occupants() != 3 {
		t.Fatalf("a visitor entered a locked room: %d occupants", r.Occupants())
	}
	staff := newObserver(t, r, "eve")
	_ = r.Join(staff, Profile{UserID: "id-eve", Name: "eve", Role: pb.Role_ROLE_MODERATOR}, 0, "", "join", nil, nil)
	r.Step()
	if r.Occupants() != 4 {
		t.Fatalf("staff refused at a locked room: %d occupants", r.Occupants())
	}
	_ = r.Configure(Settings{Capacity: 4})
	r.Step()
	late := newObserver(t, r, "fay")
	_ = r.Join(late, Profile{UserID: "id-fay", Name: "fay", Role: pb.Role_ROLE_ADMIN}, 0, "", "join", nil, nil)
	r.Step()
	if r.Occupants() != 4 || r.Capacity() != 4 || r.Info(4).GetCapacity() != 4 {
		t.Fatalf("capacity 4: %d occupants, capacity %d", r.Occupants(), r.Capacity())
	}
}
