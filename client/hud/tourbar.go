package hud

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/ui"
)

// TourBar shows, above the hint bar, the tour you are on: the next stop of a tour you take yourself
// (the floor shows the path and an arrow points the way), "Following NAME — move to leave" on a
// guided tour, or who follows the tour you lead. When you reach a stop its text opens in a card on
// the right; Esc or a click on the card closes it.
type TourBar struct {
	Env

	line string
	clr  color.RGBA
	bar  image.Rectangle
	card image.Rectangle
	text []string // the stop's text, wrapped
}

// Line returns the bar's text as last laid out ("" when none; tests read it).
func (b *TourBar) Line() string { return b.line }

// Layout implements ui.Widget.
func (b *TourBar) Layout(c *ui.Context) {
	b.line, b.bar, b.card, b.text = "", image.Rectangle{}, image.Rectangle{}, nil
	m, t := b.M, &b.M.Tour
	me := m.Welcome.GetName()
	switch g := m.Group; {
	case g != nil && g.GetGuide() == me:
		b.line, b.clr = msg.T("You lead “%s”  ·  %d following  ·  F8 ends it", g.GetTour(), len(g.GetFollowers())), gfx.ColAccent
	case g != nil:
		b.line, b.clr = msg.T("Following %s — move to leave", g.GetGuide()), gfx.ColOK
	case t.NextStop() != nil:
		stop := t.NextStop()
		b.line, b.clr = msg.T("%s  ·  stop %d of %d: %s", t.Active.Title, t.Next+1, len(t.Active.Stops), stop.Title), gfx.ColAccent
		if m.Room != nil && m.Room.ID != stop.Room {
			b.line += "  " + msg.T("(in the %s)", b.roomName(stop.Room))
		}
	}
	f, s := c.Fonts, c.Scale
	if b.line != "" {
		w := gfx.Measure(f.Bold, b.line) + 32*s
		h := gfx.LineHeight(f.Bold) + 14*s
		b.bar = rect((float64(c.Screen.Dx())-w)/2, float64(c.Screen.Dy())-HintBarHeight(s)-h-10*s, w, h)
	}
	if st := t.Reading; st != nil {
		w := min(380*s, float64(c.Screen.Dx())/3)
		b.text = ui.Wrap(st.Text, w-32*s, func(t string) float64 { return gfx.Measure(f.Body, t) })
		h := gfx.LineHeight(f.Title) + float64(len(b.text))*(gfx.LineHeight(f.Body)+2*s) + gfx.LineHeight(f.Small) + 40*s
		b.card = rect(float64(c.Screen.Dx())-w-14*s, max((float64(c.Screen.Dy())-h)/2, 14*s), w, h)
	}
}

// roomName names a room from the tours' list, else the room directory.
func (b *TourBar) roomName(id string) string {
	if n := b.M.Tour.Rooms[id]; n != "" {
		return n
	}
	return b.M.RoomName(id)
}

// Bounds implements ui.Bounded: the stop's card takes the mouse.
func (b *TourBar) Bounds() image.Rectangle { return b.card }

// Update implements ui.Widget.
func (b *TourBar) Update(c *ui.Context, in *ui.Input) {
	if b.M.Tour.Reading == nil {
		return
	}
	if in.TakeClick(b.card) || in.Take(ui.Cancel) {
		b.Act.Tours().CloseStop()
	}
}

// Draw implements ui.Widget.
func (b *TourBar) Draw(dst *ebiten.Image, c *ui.Context) {
	f, s := c.Fonts, c.Scale
	if b.line != "" {
		x, y, w, h := float64(b.bar.Min.X), float64(b.bar.Min.Y), float64(b.bar.Dx()), float64(b.bar.Dy())
		gfx.FillRoundRect(dst, x, y, w, h, h/2, color.RGBA{0x14, 0x17, 0x20, 0xf0})
		gfx.StrokeRoundRect(dst, x, y, w, h, h/2, 2*s, b.clr)
		gfx.DrawText(dst, b.line, f.Bold, x+w/2, y+7*s, b.clr, 1)
	}
	if st := b.M.Tour.Reading; st != nil && !b.card.Empty() {
		x, y, w, h := float64(b.card.Min.X), float64(b.card.Min.Y), float64(b.card.Dx()), float64(b.card.Dy())
		gfx.PanelBox(dst, x, y, w, h, s, true)
		gfx.DrawText(dst, ui.Ellipsize(st.Title, w-32*s, func(t string) float64 { return gfx.Measure(f.Title, t) }), f.Title, x+16*s, y+14*s, gfx.ColAccent, 0)
		yy := y + 22*s + gfx.LineHeight(f.Title)
		for _, l := range b.text {
			gfx.DrawText(dst, l, f.Body, x+16*s, yy, gfx.ColText, 0)
			yy += gfx.LineHeight(f.Body) + 2*s
		}
		gfx.DrawText(dst, msg.T("Esc or a click closes  ·  the arrow shows the next stop"), f.Small, x+16*s, yy+6*s, gfx.ColDim, 0)
	}
}
