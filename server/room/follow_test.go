package room

import (
	"testing"

	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

func lastGuide(o *observer) *pb.GuideState {
	var st *pb.GuideState
	for _, m := range o.all {
		if g := m.GetGuideState(); g != nil {
			st = g
		}
	}
	return st
}

// A guided tour in one room and through a door: followers walk after the guide, hear the guide
// across the room, follow through the door into the next room (their member re-asks there, as the
// gateway does), and a follower who stops following stays behind.
func TestGuidedTourFollowsThroughADoor(t *testing.T) {
	d := dir{}
	hallDef := openRoom("hall", 60, 20, 50,
		world.Zone{Kind: world.ZoneDoor, Name: "to-annex", Target: "annex", Rect: tileRect(58, 9, 59, 11)})
	annexDef := openRoom("annex", 30, 20, 50)
	hall, annex := newTestRoom(hallDef, d), newTestRoom(annexDef, d)
	sink := &sinkRecorder{}
	hall.SetVoiceSink(sink)
	obs := map[string]*observer{}
	for _, n := range []string{"guide", "amy", "bo", "cy"} {
		obs[n] = newObserver(t, hall, n)
		join(t, hall, obs[n], n)
		_ = hall.SetVoice("id-"+n, true)
	}
	hall.Step()
	place(hall, "guide", world.Tile{X: 10, Y: 10}.Center())
	for i, n := range []string{"amy", "bo", "cy"} {
		place(hall, n, world.Tile{X: 3 + int32(i), Y: 3}.Center())
	}
	if err := hall.Follow("id-amy", "id-guide", 5); err != nil { // not leading yet: refused
		t.Fatal(err)
	}
	hall.Step()
	_ = hall.Guide("id-guide", "The embassy in ten stops")
	for _, n := range []string{"amy", "bo", "cy"} {
		_ = hall.Follow("id-"+n, "id-guide", 0)
	}
	steps(hall, 2)
	g := obs["guide"]
	g.sync()
	if st := lastGuide(g); st == nil || len(st.GetFollowers()) != 3 || st.GetTour() != "The embassy in ten stops" {
		t.Fatalf("the guide's group: %v", st)
	}

	// The guide walks to the far side: the followers come along and hear the guide on the way.
	_ = hall.WalkTo("id-guide", 1, world.Tile{X: 40, Y: 10}.Center())
	steps(hall, 200)
	ga := hall.st.byID["id-guide"]
	for _, n := range []string{"amy", "bo", "cy"} {
		if dist := hall.st.byID["id-"+n].Pos.Dist2(ga.Pos); dist > int64(world.Meters(4))*int64(world.Meters(4)) {
			t.Errorf("%s stayed %d units² from the guide", n, dist)
		}
	}
	_ = hall.Unfollow("id-cy")
	hall.Step()
	place(hall, "cy", world.Tile{X: 5, Y: 15}.Center())
	_ = hall.SetSpeaking("id-guide", true, true)
	_ = hall.Chat("id-guide", pb.ChatKind_CHAT_WHISPER, "this way, please")
	hall.Step()
	if h, _ := sink.hears("amy", "guide"); !h {
		t.Error("a follower does not hear the guide")
	}
	amy := obs["amy"]
	amy.sync()
	if !heardIn(amy, "this way, please") {
		t.Error("a follower did not get the guide's whisper")
	}

	// Through the door: followers walk to it and arrive in the annex; the one who left stays.
	_ = hall.WalkTo("id-guide", 2, world.Tile{X: 58, Y: 10}.Center())
	for i := 0; i < 400 && annex.Occupants() < 3; i++ {
		hall.Step()
		annex.Step()
		for _, n := range []string{"guide", "amy", "bo"} { // what the gateway does when a member enters a room
			if obs[n].Room() == annex && annex.st.byID["id-"+n] != nil && n != "guide" && annex.tours.following["id-"+n] == "" {
				_ = annex.Follow("id-"+n, "id-guide", 0)
			}
		}
		if annex.st.byID["id-guide"] != nil && annex.tours.guides["id-guide"] == "" {
			_ = annex.Guide("id-guide", "The embassy in ten stops")
		}
	}
	if annex.Occupants() != 3 {
		t.Fatalf("the guide and two followers should be in the annex: %d", annex.Occupants())
	}
	if hall.st.byID["id-cy"] == nil {
		t.Error("the one who stopped following went through the door too")
	}
}
