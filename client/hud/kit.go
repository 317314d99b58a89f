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
