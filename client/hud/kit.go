package hud

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/ui"
)

// The pieces several widgets draw alike: the box of a menu or dialog, a button, a padlock.

// modalBox draws the solid, gold-edged box of a menu or dialog.
func modalBox(dst *ebiten.Image, c *ui.Context, r image.Rectangle) {
	s := c.Scale
	x, y, w, h := float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Dy())
	gfx.FillRoundRect(dst, x, y, w, h, 10*s, gfx.ColPanelSolid)
	gfx.StrokeRoundRect(dst, x, y, w, h, 10*s, 2*s, gfx.ColAccent)
}

// button draws a button with its label centred; lit marks the one Enter would press.
func button(dst *ebiten.Image, c *ui.Context, r image.Rectangle, label string, lit bool) {
	drawButton(dst, c, r, label, c.Fonts.Bold, gfx.ColPanelEdge, lit)
}

// drawButton draws a button filled with fill, its label in face, outlined when lit.
func drawButton(dst *ebiten.Image, c *ui.Context, r image.Rectangle, label string, face *text.GoTextFace, fill color.RGBA, lit bool) {
	s := c.Scale
	x, y, w, h := float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Dy())
	gfx.FillRoundRect(dst, x, y, w, h, 6*s, fill)
	if lit {
		gfx.StrokeRoundRect(dst, x, y, w, h, 6*s, max(1, 1.5*s), gfx.ColFocus)
	}
	label = ui.Ellipsize(label, w-8*s, func(t string) float64 { return gfx.Measure(face, t) })
	gfx.DrawText(dst, label, face, x+w/2, y+(h-gfx.LineHeight(face))/2, gfx.ColText, 1)
}

// padlock draws a small closed padlock whose body's top-left is (x, y), h high.
func padlock(dst *ebiten.Image, x, y, h float64, clr color.RGBA) {
	w := h * 0.8
	gfx.StrokeRoundRect(dst, x+w*0.2, y-h*0.45, w*0.6, h*0.8, w*0.3, max(1, h*0.14), clr)
	gfx.FillRoundRect(dst, x, y, w, h*0.62, h*0.1, clr)
}

// panelBox places a panel of at most w x h logical pixels in the middle of the screen above the
// button bar; on a small screen (a phone held sideways) it takes what there is, with a narrow margin.
func panelBox(c *ui.Context, w, h float64) image.Rectangle {
	sw, sh := float64(c.Screen.Dx()), float64(c.Screen.Dy())-HintBarHeight(c.Scale)
	m := c.S(20)
	if sh < c.S(500) || sw < c.S(700) {
		m = c.S(8)
	}
	w, h = min(c.S(w), sw-2*m), min(c.S(h), sh-2*m)
	return rect((sw-w)/2, (sh-h)/2, w, h)
}

// flowButtons lays buttons out in rows from left to right within x..x+w, each as wide as its label,
// the last row's bottom at bottom; a row that would overflow starts another above. It returns the
// top of the first row.
func flowButtons(c *ui.Context, bs []panelButton, x, w, bottom float64) float64 {
	f := c.Fonts
	h, gap := gfx.LineHeight(f.Bold)+c.S(12), c.S(8)
	row, rows, bx := make([]int, len(bs)), 0, 0.0
	widths := make([]float64, len(bs))
	for i, b := range bs {
		widths[i] = min(gfx.Measure(f.Bold, b.label)+c.S(28), w)
		if bx > 0 && bx+widths[i] > w {
			rows, bx = rows+1, 0
		}
		row[i], bx = rows, bx+widths[i]+gap
	}
	top := bottom - float64(rows+1)*(h+gap) + gap
	bx = 0
	for i := range bs {
		if i > 0 && row[i] != row[i-1] {
			bx = 0
		}
		bs[i].r = rect(x+bx, top+float64(row[i])*(h+gap), widths[i], h)
		bx += widths[i] + gap
	}
	if len(bs) == 0 {
		return bottom
	}
	return top
}
