package render_test

import (
	"image"
	"math"
	"testing"

	"github.com/embassy-project/embassy/client/render"
)

// The arrow for a stop off the screen sits at the edge it lies beyond and points at it; a stop on
// the screen has none.
func TestEdgeArrowPointsAtTheStop(t *testing.T) {
	safe := image.Rect(0, 0, 1000, 600)
	if _, _, _, ok := render.EdgeArrow(safe, 500, 300, 20); ok {
		t.Fatal("an arrow for a point on the screen")
	}
	for _, c := range []struct {
		name         string
		tx, ty       float64
		x, y, degree float64
	}{
		{"right", 3000, 300, 980, 300, 0},
		{"below", 500, 2000, 500, 580, 90},
		{"left", -400, 300, 20, 300, 180},
		{"above", 500, -900, 500, 20, -90},
	} {
		x, y, a, ok := render.EdgeArrow(safe, c.tx, c.ty, 20)
		if !ok || math.Abs(x-c.x) > 0.5 || math.Abs(y-c.y) > 0.5 || math.Abs(a*180/math.Pi-c.degree) > 0.5 {
			t.Errorf("%s: arrow at (%.1f, %.1f) pointing %.1f°, want (%.0f, %.0f) %.0f°", c.name, x, y, a*180/math.Pi, c.x, c.y, c.degree)
		}
	}
	// Up and to the right: on the top edge, pointing up-right.
	x, y, a, _ := render.EdgeArrow(safe, 1500, -700, 20)
	if y != 20 || x <= 500 || x >= 980 || a >= 0 || a <= -math.Pi/2 {
		t.Errorf("up-right: (%.1f, %.1f) %.2f rad", x, y, a)
	}
}
