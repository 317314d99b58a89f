package render

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/shared/world"
)

// TourPath shows the way to the next stop of a tour you take yourself: dots on the floor along the
// path, a ring where the stop is, and, when that place is off the screen, an arrow at the screen's
// edge pointing towards it.
type TourPath struct{}

// Draw implements Layer.
func (TourPath) Draw(dst *ebiten.Image, f *Frame) {
	t := &f.Model.Tour
	if t.NextStop() == nil || len(t.Path) == 0 {
		return
	}
	z, s := f.Cam.Zoom, f.Scale
	clr := gfx.WithAlpha(gfx.ColAccent, 0.75)
	var prev world.Vec
	for i, p := range t.Path {
		if i > 0 { // a dot every half metre between the path's corners
			n := max(int(math.Sqrt(float64(p.Dist2(prev)))/(world.Unit/2)), 1)
			for k := 1; k <= n; k++ {
				x := float64(prev.X) + float64(p.X-prev.X)*float64(k)/float64(n)
				y := float64(prev.Y) + float64(p.Y-prev.Y)*float64(k)/float64(n)
				sx, sy := f.Cam.ToScreen(UnitsToPx(x), UnitsToPx(y))
				gfx.FillCircle(dst, sx, sy, 2.2*z, clr)
			}
		}
		prev = p
	}
	goal := t.Path[len(t.Path)-1]
	gx, gy := f.Cam.ToScreen(UnitsToPx(float64(goal.X)), UnitsToPx(float64(goal.Y)))
	r := 10 * z
	gfx.StrokeRoundRect(dst, gx-r, gy-r*0.6, 2*r, 1.2*r, r*0.6, 2.5*s, gfx.ColAccent)
	if ax, ay, angle, ok := EdgeArrow(f.Safe, gx, gy, 28*s); ok {
		drawArrow(dst, ax, ay, angle, 16*s)
	}
}

// EdgeArrow places an arrow for a point (tx, ty) off the rectangle safe: at safe's edge, inset by
// inset, on the line from its centre towards the point, pointing at angle radians (0 is right, π/2
// down). ok is false when the point is on the screen.
func EdgeArrow(safe image.Rectangle, tx, ty, inset float64) (x, y, angle float64, ok bool) {
	if image.Pt(int(tx), int(ty)).In(safe) {
		return 0, 0, 0, false
	}
	cx, cy := float64(safe.Min.X+safe.Max.X)/2, float64(safe.Min.Y+safe.Max.Y)/2
	dx, dy := tx-cx, ty-cy
	hw, hh := float64(safe.Dx())/2-inset, float64(safe.Dy())/2-inset
	k := math.Min(hw/math.Max(math.Abs(dx), 1e-9), hh/math.Max(math.Abs(dy), 1e-9))
	return cx + dx*k, cy + dy*k, math.Atan2(dy, dx), true
}

// drawArrow draws a filled arrowhead of size at (x, y), pointing at angle.
func drawArrow(dst *ebiten.Image, x, y, angle, size float64) {
	pt := func(a, r float64) (float32, float32) {
		return float32(x + r*math.Cos(angle+a)), float32(y + r*math.Sin(angle+a))
	}
	var p vector.Path
	p.MoveTo(pt(0, size))
	p.LineTo(pt(2.5, size))
	p.LineTo(pt(math.Pi, size*0.3))
	p.LineTo(pt(-2.5, size))
	p.Close()
	op := &vector.DrawPathOptions{AntiAlias: true}
	op.ColorScale.ScaleWithColor(gfx.ColAccent)
	vector.FillPath(dst, &p, nil, op)
	gfx.FillCircle(dst, x, y, size*0.18, gfx.ColPanelSolid)
}
