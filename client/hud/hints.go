package hud

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/modrules"
)

// Hints shows the key bar along the bottom of the screen, and "E · Read" when an exhibit is in reach.
type Hints struct{ Env }

// Layout implements ui.Widget.
func (h *Hints) Layout(*ui.Context) {}

// Update implements ui.Widget.
func (h *Hints) Update(*ui.Context, *ui.Input) {}

// Draw implements ui.Widget.
func (h *Hints) Draw(dst *ebiten.Image, c *ui.Context) {
	f, s := c.Fonts, c.Scale
	sw, sh := float64(c.Screen.Dx()), float64(c.Screen.Dy())
	bar := HintBarHeight(s)
	if z, near := h.M.NearestExhibit(); near && h.M.Exhibit == nil {
		label := msg.T("E  ·  Read: %s", z.Title)
		lw, lh := gfx.Measure(f.Bold, label)+36*s, gfx.LineHeight(f.Bold)+16*s
		x, y := (sw-lw)/2, sh-bar-lh-150*s
		gfx.FillRoundRect(dst, x, y, lw, lh, lh/2, color.RGBA{0x1d, 0x3f, 0x7a, 0xf0})
		gfx.StrokeRoundRect(dst, x, y, lw, lh, lh/2, 1.5*s, color.RGBA{0x8c, 0xc4, 0xff, 0xff})
		gfx.DrawText(dst, label, f.Bold, x+lw/2, y+8*s, color.White, 1)
	}
	gfx.FillRoundRect(dst, 0, sh-bar, sw, bar, 0, color.RGBA{0x0c, 0x0e, 0x14, 0xd8})
	keys := msg.T("WASD/arrows walk  ·  click to walk  ·  Enter chat  ·  E read  ·  Tab focus  ·  +/- zoom  ·  H help")
	if modrules.MayTake(h.M.Role(), modrules.ReadAudit) {
		keys += msg.T("  ·  F7 moderation")
	}
	keys = ui.Ellipsize(keys, sw-20*s, func(t string) float64 { return gfx.Measure(f.Small, t) })
	gfx.DrawText(dst, keys, f.Small, sw/2, sh-bar+(bar-gfx.LineHeight(f.Small))/2, gfx.ColDim, 1)
}
