package client

import (
	"fmt"
	"sync/atomic"

	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Intents are what a client asks of the server: to join a room, move, chat, emote, make a request
// answered by its ref, ping, and the voice signalling. Each writes one frame and returns without
// waiting for an answer; answers and refusals come back as server messages into the view. Client
// embeds one, so c.Join and the rest are the client's own. Its methods are safe for concurrent use.
type Intents struct {
	// write puts one frame on the connection. The Client's own, so that the frame goes to whichever
	// node the client is connected to now, across redirects.
	write func(frame []byte) error
	seq   atomic.Uint32 // numbers Move and WalkTo; the view's Ack is the last the server applied
	ref   atomic.Uint32 // numbers chat, emotes and requests, whose answer or refusal names the ref
}

func (in *Intents) send(m *pb.ClientMessage) error {
	b, err := protocol.Encode(m)
	if err != nil {
		return err
	}
	return in.write(b)
}

// SendRaw writes an arbitrary binary frame; tests use it to send malformed input.
func (in *Intents) SendRaw(frame []byte) error { return in.write(frame) }

// Join asks to enter a room ("" for the arrival room).
func (in *Intents) Join(roomID string) error {
	return in.send(&pb.ClientMessage{Msg: &pb.ClientMessage_Join{Join: &pb.Join{Room: roomID}}})
}

// Move holds a direction (each of dx, dy -1, 0 or 1) and returns the intent's sequence number.
func (in *Intents) Move(dx, dy int) (uint32, error) {
	seq := in.seq.Add(1)
	return seq, in.send(&pb.ClientMessage{Msg: &pb.ClientMessage_Move{Move: &pb.Move{Seq: seq, Dx: int32(dx), Dy: int32(dy)}}})
}

// WalkTo asks to walk to (x, y) in units and returns the intent's sequence number.
func (in *Intents) WalkTo(x, y int32) (uint32, error) {
	seq := in.seq.Add(1)
	return seq, in.send(&pb.ClientMessage{Msg: &pb.ClientMessage_WalkTo{WalkTo: &pb.WalkTo{Seq: seq, X: x, Y: y}}})
}

// Chat sends text of the given kind (to names the recipient of a direct message) and returns its ref.
func (in *Intents) Chat(kind pb.ChatKind, text, to string) (uint32, error) {
	ref := in.ref.Add(1)
	return ref, in.send(&pb.ClientMessage{Msg: &pb.ClientMessage_Chat{Chat: &pb.Chat{Kind: kind, Text: text, To: to, Ref: ref}}})
}

// Emote plays a gesture and returns its ref.
func (in *Intents) Emote(g pb.Gesture) (uint32, error) {
	ref := in.ref.Add(1)
	return ref, in.send(&pb.ClientMessage{Msg: &pb.ClientMessage_Emote{Emote: &pb.Emote{Gesture: g, Ref: ref}}})
}

// Request sends a message the server answers by its ref (Moderate, StaffQuery, EventAction,
// Guide): it numbers the ref and returns it. The answer (ModResult, StaffData, the room's new
// state) or a Refused carries that ref.
func (in *Intents) Request(m *pb.ClientMessage) (uint32, error) {
	ref := in.ref.Add(1)
	switch v := m.Msg.(type) {
	case *pb.ClientMessage_Moderate:
		v.Moderate.Ref = ref
	case *pb.ClientMessage_StaffQuery:
		v.StaffQuery.Ref = ref
	case *pb.ClientMessage_EventAction:
		v.EventAction.Ref = ref
	case *pb.ClientMessage_Guide:
		v.Guide.Ref = ref
	default:
		return 0, fmt.Errorf("request: a %T is not answered by a ref", m.Msg)
	}
	return ref, in.send(m)
}

// Ping asks the server for a Pong carrying t.
func (in *Intents) Ping(t uint64) error {
	return in.send(&pb.ClientMessage{Msg: &pb.ClientMessage_Ping{Ping: &pb.Ping{ClientTime: t}}})
}

// VoiceJoin asks to join voice; the server answers with a VoiceSignal carrying its SDP offer.
func (in *Intents) VoiceJoin() error {
	return in.send(&pb.ClientMessage{Msg: &pb.ClientMessage_VoiceJoin{VoiceJoin: &pb.VoiceJoin{}}})
}

// VoiceSignal sends the client's SDP answer (sdp) or one ICE candidate (candidate, JSON).
func (in *Intents) VoiceSignal(sdp, candidate string) error {
	return in.send(&pb.ClientMessage{Msg: &pb.ClientMessage_VoiceSignal{VoiceSignal: &pb.VoiceSignal{Sdp: sdp, Candidate: candidate}}})
}

// VoiceLeave leaves voice.
func (in *Intents) VoiceLeave() error {
	return in.send(&pb.ClientMessage{Msg: &pb.ClientMessage_VoiceLeave{VoiceLeave: &pb.VoiceLeave{}}})
}
