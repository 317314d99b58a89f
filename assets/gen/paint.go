package main

import (
	"image"
	"image/color"
	"math"
)

// tileSize is the side of one tile in pixels.
const tileSize = 32

// pen draws into one 32x32 cell of the tileset image, in cell-local coordinates. All drawing is
// source-over compositing so that furniture keeps transparent backgrounds and soft shadows.
type pen struct {
	img  *image.NRGBA
	ox   int    // cell origin in img
	oy   int    // cell origin in img
	seed uint32 // per-tile seed for procedural texture
}

// rgb builds an opaque colour from 0xRRGGBB.
func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{uint8(hex >> 16), uint8(hex >> 8), uint8(hex), 255}
}

// alpha returns c with opacity a in [0,1].
func alpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(clamp01(a) * 255)
	return c
}

// shade multiplies c's colour channels by f (f>1 lightens, f<1 darkens).
func shade(c color.NRGBA, f float64) color.NRGBA {
	ch := func(v uint8) uint8 { return uint8(math.Round(clamp01(float64(v)*f/255) * 255)) }
	return color.NRGBA{ch(c.R), ch(c.G), ch(c.B), c.A}
}

// mix interpolates between a and b.
func mix(a, b color.NRGBA, t float64) color.NRGBA {
	t = clamp01(t)
	ch := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.NRGBA{ch(a.R, b.R), ch(a.G, b.G), ch(a.B, b.B), ch(a.A, b.A)}
}

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// hash is a small deterministic integer hash (no global random state, so output never changes).
func hash(x, y int, seed uint32) uint32 {
	h := uint32(x)*0x27d4eb2d ^ uint32(y)*0x165667b1 ^ seed*0x9e3779b9
	h ^= h >> 15
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// rnd returns a deterministic value in [0,1) for (x,y,seed).
func rnd(x, y int, seed uint32) float64 { return float64(hash(x, y, seed)%10000) / 10000 }

// noise is smooth value noise with cells of size cell px, periodic over one tile so that floor tiles
// repeat without seams (cell must divide 32).
func noise(x, y, cell int, seed uint32) float64 {
	n := tileSize / cell
	gx, gy := x/cell, y/cell
	fx, fy := float64(x%cell)/float64(cell), float64(y%cell)/float64(cell)
	at := func(i, j int) float64 { return rnd(((i%n)+n)%n, ((j%n)+n)%n, seed) }
	sx, sy := fx*fx*(3-2*fx), fy*fy*(3-2*fy)
	top := at(gx, gy)*(1-sx) + at(gx+1, gy)*sx
	bot := at(gx, gy+1)*(1-sx) + at(gx+1, gy+1)*sx
	return top*(1-sy) + bot*sy
}

// blend composites c over the pixel at (x,y).
func (p *pen) blend(x, y int, c color.NRGBA) {
	if x < 0 || y < 0 || x >= tileSize || y >= tileSize || c.A == 0 {
		return
	}
	i := p.img.PixOffset(p.ox+x, p.oy+y)
	d := p.img.Pix[i : i+4 : i+4]
	sa := float64(c.A) / 255
	da := float64(d[3]) / 255
	oa := sa + da*(1-sa)
	if oa == 0 {
		return
	}
	mixc := func(s, dd uint8) uint8 {
		return uint8(math.Round((float64(s)*sa + float64(dd)*da*(1-sa)) / oa))
	}
	d[0], d[1], d[2], d[3] = mixc(c.R, d[0]), mixc(c.G, d[1]), mixc(c.B, d[2]), uint8(math.Round(oa*255))
}

// rect fills [x0,x1)x[y0,y1) with c.
func (p *pen) rect(x0, y0, x1, y1 int, c color.NRGBA) {
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			p.blend(x, y, c)
		}
	}
}

// hline and vline draw one-pixel lines, end exclusive.
func (p *pen) hline(x0, x1, y int, c color.NRGBA) { p.rect(x0, y, x1, y+1, c) }
func (p *pen) vline(x, y0, y1 int, c color.NRGBA) { p.rect(x, y0, x+1, y1, c) }

// box draws a filled rectangle with a light top/left edge and a dark bottom/right edge.
func (p *pen) box(x0, y0, x1, y1 int, base color.NRGBA) {
	p.rect(x0, y0, x1, y1, base)
	p.hline(x0, x1, y0, shade(base, 1.25))
	p.vline(x0, y0, y1, shade(base, 1.12))
	p.hline(x0, x1, y1-1, shade(base, 0.7))
	p.vline(x1-1, y0, y1, shade(base, 0.8))
}

// ellipse fills an anti-aliased ellipse centred at (cx,cy); shadeFn may vary the colour over it.
func (p *pen) ellipse(cx, cy, rx, ry float64, c color.NRGBA) {
	p.ellipseFn(cx, cy, rx, ry, func(float64, float64) color.NRGBA { return c })
}

// ellipseFn fills an ellipse, colouring each pixel with fn(u,v) where u,v in [-1,1] are the pixel's
// position relative to the centre (useful for spherical highlights).
func (p *pen) ellipseFn(cx, cy, rx, ry float64, fn func(u, v float64) color.NRGBA) {
	for y := int(cy - ry - 1); y <= int(cy+ry+1); y++ {
		for x := int(cx - rx - 1); x <= int(cx+rx+1); x++ {
			cov := 0.0
			for sy := 0; sy < 4; sy++ {
				for sx := 0; sx < 4; sx++ {
					u := (float64(x) + (float64(sx)+0.5)/4 - cx) / rx
					v := (float64(y) + (float64(sy)+0.5)/4 - cy) / ry
					if u*u+v*v <= 1 {
						cov++
					}
				}
			}
			if cov == 0 {
				continue
			}
			u := (float64(x) + 0.5 - cx) / rx
			v := (float64(y) + 0.5 - cy) / ry
			c := fn(u, v)
			c.A = uint8(float64(c.A) * cov / 16)
			p.blend(x, y, c)
		}
	}
}

// shadow draws a soft drop shadow under an object occupying [x0,x1)x[y0,y1).
func (p *pen) shadow(x0, y0, x1, y1 int) {
	for y := y0 - 1; y <= y1+1; y++ {
		for x := x0 - 1; x <= x1+1; x++ {
			inside := x >= x0 && x < x1 && y >= y0 && y < y1
			a := 0.10
			if inside {
				a = 0.22
			}
			p.blend(x, y, alpha(rgb(0x000000), a))
		}
	}
}

// texture modulates every non-transparent pixel in the cell by noise, for a less flat finish.
func (p *pen) texture(amount float64, cell int) {
	for y := 0; y < tileSize; y++ {
		for x := 0; x < tileSize; x++ {
			i := p.img.PixOffset(p.ox+x, p.oy+y)
			if p.img.Pix[i+3] == 0 {
				continue
			}
			f := 1 + (noise(x, y, cell, p.seed)-0.5)*amount
			c := shade(color.NRGBA{p.img.Pix[i], p.img.Pix[i+1], p.img.Pix[i+2], p.img.Pix[i+3]}, f)
			copy(p.img.Pix[i:i+4], []uint8{c.R, c.G, c.B, c.A})
		}
	}
}
