package protocol

import (
	"errors"
	"math/bits"
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// The committed corpora under testdata/fuzz/ hold real encoded frames (see the seeds below); run
// `go test -run '^$' -fuzz FuzzDecodeClient ./shared/protocol` to search further.

func FuzzDecodeClient(f *testing.F) {
	for _, m := range []*pb.ClientMessage{
		hello("Ada Lovelace"), join("reception"), move(1, -1), chat(pb.ChatKind_CHAT_DIRECT, "hi there"),
		emote(pb.Gesture_GESTURE_CHEER), {Msg: &pb.ClientMessage_Ping{Ping: &pb.Ping{ClientTime: 12345}}},
		{Msg: &pb.ClientMessage_WalkTo{WalkTo: &pb.WalkTo{Seq: 4, X: 640, Y: -64}}},
		{Msg: &pb.ClientMessage_Moderate{Moderate: &pb.Moderate{Action: pb.ModAction_MOD_BAN, Target: "Mallory", Reason: "spam", DurationS: 3600, Ref: 9}}},
		{Msg: &pb.ClientMessage_Moderate{Moderate: &pb.Moderate{Action: pb.ModAction_MOD_CAPACITY, Room: "reception", Value: 20}}},
		{Msg: &pb.ClientMessage_StaffQuery{StaffQuery: &pb.StaffQuery{What: pb.StaffQuery_AUDIT, Limit: 50, Target: "Mallory"}}},
		{Msg: &pb.ClientMessage_EventAction{EventAction: &pb.EventAction{Kind: pb.EventAction_GIVE_FLOOR, Target: "Guest Greta", Ref: 3}}},
	} {
		f.Add(mustMarshal(f, m))
	}
	f.Add([]byte{})
	f.Add([]byte{0xff, 0x01})
	f.Add(rawChat("caf\xe9"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeClient(b)
		if err != nil {
			if m != nil {
				t.Fatalf("DecodeClient returned a message and %v", err)
			}
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("DecodeClient error %v wraps no sentinel", err)
			}
			return
		}
		if err := ValidateClient(m); err != nil {
			t.Fatalf("DecodeClient accepted a message ValidateClient rejects: %v", err)
		}
		re, err := proto.Marshal(m)
		if err != nil {
			t.Fatalf("re-encode %v: %v", m, err)
		}
		m2, err := DecodeClient(re)
		if err != nil {
			t.Fatalf("re-encoded %v (%x) does not decode: %v", m, re, err)
		}
		if !proto.Equal(m, m2) {
			t.Fatalf("re-decoded %v, want %v", m2, m)
		}
		switch v := m.Msg.(type) {
		case *pb.ClientMessage_Hello:
			name, err := CleanName(v.Hello.GetName())
			if err != nil || name == "" {
				t.Fatalf("accepted hello name %q cleans to %q, %v", v.Hello.GetName(), name, err)
			}
			if again, err := CleanName(name); err != nil || again != name {
				t.Fatalf("CleanName is not idempotent on %q: %q, %v", name, again, err)
			}
		case *pb.ClientMessage_Chat:
			_ = ChatTextError(v.Chat.GetText())
		case *pb.ClientMessage_Move:
			if dx, dy := v.Move.GetDx(), v.Move.GetDy(); dx < -1 || dx > 1 || dy < -1 || dy > 1 {
				t.Fatalf("accepted move (%d, %d)", dx, dy)
			}
		}
	})
}

func FuzzDecodeMoves(f *testing.F) {
	f.Add(encodeMoves([]encMove{{}, {moved: true, code: 2}}), uint16(2), int32(12))
	f.Add(encodeMoves([]encMove{{moved: true, code: CodeExplicit, a: -3, b: 9}, {moved: true, code: CodeAbsolute, a: 640, b: 1 << 20}, {moved: true, code: 5}}), uint16(3), int32(12))
	f.Add([]byte{0xff, 0x01, 0x76, 0x54, 0x32, 0x10, 0x08, 0x01, 0x02}, uint16(9), int32(63))
	f.Add([]byte{0b1, 0x10}, uint16(1), int32(12))
	f.Add([]byte{}, uint16(0), int32(0))
	f.Fuzz(func(t *testing.T, b []byte, n16 uint16, step int32) {
		n := int(n16 % 1024)
		var got []Moved
		err := DecodeMoves(b, n, step, func(m Moved) { got = append(got, m) })
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("DecodeMoves error %v is not ErrMalformed", err)
			}
			return
		}
		if len(b) == 0 {
			if len(got) != 0 {
				t.Fatalf("empty field reported %v", got)
			}
			return
		}
		// Every set bit of the bitmap was reported once, in view-list order.
		movers := 0
		for _, c := range b[:(n+7)/8] {
			movers += bits.OnesCount8(c)
		}
		if movers == 0 || len(got) != movers {
			t.Fatalf("%d movers in the bitmap, %d reported", movers, len(got))
		}
		for i, m := range got {
			if m.Index < 0 || m.Index >= n || (i > 0 && m.Index <= got[i-1].Index) {
				t.Fatalf("bad index order: %v", got)
			}
		}
		// Re-encode what was decoded, choosing codes as a server would: the result decodes the same.
		var e MovesEncoder
		e.Reset()
		k := 0
		for i := range n {
			if k >= len(got) || got[k].Index != i {
				e.Next(false, 0, 0, 0)
				continue
			}
			m := got[k]
			k++
			switch c := StepCode(m.X, m.Y, step); {
			case m.Abs:
				e.Next(true, CodeAbsolute, m.X, m.Y)
			case c < CodeExplicit:
				e.Next(true, c, 0, 0)
			default:
				e.Next(true, CodeExplicit, m.X, m.Y)
			}
		}
		re := e.AppendTo(nil)
		var again []Moved
		if err := DecodeMoves(re, n, step, func(m Moved) { again = append(again, m) }); err != nil {
			t.Fatalf("re-encoded %x (from %x) does not decode: %v", re, b, err)
		}
		if !slices.Equal(got, again) {
			t.Fatalf("re-encoded field decodes to %v, want %v", again, got)
		}
		if len(re) > len(b) && !hasUselessCodes(step) {
			t.Fatalf("re-encoding %x gave the longer %x", b, re)
		}
	})
}

// hasUselessCodes reports whether step makes some standard-step code decode to a displacement that
// StepCode does not map back to that code (a step of 0 or 1, or one that overflows), so that a
// re-encoding may legitimately be longer than the input.
func hasUselessCodes(step int32) bool {
	for c := range uint8(8) {
		dx, dy := StepOf(c, step)
		if StepCode(dx, dy, step) != c {
			return true
		}
	}
	return false
}

func FuzzDecodeServer(f *testing.F) {
	var enc SnapshotEncoder
	frame, _ := enc.Append(nil, &SnapshotParts{Tick: 3, Moves: encodeMoves([]encMove{{moved: true, code: 1}}),
		Enter: []Enter{{Slot: 2, X: 100, Y: 100}}, Leave: []uint32{5}, Profiles: []*pb.Profile{{Slot: 2, Name: "Bob"}}})
	f.Add(frame)
	f.Add(mustMarshal(f, &pb.ServerMessage{Msg: &pb.ServerMessage_Welcome{Welcome: &pb.Welcome{UserId: "u", Name: "Ada", StepPerTick: 12}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeServer(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("DecodeServer error %v wraps no sentinel", err)
			}
			return
		}
		if m.Msg == nil {
			t.Fatal("DecodeServer accepted an empty message")
		}
		re, err := proto.Marshal(m)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		m2, err := DecodeServer(re)
		if err != nil || !proto.Equal(m, m2) {
			t.Fatalf("re-decoded %v, %v; want %v", m2, err, m)
		}
	})
}
