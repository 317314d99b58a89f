package hud

import (
	"image/color"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
)

// noticeFor is how long an announcement stays in the banner.
const noticeFor = 8 * time.Second

// Banner shows one line at the top centre, between the room card and the room list: the connection
// when it is down or coming up, a map that failed to load, or the latest announcement.
type Banner struct{ Env }

// Layout implements ui.Widget.
func (b *Banner) Layout(*ui.Context) {}

// Update implements ui.Widget.
func (b *Banner) Update(*ui.Context, *ui.Input) {}

// line returns the banner's text and colour, or "" for none.
func (b *Banner) line() (string, color.RGBA) {
	m := b.M
	st := m.Status
	switch {
	case st.State == session.Waiting, st.State == session.Ended:
		return m.StatusLine(), gfx.ColError
	case st.State == session.Connecting && st.Session > 0:
		return msg.T("Connection lost: reconnecting..."), gfx.ColWarn
	case m.LoadErr != "" && m.Loading == "":
		return m.LoadErr, gfx.ColError
	case m.Room == nil:
		return m.StatusLine(), gfx.ColFocus
	case m.Notice.Text != "" && m.Now.Sub(m.Notice.At) < noticeFor:
		return m.Notice.Text, gfx.ColAccent
	}
	return "", color.RGBA{}
}

// Draw implements ui.Widget.
func (b *Banner) Draw(dst *ebiten.Image, c *ui.Context) {
	text, clr := b.line()
	if text == "" {
		return
	}
	f, s := c.Fonts, c.Scale
	sw := float64(c.Screen.Dx())
	room := 560 * s // the room card and the room list keep the corners
	avail := max(sw-room, 200*s)
	lines := ui.Wrap(text, avail-40*s, func(t string) float64 { return gfx.Measure(f.Bold, t) })
	if len(lines) > 2 {
		lines = lines[:2]
		lines[1] = ui.Ellipsize(lines[1]+"…", avail-40*s, func(t string) float64 { return gfx.Measure(f.Bold, t) })
	}
	w := 0.0
	for _, l := range lines {
		w = max(w, gfx.Measure(f.Bold, l))
	}
	lh := gfx.LineHeight(f.Bold)
	bw, bh := w+40*s, float64(len(lines))*lh+18*s
	x, y := (sw-bw)/2, 18*s
	gfx.FillRoundRect(dst, x, y, bw, bh, 8*s, color.RGBA{0x14, 0x17, 0x20, 0xf0})
	gfx.StrokeRoundRect(dst, x, y, bw, bh, 8*s, 2*s, clr)
	for i, l := range lines {
		gfx.DrawText(dst, l, f.Bold, x+bw/2, y+9*s+float64(i)*lh, clr, 1)
	}
}
