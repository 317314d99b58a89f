package hud_test

import (
	"image"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/hud"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/session/sessiontest"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// bench runs widgets over a session fed by the test, without a window: they lay out and take input
// as in the game.
type bench struct {
	t      *testing.T
	s      *session.Session
	src    *sessiontest.Source
	env    hud.Env
	root   ui.Root
	prompt *hud.Prompt
	fonts  *gfx.Fonts
	frame  int
}

func newBench(t *testing.T, role pb.Role) *bench {
	t.Helper()
	s, src, err := sessiontest.JoinedAs(role, "entrance", "entrance.tmx")
	if err != nil {
		t.Fatal(err)
	}
	return &bench{t: t, s: s, src: src, env: hud.Env{M: s.Model(), Act: s.Actions()}, prompt: &hud.Prompt{}, fonts: gfx.NewFonts(1)}
}

// push delivers server messages.
func (b *bench) push(ms ...*pb.ServerMessage) {
	for _, m := range ms {
		b.src.Push(m)
	}
	b.s.Update(time.Now())
}

// step runs one frame with in.
func (b *bench) step(in *ui.Input) {
	b.frame++
	b.s.Update(time.Now())
	b.root.Update(ui.NewContext(1280, 800, 1, b.fonts, time.Now(), b.frame), in)
}

// person puts someone of role in view in slot.
func (b *bench) person(slot uint32, name string, role pb.Role) {
	b.push(&pb.ServerMessage{Msg: &pb.ServerMessage_Snapshot{Snapshot: &pb.Snapshot{
		Profiles: []*pb.Profile{{Slot: slot, UserId: "u-" + name, Name: name, Role: role}},
		Enter:    []*pb.AvatarEnter{{Slot: slot, X: 1000, Y: 1000}},
	}}})
}

// sentSince returns what was sent after the first n intents.
func (b *bench) sentSince(n int) []string { return b.src.Sent()[n:] }

func press(a ui.Action) *ui.Input { return (&ui.Input{}).Press(a) }

func typed(s string) *ui.Input { return (&ui.Input{}).Type(s) }

// at is a point on the screen to open a menu at.
func (b *bench) at() image.Point { return image.Pt(600, 300) }
