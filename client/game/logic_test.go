package game

import (
	"strings"
	"testing"
	"unicode/utf8"

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
		if got := ParseCommand(tt.in); got != tt.want {
			t.Errorf("ParseCommand(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"/w", "/msg Ada", "/msg", `/msg "Ada hi`, "/me dance", "/frobnicate", "/join"} {
		if got := ParseCommand(bad); got.Kind != CmdError || got.Err == "" {
			t.Errorf("ParseCommand(%q) = %+v, want an error", bad, got)
		}
	}
}

func TestWrap(t *testing.T) {
	mono := func(s string) float64 { return float64(utf8.RuneCountInString(s)) }
	got := Wrap("the quick brown fox jumps\n\nover", 10, mono)
	want := []string{"the quick", "brown fox", "jumps", "", "over"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("Wrap = %q, want %q", got, want)
	}
	long := Wrap("abcdefghijklmnopqrstuvwxyz end", 10, mono)
	if long[0] != "abcdefghij" || long[2] != "uvwxyz end" {
		t.Fatalf("long word wrapped as %q", long)
	}
	for _, l := range long {
		if mono(l) > 10 {
			t.Fatalf("line %q is wider than 10", l)
		}
	}
	if e := Ellipsize("Ambassador's Office", 8, mono); mono(e) > 8 || !strings.HasSuffix(e, "…") {
		t.Fatalf("Ellipsize = %q", e)
	}
}

func TestParseScript(t *testing.T) {
	steps, err := ParseScript(strings.NewReader(`
# a demo
wait-joined 300
walk 12 8   # to the desk
move 1 0 20
say hello # not a comment inside say
open-exhibit
close
screenshot out.png
wait 5
quit
`))
	if err != nil {
		t.Fatal(err)
	}
	kinds := []StepKind{StepWaitJoined, StepWalk, StepMove, StepSay, StepOpenExhibit, StepClose, StepScreenshot, StepWait, StepQuit}
	if len(steps) != len(kinds) {
		t.Fatalf("%d steps: %+v", len(steps), steps)
	}
	for i, k := range kinds {
		if steps[i].Kind != k {
			t.Errorf("step %d kind %v, want %v", i, steps[i].Kind, k)
		}
	}
	if steps[1].X != 12 || steps[1].Y != 8 || steps[2].N != 20 || steps[3].Text != "hello # not a comment inside say" || steps[6].File != "out.png" {
		t.Errorf("parsed %+v", steps)
	}
	for _, bad := range []string{"walk 1", "move 2 0 5", "dance", "wait x", "screenshot"} {
		if _, err := ParseScript(strings.NewReader(bad)); err == nil {
			t.Errorf("script %q accepted", bad)
		}
	}
}

func TestMoveSenderSendsOnlyChanges(t *testing.T) {
	var m MoveSender
	right := Held{Right: true}.Dir()
	seq := []struct {
		d    world.Dir
		send bool
	}{
		{world.Dir{}, false}, // nothing held at start: nothing to say
		{right, true},
		{right, false},
		{Held{Right: true, Down: true}.Dir(), true},
		{Held{Left: true, Right: true}.Dir(), true}, // opposite keys cancel: a stop
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

func TestTextField(t *testing.T) {
	f := TextField{Max: 5}
	f.Insert([]rune("héllo world"))
	if f.String() != "héllo" {
		t.Fatalf("%q", f.String())
	}
	f.Move(-2)
	f.Backspace()
	f.Insert([]rune{'L', '\x07'})
	if f.String() != "héLlo" || f.Before() != "héL" {
		t.Fatalf("%q before %q", f.String(), f.Before())
	}
	f.Home()
	f.Delete()
	f.End()
	if f.String() != "éLlo" || f.Cursor() != 4 {
		t.Fatalf("%q cursor %d", f.String(), f.Cursor())
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

func TestRectDistAndFacing(t *testing.T) {
	r := world.Rect{Min: world.Vec{X: 0, Y: 0}, Max: world.Vec{X: 64, Y: 64}}
	if d := rectDist2(r, world.Vec{X: 10, Y: 10}); d != 0 {
		t.Fatalf("inside: %d", d)
	}
	if d := rectDist2(r, world.Vec{X: 63 + 30, Y: 10}); d != 900 {
		t.Fatalf("right: %d", d)
	}
	if facingOf(world.Dir{X: 1, Y: -1}) != faceRight || facingOf(world.Dir{Y: -1}) != faceUp || facingOf(world.Dir{}) != faceDown {
		t.Fatal("facing")
	}
}

func BenchmarkPaintSheet(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		paintSheet(lookKey{body: uint32(i), accent: 0xffffff, sprite: uint32(i % 64)})
	}
}
