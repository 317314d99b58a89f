package protocol

import (
	"errors"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

func mustMarshal(t testing.TB, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatalf("marshal %v: %v", m, err)
	}
	return b
}

func hello(name string) *pb.ClientMessage {
	return &pb.ClientMessage{Msg: &pb.ClientMessage_Hello{Hello: &pb.Hello{
		ProtocolVersion: Version, Name: name, Look: &pb.Look{BodyRgb: 0x112233, AccentRgb: 0xffeedd, Sprite: 2},
		Token: "tok", Client: "embassy-test/0",
	}}}
}

func chat(kind pb.ChatKind, text string) *pb.ClientMessage {
	return &pb.ClientMessage{Msg: &pb.ClientMessage_Chat{Chat: &pb.Chat{Kind: kind, Text: text, Ref: 7}}}
}

func move(dx, dy int32) *pb.ClientMessage {
	return &pb.ClientMessage{Msg: &pb.ClientMessage_Move{Move: &pb.Move{Seq: 3, Dx: dx, Dy: dy}}}
}

func emote(g pb.Gesture) *pb.ClientMessage {
	return &pb.ClientMessage{Msg: &pb.ClientMessage_Emote{Emote: &pb.Emote{Gesture: g, Ref: 1}}}
}

func join(room string) *pb.ClientMessage {
	return &pb.ClientMessage{Msg: &pb.ClientMessage_Join{Join: &pb.Join{Room: room}}}
}

// rawChat hand-encodes ClientMessage{chat{text}} so that text may be invalid UTF-8, which
// proto.Marshal refuses to write.
func rawChat(text string) []byte {
	var inner []byte
	inner = protowire.AppendTag(inner, 2, protowire.BytesType)
	inner = protowire.AppendString(inner, text)
	b := protowire.AppendTag(nil, 5, protowire.BytesType)
	return protowire.AppendBytes(b, inner)
}

func TestDecodeClient(t *testing.T) {
	// A chat frame of exactly MaxClientFrame bytes: tag+len(2)+ref(2)+tag+len(2)+text.
	exact := chat(pb.ChatKind_CHAT_SAY, strings.Repeat("a", MaxClientFrame-8))
	tests := []struct {
		name  string
		frame []byte
		err   error // nil for valid
	}{
		{"hello", mustMarshal(t, hello("Ada Lovelace")), nil},
		{"hello name padded with spaces", mustMarshal(t, hello("  Ada  ")), nil},
		{"hello 32 characters", mustMarshal(t, hello(strings.Repeat("x", MaxNameLen))), nil},
		{"hello 32 multi-byte characters", mustMarshal(t, hello(strings.Repeat("é", MaxNameLen))), nil},
		{"hello CJK and emoji", mustMarshal(t, hello("大使 🌍")), nil},
		{"hello minimal", mustMarshal(t, &pb.ClientMessage{Msg: &pb.ClientMessage_Hello{Hello: &pb.Hello{Name: "x"}}}), nil},
		{"join", mustMarshal(t, join("reception")), nil},
		{"join arrival room", mustMarshal(t, join("")), nil},
		{"join 64 byte room", mustMarshal(t, join(strings.Repeat("r", MaxRoomIDLen))), nil},
		{"move east", mustMarshal(t, move(1, 0)), nil},
		{"move north-west", mustMarshal(t, move(-1, -1)), nil},
		{"move stop", mustMarshal(t, move(0, 0)), nil},
		{"walk", mustMarshal(t, &pb.ClientMessage{Msg: &pb.ClientMessage_WalkTo{WalkTo: &pb.WalkTo{Seq: 9, X: -5, Y: 1 << 20}}}), nil},
		{"chat say", mustMarshal(t, chat(pb.ChatKind_CHAT_SAY, "hello")), nil},
		{"chat announce", mustMarshal(t, chat(pb.ChatKind_CHAT_ANNOUNCE, "hello")), nil},
		{"chat direct", mustMarshal(t, &pb.ClientMessage{Msg: &pb.ClientMessage_Chat{Chat: &pb.Chat{Kind: pb.ChatKind_CHAT_DIRECT, Text: "psst", To: "Bob"}}}), nil},
		{"chat exactly MaxClientFrame", mustMarshal(t, exact), nil},
		{"emote wave", mustMarshal(t, emote(pb.Gesture_GESTURE_WAVE)), nil},
		{"emote think", mustMarshal(t, emote(pb.Gesture_GESTURE_THINK)), nil},
		{"ping", mustMarshal(t, &pb.ClientMessage{Msg: &pb.ClientMessage_Ping{Ping: &pb.Ping{ClientTime: 1 << 60}}}), nil},
		{"unknown field is kept", append(mustMarshal(t, move(1, 1)), protowire.AppendVarint([]byte{15<<3 | 0}, 5)...), nil},

		{"empty frame", nil, ErrInvalid},
		{"only unknown fields", []byte{15 << 3, 1}, ErrInvalid},
		{"empty hello (no name)", mustMarshal(t, &pb.ClientMessage{Msg: &pb.ClientMessage_Hello{Hello: &pb.Hello{}}}), ErrInvalid},
		{"name only spaces", mustMarshal(t, hello("   ")), ErrInvalid},
		{"name 33 characters", mustMarshal(t, hello(strings.Repeat("x", MaxNameLen+1))), ErrInvalid},
		{"name 33 multi-byte characters", mustMarshal(t, hello(strings.Repeat("é", MaxNameLen+1))), ErrInvalid},
		{"name with BEL", mustMarshal(t, hello("Ada\aLovelace")), ErrInvalid},
		{"name with newline", mustMarshal(t, hello("Ada\nLovelace")), ErrInvalid},
		{"name with tab", mustMarshal(t, hello("Ada\tLovelace")), ErrInvalid},
		{"name with DEL", mustMarshal(t, hello("Ada\x7f")), ErrInvalid},
		{"name with zero-width joiner", mustMarshal(t, hello("Ad\u200da")), ErrInvalid},
		{"name with zero-width space", mustMarshal(t, hello("Ad\u200ba")), ErrInvalid},
		{"name with RTL override", mustMarshal(t, hello("\u202eadA")), ErrInvalid},
		{"name with BOM", mustMarshal(t, hello("\ufeffAda")), ErrInvalid},
		{"token too long", mustMarshal(t, &pb.ClientMessage{Msg: &pb.ClientMessage_Hello{Hello: &pb.Hello{Name: "a", Token: strings.Repeat("t", MaxTokenLen+1)}}}), ErrInvalid},
		{"client too long", mustMarshal(t, &pb.ClientMessage{Msg: &pb.ClientMessage_Hello{Hello: &pb.Hello{Name: "a", Client: strings.Repeat("c", 65)}}}), ErrInvalid},
		{"room id too long", mustMarshal(t, join(strings.Repeat("r", MaxRoomIDLen+1))), ErrInvalid},
		{"move dx=2", mustMarshal(t, move(2, 0)), ErrInvalid},
		{"move dy=-2", mustMarshal(t, move(0, -2)), ErrInvalid},
		{"move huge", mustMarshal(t, move(-1<<31, 1<<31-1)), ErrInvalid},
		{"chat kind 6", mustMarshal(t, chat(6, "hi")), ErrInvalid},
		{"chat kind -1", mustMarshal(t, chat(-1, "hi")), ErrInvalid},
		{"gesture 8", mustMarshal(t, emote(8)), ErrInvalid},
		{"gesture -1", mustMarshal(t, emote(-1)), ErrInvalid},
		{"chat not UTF-8", rawChat("caf\xe9"), ErrMalformed}, // proto3 strings must be UTF-8
		{"frame one byte too large", mustMarshal(t, chat(pb.ChatKind_CHAT_SAY, strings.Repeat("a", MaxClientFrame-7))), ErrTooLarge},
		{"garbage too large", make([]byte, 1<<20), ErrTooLarge},
		{"garbage 0xff", []byte{0xff}, ErrMalformed},
		{"field number 0", []byte{0x00, 0x01}, ErrMalformed},
		{"truncated length", []byte{0x2a, 0x05, 0x12}, ErrMalformed},
		{"truncated varint", []byte{0x1a, 0x02, 0x08, 0x80}, ErrMalformed},
		{"bad wire type", []byte{0x0f}, ErrMalformed},
		{"text", []byte("hello, server"), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := DecodeClient(tt.frame)
			if tt.err == nil {
				if err != nil {
					t.Fatalf("DecodeClient: %v", err)
				}
				if m == nil || m.Msg == nil {
					t.Fatalf("DecodeClient returned %v", m)
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Fatalf("DecodeClient error = %v, want %v", err, tt.err)
			}
			if m != nil {
				t.Errorf("DecodeClient returned %v with an error", m)
			}
			for _, other := range []error{ErrInvalid, ErrMalformed, ErrTooLarge} {
				if other != tt.err && errors.Is(err, other) {
					t.Errorf("error %v also matches %v", err, other)
				}
			}
		})
	}
	if len(mustMarshal(t, exact)) != MaxClientFrame {
		t.Fatalf("bad test: exact frame is %d bytes", len(mustMarshal(t, exact)))
	}
}

func TestDecodeClientRoundTrip(t *testing.T) {
	for _, m := range []*pb.ClientMessage{hello("Ada"), join("gallery"), move(-1, 1), chat(pb.ChatKind_CHAT_WHISPER, "hi"), emote(pb.Gesture_GESTURE_BOW)} {
		got, err := DecodeClient(mustMarshal(t, m))
		if err != nil {
			t.Fatalf("DecodeClient(%v): %v", m, err)
		}
		if !proto.Equal(got, m) {
			t.Errorf("DecodeClient round trip = %v, want %v", got, m)
		}
	}
}

func TestValidateClientDirect(t *testing.T) {
	// Messages built in memory can hold what the wire cannot: invalid UTF-8 in chat, a nil oneof.
	tests := []struct {
		name string
		m    *pb.ClientMessage
		ok   bool
	}{
		{"chat text not UTF-8", chat(pb.ChatKind_CHAT_SAY, "caf\xe9"), false},
		{"chat recipient not UTF-8", &pb.ClientMessage{Msg: &pb.ClientMessage_Chat{Chat: &pb.Chat{Text: "hi", To: "\xff"}}}, false},
		{"name not UTF-8", hello("Ada\xff"), false},
		{"empty", &pb.ClientMessage{}, false},
		{"ok", chat(pb.ChatKind_CHAT_SHOUT, "HELLO"), true},
		{"staff chat", chat(pb.ChatKind_CHAT_STAFF, "on my way"), true},
		{"chat kind past staff", chat(pb.ChatKind_CHAT_STAFF+1, "hi"), false},
		{"moderate ok", mod(&pb.Moderate{Action: pb.ModAction_MOD_BAN, Target: "Mallory", Reason: "spam", DurationS: 3600}), true},
		{"moderate ban id", mod(&pb.Moderate{Action: pb.ModAction_MOD_UNBAN, Target: "#12345678901234567890123456789012"}), true},
		{"moderate no action", mod(&pb.Moderate{Target: "Mallory"}), false},
		{"moderate unknown action", mod(&pb.Moderate{Action: pb.ModAction(99)}), false},
		{"moderate reason too long", mod(&pb.Moderate{Action: pb.ModAction_MOD_KICK, Target: "M", Reason: strings.Repeat("é", MaxReasonLen+1)}), false},
		{"moderate reason at limit", mod(&pb.Moderate{Action: pb.ModAction_MOD_KICK, Target: "M", Reason: strings.Repeat("é", MaxReasonLen)}), true},
		{"moderate target too long", mod(&pb.Moderate{Action: pb.ModAction_MOD_KICK, Target: strings.Repeat("m", MaxNameLen+2)}), false},
		{"moderate target not UTF-8", mod(&pb.Moderate{Action: pb.ModAction_MOD_KICK, Target: "\xff"}), false},
		{"moderate room too long", mod(&pb.Moderate{Action: pb.ModAction_MOD_LOCK, Room: strings.Repeat("r", MaxRoomIDLen+1)}), false},
		{"moderate eleven years", mod(&pb.Moderate{Action: pb.ModAction_MOD_BAN, Target: "M", DurationS: MaxModDuration + 1}), false},
		{"moderate capacity too big", mod(&pb.Moderate{Action: pb.ModAction_MOD_CAPACITY, Value: MaxModValue + 1}), false},
		{"event ask", &pb.ClientMessage{Msg: &pb.ClientMessage_EventAction{EventAction: &pb.EventAction{Kind: pb.EventAction_ASK, Text: "Will the treaty be ratified?"}}}, true},
		{"event question too long", &pb.ClientMessage{Msg: &pb.ClientMessage_EventAction{EventAction: &pb.EventAction{Kind: pb.EventAction_ASK, Text: strings.Repeat("q", MaxQuestionLen+1)}}}, false},
		{"event unknown kind", &pb.ClientMessage{Msg: &pb.ClientMessage_EventAction{EventAction: &pb.EventAction{Kind: 99}}}, false},
		{"event negative question", &pb.ClientMessage{Msg: &pb.ClientMessage_EventAction{EventAction: &pb.EventAction{Kind: pb.EventAction_VOTE, Question: -1}}}, false},
		{"hello invite too long", &pb.ClientMessage{Msg: &pb.ClientMessage_Hello{Hello: &pb.Hello{Name: "Ada", Invite: strings.Repeat("i", MaxTokenLen+1)}}}, false},
		{"guide start", &pb.ClientMessage{Msg: &pb.ClientMessage_Guide{Guide: &pb.Guide{Kind: pb.Guide_START, Tour: "The embassy in ten stops"}}}, true},
		{"guide tour too long", &pb.ClientMessage{Msg: &pb.ClientMessage_Guide{Guide: &pb.Guide{Kind: pb.Guide_START, Tour: strings.Repeat("t", 121)}}}, false},
		{"guide unknown kind", &pb.ClientMessage{Msg: &pb.ClientMessage_Guide{Guide: &pb.Guide{Kind: 9}}}, false},
		{"staff query ok", &pb.ClientMessage{Msg: &pb.ClientMessage_StaffQuery{StaffQuery: &pb.StaffQuery{What: pb.StaffQuery_REPORTS}}}, true},
		{"staff query unknown", &pb.ClientMessage{Msg: &pb.ClientMessage_StaffQuery{StaffQuery: &pb.StaffQuery{What: 7}}}, false},
		{"staff query limit", &pb.ClientMessage{Msg: &pb.ClientMessage_StaffQuery{StaffQuery: &pb.StaffQuery{Limit: MaxAuditLimit + 1}}}, false},
	}
	for _, tt := range tests {
		err := ValidateClient(tt.m)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrInvalid)) {
			t.Errorf("%s: ValidateClient = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

func mod(m *pb.Moderate) *pb.ClientMessage {
	return &pb.ClientMessage{Msg: &pb.ClientMessage_Moderate{Moderate: m}}
}

func TestCleanName(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Ada", "Ada", true},
		{"  Ada Lovelace \t", "Ada Lovelace", true},
		{"\u00a0Ada\u00a0", "Ada", true}, // no-break spaces are trimmed too
		{"Zoë", "Zoë", true},
		{"", "", false},
		{" \t\n ", "", false},
		{strings.Repeat("a", 32), strings.Repeat("a", 32), true},
		{strings.Repeat("a", 33), "", false},
		{" " + strings.Repeat("a", 32) + " ", strings.Repeat("a", 32), true}, // counted after trimming
		{"a\u0000b", "", false},
		{"a\u200db", "", false},
		{"a\u202eb", "", false},
		{"a\u2066b", "", false}, // left-to-right isolate
		{"a\u00adb", "", false}, // soft hyphen
		{"a\x80b", "", false},   // not UTF-8
	}
	for _, tt := range tests {
		got, err := CleanName(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("CleanName(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("CleanName(%q) error %v does not wrap ErrInvalid", tt.in, err)
		}
	}
}

func TestChatTextError(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"hello", ""},
		{"line one\nline two", ""},
		{"tab\tseparated", ""},
		{"ünïcödé 大使 🌍", ""},
		{strings.Repeat("a", MaxChatLen), ""},
		{strings.Repeat("é", MaxChatLen), ""},
		{"  " + strings.Repeat("a", MaxChatLen) + "  ", ""}, // counted after trimming
		{"", "message is empty"},
		{" \n\t ", "message is empty"},
		{strings.Repeat("a", MaxChatLen+1), "message is 501 characters, the limit is 500"},
		{"bell\a", "message contains control characters"},
		{"nul\x00", "message contains control characters"},
		{"escape \x1b[31mred", "message contains control characters"},
		{"rtl \u202e override", "message contains control characters"},
		{"zero\u200bwidth", "message contains control characters"},
	}
	for _, tt := range tests {
		if got := ChatTextError(tt.in); got != tt.want {
			t.Errorf("ChatTextError(%.40q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecodeServer(t *testing.T) {
	ok := mustMarshal(t, &pb.ServerMessage{Msg: &pb.ServerMessage_Notice{Notice: &pb.Notice{Text: "bye"}}})
	if m, err := DecodeServer(ok); err != nil || m.GetNotice().GetText() != "bye" {
		t.Errorf("DecodeServer(notice) = %v, %v", m, err)
	}
	tests := []struct {
		name  string
		frame []byte
		err   error
	}{
		{"empty", nil, ErrInvalid},
		{"garbage", []byte{0xff, 0xff}, ErrMalformed},
		{"too large", make([]byte, MaxServerFrame+1), ErrTooLarge},
	}
	for _, tt := range tests {
		if _, err := DecodeServer(tt.frame); !errors.Is(err, tt.err) {
			t.Errorf("%s: DecodeServer error %v, want %v", tt.name, err, tt.err)
		}
	}
}

func TestEncode(t *testing.T) {
	m := hello("Ada")
	b, err := Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeClient(b)
	if err != nil || !proto.Equal(got, m) {
		t.Errorf("Encode/DecodeClient = %v, %v", got, err)
	}
	if _, err := Encode(chat(pb.ChatKind_CHAT_SAY, "\xff")); err == nil || !strings.Contains(err.Error(), "encode") {
		t.Errorf("Encode of invalid UTF-8 = %v, want an encode error", err)
	}
}

func signal(sdp, cand string) []byte {
	b, _ := proto.Marshal(&pb.ClientMessage{Msg: &pb.ClientMessage_VoiceSignal{VoiceSignal: &pb.VoiceSignal{Sdp: sdp, Candidate: cand}}})
	return b
}

// Voice signalling may be larger than other messages (an SDP answer), but only it.
func TestDecodeVoiceSignal(t *testing.T) {
	answer := "v=0\r\n" + strings.Repeat("a=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n", 200)
	if len(answer) < MaxClientFrame || len(answer) > MaxSDPLen {
		t.Fatalf("test SDP is %d bytes", len(answer))
	}
	if _, err := DecodeClient(signal(answer, "")); err != nil {
		t.Fatalf("an SDP answer of %d bytes: %v", len(answer), err)
	}
	if _, err := DecodeClient(signal("", `{"candidate":"candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host"}`)); err != nil {
		t.Fatalf("a candidate: %v", err)
	}
	for name, tc := range map[string]struct {
		frame []byte
		want  error
	}{
		"both":             {signal("v=0", "{}"), ErrInvalid},
		"neither":          {signal("", ""), ErrInvalid},
		"SDP over 16 KB":   {signal(strings.Repeat("a", MaxSDPLen+1), ""), ErrTooLarge},
		"frame over limit": {signal(strings.Repeat("a", MaxSignalFrame), ""), ErrTooLarge},
		"long candidate":   {signal("", strings.Repeat("c", MaxCandidateLen+1)), ErrTooLarge},
		"not UTF-8":        {signal("v=0\xff", ""), ErrMalformed}, // proto3 strings are checked by Unmarshal
		"big chat":         {mustMarshal(t, &pb.ClientMessage{Msg: &pb.ClientMessage_Chat{Chat: &pb.Chat{Text: strings.Repeat("x", 3000)}}}), ErrTooLarge},
	} {
		if _, err := DecodeClient(tc.frame); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
}

// A large frame that is not a voice signal is refused as too large, not decoded.
func TestLargeFrameThatIsNotASignal(t *testing.T) {
	if _, err := DecodeClient([]byte(strings.Repeat("\xff", MaxClientFrame+1))); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("3 KB of garbage: %v, want too large", err)
	}
	if !isVoiceSignal(signal("v=0", "")) {
		t.Fatal("a voice signal frame not recognised")
	}
}
