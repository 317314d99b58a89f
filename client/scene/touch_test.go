package scene

import (
	"image"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/hud"
	"github.com/embassy-project/embassy/client/render"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// phone is a phone held sideways: 844 x 390 at three device pixels each.
const phoneW, phoneH, phoneScale = 844 * 3, 390 * 3, 3.0

// stepPhone runs one frame on the phone's screen and prepares the room's picture as a Draw would,
// so that taps find what is drawn. It returns the frame's context.
func (h *harness) stepPhone(in *ui.Input) *ui.Context {
	h.frame++
	if h.fonts.Scale != phoneScale {
		h.fonts = gfx.NewFonts(phoneScale)
	}
	c := ui.NewContext(phoneW, phoneH, phoneScale, h.fonts, time.Now(), h.frame)
	if err := h.w.Update(c, in); err != nil {
		h.t.Fatal(err)
	}
	h.w.view.Prepare(c, image.Rect(0, 0, phoneW, phoneH-int(hud.HintBarHeight(phoneScale))))
	return c
}

// widget returns the mounted widget of type T.
func widget[T ui.Widget](h *harness) T {
	for _, w := range h.w.root.Widgets() {
		if t, ok := w.(T); ok {
			return t
		}
	}
	h.t.Fatalf("no %T mounted", *new(T))
	return *new(T)
}

// On a phone, by touch alone: a tap on a person opens their menu and the bar's Close closes it; a
// tap on the floor walks there; two fingers spreading zoom in; the bar's Chat button opens the
// chat, which asks for the phone's keyboard, and what that keyboard types is sent with its Enter.
func TestTouchOnAPhone(t *testing.T) {
	h := newHarness(t, "entrance.tmx", "entrance")
	me := h.w.sess.Model().Pred.Pos()
	h.src.Push(&pb.ServerMessage{Msg: &pb.ServerMessage_Snapshot{Snapshot: &pb.Snapshot{
		Profiles: []*pb.Profile{{Slot: 7, UserId: "u-bo", Name: "Bo"}},
		Enter:    []*pb.AvatarEnter{{Slot: 7, X: me.X + 3*world.Unit, Y: me.Y}},
	}}})
	h.stepPhone(&ui.Input{})
	h.stepPhone(&ui.Input{})
	bar, menu := widget[*hud.ButtonBar](h), widget[*hud.AvatarMenu](h)

	// Bo, drawn three tiles to the right.
	fr := h.w.view.frame
	i := slices.IndexFunc(fr.Figures, func(f render.Figure) bool { return f.Slot == 7 })
	if i < 0 {
		t.Fatalf("Bo is not drawn: %+v", fr.Figures)
	}
	sx, sy := fr.Cam.ToScreen(fr.Figures[i].X, fr.Figures[i].Y)
	h.stepPhone((&ui.Input{}).Touch(image.Pt(int(sx), int(sy-10*fr.Cam.Zoom))))
	h.stepPhone(&ui.Input{})
	if !menu.Open() || !strings.Contains(menu.String(), "slot 7") {
		t.Fatalf("a tap on Bo did not open his menu: %v", menu)
	}
	if got := bar.Buttons(); !slices.Equal(got, []string{"Close"}) {
		t.Fatalf("over the menu the bar offers %q", got)
	}
	h.stepPhone((&ui.Input{}).Touch(bar.Button(ui.Cancel).Min.Add(image.Pt(3, 3))))
	if menu.Open() {
		t.Fatal("the bar's Close did not close the menu")
	}
	h.stepPhone(&ui.Input{})
	if got := h.src.Sent(); len(got) != 0 {
		t.Fatalf("tapping a person and closing the menu sent %q", got)
	}

	// The floor two tiles below Bo.
	h.stepPhone((&ui.Input{}).Touch(image.Pt(int(sx), int(sy+2*world.TilePixels*fr.Cam.Zoom))))
	if got := h.src.Sent(); len(got) != 1 || !strings.HasPrefix(got[0], "walk ") {
		t.Fatalf("a tap on the floor sent %q, want a walk", got)
	}

	zoom := h.w.view.R.Zoom
	mid := image.Pt(phoneW/2, phoneH/3)
	h.stepPhone((&ui.Input{}).Pinch(mid, 1.5))
	if got := h.w.view.R.Zoom; got <= zoom*1.4 || got >= zoom*1.6 {
		t.Fatalf("spreading two fingers by half again zoomed from %v to %v", zoom, got)
	}

	// The Chat button: the chat takes typing and asks for the keyboard.
	h.stepPhone((&ui.Input{}).Touch(bar.Button(ui.OpenChat).Min.Add(image.Pt(3, 3))))
	c := h.stepPhone(&ui.Input{})
	if c.TextWanted() == nil {
		t.Fatal("the open chat asked for no keyboard")
	}
	if got := bar.Buttons(); !slices.Equal(got, []string{"Send", "Cancel"}) {
		t.Fatalf("while typing the bar offers %q", got)
	}
	n := len(h.src.Sent())
	in := &ui.Input{}
	in.Compose(ui.Composed{Changed: true, Before: "hello from a ", Preedit: "phone"})
	h.stepPhone(in)
	in = (&ui.Input{}).Touch(bar.Button(ui.Submit).Min.Add(image.Pt(3, 3))) // Send, mid-word
	in.Compose(ui.Composed{Preedit: "phone"})                               // the keyboard still composing it
	h.stepPhone(in)
	if got := h.sentSince(n); !slices.Equal(got, []string{"chat CHAT_SAY hello from a phone"}) {
		t.Fatalf("Send sent %q", got)
	}
	if c := h.stepPhone(&ui.Input{}); c.TextWanted() != nil {
		t.Fatal("the chat still asks for the keyboard after sending")
	}
}
