package protocol

import (
	"math/rand/v2"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// crowd returns a view list of n slots among 1,000 in which every avatar walks with a standard step,
// as a dense reception looks from one guest.
func crowd(n int) (slots []uint32, codes []uint8) {
	rng := rand.New(rand.NewPCG(7, 7))
	seen := map[uint32]bool{}
	for len(slots) < n {
		s := 1 + rng.Uint32N(1000)
		if !seen[s] {
			seen[s] = true
			slots = append(slots, s)
		}
	}
	for range slots {
		codes = append(codes, uint8(rng.IntN(8)))
	}
	return slots, codes
}

// BenchmarkSnapshotEncode encodes one tick's snapshot for a guest seeing 40 walking avatars, the
// server's hot path (once per client per tick). bytes/snapshot is the frame size.
func BenchmarkSnapshotEncode(b *testing.B) {
	_, codes := crowd(40)
	var enc SnapshotEncoder
	var moves MovesEncoder
	var frame, buf []byte
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		moves.Reset()
		for _, c := range codes {
			moves.Next(true, c, 0, 0)
		}
		buf = moves.AppendTo(buf[:0])
		frame, _ = enc.Append(frame[:0], &SnapshotParts{Tick: uint32(i) + 100000, Ack: 1234, Moves: buf})
	}
	b.ReportMetric(float64(len(frame)), "bytes/snapshot")
}

// BenchmarkSnapshotEncodeNaive is the same tick written as plain protobuf, one AvatarEnter-like
// message (slot, dx, dy) per moving avatar, for comparison with the packed moves.
func BenchmarkSnapshotEncodeNaive(b *testing.B) {
	slots, codes := crowd(40)
	msg := &pb.ServerMessage{Msg: &pb.ServerMessage_Snapshot{Snapshot: &pb.Snapshot{}}}
	snap := msg.GetSnapshot()
	for i, s := range slots {
		dx, dy := StepOf(codes[i], 12)
		snap.Enter = append(snap.Enter, &pb.AvatarEnter{Slot: s, X: dx, Y: dy})
	}
	var out []byte
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		snap.Tick, snap.AckSeq = uint32(i)+100000, 1234
		out, _ = proto.MarshalOptions{}.MarshalAppend(out[:0], msg)
	}
	b.ReportMetric(float64(len(out)), "bytes/snapshot")
}

// BenchmarkDecodeSnapshot is the client side: decode a 40-mover snapshot and apply its moves.
func BenchmarkDecodeSnapshot(b *testing.B) {
	_, codes := crowd(40)
	var enc SnapshotEncoder
	var moves MovesEncoder
	for _, c := range codes {
		moves.Next(true, c, 0, 0)
	}
	frame, _ := enc.Append(nil, &SnapshotParts{Tick: 100000, Ack: 1234, Moves: moves.AppendTo(nil)})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m, err := DecodeServer(frame)
		if err != nil {
			b.Fatal(err)
		}
		if err := DecodeMoves(m.GetSnapshot().GetMoves(), 40, 12, func(Moved) {}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeClient is the server's per-message cost for the most common client message.
func BenchmarkDecodeClient(b *testing.B) {
	frame, _ := proto.Marshal(&pb.ClientMessage{Msg: &pb.ClientMessage_Move{Move: &pb.Move{Seq: 4711, Dx: 1, Dy: -1}}})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := DecodeClient(frame); err != nil {
			b.Fatal(err)
		}
	}
}
