package scene

import (
	"image"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/session/sessiontest"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// harness drives a world scene with synthetic input, no window: the widgets lay out and take input
// exactly as in the game.
type harness struct {
	t     *testing.T
	w     *World
	src   *sessiontest.Source
	fonts *gfx.Fonts
	frame int
}

func newHarness(t *testing.T, mapFile, roomID string) *harness {
	t.Helper()
	src := sessiontest.New()
	w := NewWorld(src, nil, "Tester", &pb.Look{BodyRgb: 0x2f5d9e}, nil)
	def, err := world.LoadRoom(assets.World, mapFile)
	if err != nil {
		t.Fatal(err)
	}
	spawn := def.Spawn("")
	src.Push(&pb.ServerMessage{Msg: &pb.ServerMessage_Welcome{Welcome: &pb.Welcome{
		UserId: "u1", Name: "Tester", TickHz: 20, StepPerTick: uint32(world.StepPerTick(world.DefaultSpeed, 20)), Rooms: sessiontest.Rooms,
	}}})
	src.Push(&pb.ServerMessage{Msg: &pb.ServerMessage_Joined{Joined: &pb.Joined{Room: roomID, Name: def.Name, MapFile: mapFile, SelfSlot: 1, X: spawn.X, Y: spawn.Y}}})
	h := &harness{t: t, w: w, src: src, fonts: gfx.NewFonts(1)}
	for deadline := time.Now().Add(10 * time.Second); w.sess.Model().Room == nil; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the room did not load")
		}
		h.step(&ui.Input{})
	}
	return h
}

// step runs one frame with in.
func (h *harness) step(in *ui.Input) {
	h.frame++
	c := ui.NewContext(1280, 800, 1, h.fonts, time.Now(), h.frame)
	if err := h.w.Update(c, in); err != nil {
		h.t.Fatal(err)
	}
}

func press(as ...ui.Action) *ui.Input {
	in := &ui.Input{}
	for _, a := range as {
		in.Press(a)
	}
	return in
}

func (h *harness) sentSince(n int) []string { return h.src.Sent()[n:] }

func TestWalkKeysReachTheServerOnlyWhenTheWorldHasFocus(t *testing.T) {
	h := newHarness(t, "entrance.tmx", "entrance")
	h.step((&ui.Input{}).Hold(ui.WalkRight))
	h.step(&ui.Input{})
	if got := h.sentSince(0); !slices.Equal(got, []string{"move 1 0", "move 0 0"}) {
		t.Fatalf("holding right then releasing sent %q", got)
	}
	// Enter focuses the chat; then D is a letter, not a step.
	n := len(h.src.Sent())
	h.step(press(ui.Submit))
	in := (&ui.Input{}).Hold(ui.WalkRight).Type("d")
	h.step(in)
	h.step((&ui.Input{}).Type("one"))
	h.step(press(ui.Submit))
	if got := h.sentSince(n); !slices.Equal(got, []string{"chat CHAT_SAY done"}) {
		t.Fatalf("typing while the chat had focus sent %q, want only the line", got)
	}
	// Focus is back on the world: walking works again.
	n = len(h.src.Sent())
	h.step((&ui.Input{}).Hold(ui.WalkUp))
	if got := h.sentSince(n); !slices.Equal(got, []string{"move 0 -1"}) {
		t.Fatalf("after chatting, holding up sent %q", got)
	}
}

func TestSlashOpensTheChatWithACommandAndEscCancels(t *testing.T) {
	h := newHarness(t, "entrance.tmx", "entrance")
	h.step(press(ui.Command))
	h.step((&ui.Input{}).Type("wave"))
	h.step(press(ui.Cancel))
	h.step(press(ui.Submit)) // opens the chat again, empty
	h.step((&ui.Input{}).Type("/wave"))
	h.step(press(ui.Submit))
	if got := h.src.Sent(); !slices.Equal(got, []string{"emote GESTURE_WAVE"}) {
		t.Fatalf("sent %q", got)
	}
}

func TestRoomListByKeyboardAndByClick(t *testing.T) {
	h := newHarness(t, "entrance.tmx", "entrance")
	h.step(press(ui.FocusNext)) // world -> chat
	h.step(press(ui.FocusNext)) // chat -> rooms
	h.step(press(ui.Down))
	h.step(press(ui.Submit))
	if got := h.src.Sent(); !slices.Equal(got, []string{"join gallery"}) {
		t.Fatalf("keyboard choice sent %q", got)
	}
	// The third row of the list, top right: a click there goes to the Reception Hall.
	var rows image.Rectangle
	for _, w := range h.w.root.Widgets() {
		if b, ok := w.(ui.Bounded); ok && strings.HasSuffix(typeName(w), "RoomList") {
			rows = b.Bounds()
		}
	}
	if rows.Empty() {
		t.Fatal("no room list mounted")
	}
	rowH := (rows.Dy() - 40) / len(sessiontest.Rooms)
	h.step((&ui.Input{}).Click(image.Pt(rows.Min.X+40, rows.Min.Y+30+2*rowH+rowH/2)))
	if got := h.src.Sent(); len(got) != 2 || got[1] != "join reception" {
		t.Fatalf("click sent %q", got)
	}
}

func TestHelpAndExhibitAreModal(t *testing.T) {
	h := newHarness(t, "entrance.tmx", "entrance")
	h.step(press(ui.Help))
	h.step((&ui.Input{}).Hold(ui.WalkRight))
	if got := h.src.Sent(); len(got) != 0 {
		t.Fatalf("walked %q with help open", got)
	}
	h.step(press(ui.Cancel))
	h.step((&ui.Input{}).Hold(ui.WalkRight))
	if got := h.src.Sent(); len(got) != 1 || got[0] != "move 1 0" {
		t.Fatalf("after closing help: %q", got)
	}
	h.step(&ui.Input{})
	m := h.w.sess.Model()
	if !h.w.sess.Actions().ReadNearest(true) || m.Exhibit == nil {
		t.Fatal("no exhibit opened")
	}
	for deadline := time.Now().Add(5 * time.Second); !m.Exhibit.Loaded; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("exhibit text did not load")
		}
		h.step(&ui.Input{})
	}
	if len(m.Exhibit.Blocks) == 0 {
		t.Fatalf("exhibit %q has no text: %s", m.Exhibit.Zone.Title, m.Exhibit.Err)
	}
	n := len(h.src.Sent())
	h.step(press(ui.Submit)) // the chat must not open under the exhibit
	h.step((&ui.Input{}).Click(image.Pt(640, 400)))
	if got := h.sentSince(n); len(got) != 0 || m.Exhibit == nil {
		t.Fatalf("input went under the open exhibit: %q", got)
	}
	h.step(press(ui.Cancel))
	if m.Exhibit != nil {
		t.Fatal("Esc did not close the exhibit")
	}
}

func typeName(v any) string { return strings.TrimPrefix(fmtType(v), "*") }
