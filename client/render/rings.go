package render

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
)

// Rings draws a pulsing ring on the floor under everyone who is speaking, so a crowd shows who talks.
type Rings struct{}

// Draw implements Layer.
func (Rings) Draw(dst *ebiten.Image, f *Frame) {
	v := &f.Model.Voice
	if len(v.Speaking) == 0 {
		return
	}
	pulse := 0.5 + 0.5*math.Sin(float64(f.Now.UnixMilli())/120)
	for i := range f.Figures {
		fig := &f.Figures[i]
		if !v.SpeakingNow(fig.Slot) {
			continue
		}
		sx, sy := f.Cam.ToScreen(fig.X, fig.Y)
		rx, ry := (13+2*pulse)*f.Cam.Zoom, (5+1*pulse)*f.Cam.Zoom
		gfx.StrokeRoundRect(dst, sx-rx, sy-ry-f.Cam.Zoom, 2*rx, 2*ry, ry, 2*f.Scale, gfx.WithAlpha(gfx.ColOK, 0.6+0.4*pulse))
	}
}
