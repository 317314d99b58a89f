package hud

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/modrules"
)

// ButtonBar is the bar along the bottom of the screen: buttons for what the keys do, for a phone or
// a tablet (and the mouse), then the keys themselves where there is room. A button presses its
// action, as its key would: Chat opens the chat, Mute or Hold to talk works the microphone, Help,
// Events, Tours and Moderation open their panels, − and + zoom. While you type it offers Send and
// Cancel; while a panel or menu is open, Close. It is an on-screen keypad (ui.Keypad): its actions
// reach the widgets before anything else takes input, as keys do.
type ButtonBar struct {
	Env
	bar     image.Rectangle
	buttons []barButton
	face    *text.GoTextFace // the labels' font: smaller when the bar is crowded
	keys    string           // the key hints shown after the buttons, "" when there is no room
	keysX   float64
}

// barButton is a button of the bar: a tap presses act, or holds it while the finger stays (hold).
type barButton struct {
	label string
	act   ui.Action
	hold  bool
	lit   bool
	r     image.Rectangle
}

// Buttons returns the labels of the buttons as last laid out (tests read them).
func (b *ButtonBar) Buttons() []string {
	out := make([]string, len(b.buttons))
	for i, bt := range b.buttons {
		out[i] = bt.label
	}
	return out
}

// Button returns where the button for a is, as last laid out (empty when none is shown).
func (b *ButtonBar) Button(a ui.Action) image.Rectangle {
	for _, bt := range b.buttons {
		if bt.act == a {
			return bt.r
		}
	}
	return image.Rectangle{}
}

// Bounds implements ui.Bounded: the whole bar, above everything.
func (b *ButtonBar) Bounds() image.Rectangle { return b.bar }

// Layout implements ui.Widget.
func (b *ButtonBar) Layout(c *ui.Context) {
	sw, sh := float64(c.Screen.Dx()), float64(c.Screen.Dy())
	bar := HintBarHeight(c.Scale)
	b.bar = rect(0, sh-bar, sw, bar)
	b.buttons = b.offer(c)
	pad, gap, margin := c.S(10), c.S(6), c.S(6)
	avail := sw - 2*margin
	widths := func(face *text.GoTextFace) ([]float64, float64) {
		ws, total := make([]float64, len(b.buttons)), float64(len(b.buttons)-1)*gap
		for i, bt := range b.buttons {
			ws[i] = gfx.Measure(face, bt.label) + 2*pad
			total += ws[i]
		}
		return ws, total
	}
	b.face = c.Fonts.Bold
	ws, total := widths(b.face)
	if total > avail {
		b.face = c.Fonts.Small
		ws, total = widths(b.face)
	}
	shrink := min(1, (avail-float64(len(ws)-1)*gap)/(total-float64(len(ws)-1)*gap)) // labels ellipsize
	x, h := margin, bar-c.S(8)
	for i := range b.buttons {
		w := ws[i] * shrink
		b.buttons[i].r = rect(x, sh-bar+c.S(4), w, h)
		x += w + gap
	}
	b.keysX, b.keys = x+c.S(8), ""
	// The keys where there is room for them, not on a phone (a short screen): it has none.
	if room := sw - b.keysX - margin; room > c.S(160) && !shortScreen(c) && !c.ModalOpen() && !c.Typing() {
		keys := msg.T("WASD/arrows walk  ·  click to walk  ·  Enter chat  ·  E read  ·  Tab focus  ·  +/- zoom  ·  H help")
		if modrules.MayTake(b.M.Role(), modrules.ReadAudit) {
			keys += msg.T("  ·  F7 moderation")
		}
		b.keys = ui.Ellipsize(keys, room, func(t string) float64 { return gfx.Measure(c.Fonts.Small, t) })
	}
}

// offer lists the buttons for now: Close over a panel, Send and Cancel while typing, else the
// keys a phone has no other way to press.
func (b *ButtonBar) offer(c *ui.Context) []barButton {
	switch {
	case c.ModalOpen():
		return []barButton{{label: msg.T("Close"), act: ui.Cancel}}
	case c.Typing():
		return []barButton{{label: msg.T("Send"), act: ui.Submit, lit: true}, {label: msg.T("Cancel"), act: ui.Cancel}}
	}
	bs := []barButton{{label: msg.T("Chat"), act: ui.OpenChat}}
	switch vs := &b.M.Voice; {
	case !vs.Available:
	case !vs.On:
		bs = append(bs, barButton{label: msg.T("Join voice"), act: ui.Voice})
	case vs.PTT:
		bs = append(bs, barButton{label: msg.T("Hold to talk"), act: ui.Talk, hold: true, lit: vs.Talking},
			barButton{label: msg.T("Push-to-talk"), act: ui.PTTMode, lit: true})
	default:
		mute := barButton{label: msg.T("Mute"), act: ui.Mute}
		if vs.Muted {
			mute = barButton{label: msg.T("Unmute"), act: ui.Mute, lit: true}
		}
		bs = append(bs, mute, barButton{label: msg.T("Push-to-talk"), act: ui.PTTMode})
	}
	if b.M.Stage.Running() {
		hand := msg.T("Raise hand")
		if b.M.Stage.HandUp(b.M.Welcome.GetName()) {
			hand = msg.T("Lower hand")
		}
		bs = append(bs, barButton{label: hand, act: ui.Hand}, barButton{label: msg.T("Stage"), act: ui.StagePane})
	}
	bs = append(bs, barButton{label: msg.T("Events"), act: ui.Calendar}, barButton{label: msg.T("Tours"), act: ui.TourPane})
	if modrules.MayTake(b.M.Role(), modrules.ReadAudit) {
		bs = append(bs, barButton{label: msg.T("Moderation"), act: ui.Staff})
	}
	return append(bs, barButton{label: msg.T("Help"), act: ui.Help},
		barButton{label: "−", act: ui.ZoomOut}, barButton{label: "+", act: ui.ZoomIn})
}

// Keys implements ui.Keypad: a tap on a button presses its action; a hold button holds it.
func (b *ButtonBar) Keys(c *ui.Context, in *ui.Input) {
	for _, bt := range b.buttons {
		switch {
		case bt.hold && in.HeldOver(bt.r):
			in.Hold(bt.act)
			in.TakeClick(bt.r)
		case in.TakeClick(bt.r):
			in.Press(bt.act)
		}
	}
	in.TakeMouse(b.bar) // a tap between the buttons walks nowhere
}

// Update implements ui.Widget: the bar took its input as a keypad.
func (b *ButtonBar) Update(*ui.Context, *ui.Input) {}

// Draw implements ui.Widget.
func (b *ButtonBar) Draw(dst *ebiten.Image, c *ui.Context) {
	f := c.Fonts
	r := b.bar
	gfx.FillRoundRect(dst, float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Dy()), 0, color.RGBA{0x0c, 0x0e, 0x14, 0xe8})
	for _, bt := range b.buttons {
		fill := gfx.ColPanelEdge
		if bt.lit {
			fill = gfx.WithAlpha(gfx.ColFocus, 0.45)
		}
		drawButton(dst, c, bt.r, bt.label, b.face, fill, false)
	}
	if b.keys != "" {
		gfx.DrawText(dst, b.keys, f.Small, b.keysX, float64(r.Min.Y)+(float64(r.Dy())-gfx.LineHeight(f.Small))/2, gfx.ColDim, 0)
	}
}
