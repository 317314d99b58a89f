package app

import (
	"errors"
	"testing"
	"time"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/session/sessiontest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// A build without voice (the browser's) says why through the voice bar's "voice off" line: joining
// fails with the reason, and voice stays off.
func TestNoVoiceSaysWhy(t *testing.T) {
	src := sessiontest.New()
	s := session.New(src, "Tester", &pb.Look{BodyRgb: 0x2f5d9e}, nil)
	def, err := world.LoadRoom(assets.World, "entrance.tmx")
	if err != nil {
		t.Fatal(err)
	}
	spawn := def.Spawn("")
	src.Push(&pb.ServerMessage{Msg: &pb.ServerMessage_Welcome{Welcome: &pb.Welcome{
		UserId: "u1", Name: "Tester", TickHz: 20, StepPerTick: uint32(world.StepPerTick(world.DefaultSpeed, 20)), Rooms: sessiontest.Rooms,
	}}})
	src.Push(&pb.ServerMessage{Msg: &pb.ServerMessage_Joined{Joined: &pb.Joined{Room: "entrance", Name: def.Name, MapFile: "entrance.tmx", SelfSlot: 1, X: spawn.X, Y: spawn.Y}}})

	s.SetVoiceEngine(noVoice{why: errors.New("this browser has no WebRTC: voice is off")})
	s.Actions().ToggleVoice()
	v := &s.Model().Voice
	for deadline := time.Now().Add(10 * time.Second); v.Problem == ""; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("voice never said why it is off: %+v", *v)
		}
		s.Update(time.Now())
	}
	if v.Problem != "this browser has no WebRTC: voice is off" || v.On || !v.Available {
		t.Errorf("voice: problem %q, on %v, available %v", v.Problem, v.On, v.Available)
	}
}
