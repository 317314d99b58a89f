package render

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
)

// Target marks where a click-to-walk is heading.
type Target struct{}

// Draw implements Layer.
func (Target) Draw(dst *ebiten.Image, f *Frame) {
	t := f.Model.Target
	if t == nil {
		return
	}
	tx, ty := f.Cam.ToScreen(UnitsToPx(float64(t.X)), UnitsToPx(float64(t.Y)))
	pulse := 0.5 + 0.5*math.Sin(float64(f.Count)/8)
	r := (6 + 3*pulse) * f.Cam.Zoom
	gfx.StrokeRoundRect(dst, tx-r, ty-r*0.6, 2*r, 1.2*r, r*0.6, 2*f.Scale, gfx.WithAlpha(gfx.ColAccent, 0.9))
}
