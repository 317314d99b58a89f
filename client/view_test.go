package client

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

const testStep = 12

var t0 = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

func welcomeMsg() *pb.ServerMessage {
	return &pb.ServerMessage{Msg: &pb.ServerMessage_Welcome{Welcome: &pb.Welcome{
		ProtocolVersion: protocol.Version, UserId: "u-self", Name: "Ada", Role: pb.Role_ROLE_DIPLOMAT,
		TickHz: 20, Speed: 240, UnitsPerTile: world.Unit, StepPerTick: testStep,
		Rooms: []*pb.RoomInfo{{Id: "entrance", Name: "Entrance", Capacity: 300}},
	}}}
}

func joinedMsg(slot uint32, x, y int32) *pb.ServerMessage {
	return &pb.ServerMessage{Msg: &pb.ServerMessage_Joined{Joined: &pb.Joined{
		Room: "gallery", Name: "Gallery", MapFile: "gallery.tmx", SelfSlot: slot, X: x, Y: y, Tick: 77, Via: "door",
	}}}
}

func snapshotMsg(s *pb.Snapshot) *pb.ServerMessage {
	return &pb.ServerMessage{Msg: &pb.ServerMessage_Snapshot{Snapshot: s}}
}

// moves encodes a moves field over the view list: codes[i] < 0 means slot i stood still.
type mv struct {
	code int
	a, b int32
}

func movesField(list ...mv) []byte {
	var e protocol.MovesEncoder
	e.Reset()
	for _, m := range list {
		e.Next(m.code >= 0, uint8(max(m.code, 0)), m.a, m.b)
	}
	return e.AppendTo(nil)
}

var still = mv{code: -1}

// joinedView is a view after Welcome and Joined into slot 5 at (640, 320).
func joinedView(t *testing.T) *View {
	t.Helper()
	v := NewView()
	mustApply(t, v, welcomeMsg(), t0)
	mustApply(t, v, joinedMsg(5, 640, 320), t0)
	return v
}

func mustApply(t *testing.T, v *View, m *pb.ServerMessage, at time.Time) {
	t.Helper()
	if err := v.Apply(m, at); err != nil {
		t.Fatalf("Apply(%v): %v", m, err)
	}
	checkView(t, v)
}

// checkView asserts the view's invariants.
func checkView(t testing.TB, v *View) {
	t.Helper()
	for slot, a := range v.Avatars {
		if a == nil || a.Slot != slot {
			t.Fatalf("Avatars[%d] = %+v", slot, a)
		}
	}
	if len(v.Chat) > MaxChatLines {
		t.Fatalf("%d chat lines, limit %d", len(v.Chat), MaxChatLines)
	}
}

func pos(t *testing.T, v *View, slot uint32) world.Vec {
	t.Helper()
	a := v.Avatars[slot]
	if a == nil {
		t.Fatalf("slot %d not in view", slot)
	}
	return a.Pos
}

func TestViewWelcomeJoined(t *testing.T) {
	v := NewView()
	if v.Self() != nil {
		t.Fatal("Self() before joining")
	}
	mustApply(t, v, welcomeMsg(), t0)
	if v.Welcome.GetUserId() != "u-self" || len(v.Rooms) != 1 || v.Rooms[0].Id != "entrance" {
		t.Errorf("after Welcome: welcome %v rooms %v", v.Welcome, v.Rooms)
	}
	mustApply(t, v, joinedMsg(5, 640, 320), t0)
	if v.Room != "gallery" || v.RoomName != "Gallery" || v.MapFile != "gallery.tmx" || v.SelfSlot != 5 || v.Tick != 77 || v.Joins != 1 {
		t.Errorf("after Joined: room %q name %q map %q self %d tick %d joins %d", v.Room, v.RoomName, v.MapFile, v.SelfSlot, v.Tick, v.Joins)
	}
	self := v.Self()
	if self == nil || self.Slot != 5 || self.Pos != (world.Vec{X: 640, Y: 320}) || !self.Updated.Equal(t0) {
		t.Fatalf("Self() = %+v", self)
	}
	if p := self.Profile; p == nil || p.Name != "Ada" || p.UserId != "u-self" || p.Role != pb.Role_ROLE_DIPLOMAT || p.Slot != 5 {
		t.Errorf("self profile = %v", p)
	}
	if len(v.Avatars) != 1 {
		t.Errorf("%d avatars in view, want only yourself", len(v.Avatars))
	}

	// Joining another room clears the view: others' avatars and profiles belong to the old room.
	mustApply(t, v, snapshotMsg(&pb.Snapshot{Profiles: []*pb.Profile{{Slot: 1, Name: "Bob"}}, Enter: []*pb.AvatarEnter{{Slot: 1, X: 10, Y: 10}}}), t0)
	mustApply(t, v, joinedMsg(2, 100, 200), t0.Add(time.Second))
	if len(v.Avatars) != 1 || v.Self() == nil || v.Self().Pos != (world.Vec{X: 100, Y: 200}) || v.Joins != 2 {
		t.Errorf("after second Joined: avatars %v self %+v joins %d", v.Avatars, v.Self(), v.Joins)
	}
	if _, ok := v.Profiles[1]; ok {
		t.Error("profile from the old room survived a Joined")
	}
}

func TestViewSnapshots(t *testing.T) {
	v := joinedView(t)
	at := t0.Add(50 * time.Millisecond)
	// Bob (slot 2) and Cy (slot 9) enter; the view list is now [2 5 9].
	mustApply(t, v, snapshotMsg(&pb.Snapshot{
		Tick: 100, AckSeq: 4,
		Profiles: []*pb.Profile{{Slot: 2, UserId: "u-bob", Name: "Bob"}, {Slot: 9, UserId: "u-cy", Name: "Cy", Role: pb.Role_ROLE_MODERATOR}},
		Enter:    []*pb.AvatarEnter{{Slot: 2, X: 100, Y: 200, Dx: 1}, {Slot: 9, X: -5, Y: 7, Dx: -1, Dy: -1}},
	}), at)
	if v.Tick != 100 || v.Ack != 4 {
		t.Errorf("tick %d ack %d", v.Tick, v.Ack)
	}
	bob := v.Avatars[2]
	if bob == nil || bob.Pos != (world.Vec{X: 100, Y: 200}) || bob.Dir != (world.Dir{X: 1}) || bob.Profile.GetName() != "Bob" || !bob.Updated.Equal(at) {
		t.Fatalf("Bob = %+v", bob)
	}
	if cy := v.ByName("Cy"); cy == nil || cy.Slot != 9 || cy.Dir != (world.Dir{X: -1, Y: -1}) {
		t.Fatalf("ByName(Cy) = %+v", cy)
	}
	if v.ByName("Nobody") != nil {
		t.Error("ByName found a stranger")
	}
	diag := protocol.DiagonalStep(testStep)

	steps := []struct {
		name  string
		moves []mv // over the view list [2 5 9]
		want  map[uint32]world.Vec
		dirs  map[uint32]world.Dir
	}{
		{"Bob steps east", []mv{{code: 0}, still, still},
			map[uint32]world.Vec{2: {X: 112, Y: 200}, 5: {X: 640, Y: 320}, 9: {X: -5, Y: 7}},
			map[uint32]world.Dir{2: {X: 1}}},
		{"everyone steps", []mv{{code: 1}, {code: 6}, {code: 5}},
			map[uint32]world.Vec{2: {X: 112 + diag, Y: 200 + diag}, 5: {X: 640, Y: 320 - testStep}, 9: {X: -5 - diag, Y: 7 - diag}},
			map[uint32]world.Dir{2: {X: 1, Y: 1}, 5: {Y: -1}, 9: {X: -1, Y: -1}}},
		{"explicit and absolute", []mv{{code: protocol.CodeExplicit, a: -3, b: 5}, still, {code: protocol.CodeAbsolute, a: 6400, b: 64}},
			map[uint32]world.Vec{2: {X: 109 + diag, Y: 205 + diag}, 5: {X: 640, Y: 308}, 9: {X: 6400, Y: 64}},
			map[uint32]world.Dir{2: {X: -1, Y: 1}, 9: {X: 1, Y: 1}}},
		{"you walk west, slid short", []mv{still, {code: protocol.CodeExplicit, a: -7, b: 0}, still},
			map[uint32]world.Vec{2: {X: 109 + diag, Y: 205 + diag}, 5: {X: 633, Y: 308}, 9: {X: 6400, Y: 64}},
			map[uint32]world.Dir{5: {X: -1}}},
	}
	for i, s := range steps {
		at := at.Add(time.Duration(i+1) * 50 * time.Millisecond)
		before := map[uint32]time.Time{}
		for slot, a := range v.Avatars {
			before[slot] = a.Updated
		}
		mustApply(t, v, snapshotMsg(&pb.Snapshot{Tick: uint32(101 + i), Moves: movesField(s.moves...)}), at)
		for slot, want := range s.want {
			if got := pos(t, v, slot); got != want {
				t.Errorf("%s: slot %d at %v, want %v", s.name, slot, got, want)
			}
			if d, moved := s.dirs[slot]; moved {
				if a := v.Avatars[slot]; a.Dir != d || !a.Updated.Equal(at) {
					t.Errorf("%s: slot %d dir %v updated %v, want %v at %v", s.name, slot, a.Dir, a.Updated, d, at)
				}
			} else if !v.Avatars[slot].Updated.Equal(before[slot]) {
				t.Errorf("%s: slot %d did not move but Updated changed", s.name, slot)
			}
		}
	}

	// Bob leaves and Dee (slot 7) enters in the same snapshot; the moves refer to the list after
	// both, [5 7 9], and Dee's own bit stays clear.
	mustApply(t, v, snapshotMsg(&pb.Snapshot{
		Leave:    []uint32{2},
		Profiles: []*pb.Profile{{Slot: 7, Name: "Dee"}},
		Enter:    []*pb.AvatarEnter{{Slot: 7, X: 1000, Y: 1000}},
		Moves:    movesField(still, still, mv{code: 4}),
	}), at.Add(time.Second))
	if _, ok := v.Avatars[2]; ok {
		t.Error("Bob still in view after leave")
	}
	if got := pos(t, v, 9); got != (world.Vec{X: 6400 - testStep, Y: 64}) {
		t.Errorf("Cy at %v after leave+enter+move, want {6388 64}", got)
	}
	if got := pos(t, v, 7); got != (world.Vec{X: 1000, Y: 1000}) {
		t.Errorf("Dee at %v, want {1000 1000}", got)
	}
	if _, ok := v.Profiles[2]; !ok {
		t.Error("leaving view dropped Bob's profile; it belongs to the room")
	}
	// A slot reused by someone else: the new profile comes with the new enter.
	mustApply(t, v, snapshotMsg(&pb.Snapshot{
		Profiles: []*pb.Profile{{Slot: 2, Name: "Eve"}},
		Enter:    []*pb.AvatarEnter{{Slot: 2, X: 1, Y: 2}},
	}), at.Add(2*time.Second))
	if a := v.ByName("Eve"); a == nil || a.Slot != 2 || a.Pos != (world.Vec{X: 1, Y: 2}) {
		t.Errorf("ByName(Eve) = %+v", a)
	}
}

func TestViewMalformedMoves(t *testing.T) {
	tests := []struct {
		name  string
		moves []byte
	}{
		{"every bit set", []byte{0xff, 0x00, 0x00, 0x00, 0x00}},
		{"bits past the view list", []byte{0b1000, 0x00}},
		{"invalid code", []byte{0b1, 0x0b}},
		{"explicit without values", []byte{0b1, 0x08}},
		{"stray bytes", []byte{0b1, 0x00, 0x01}},
		{"padding nibble", []byte{0b1, 0x40}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := joinedView(t)
			mustApply(t, v, snapshotMsg(&pb.Snapshot{Enter: []*pb.AvatarEnter{{Slot: 8, X: 3, Y: 3}}}), t0)
			err := v.Apply(snapshotMsg(&pb.Snapshot{Moves: tt.moves}), t0)
			if !errors.Is(err, protocol.ErrMalformed) {
				t.Errorf("Apply(moves %x) = %v, want ErrMalformed", tt.moves, err)
			}
			checkView(t, v)
		})
	}
	// A bitmap too short for the view list: ten slots need two bytes.
	v := joinedView(t)
	var enter []*pb.AvatarEnter
	for slot := range uint32(9) {
		enter = append(enter, &pb.AvatarEnter{Slot: 10 + slot})
	}
	mustApply(t, v, snapshotMsg(&pb.Snapshot{Enter: enter}), t0)
	if err := v.Apply(snapshotMsg(&pb.Snapshot{Moves: []byte{0x01}}), t0); err == nil || !strings.Contains(err.Error(), "bitmap needs 2 bytes") {
		t.Errorf("one bitmap byte for ten slots = %v, want ErrMalformed", err)
	}
	// Without any slot in view (no Joined yet) a non-empty moves field cannot be right.
	v = NewView()
	mustApply(t, v, welcomeMsg(), t0)
	if err := v.Apply(snapshotMsg(&pb.Snapshot{Moves: []byte{0x01, 0x00}}), t0); !errors.Is(err, protocol.ErrMalformed) {
		t.Errorf("moves with an empty view list = %v, want ErrMalformed", err)
	}
}

func TestViewChatHistory(t *testing.T) {
	v := joinedView(t)
	for i := range MaxChatLines + 50 {
		var m *pb.ServerMessage
		switch i % 3 {
		case 0:
			m = &pb.ServerMessage{Msg: &pb.ServerMessage_Chat{Chat: &pb.ChatEvent{Text: fmt.Sprint(i), FromName: "Bob"}}}
		case 1:
			m = &pb.ServerMessage{Msg: &pb.ServerMessage_Refused{Refused: &pb.Refused{Code: pb.RefuseCode_REFUSE_RATE_LIMITED, Reason: fmt.Sprint(i)}}}
		default:
			m = &pb.ServerMessage{Msg: &pb.ServerMessage_Notice{Notice: &pb.Notice{Text: fmt.Sprint(i)}}}
		}
		mustApply(t, v, m, t0.Add(time.Duration(i)*time.Second))
		if want := min(i+1, MaxChatLines); len(v.Chat) != want {
			t.Fatalf("after %d lines, history holds %d, want %d", i+1, len(v.Chat), want)
		}
	}
	text := func(l ChatLine) string {
		switch {
		case l.Event != nil:
			return l.Event.Text
		case l.Err != nil:
			return l.Err.Reason
		}
		return l.Note
	}
	// The oldest lines were dropped, the newest kept, in order.
	for i, l := range v.Chat {
		n := 50 + i
		if text(l) != fmt.Sprint(n) || !l.At.Equal(t0.Add(time.Duration(n)*time.Second)) {
			t.Fatalf("Chat[%d] = %q at %v, want %d", i, text(l), l.At, n)
		}
		kinds := 0
		for _, set := range []bool{l.Event != nil, l.Err != nil, l.Note != ""} {
			if set {
				kinds++
			}
		}
		if kinds != 1 {
			t.Fatalf("Chat[%d] = %+v is not exactly one kind", i, l)
		}
	}
}

func TestViewEmoteAndRooms(t *testing.T) {
	v := joinedView(t)
	at := t0.Add(time.Minute)
	mustApply(t, v, &pb.ServerMessage{Msg: &pb.ServerMessage_Emote{Emote: &pb.EmoteEvent{Slot: 5, Gesture: pb.Gesture_GESTURE_BOW}}}, at)
	if s := v.Self(); s.Emote.GetGesture() != pb.Gesture_GESTURE_BOW || !s.EmoteAt.Equal(at) {
		t.Errorf("self emote %v at %v", s.Emote, s.EmoteAt)
	}
	// An emote from a slot out of view is ignored, not a crash.
	mustApply(t, v, &pb.ServerMessage{Msg: &pb.ServerMessage_Emote{Emote: &pb.EmoteEvent{Slot: 99}}}, at)
	if _, ok := v.Avatars[99]; ok {
		t.Error("emote created an avatar")
	}
	rooms := []*pb.RoomInfo{{Id: "a"}, {Id: "b", Occupants: 3}}
	mustApply(t, v, &pb.ServerMessage{Msg: &pb.ServerMessage_Rooms{Rooms: &pb.RoomList{Rooms: rooms}}}, at)
	if len(v.Rooms) != 2 || v.Rooms[1].Occupants != 3 {
		t.Errorf("Rooms = %v", v.Rooms)
	}
	// Messages the view does not track change nothing.
	mustApply(t, v, &pb.ServerMessage{Msg: &pb.ServerMessage_Pong{Pong: &pb.Pong{ClientTime: 1}}}, at)
}
