package protocol

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Enter is an AvatarEnter in plain values.
type Enter struct {
	Slot   uint32
	X, Y   int32
	DX, DY int8
}

// SnapshotParts is what one client sees change in one tick.
type SnapshotParts struct {
	Tick, Ack uint32
	Moves     []byte // packed by a MovesWriter
	Enter     []Enter
	Leave     []uint32
	Profiles  []*pb.Profile
}

// Empty reports whether the snapshot carries nothing but the tick and ack.
func (s *SnapshotParts) Empty() bool {
	return len(s.Moves) == 0 && len(s.Enter) == 0 && len(s.Leave) == 0 && len(s.Profiles) == 0
}

// Field numbers of ServerMessage.snapshot and of Snapshot and AvatarEnter, as in embassy.proto.
const (
	fieldServerSnapshot = 3
	fieldSnapTick       = 1
	fieldSnapAck        = 2
	fieldSnapMoves      = 3
	fieldSnapEnter      = 4
	fieldSnapLeave      = 5
	fieldSnapProfiles   = 6
	fieldEnterSlot      = 1
	fieldEnterX         = 2
	fieldEnterY         = 3
	fieldEnterDX        = 4
	fieldEnterDY        = 5
)

// SnapshotEncoder writes ServerMessage{snapshot} frames directly in the protobuf wire format, without
// building messages: a room encodes one per client per tick. Its scratch buffers are reused, so one
// encoder belongs to one goroutine.
type SnapshotEncoder struct {
	inner, sub []byte
}

// Append appends the encoded frame to dst. The result decodes with proto.Unmarshal into a
// pb.ServerMessage exactly as if it had been marshalled from one.
func (e *SnapshotEncoder) Append(dst []byte, s *SnapshotParts) ([]byte, error) {
	in := e.inner[:0]
	if s.Tick != 0 {
		in = protowire.AppendTag(in, fieldSnapTick, protowire.VarintType)
		in = protowire.AppendVarint(in, uint64(s.Tick))
	}
	if s.Ack != 0 {
		in = protowire.AppendTag(in, fieldSnapAck, protowire.VarintType)
		in = protowire.AppendVarint(in, uint64(s.Ack))
	}
	if len(s.Moves) > 0 {
		in = protowire.AppendTag(in, fieldSnapMoves, protowire.BytesType)
		in = protowire.AppendBytes(in, s.Moves)
	}
	for _, en := range s.Enter {
		sub := e.sub[:0]
		sub = appendVarintField(sub, fieldEnterSlot, uint64(en.Slot))
		sub = appendVarintField(sub, fieldEnterX, protowire.EncodeZigZag(int64(en.X)))
		sub = appendVarintField(sub, fieldEnterY, protowire.EncodeZigZag(int64(en.Y)))
		sub = appendVarintField(sub, fieldEnterDX, protowire.EncodeZigZag(int64(en.DX)))
		sub = appendVarintField(sub, fieldEnterDY, protowire.EncodeZigZag(int64(en.DY)))
		e.sub = sub
		in = protowire.AppendTag(in, fieldSnapEnter, protowire.BytesType)
		in = protowire.AppendBytes(in, sub)
	}
	if len(s.Leave) > 0 {
		sub := e.sub[:0]
		for _, l := range s.Leave {
			sub = protowire.AppendVarint(sub, uint64(l))
		}
		e.sub = sub
		in = protowire.AppendTag(in, fieldSnapLeave, protowire.BytesType)
		in = protowire.AppendBytes(in, sub)
	}
	for _, p := range s.Profiles {
		b, err := proto.MarshalOptions{}.MarshalAppend(e.sub[:0], p)
		if err != nil {
			return dst, fmt.Errorf("encode profile: %w", err)
		}
		e.sub = b
		in = protowire.AppendTag(in, fieldSnapProfiles, protowire.BytesType)
		in = protowire.AppendBytes(in, b)
	}
	e.inner = in
	dst = protowire.AppendTag(dst, fieldServerSnapshot, protowire.BytesType)
	return protowire.AppendBytes(dst, in), nil
}

func appendVarintField(b []byte, num protowire.Number, v uint64) []byte {
	if v == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}
