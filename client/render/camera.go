package render

import "github.com/embassy-project/embassy/shared/world"

// Camera maps map pixels to screen pixels.
type Camera struct {
	X, Y   float64 // map pixel at the screen centre
	Zoom   float64 // screen pixels per map pixel
	SW, SH float64 // screen size
}

// ToScreen converts map pixels to screen pixels.
func (c Camera) ToScreen(mx, my float64) (float64, float64) {
	return (mx-c.X)*c.Zoom + c.SW/2, (my-c.Y)*c.Zoom + c.SH/2
}

// ToMap converts screen pixels to map pixels.
func (c Camera) ToMap(sx, sy float64) (float64, float64) {
	return (sx-c.SW/2)/c.Zoom + c.X, (sy-c.SH/2)/c.Zoom + c.Y
}

// ToWorld converts screen pixels to a point in world units.
func (c Camera) ToWorld(sx, sy float64) world.Vec {
	px, py := c.ToMap(sx, sy)
	return world.Vec{X: int32(px * world.Unit / world.TilePixels), Y: int32(py * world.Unit / world.TilePixels)}
}

// Follow centres a camera on (x, y) map pixels, kept inside a map of w x h pixels when the map is
// larger than the screen.
func Follow(x, y, zoom, sw, sh float64, w, h int) Camera {
	c := Camera{Zoom: zoom, SW: sw, SH: sh}
	c.X = clampAxis(x, float64(w), sw/2/zoom)
	c.Y = clampAxis(y, float64(h), sh/2/zoom)
	return c
}

func clampAxis(v, size, half float64) float64 {
	if size <= 2*half {
		return size / 2
	}
	return min(max(v, half), size-half)
}

// UnitsToPx converts world units to map pixels.
func UnitsToPx(u float64) float64 { return u * world.TilePixels / world.Unit }
