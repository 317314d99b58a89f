package render

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
)

// Spotlight lights the floor under the person a host put in the spotlight during an event: a gold
// pool of light with a ring, so the room sees whom the event bar names.
type Spotlight struct{}

// Draw implements Layer.
func (Spotlight) Draw(dst *ebiten.Image, f *Frame) {
	st := f.Model.Stage
	if !st.Running() || st.State.GetSpotlight() == "" {
		return
	}
	fig, ok := SpotlitFigure(f)
	if !ok {
		return
	}
	sx, sy := f.Cam.ToScreen(fig.X, fig.Y)
	pulse := 0.5 + 0.5*math.Sin(float64(f.Count)/10)
	z := f.Cam.Zoom
	for i, a := range []float64{0.10, 0.16, 0.24} {
		rx, ry := (30-8*float64(i))*z, (11-3*float64(i))*z
		gfx.FillRoundRect(dst, sx-rx, sy-ry, 2*rx, 2*ry, ry, gfx.WithAlpha(gfx.ColAccent, a+0.05*pulse))
	}
	rx, ry := (20+2*pulse)*z, (7+pulse)*z
	gfx.StrokeRoundRect(dst, sx-rx, sy-ry, 2*rx, 2*ry, ry, 2.5*f.Scale, gfx.WithAlpha(gfx.ColAccent, 0.9))
}

// SpotlitFigure returns the figure of the person in the spotlight: by the slot the server gave,
// else by name.
func SpotlitFigure(f *Frame) (Figure, bool) {
	st := f.Model.Stage.State
	for _, fig := range f.Figures {
		if slot := st.GetSpotlightSlot(); slot != 0 && fig.Slot == slot {
			return fig, true
		}
		if st.GetSpotlightSlot() == 0 && fig.Profile.GetName() == st.GetSpotlight() {
			return fig, true
		}
	}
	return Figure{}, false
}
