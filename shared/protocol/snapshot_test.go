package protocol

import (
	"math"
	"math/rand/v2"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// wantSnapshot builds, field by field, the message SnapshotEncoder must produce for s.
func wantSnapshot(s *SnapshotParts) *pb.ServerMessage {
	snap := &pb.Snapshot{Tick: s.Tick, AckSeq: s.Ack, Moves: s.Moves, Leave: s.Leave, Profiles: s.Profiles}
	for _, e := range s.Enter {
		snap.Enter = append(snap.Enter, &pb.AvatarEnter{Slot: e.Slot, X: e.X, Y: e.Y, Dx: int32(e.DX), Dy: int32(e.DY)})
	}
	return &pb.ServerMessage{Msg: &pb.ServerMessage_Snapshot{Snapshot: snap}}
}

func randomParts(rng *rand.Rand) *SnapshotParts {
	pick := func(vals ...int32) int32 {
		if rng.IntN(3) == 0 {
			return vals[rng.IntN(len(vals))]
		}
		return rng.Int32() - 1<<30
	}
	s := &SnapshotParts{}
	if rng.IntN(2) == 0 {
		s.Tick = rng.Uint32()
	}
	if rng.IntN(2) == 0 {
		s.Ack = uint32(rng.IntN(3)) * rng.Uint32()
	}
	if rng.IntN(2) == 0 {
		s.Moves = make([]byte, 1+rng.IntN(40))
		for i := range s.Moves {
			s.Moves[i] = byte(rng.IntN(256))
		}
	}
	for range rng.IntN(4) {
		s.Enter = append(s.Enter, Enter{
			Slot: uint32(rng.IntN(3)) * uint32(rng.IntN(5000)),
			X:    pick(0, -1, math.MaxInt32, math.MinInt32),
			Y:    pick(0, 1, math.MinInt32),
			DX:   int8(rng.IntN(3) - 1),
			DY:   int8(rng.IntN(3) - 1),
		})
	}
	for range rng.IntN(4) {
		s.Leave = append(s.Leave, uint32(rng.IntN(2))*rng.Uint32()) // zero slots too
	}
	for range rng.IntN(3) {
		p := &pb.Profile{}
		if rng.IntN(4) > 0 { // sometimes an all-zero profile
			p.Slot = uint32(rng.IntN(5000))
			p.UserId = "u-" + string(rune('a'+rng.IntN(26)))
			p.Name = []string{"Ada", "大使", "Zoë 🌍", ""}[rng.IntN(4)]
			p.Role = pb.Role(rng.IntN(3))
			if rng.IntN(2) == 0 {
				p.Look = &pb.Look{BodyRgb: rng.Uint32() & 0xffffff, Sprite: uint32(rng.IntN(3))}
			}
		}
		s.Profiles = append(s.Profiles, p)
	}
	return s
}

func TestSnapshotEncoderMatchesProto(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	var enc SnapshotEncoder // reused, as a room reuses one per client
	cases := []*SnapshotParts{
		{}, // all zero: still a snapshot, with nothing in it
		{Tick: 1},
		{Leave: []uint32{0}},
		{Enter: []Enter{{}}},
		{Profiles: []*pb.Profile{{}}},
		{Profiles: []*pb.Profile{{Look: &pb.Look{}}}},
		{Enter: []Enter{{Slot: 1, X: -1, Y: -1, DX: -1, DY: 1}}, Leave: []uint32{1 << 31}},
	}
	for range 500 {
		cases = append(cases, randomParts(rng))
	}
	for i, s := range cases {
		frame, err := enc.Append(nil, s)
		if err != nil {
			t.Fatalf("case %d: Append: %v", i, err)
		}
		got := &pb.ServerMessage{}
		if err := proto.Unmarshal(frame, got); err != nil {
			t.Fatalf("case %d: Unmarshal(%x): %v", i, frame, err)
		}
		want := wantSnapshot(s)
		if !proto.Equal(got, want) {
			t.Fatalf("case %d: decoded %v\nwant %v", i, got, want)
		}
		// Byte for byte what proto.Marshal writes (deterministic, fields in number order): the
		// hand encoding is not only decodable but canonical.
		canonical, err := proto.MarshalOptions{Deterministic: true}.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		if string(frame) != string(canonical) {
			t.Errorf("case %d: frame %x\nproto.Marshal %x", i, frame, canonical)
		}
		if m, err := DecodeServer(frame); err != nil || m.GetSnapshot() == nil {
			t.Errorf("case %d: DecodeServer = %v, %v", i, m, err)
		}
	}
}

func TestSnapshotEncoderAppendsAndDoesNotAlias(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	var enc SnapshotEncoder
	a, b := randomParts(rng), randomParts(rng)
	a.Enter = append(a.Enter, Enter{Slot: 3, X: 100, Y: 200})
	b.Profiles = append(b.Profiles, &pb.Profile{Slot: 4, Name: "Bob"})
	prefix := []byte{0xde, 0xad}
	fa, err := enc.Append(append([]byte(nil), prefix...), a)
	if err != nil {
		t.Fatal(err)
	}
	if string(fa[:2]) != string(prefix) {
		t.Fatalf("Append overwrote dst: %x", fa[:2])
	}
	fa = fa[2:]
	saved := string(fa)
	fb, err := enc.Append(nil, b)
	if err != nil {
		t.Fatal(err)
	}
	if string(fa) != saved {
		t.Fatal("a second Append changed the first frame")
	}
	for _, c := range []struct {
		frame []byte
		parts *SnapshotParts
	}{{fa, a}, {fb, b}} {
		got := &pb.ServerMessage{}
		if err := proto.Unmarshal(c.frame, got); err != nil || !proto.Equal(got, wantSnapshot(c.parts)) {
			t.Errorf("frame decodes to %v, %v; want %v", got, err, wantSnapshot(c.parts))
		}
	}
}

func TestSnapshotEncoderMovesFromEncoder(t *testing.T) {
	// The moves field a MovesEncoder builds survives the trip through a snapshot frame.
	var me MovesEncoder
	me.Reset()
	me.Next(true, 3, 0, 0)
	me.Next(false, 0, 0, 0)
	me.Next(true, CodeExplicit, -7, 70000)
	s := &SnapshotParts{Tick: 10, Ack: 2, Moves: me.AppendTo(nil)}
	var enc SnapshotEncoder
	frame, err := enc.Append(nil, s)
	if err != nil {
		t.Fatal(err)
	}
	m, err := DecodeServer(frame)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeAll(m.GetSnapshot().GetMoves(), 3, 12)
	want := []Moved{{Index: 0, X: -8, Y: 8}, {Index: 2, X: -7, Y: 70000}}
	if err != nil || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("moves = %v, %v; want %v", got, err, want)
	}
}

func TestSnapshotPartsEmpty(t *testing.T) {
	tests := []struct {
		s    SnapshotParts
		want bool
	}{
		{SnapshotParts{}, true},
		{SnapshotParts{Tick: 5, Ack: 9}, true},
		{SnapshotParts{Moves: []byte{1, 0}}, false},
		{SnapshotParts{Enter: []Enter{{}}}, false},
		{SnapshotParts{Leave: []uint32{0}}, false},
		{SnapshotParts{Profiles: []*pb.Profile{{}}}, false},
	}
	for _, tt := range tests {
		if got := tt.s.Empty(); got != tt.want {
			t.Errorf("%+v.Empty() = %v, want %v", tt.s, got, tt.want)
		}
	}
}
