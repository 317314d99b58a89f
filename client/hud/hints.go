package hud

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/ui"
)

// Hints shows "E · Read" when an exhibit is in reach; a tap on it reads the exhibit, as E does.
type Hints struct {
	Env
	label string
	pill  image.Rectangle
}

// Layout implements ui.Widget.
func (h *Hints) Layout(c *ui.Context) {
	h.label, h.pill = "", image.Rectangle{}
	z, near := h.M.NearestExhibit()
	if !near || h.M.Exhibit != nil {
		return
	}
	f := c.Fonts
	sw, sh := float64(c.Screen.Dx()), float64(c.Screen.Dy())
	h.label = ui.Ellipsize(msg.T("E  ·  Read: %s", z.Title), sw*0.6, func(t string) float64 { return gfx.Measure(f.Bold, t) })
	lw, lh := gfx.Measure(f.Bold, h.label)+c.S(36), gfx.LineHeight(f.Bold)+c.S(16)
	// Above the chat on a short screen, else well above the button bar.
	y := min(sh-HintBarHeight(c.Scale)-lh-c.S(150), sh*0.25)
	h.pill = rect((sw-lw)/2, y, lw, lh)
}

// Bounds implements ui.Bounded.
func (h *Hints) Bounds() image.Rectangle { return h.pill }

// Keys implements ui.Keypad: a tap on "Read" presses E.
func (h *Hints) Keys(c *ui.Context, in *ui.Input) {
	if in.TakeClick(h.pill) {
		in.Press(ui.Read)
	}
}

// Update implements ui.Widget.
func (h *Hints) Update(*ui.Context, *ui.Input) {}

// Draw implements ui.Widget.
func (h *Hints) Draw(dst *ebiten.Image, c *ui.Context) {
	if h.label == "" {
		return
	}
	f, s := c.Fonts, c.Scale
	x, y, lw, lh := float64(h.pill.Min.X), float64(h.pill.Min.Y), float64(h.pill.Dx()), float64(h.pill.Dy())
	gfx.FillRoundRect(dst, x, y, lw, lh, lh/2, color.RGBA{0x1d, 0x3f, 0x7a, 0xf0})
	gfx.StrokeRoundRect(dst, x, y, lw, lh, lh/2, 1.5*s, color.RGBA{0x8c, 0xc4, 0xff, 0xff})
	gfx.DrawText(dst, h.label, f.Bold, x+lw/2, y+8*s, color.White, 1)
}
