// Package gfx is the client's drawing kit: the palette and fonts (Theme), text drawing with Ebiten's
// text/v2 shaping, and shapes (rounded panels, circles, bubble tails, anti-aliased canvases for
// sprites) rasterised once on the CPU and drawn as textured quads. It knows nothing of the embassy.
package gfx

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	xvec "golang.org/x/image/vector"
)

// Shapes that are drawn often (panels, pills, avatar sprites) are rasterised once on the CPU with
// golang.org/x/image/vector and uploaded as images: drawing them is then a textured quad, which is
// far cheaper than Ebiten's stencil-based path filling, above all on software GL (Xvfb, VMs).

// Canvas draws anti-aliased shapes into an RGBA image, each shape rasterised only over its bounding
// box.
type Canvas struct {
	Img *image.RGBA
	z   xvec.Rasterizer
}

// NewCanvas returns a transparent canvas of w x h pixels.
func NewCanvas(w, h int) *Canvas { return &Canvas{Img: image.NewRGBA(image.Rect(0, 0, w, h))} }

// shape rasterises the path that build adds (in canvas coordinates, offset by -min) within the
// rectangle (x0, y0)-(x1, y1) and composites c over it.
func (cv *Canvas) shape(x0, y0, x1, y1 float32, c color.Color, build func(z *xvec.Rasterizer, ox, oy float32)) {
	r := image.Rect(int(math.Floor(float64(x0)))-1, int(math.Floor(float64(y0)))-1,
		int(math.Ceil(float64(x1)))+1, int(math.Ceil(float64(y1)))+1).Intersect(cv.Img.Bounds())
	if r.Empty() {
		return
	}
	cv.z.Reset(r.Dx(), r.Dy())
	cv.z.DrawOp = draw.Over
	build(&cv.z, float32(r.Min.X), float32(r.Min.Y))
	cv.z.Draw(cv.Img, r, image.NewUniform(c), image.Point{})
}

// Ellipse fills an ellipse.
func (cv *Canvas) Ellipse(cx, cy, rx, ry float32, c color.Color) {
	cv.shape(cx-rx, cy-ry, cx+rx, cy+ry, c, func(z *xvec.Rasterizer, ox, oy float32) {
		ellipseTo(z, cx-ox, cy-oy, rx, ry, false)
	})
}

// RRect fills a rounded rectangle.
func (cv *Canvas) RRect(x, y, w, h, r float32, c color.Color) {
	cv.shape(x, y, x+w, y+h, c, func(z *xvec.Rasterizer, ox, oy float32) {
		rrectTo(z, x-ox, y-oy, w, h, r, false)
	})
}

// StrokeRRect outlines a rounded rectangle with a band of the given width inside its edge.
func (cv *Canvas) StrokeRRect(x, y, w, h, r, width float32, c color.Color) {
	cv.shape(x, y, x+w, y+h, c, func(z *xvec.Rasterizer, ox, oy float32) {
		rrectTo(z, x-ox, y-oy, w, h, r, false)
		rrectTo(z, x-ox+width, y-oy+width, w-2*width, h-2*width, max(r-width, 0), true) // the hole
	})
}

// rrectTo adds a rounded rectangle, clockwise or (reverse) anticlockwise, to z.
func rrectTo(z *xvec.Rasterizer, x, y, w, h, r float32, reverse bool) {
	r = min(r, w/2, h/2)
	const k = 0.5523
	if !reverse {
		z.MoveTo(x+r, y)
		z.LineTo(x+w-r, y)
		z.CubeTo(x+w-r+r*k, y, x+w, y+r-r*k, x+w, y+r)
		z.LineTo(x+w, y+h-r)
		z.CubeTo(x+w, y+h-r+r*k, x+w-r+r*k, y+h, x+w-r, y+h)
		z.LineTo(x+r, y+h)
		z.CubeTo(x+r-r*k, y+h, x, y+h-r+r*k, x, y+h-r)
		z.LineTo(x, y+r)
		z.CubeTo(x, y+r-r*k, x+r-r*k, y, x+r, y)
	} else {
		z.MoveTo(x+r, y)
		z.CubeTo(x+r-r*k, y, x, y+r-r*k, x, y+r)
		z.LineTo(x, y+h-r)
		z.CubeTo(x, y+h-r+r*k, x+r-r*k, y+h, x+r, y+h)
		z.LineTo(x+w-r, y+h)
		z.CubeTo(x+w-r+r*k, y+h, x+w, y+h-r+r*k, x+w, y+h-r)
		z.LineTo(x+w, y+r)
		z.CubeTo(x+w, y+r-r*k, x+w-r+r*k, y, x+w-r, y)
		z.LineTo(x+r, y)
	}
	z.ClosePath()
}

// ellipseTo adds an ellipse made of four cubic curves to z.
func ellipseTo(z *xvec.Rasterizer, cx, cy, rx, ry float32, reverse bool) {
	const k = 0.5523
	if reverse {
		ry = -ry
	}
	z.MoveTo(cx+rx, cy)
	z.CubeTo(cx+rx, cy+ry*k, cx+rx*k, cy+ry, cx, cy+ry)
	z.CubeTo(cx-rx*k, cy+ry, cx-rx, cy+ry*k, cx-rx, cy)
	z.CubeTo(cx-rx, cy-ry*k, cx-rx*k, cy-ry, cx, cy-ry)
	z.CubeTo(cx+rx*k, cy-ry, cx+rx, cy-ry*k, cx+rx, cy)
	z.ClosePath()
}

// patchKey identifies a nine-patch: a white rounded rectangle of radius r px, filled (stroke 0) or
// outlined with a band of stroke/2 px.
type patchKey struct{ r, stroke2 int }

// patches caches the nine-patch images; they live as long as the process (a few dozen small images).
// Only the game goroutine (Ebiten's Update and Draw) touches it.
var patches = map[patchKey]*ebiten.Image{}

func patch(k patchKey) *ebiten.Image {
	if img, ok := patches[k]; ok {
		return img
	}
	c := k.r + 1
	side := 2*c + 1
	cv := NewCanvas(side, side)
	if k.stroke2 == 0 {
		cv.RRect(0, 0, float32(side), float32(side), float32(k.r), color.White)
	} else {
		cv.StrokeRRect(0, 0, float32(side), float32(side), float32(k.r), float32(k.stroke2)/2, color.White)
	}
	img := ebiten.NewImageFromImage(cv.Img)
	patches[k] = img
	return img
}

// drawRRect draws a rounded rectangle from a nine-patch: corners at their size, edges and centre
// stretched. stroke 0 fills it.
func drawRRect(dst *ebiten.Image, x, y, w, h, r, stroke float64, clr color.Color) {
	if w <= 0 || h <= 0 {
		return
	}
	ri := int(math.Round(min(r, w/2, h/2)))
	k := patchKey{r: max(ri, 0), stroke2: int(math.Round(stroke * 2))}
	img := patch(k)
	c := float64(k.r + 1)
	var cs ebiten.ColorScale
	cs.ScaleWithColor(clr)
	// Source spans: [0,c) corner, [c,c+1) middle pixel, [c+1, 2c+1) corner.
	srcX := [3][2]int{{0, int(c)}, {int(c), int(c) + 1}, {int(c) + 1, 2*int(c) + 1}}
	dstX := [3][2]float64{{x, x + min(c, w/2)}, {x + min(c, w/2), x + w - min(c, w/2)}, {x + w - min(c, w/2), x + w}}
	dstY := [3][2]float64{{y, y + min(c, h/2)}, {y + min(c, h/2), y + h - min(c, h/2)}, {y + h - min(c, h/2), y + h}}
	for j := range 3 {
		for i := range 3 {
			dw, dh := dstX[i][1]-dstX[i][0], dstY[j][1]-dstY[j][0]
			if dw <= 0 || dh <= 0 {
				continue
			}
			sub := img.SubImage(image.Rect(srcX[i][0], srcX[j][0], srcX[i][1], srcX[j][1])).(*ebiten.Image)
			sw, sh := float64(sub.Bounds().Dx()), float64(sub.Bounds().Dy())
			op := &ebiten.DrawImageOptions{ColorScale: cs}
			op.GeoM.Scale(dw/sw, dh/sh)
			op.GeoM.Translate(dstX[i][0], dstY[j][0])
			dst.DrawImage(sub, op)
		}
	}
}

// FillCircle fills a circle (a rounded square whose radius is half its side).
func FillCircle(dst *ebiten.Image, cx, cy, r float64, clr color.Color) {
	if r > 8 {
		drawRRect(dst, cx-r, cy-r, 2*r, 2*r, r, 0, clr)
		return
	}
	// Small dots (minimap people, status lights) are one quad: the whole patch, scaled.
	img := patch(patchKey{r: int(math.Ceil(r)) + 1})
	side := float64(img.Bounds().Dx())
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	op.GeoM.Scale(2*r/side, 2*r/side)
	op.GeoM.Translate(cx-r, cy-r)
	op.ColorScale.ScaleWithColor(clr)
	dst.DrawImage(img, op)
}

// tailImage is a speech bubble's tail: a white downward triangle, 12x8 px at scale 1.
var tailImage *ebiten.Image

// DrawTail draws a bubble tail whose top edge is centred at (x, y).
func DrawTail(dst *ebiten.Image, x, y, scale float64, clr color.Color) {
	const w, h, k = 12, 8, 4 // drawn at 4x, scaled down
	if tailImage == nil {
		cv := NewCanvas(w*k, h*k)
		cv.shape(0, 0, w*k, h*k, color.White, func(z *xvec.Rasterizer, ox, oy float32) {
			z.MoveTo(0-ox, 0-oy)
			z.LineTo(w*k-ox, 0-oy)
			z.LineTo(w*k/2-ox, h*k-oy)
			z.ClosePath()
		})
		tailImage = ebiten.NewImageFromImage(cv.Img)
	}
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	op.GeoM.Scale(scale/k, scale/k)
	op.GeoM.Translate(x-w*scale/2, y)
	op.ColorScale.ScaleWithColor(clr)
	dst.DrawImage(tailImage, op)
}
