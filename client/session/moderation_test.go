package session_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/session/sessiontest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

func joined(t *testing.T) (*session.Session, *sessiontest.Source) {
	t.Helper()
	s, src, err := sessiontest.Joined("entrance", "entrance.tmx")
	if err != nil {
		t.Fatal(err)
	}
	return s, src
}

// deliver pushes server messages and lets the session apply them.
func deliver(s *session.Session, src *sessiontest.Source, ms ...*pb.ServerMessage) {
	for _, m := range ms {
		src.Push(m)
	}
	s.Update(time.Now())
}

func profile(slot uint32, id, name string) *pb.ServerMessage {
	return &pb.ServerMessage{Msg: &pb.ServerMessage_Snapshot{Snapshot: &pb.Snapshot{
		Profiles: []*pb.Profile{{Slot: slot, UserId: id, Name: name}},
		Enter:    []*pb.AvatarEnter{{Slot: slot, X: 1000, Y: 1000}},
	}}}
}

func chat(kind pb.ChatKind, slot uint32, id, name, text string) *pb.ServerMessage {
	return &pb.ServerMessage{Msg: &pb.ServerMessage_Chat{Chat: &pb.ChatEvent{Kind: kind, FromSlot: slot, FromId: id, FromName: name, Text: text}}}
}

func lastLine(m *session.Model) session.ChatEntry { return m.Chat.Entries[len(m.Chat.Entries)-1] }

func hasLine(m *session.Model, text string) bool {
	return slices.ContainsFunc(m.Chat.Entries, func(e session.ChatEntry) bool { return strings.Contains(e.Text, text) })
}

// /block silences a person for you alone: their lines, bubbles and gestures are dropped, their voice
// is at volume 0 (and stays so in their next slot), and /unblock gives them back; nothing is sent.
func TestBlockDropsChatAndVoice(t *testing.T) {
	s, src := joined(t)
	m, act := s.Model(), s.Actions()
	deliver(s, src, profile(7, "u-mal", "Mallory Mallet"), profile(8, "u-ada", "Ada"))
	act.Say("/block mallory mallet")
	if !m.Blocked.Has("Mallory Mallet", "") || m.Voice.VolumeOf(7) != 0 || m.Voice.VolumeOf(8) != 1 {
		t.Fatalf("after /block: blocked %v, volumes %v", m.Blocked, m.Voice.Volume)
	}
	deliver(s, src,
		chat(pb.ChatKind_CHAT_SAY, 7, "u-mal", "Mallory Mallet", "buy my coins"),
		chat(pb.ChatKind_CHAT_DIRECT, 0, "u-mal", "Mallory Mallet", "psst"),
		&pb.ServerMessage{Msg: &pb.ServerMessage_Emote{Emote: &pb.EmoteEvent{Slot: 7, Gesture: pb.Gesture_GESTURE_LAUGH}}},
		chat(pb.ChatKind_CHAT_SAY, 8, "u-ada", "Ada", "hello"),
	)
	if hasLine(m, "coins") || hasLine(m, "psst") || hasLine(m, "laughs") || m.Bubbles[7] != nil {
		t.Fatalf("a blocked person's chat came through: %q", lastLine(m).Text)
	}
	if !hasLine(m, "Ada: hello") || m.Bubbles[8] == nil {
		t.Fatal("someone else's chat was dropped")
	}
	// Their user id was seen: a new slot (and a new name) keeps them blocked.
	deliver(s, src, profile(9, "u-mal", "Mal"), chat(pb.ChatKind_CHAT_SAY, 9, "u-mal", "Mal", "it is me again"))
	if hasLine(m, "again") || m.Voice.VolumeOf(9) != 0 {
		t.Fatal("the blocked person came through under a new name")
	}
	// Announcements to the room still come through.
	deliver(s, src, chat(pb.ChatKind_CHAT_ANNOUNCE, 7, "u-mal", "Mallory Mallet", "the hall closes at six"))
	if !hasLine(m, "closes at six") {
		t.Fatal("an announcement was dropped")
	}
	act.Say("/unblock Mallory Mallet")
	if m.Blocked.Has("Mallory Mallet", "u-mal") || m.Voice.VolumeOf(7) != 1 || m.Voice.VolumeOf(9) != 1 {
		t.Fatalf("after /unblock: %v, volumes %v", m.Blocked, m.Voice.Volume)
	}
	deliver(s, src, chat(pb.ChatKind_CHAT_SAY, 7, "u-mal", "Mallory Mallet", "sorry"))
	if !hasLine(m, "Mallory Mallet: sorry") {
		t.Fatal("unblocked, their chat still does not come through")
	}
	act.Say("/block Tester")
	if lastLine(m).Tone != session.ToneError || len(m.Blocked) != 0 {
		t.Fatal("you could block yourself")
	}
	if sent := src.Sent(); len(sent) != 0 {
		t.Fatalf("blocking sent %q", sent)
	}
}

// Moderation answers and notices reach the chat (and the banner), staff chat is marked and makes
// no bubble, reports collect for the panel, and StaffData fills the list that was asked for.
func TestModerationMessagesReachTheModel(t *testing.T) {
	s, src := joined(t)
	m, act := s.Model(), s.Actions()
	deliver(s, src, profile(7, "u-mal", "Mallory"))
	act.Say("/mute Mallory 10m spam")
	if got := src.Sent(); !slices.Equal(got, []string{"moderate MOD_MUTE_CHAT target=Mallory room= reason=spam duration=600 value=0"}) {
		t.Fatalf("sent %q", got)
	}
	act.Say("/lock Exhibition Gallery")
	act.Say("/kick")
	if got := src.Sent(); len(got) != 2 || !strings.Contains(got[1], "MOD_LOCK target= room=gallery") {
		t.Fatalf("sent %q: the room's name should become its id, a bad command nothing", got)
	}
	if e := lastLine(m); e.Tone != session.ToneError || !strings.Contains(e.Text, "usage: /kick") {
		t.Fatalf("bad command said %+v", e)
	}
	deliver(s, src,
		&pb.ServerMessage{Msg: &pb.ServerMessage_ModResult{ModResult: &pb.ModResult{Ref: 1, Text: "Mallory's chat is muted for 10 min."}}},
		&pb.ServerMessage{Msg: &pb.ServerMessage_Refused{Refused: &pb.Refused{Ref: 2, Code: pb.RefuseCode_REFUSE_NOT_ALLOWED, Reason: "lock needs the moderator role or higher"}}},
	)
	if e := m.Chat.Entries[len(m.Chat.Entries)-2]; e.Tone != session.ToneSystem || e.Text != "Mallory's chat is muted for 10 min." || !e.ForYou {
		t.Fatalf("result line %+v", e)
	}
	if e := lastLine(m); e.Tone != session.ToneError || !strings.Contains(e.Text, "moderator role") {
		t.Fatalf("refusal line %+v", e)
	}
	deliver(s, src, &pb.ServerMessage{Msg: &pb.ServerMessage_ModNotice{ModNotice: &pb.ModNotice{Kind: pb.ModNotice_INFO, Text: "A moderator muted your chat for 10 min: spam"}}})
	if e := lastLine(m); e.Tone != session.ToneMod || m.Notice.Text != e.Text {
		t.Fatalf("notice %+v, banner %q", e, m.Notice.Text)
	}
	deliver(s, src, chat(pb.ChatKind_CHAT_STAFF, 7, "u-mal", "Mallory", "watch the door"))
	if e := lastLine(m); e.Text != "[staff] Mallory: watch the door" || e.Tone != session.ToneStaff || m.Bubbles[7] != nil {
		t.Fatalf("staff line %+v, bubble %v", e, m.Bubbles[7])
	}
	report := &pb.ReportInfo{Id: 4, Reporter: "Ada", Target: "Bob Stone", Reason: "insults", Lines: []string{"you fool"}}
	notice := &pb.ServerMessage{Msg: &pb.ServerMessage_ModNotice{ModNotice: &pb.ModNotice{Kind: pb.ModNotice_REPORT, Text: "Ada reported Bob Stone: insults", Report: report}}}
	deliver(s, src, notice, notice)
	if len(m.Staff.Reports) != 1 || !strings.Contains(lastLine(m).Text, "Ada reported Bob Stone") {
		t.Fatalf("reports %v, line %q", m.Staff.Reports, lastLine(m).Text)
	}
	if !slices.Contains(m.KnownNames(), "Bob Stone") {
		t.Fatal("a reported name is not known to the chat box")
	}
	// StaffData fills the list its query asked for, even when empty; a stray one changes nothing.
	act.Moderation().Query(pb.StaffQuery_BANS)
	ref := uint32(len(src.Sent()))
	deliver(s, src, &pb.ServerMessage{Msg: &pb.ServerMessage_StaffData{StaffData: &pb.StaffData{Ref: ref, Bans: []*pb.BanLine{{Id: 3, Name: "Eve"}}}}})
	deliver(s, src, &pb.ServerMessage{Msg: &pb.ServerMessage_StaffData{StaffData: &pb.StaffData{Ref: 99}}})
	if len(m.Staff.Bans) != 1 || m.Staff.Fetched[pb.StaffQuery_BANS].IsZero() || len(m.Staff.Reports) != 1 {
		t.Fatalf("staff state %+v", m.Staff)
	}
}
