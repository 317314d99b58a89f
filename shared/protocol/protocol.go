// Package protocol is the Embassy wire protocol: the generated messages (package pb, from
// embassy.proto), the limits every peer enforces, validation of what a client may send, and the packed
// encoding of avatar moves inside snapshots. It owns no connections and no state.
package protocol

//go:generate protoc --go_out=pb --go_opt=paths=source_relative embassy.proto

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Version is the protocol version this code speaks; Hello and Welcome carry it.
const Version = 1

// Limits on what a client may send.
const (
	MaxClientFrame  = 2048                 // bytes in one client frame, except voice signalling
	MaxSignalFrame  = 17 << 10             // bytes in one VoiceSignal frame (an SDP answer of up to MaxSDPLen)
	MaxSDPLen       = 16 << 10             // bytes in one SDP
	MaxCandidateLen = 1024                 // bytes in one ICE candidate (JSON)
	MaxNameLen      = 32                   // characters in a display name
	MaxChatLen      = 500                  // characters in one chat message
	MaxTokenLen     = 1024                 // bytes in a sign-in token
	MaxDeviceKeyLen = 128                  // bytes in a guest's device key
	MaxRoomIDLen    = 64                   // bytes in a room id
	MaxReasonLen    = 200                  // characters in a moderation reason
	MaxModDuration  = 10 * 366 * 24 * 3600 // seconds a mute or ban may last (0: for good)
	MaxModValue     = 100000               // a capacity or slow-mode seconds
	MaxAuditLimit   = 200                  // audit entries one StaffQuery may ask for
	MaxQuestionLen  = 300                  // characters in a question to an event's hosts
)

// MaxServerFrame bounds one server frame, as a client reads it.
const MaxServerFrame = 1 << 20

// Errors a decoder returns; callers close the connection with the message as the reason.
var (
	ErrMalformed = errors.New("malformed message")
	ErrInvalid   = errors.New("invalid message")
	ErrTooLarge  = errors.New("message too large")
)

// DecodeClient parses and validates one frame from a client.
func DecodeClient(b []byte) (*pb.ClientMessage, error) {
	if len(b) > MaxSignalFrame || len(b) > MaxClientFrame && !isVoiceSignal(b) {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(b), MaxClientFrame)
	}
	m := &pb.ClientMessage{}
	if err := proto.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if _, signal := m.Msg.(*pb.ClientMessage_VoiceSignal); !signal && len(b) > MaxClientFrame {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(b), MaxClientFrame)
	}
	if err := ValidateClient(m); err != nil {
		return nil, err
	}
	return m, nil
}

// ValidateClient checks the fields of a client message against the protocol's rules. Text is checked
// for shape here; Clean* normalise it.
func ValidateClient(m *pb.ClientMessage) error {
	switch v := m.Msg.(type) {
	case nil:
		return fmt.Errorf("%w: empty message", ErrInvalid)
	case *pb.ClientMessage_Hello:
		h := v.Hello
		if _, err := CleanName(h.GetName()); err != nil {
			return err
		}
		if len(h.GetToken()) > MaxTokenLen || len(h.GetClient()) > 64 || len(h.GetDeviceKey()) > MaxDeviceKeyLen || len(h.GetInvite()) > MaxTokenLen {
			return fmt.Errorf("%w: hello token, client or device key too long", ErrInvalid)
		}
	case *pb.ClientMessage_Join:
		if len(v.Join.GetRoom()) > MaxRoomIDLen {
			return fmt.Errorf("%w: room id too long", ErrInvalid)
		}
	case *pb.ClientMessage_Move:
		if dx, dy := v.Move.GetDx(), v.Move.GetDy(); dx < -1 || dx > 1 || dy < -1 || dy > 1 {
			return fmt.Errorf("%w: move direction (%d,%d) out of range", ErrInvalid, dx, dy)
		}
	case *pb.ClientMessage_WalkTo:
	case *pb.ClientMessage_Chat:
		if k := v.Chat.GetKind(); k < pb.ChatKind_CHAT_SAY || k > pb.ChatKind_CHAT_STAFF {
			return fmt.Errorf("%w: unknown chat kind %d", ErrInvalid, k)
		}
		if !utf8.ValidString(v.Chat.GetText()) || !utf8.ValidString(v.Chat.GetTo()) {
			return fmt.Errorf("%w: chat is not UTF-8", ErrInvalid)
		}
	case *pb.ClientMessage_Emote:
		if g := v.Emote.GetGesture(); g < 0 || int(g) >= len(pb.Gesture_name) {
			return fmt.Errorf("%w: unknown gesture %d", ErrInvalid, g)
		}
	case *pb.ClientMessage_Ping, *pb.ClientMessage_VoiceJoin, *pb.ClientMessage_VoiceLeave:
	case *pb.ClientMessage_VoiceSignal:
		return validateSignal(v.VoiceSignal)
	case *pb.ClientMessage_Moderate:
		return validateModerate(v.Moderate)
	case *pb.ClientMessage_EventAction:
		e := v.EventAction
		if _, ok := pb.EventAction_Kind_name[int32(e.GetKind())]; !ok || !utf8.ValidString(e.GetTarget()) || !utf8.ValidString(e.GetText()) ||
			utf8.RuneCountInString(e.GetTarget()) > MaxNameLen || utf8.RuneCountInString(e.GetText()) > MaxQuestionLen || e.GetQuestion() < 0 {
			return fmt.Errorf("%w: event action out of range", ErrInvalid)
		}
	case *pb.ClientMessage_Guide:
		g := v.Guide
		if _, ok := pb.Guide_Kind_name[int32(g.GetKind())]; !ok || !utf8.ValidString(g.GetTour()) || !utf8.ValidString(g.GetTarget()) ||
			utf8.RuneCountInString(g.GetTour()) > 120 || utf8.RuneCountInString(g.GetTarget()) > MaxNameLen {
			return fmt.Errorf("%w: guide message out of range", ErrInvalid)
		}
	case *pb.ClientMessage_StaffQuery:
		q := v.StaffQuery
		if _, ok := pb.StaffQuery_What_name[int32(q.GetWhat())]; !ok || q.GetLimit() > MaxAuditLimit ||
			utf8.RuneCountInString(q.GetTarget()) > MaxNameLen || !utf8.ValidString(q.GetTarget()) {
			return fmt.Errorf("%w: staff query out of range", ErrInvalid)
		}
	default:
		return fmt.Errorf("%w: unknown message", ErrInvalid)
	}
	return nil
}

// CleanName trims a display name and checks it: 1..MaxNameLen printable characters, no control or
// format characters (which could spoof other names).
func CleanName(s string) (string, error) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if !utf8.ValidString(s) || n == 0 || n > MaxNameLen {
		return "", fmt.Errorf("%w: name must be 1 to %d characters", ErrInvalid, MaxNameLen)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.Is(unicode.Cf, r) {
			return "", fmt.Errorf("%w: name contains a control character", ErrInvalid)
		}
	}
	return s, nil
}

// ChatTextError says what is wrong with a chat text, as a sentence for the sender; "" when it is fine.
func ChatTextError(s string) string {
	n := utf8.RuneCountInString(strings.TrimSpace(s))
	switch {
	case n == 0:
		return "message is empty"
	case n > MaxChatLen:
		return fmt.Sprintf("message is %d characters, the limit is %d", n, MaxChatLen)
	}
	for _, r := range s {
		if r != '\n' && (!unicode.IsPrint(r) && !unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)) {
			return "message contains control characters"
		}
	}
	return ""
}

// Encode marshals any protocol message.
func Encode(m proto.Message) ([]byte, error) {
	b, err := proto.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", m, err)
	}
	return b, nil
}

// DecodeServer parses one frame from the server (used by clients; fuzzed like DecodeClient).
func DecodeServer(b []byte) (*pb.ServerMessage, error) {
	if len(b) > MaxServerFrame {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(b))
	}
	m := &pb.ServerMessage{}
	if err := proto.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if m.Msg == nil {
		return nil, fmt.Errorf("%w: empty message", ErrInvalid)
	}
	return m, nil
}

// validateModerate checks a Moderate's shape; whether the sender may do it is the server's business.
func validateModerate(m *pb.Moderate) error {
	a := m.GetAction()
	switch {
	case a <= pb.ModAction_MOD_UNSPECIFIED || int(a) >= len(pb.ModAction_name):
		return fmt.Errorf("%w: unknown moderation action %d", ErrInvalid, a)
	case !utf8.ValidString(m.GetTarget()) || !utf8.ValidString(m.GetReason()) || !utf8.ValidString(m.GetRoom()):
		return fmt.Errorf("%w: moderation request is not UTF-8", ErrInvalid)
	case utf8.RuneCountInString(m.GetTarget()) > MaxNameLen+1: // "#ID" for a ban id fits too
		return fmt.Errorf("%w: moderation target too long", ErrInvalid)
	case utf8.RuneCountInString(m.GetReason()) > MaxReasonLen:
		return fmt.Errorf("%w: reason is longer than %d characters", ErrInvalid, MaxReasonLen)
	case len(m.GetRoom()) > MaxRoomIDLen:
		return fmt.Errorf("%w: room id too long", ErrInvalid)
	case m.GetDurationS() > MaxModDuration:
		return fmt.Errorf("%w: duration longer than ten years", ErrInvalid)
	case m.GetValue() > MaxModValue:
		return fmt.Errorf("%w: value above %d", ErrInvalid, MaxModValue)
	}
	return nil
}

// validateSignal checks a client's VoiceSignal: exactly one of an SDP answer or a candidate, within
// their limits, as UTF-8 text.
func validateSignal(v *pb.VoiceSignal) error {
	sdp, cand := v.GetSdp(), v.GetCandidate()
	switch {
	case (sdp == "") == (cand == ""):
		return fmt.Errorf("%w: voice signal must carry exactly one of sdp or candidate", ErrInvalid)
	case len(sdp) > MaxSDPLen:
		return fmt.Errorf("%w: sdp is %d bytes, limit %d", ErrTooLarge, len(sdp), MaxSDPLen)
	case len(cand) > MaxCandidateLen:
		return fmt.Errorf("%w: candidate is %d bytes, limit %d", ErrTooLarge, len(cand), MaxCandidateLen)
	case !utf8.ValidString(sdp) || !utf8.ValidString(cand):
		return fmt.Errorf("%w: voice signal is not UTF-8", ErrInvalid)
	}
	return nil
}

// fieldVoiceSignal is ClientMessage.voice_signal's field number, as in embassy.proto.
const fieldVoiceSignal = 9

// isVoiceSignal reports whether a frame starts as a ClientMessage carrying a VoiceSignal: only those
// may exceed MaxClientFrame, and a large frame that is anything else is refused before decoding.
func isVoiceSignal(b []byte) bool {
	num, typ, n := protowire.ConsumeTag(b)
	return n > 0 && num == fieldVoiceSignal && typ == protowire.BytesType
}
