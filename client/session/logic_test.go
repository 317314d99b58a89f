package session

import (
	"fmt"
	"testing"
	"time"

	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in   string
		want Command
	}{
		{"", Command{Kind: CmdNone}},
		{"   ", Command{Kind: CmdNone}},
		{"hello there", Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_SAY, Text: "hello there"}},
		{"//not a command", Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_SAY, Text: "/not a command"}},
		{"/s hi", Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_SAY, Text: "hi"}},
		{"/w psst", Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_WHISPER, Text: "psst"}},
		{"/whisper psst", Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_WHISPER, Text: "psst"}},
		{"/shout HELLO", Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_SHOUT, Text: "HELLO"}},
		{"/announce doors open", Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_ANNOUNCE, Text: "doors open"}},
		{"/msg Ada see you", Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_DIRECT, To: "Ada", Text: "see you"}},
		{`/msg "Ada Lovelace" hi`, Command{Kind: CmdChat, Chat: pb.ChatKind_CHAT_DIRECT, To: "Ada Lovelace", Text: "hi"}},
		{"/wave", Command{Kind: CmdEmote, Gesture: pb.Gesture_GESTURE_WAVE}},
		{"/APPLAUD", Command{Kind: CmdEmote, Gesture: pb.Gesture_GESTURE_APPLAUD}},
		{"/me bow", Command{Kind: CmdEmote, Gesture: pb.Gesture_GESTURE_BOW}},
		{"/join reception", Command{Kind: CmdJoin, Room: "reception"}},
		{"/help", Command{Kind: CmdHelp}},
	}
	for _, tt := range tests {
		if got := ParseCommand(tt.in, nil); got != tt.want {
			t.Errorf("ParseCommand(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"/w", "/msg Ada", "/msg", `/msg "Ada hi`, "/me dance", "/frobnicate", "/join"} {
		if got := ParseCommand(bad, nil); got.Kind != CmdError || got.Err == "" {
			t.Errorf("ParseCommand(%q) = %+v, want an error", bad, got)
		}
	}
}

func TestMoveSenderSendsOnlyChanges(t *testing.T) {
	var m MoveSender
	right := world.Dir{X: 1}
	seq := []struct {
		d    world.Dir
		send bool
	}{
		{world.Dir{}, false}, // nothing held at start: nothing to say
		{right, true},
		{right, false},
		{world.Dir{X: 1, Y: 1}, true},
		{world.Dir{}, true}, // released: a stop
		{world.Dir{}, false},
	}
	for i, s := range seq {
		if got := m.Update(s.d); got != s.send {
			t.Errorf("step %d (%v): send=%v, want %v", i, s.d, got, s.send)
		}
	}
	m.Update(right)
	m.Walked() // a click-to-walk replaced the held direction: releasing keys must not stop it
	if m.Update(world.Dir{}) {
		t.Error("releasing keys after a walk-to sent a stop")
	}
}

func TestChatLogScroll(t *testing.T) {
	var l ChatLog
	for i := range 10 {
		l.Add(ChatEntry{Text: string(rune('a' + i))})
	}
	if v := l.Visible(3); v[0].Text != "h" || v[2].Text != "j" {
		t.Fatalf("visible %+v", v)
	}
	l.ScrollBy(2)
	l.Add(ChatEntry{Text: "k"}) // a reader scrolled up keeps their place
	if v := l.Visible(3); v[2].Text != "h" {
		t.Fatalf("after add while scrolled: %+v", v)
	}
	l.ScrollBy(-100)
	if v := l.Visible(1); v[0].Text != "k" {
		t.Fatalf("bottom: %+v", v)
	}
}

func TestFormatChat(t *testing.T) {
	e := FormatChat(&pb.ChatEvent{Kind: pb.ChatKind_CHAT_DIRECT, FromName: "Ada", To: "Bo", Text: "hi"}, "Bo")
	if e.Text != "from Ada: hi" || e.Tone != ToneDirect {
		t.Fatalf("%+v", e)
	}
	e = FormatChat(&pb.ChatEvent{Kind: pb.ChatKind_CHAT_DIRECT, FromName: "Bo", To: "Ada", Text: "hi"}, "Bo")
	if e.Text != "to Ada: hi" {
		t.Fatalf("%+v", e)
	}
	e = FormatChat(&pb.ChatEvent{Kind: pb.ChatKind_CHAT_SAY, FromName: "Amb", FromRole: pb.Role_ROLE_DIPLOMAT, Text: "welcome"}, "x")
	if e.Text != "Amb [Diplomat]: welcome" {
		t.Fatalf("%+v", e)
	}
}

func TestParseExhibit(t *testing.T) {
	blocks := ParseExhibit("# Cyber norms\n\nStates agreed\non **eleven** norms.\n\n## Why\n- one\n- two\n")
	want := []Block{
		{BlockBody, "States agreed on eleven norms."},
		{BlockHeading, "Why"},
		{BlockBullet, "one"},
		{BlockBullet, "two"},
	}
	if len(blocks) != len(want) {
		t.Fatalf("%+v", blocks)
	}
	for i := range want {
		if blocks[i] != want[i] {
			t.Errorf("block %d = %+v, want %+v", i, blocks[i], want[i])
		}
	}
}

func TestRectDist(t *testing.T) {
	r := world.Rect{Min: world.Vec{X: 0, Y: 0}, Max: world.Vec{X: 64, Y: 64}}
	if d := RectDist2(r, world.Vec{X: 10, Y: 10}); d != 0 {
		t.Fatalf("inside: %d", d)
	}
	if d := RectDist2(r, world.Vec{X: 63 + 30, Y: 10}); d != 900 {
		t.Fatalf("right: %d", d)
	}
}

func TestChatPinsLinesForYouThatTheCrowdPushedAway(t *testing.T) {
	var l ChatLog
	now := time.Now()
	l.Add(ChatEntry{At: now, Text: "You cannot walk there.", Tone: ToneError})
	l.Add(ChatEntry{At: now, Text: "from Ada: see you at the desk", Tone: ToneDirect})
	for i := range 20 {
		l.Add(ChatEntry{At: now, Text: fmt.Sprint("crowd ", i), Tone: ToneSay})
	}
	pinned := l.Pinned(2, 9, now.Add(-time.Minute))
	if len(pinned) != 2 || pinned[0].Tone != ToneError || pinned[1].Tone != ToneDirect {
		t.Fatalf("pinned %+v, want the refusal and the direct message", pinned)
	}
	if got := l.Pinned(2, 9, now.Add(time.Second)); len(got) != 0 {
		t.Fatalf("old lines still pinned: %+v", got)
	}
	if got := l.Pinned(2, 30, now.Add(-time.Minute)); len(got) != 0 {
		t.Fatalf("lines still in view are pinned too: %+v", got)
	}
	l.ScrollBy(5)
	l.Add(ChatEntry{At: now, Text: "/help reply", Tone: ToneSystem})
	l.ToBottom()
	if l.Scroll != 0 {
		t.Fatal("ToBottom did not return to the newest line")
	}
}
