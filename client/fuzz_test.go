package client

import (
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// FuzzViewApply feeds a joined view up to three frames from a hostile server. Whatever they hold,
// Apply must not panic and the view must stay consistent. The committed corpus in
// testdata/fuzz/FuzzViewApply holds real snapshot sequences.
func FuzzViewApply(f *testing.F) {
	var enc protocol.SnapshotEncoder
	frame := func(s *protocol.SnapshotParts) []byte {
		b, err := enc.Append(nil, s)
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	marshal := func(m *pb.ServerMessage) []byte {
		b, err := proto.Marshal(m)
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	enter := frame(&protocol.SnapshotParts{Tick: 1, Profiles: []*pb.Profile{{Slot: 2, Name: "Bob"}},
		Enter: []protocol.Enter{{Slot: 2, X: 100, Y: 100, DX: 1}}})
	f.Add(uint16(5), uint8(12), enter,
		frame(&protocol.SnapshotParts{Tick: 2, Moves: movesField(mv{code: 0}, mv{code: 6})}),
		frame(&protocol.SnapshotParts{Tick: 3, Leave: []uint32{2}, Moves: movesField(mv{code: protocol.CodeAbsolute, a: 64, b: 64})}))
	f.Add(uint16(0), uint8(0), marshal(joinedMsg(3, 0, 0)),
		frame(&protocol.SnapshotParts{Leave: []uint32{3}, Moves: []byte{0x01, 0x00}}),
		marshal(&pb.ServerMessage{Msg: &pb.ServerMessage_Emote{Emote: &pb.EmoteEvent{Slot: 3}}}))
	f.Add(uint16(1), uint8(63), []byte{}, []byte{0xff}, frame(&protocol.SnapshotParts{Moves: []byte{0b11, 0x98, 1, 2, 3, 4}}))
	f.Fuzz(func(t *testing.T, self uint16, step uint8, f1, f2, f3 []byte) {
		v := NewView()
		w := welcomeMsg()
		w.GetWelcome().StepPerTick = uint32(step)
		at := time.Unix(1e9, 0)
		if err := v.Apply(w, at); err != nil {
			t.Fatal(err)
		}
		if err := v.Apply(joinedMsg(uint32(self), 640, 640), at); err != nil {
			t.Fatal(err)
		}
		checkView(t, v)
		for _, b := range [][]byte{f1, f2, f3} {
			at = at.Add(50 * time.Millisecond)
			m, err := protocol.DecodeServer(b)
			if err != nil {
				continue
			}
			before := len(v.Avatars)
			if err := v.Apply(m, at); err != nil {
				checkView(t, v)
				continue
			}
			checkView(t, v)
			if s := m.GetSnapshot(); s != nil {
				// Everyone who entered is in view, at the position given, unless a later enter of
				// the same slot replaced them.
				last := map[uint32]*pb.AvatarEnter{}
				for _, e := range s.GetEnter() {
					last[e.GetSlot()] = e
				}
				for slot, e := range last {
					a := v.Avatars[slot]
					if a == nil {
						t.Fatalf("slot %d entered but is not in view", slot)
					}
					if len(s.GetMoves()) == 0 && (a.Pos.X != e.GetX() || a.Pos.Y != e.GetY()) {
						t.Fatalf("slot %d entered at (%d,%d) but is at %v", slot, e.GetX(), e.GetY(), a.Pos)
					}
				}
				for _, slot := range s.GetLeave() {
					if _, entered := last[slot]; !entered && v.Avatars[slot] != nil {
						t.Fatalf("slot %d left but is still in view", slot)
					}
				}
				if len(s.GetEnter()) == 0 && len(s.GetLeave()) == 0 && len(v.Avatars) != before {
					t.Fatalf("moves changed the number of avatars from %d to %d", before, len(v.Avatars))
				}
			}
			if j := m.GetJoined(); j != nil && (v.Self() == nil || v.SelfSlot != j.GetSelfSlot() || len(v.Avatars) != 1) {
				t.Fatalf("after Joined: self %+v, %d avatars", v.Self(), len(v.Avatars))
			}
		}
	})
}
