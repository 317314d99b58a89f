package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// canvas is a whole picture (an exhibit image), drawn with the same source-over compositing as the
// tiles. Shapes are anti-aliased by 4x4 supersampling; text is the 7x13 bitmap font, optionally
// doubled, so pictures stay byte-for-byte deterministic and match the tileset's pixel look.
type canvas struct {
	img *image.NRGBA
}

func newCanvas(w, h int, bg color.NRGBA) *canvas {
	c := &canvas{img: image.NewNRGBA(image.Rect(0, 0, w, h))}
	c.rect(0, 0, w, h, bg)
	return c
}

// blend composites col over the pixel at (x,y) with extra coverage cov in [0,1].
func (c *canvas) blend(x, y int, col color.NRGBA, cov float64) {
	if !(image.Point{x, y}.In(c.img.Rect)) || col.A == 0 || cov <= 0 {
		return
	}
	i := c.img.PixOffset(x, y)
	d := c.img.Pix[i : i+4 : i+4]
	sa := float64(col.A) / 255 * math.Min(cov, 1)
	da := float64(d[3]) / 255
	oa := sa + da*(1-sa)
	if oa == 0 {
		return
	}
	ch := func(s, dd uint8) uint8 { return uint8(math.Round((float64(s)*sa + float64(dd)*da*(1-sa)) / oa)) }
	d[0], d[1], d[2], d[3] = ch(col.R, d[0]), ch(col.G, d[1]), ch(col.B, d[2]), uint8(math.Round(oa*255))
}

// rect fills [x0,x1)x[y0,y1).
func (c *canvas) rect(x0, y0, x1, y1 int, col color.NRGBA) {
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			c.blend(x, y, col, 1)
		}
	}
}

// shape fills every pixel near the box [x0,x1)x[y0,y1) by the fraction of its 16 sub-samples for
// which inside(px,py) holds.
func (c *canvas) shape(x0, y0, x1, y1 float64, col color.NRGBA, inside func(px, py float64) bool) {
	for y := int(math.Floor(y0)) - 1; y <= int(math.Ceil(y1)); y++ {
		for x := int(math.Floor(x0)) - 1; x <= int(math.Ceil(x1)); x++ {
			n := 0
			for sy := 0; sy < 4; sy++ {
				for sx := 0; sx < 4; sx++ {
					if inside(float64(x)+(float64(sx)+0.5)/4, float64(y)+(float64(sy)+0.5)/4) {
						n++
					}
				}
			}
			c.blend(x, y, col, float64(n)/16)
		}
	}
}

// disc fills a circle.
func (c *canvas) disc(cx, cy, r float64, col color.NRGBA) {
	c.shape(cx-r, cy-r, cx+r, cy+r, col, func(px, py float64) bool {
		dx, dy := px-cx, py-cy
		return dx*dx+dy*dy <= r*r
	})
}

// ring strokes a circle of radius r, width w.
func (c *canvas) ring(cx, cy, r, w float64, col color.NRGBA) {
	c.shape(cx-r-w, cy-r-w, cx+r+w, cy+r+w, col, func(px, py float64) bool {
		d := math.Hypot(px-cx, py-cy)
		return math.Abs(d-r) <= w/2
	})
}

// roundRect fills a rectangle with corners of radius r.
func (c *canvas) roundRect(x0, y0, x1, y1, r float64, col color.NRGBA) {
	c.shape(x0, y0, x1, y1, col, func(px, py float64) bool {
		if px < x0 || px > x1 || py < y0 || py > y1 {
			return false
		}
		qx := math.Max(math.Max(x0+r-px, px-(x1-r)), 0)
		qy := math.Max(math.Max(y0+r-py, py-(y1-r)), 0)
		return qx*qx+qy*qy <= r*r
	})
}

// line strokes a segment of width w with round caps.
func (c *canvas) line(ax, ay, bx, by, w float64, col color.NRGBA) {
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	c.shape(math.Min(ax, bx)-w, math.Min(ay, by)-w, math.Max(ax, bx)+w, math.Max(ay, by)+w, col, func(px, py float64) bool {
		t := 0.0
		if l2 > 0 {
			t = clamp01(((px-ax)*dx + (py-ay)*dy) / l2)
		}
		ex, ey := px-(ax+t*dx), py-(ay+t*dy)
		return ex*ex+ey*ey <= w*w/4
	})
}

// polygon fills a simple polygon (even-odd rule).
func (c *canvas) polygon(pts [][2]float64, col color.NRGBA) {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		x0, y0, x1, y1 = math.Min(x0, p[0]), math.Min(y0, p[1]), math.Max(x1, p[0]), math.Max(y1, p[1])
	}
	c.shape(x0, y0, x1, y1, col, func(px, py float64) bool {
		in := false
		for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
			a, b := pts[i], pts[j]
			if (a[1] > py) != (b[1] > py) && px < (b[0]-a[0])*(py-a[1])/(b[1]-a[1])+a[0] {
				in = !in
			}
		}
		return in
	})
}

// curve strokes a quadratic Bézier from a to b bending through control point k, as short segments.
func (c *canvas) curve(a, k, b [2]float64, w float64, col color.NRGBA, dashed bool) {
	const n = 24
	prev := a
	for i := 1; i <= n; i++ {
		t := float64(i) / n
		u := 1 - t
		p := [2]float64{u*u*a[0] + 2*u*t*k[0] + t*t*b[0], u*u*a[1] + 2*u*t*k[1] + t*t*b[1]}
		if !dashed || i%2 == 0 {
			c.line(prev[0], prev[1], p[0], p[1], w, col)
		}
		prev = p
	}
}

// textWidth is the width of s in pixels at the given scale.
func textWidth(s string, scale int) int {
	return font.MeasureString(basicfont.Face7x13, s).Ceil() * scale
}

// text draws s with its baseline-left at (x,y), each font pixel as a scale x scale block.
func (c *canvas) text(x, y int, s string, scale int, col color.NRGBA) {
	f := basicfont.Face7x13
	w := textWidth(s, 1)
	mask := image.NewAlpha(image.Rect(0, 0, w+1, 13))
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: f, Dot: fixed.P(0, 11)}
	d.DrawString(s)
	for my := 0; my < 13; my++ {
		for mx := 0; mx <= w; mx++ {
			a := mask.AlphaAt(mx, my).A
			if a == 0 {
				continue
			}
			for sy := 0; sy < scale; sy++ {
				for sx := 0; sx < scale; sx++ {
					c.blend(x+mx*scale+sx, y+(my-11)*scale+sy, col, float64(a)/255)
				}
			}
		}
	}
}

// textCentered draws s centred on x.
func (c *canvas) textCentered(x, y int, s string, scale int, col color.NRGBA) {
	c.text(x-textWidth(s, scale)/2, y, s, scale, col)
}

// encode returns the picture as a PNG.
func (c *canvas) encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, c.img); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), nil
}
