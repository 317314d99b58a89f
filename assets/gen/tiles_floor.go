package main

import (
	"image/color"
	"math"
)

// drawMarble paints a polished marble slab: cloudy base, soft diagonal veins, bevelled joints.
func drawMarble(p *pen, base color.NRGBA) {
	vein := rgb(0x9E978C)
	for y := 0; y < tileSize; y++ {
		for x := 0; x < tileSize; x++ {
			c := shade(base, 1+(noise(x, y, 16, p.seed)-0.5)*0.07+(noise(x, y, 4, p.seed+1)-0.5)*0.03)
			w := math.Sin(2*math.Pi*float64(x+2*y)/32 + 5*noise(x, y, 8, p.seed+2))
			v := math.Exp(-(w * w) / 0.006)
			c = mix(c, vein, 0.28*v)
			p.blend(x, y, c)
		}
	}
	p.hline(0, tileSize, 0, alpha(rgb(0xFFFFFF), 0.45))
	p.vline(0, 0, tileSize, alpha(rgb(0xFFFFFF), 0.3))
	p.hline(0, tileSize, tileSize-1, alpha(rgb(0x6B6459), 0.22))
	p.vline(tileSize-1, 0, tileSize, alpha(rgb(0x6B6459), 0.18))
}

// drawParquet paints oak planks, four courses per tile with one staggered joint each.
func drawParquet(p *pen) {
	base := rgb(0xB7834F)
	joints := [4]int{6, 22, 14, 30}
	for row := 0; row < 4; row++ {
		for y := row * 8; y < row*8+8; y++ {
			for x := 0; x < tileSize; x++ {
				plank := 0
				if x >= joints[row] {
					plank = 1
				}
				tone := 0.95 + rnd(row, plank, p.seed)*0.1
				grain := 1 + (rnd(row*8+plank, y, p.seed+3)-0.5)*0.05 + (noise(x, y, 8, p.seed)-0.5)*0.05
				c := shade(base, tone*grain)
				switch {
				case y == row*8+7:
					c = shade(c, 0.8)
				case y == row*8:
					c = shade(c, 1.06)
				case x == joints[row]:
					c = shade(c, 0.82)
				}
				p.blend(x, y, c)
			}
		}
	}
}

// drawBlueCarpet paints a close-piled blue carpet with a faint woven grid.
func drawBlueCarpet(p *pen) {
	base := rgb(0x2F4B7C)
	for y := 0; y < tileSize; y++ {
		for x := 0; x < tileSize; x++ {
			f := 1 + (rnd(x, y, p.seed)-0.5)*0.12 + (noise(x, y, 8, p.seed)-0.5)*0.08
			if (x+y)%4 == 0 {
				f *= 0.95
			}
			p.blend(x, y, shade(base, f))
		}
	}
}

// drawDoorway paints a threshold: a dark coir mat with ribs, edged by stone, readable as a door.
func drawDoorway(p *pen) {
	stone := rgb(0x8D8579)
	p.rect(0, 0, tileSize, tileSize, stone)
	p.texture(0.12, 4)
	mat := rgb(0x4B2F27)
	for y := 2; y < tileSize-2; y++ {
		for x := 2; x < tileSize-2; x++ {
			f := 1 + (rnd(x, y, p.seed)-0.5)*0.25
			if y%4 == 0 {
				f *= 0.8
			}
			p.blend(x, y, shade(mat, f))
		}
	}
	p.hline(2, tileSize-2, 2, shade(mat, 0.6))
	p.vline(2, 2, tileSize-2, shade(mat, 0.6))
	p.hline(2, tileSize-2, tileSize-3, shade(mat, 1.3))
	p.vline(tileSize-3, 2, tileSize-2, shade(mat, 1.3))
}

// edgeBands draws concentric bands along every side of the tile whose neighbour bit is clear, so
// that a region painted with one family gets a border only around its outside.
func edgeBands(p *pen, mask int, bands []color.NRGBA) {
	for y := 0; y < tileSize; y++ {
		for x := 0; x < tileSize; x++ {
			d := tileSize
			if mask&north == 0 {
				d = min(d, y)
			}
			if mask&south == 0 {
				d = min(d, tileSize-1-y)
			}
			if mask&west == 0 {
				d = min(d, x)
			}
			if mask&east == 0 {
				d = min(d, tileSize-1-x)
			}
			if d < len(bands) {
				p.blend(x, y, bands[d])
			}
		}
	}
}

// drawRedCarpet paints the ceremonial red runner with a gold trim around its outside.
func drawRedCarpet(p *pen, mask int) {
	base := rgb(0x9C1D2B)
	for y := 0; y < tileSize; y++ {
		for x := 0; x < tileSize; x++ {
			f := 1 + (rnd(x, y, p.seed)-0.5)*0.1 + (noise(x, y, 8, p.seed)-0.5)*0.06
			if (x+y)%16 == 0 || (x-y+32)%16 == 0 {
				f *= 0.9
			}
			p.blend(x, y, shade(base, f))
		}
	}
	dark, gold := rgb(0x5E101A), rgb(0xD6AE52)
	edgeBands(p, mask, []color.NRGBA{dark, shade(base, 0.85), gold, shade(gold, 0.8), shade(base, 0.8)})
}

// drawRug paints a navy rug with a cream-and-gold border and a small lozenge motif.
func drawRug(p *pen, mask int) {
	base := rgb(0x2B3D66)
	motif := rgb(0xC9A45C)
	for y := 0; y < tileSize; y++ {
		for x := 0; x < tileSize; x++ {
			f := 1 + (rnd(x, y, p.seed)-0.5)*0.12
			c := shade(base, f)
			dx, dy := abs((x%16)-8), abs((y%16)-8)
			if dx+dy == 4 || (dx+dy <= 1) {
				c = mix(c, motif, 0.7)
			}
			p.blend(x, y, c)
		}
	}
	cream, red := rgb(0xE9DDBF), rgb(0x8A2432)
	edgeBands(p, mask, []color.NRGBA{shade(cream, 0.8), cream, cream, red, red, red, cream, motif})
}

// drawStage paints the raised podium: honey planks, a lit lip and a dark riser on the front edge.
func drawStage(p *pen, mask int) {
	base := rgb(0xC89A5E)
	for y := 0; y < tileSize; y++ {
		for x := 0; x < tileSize; x++ {
			plank := x / 8
			f := 0.93 + rnd(plank, 0, p.seed)*0.14 + (rnd(plank, y, p.seed+5)-0.5)*0.06
			c := shade(base, f)
			if x%8 == 7 {
				c = shade(c, 0.75)
			}
			p.blend(x, y, c)
		}
	}
	if mask&west == 0 {
		p.rect(0, 0, 2, tileSize, rgb(0xE9C992))
		p.vline(2, 0, tileSize, alpha(rgb(0x000000), 0.15))
	}
	if mask&east == 0 {
		p.rect(tileSize-2, 0, tileSize, tileSize, rgb(0x7A5430))
	}
	if mask&north == 0 {
		p.rect(0, 0, tileSize, 2, rgb(0x6E4A2A))
	}
	if mask&south == 0 {
		p.rect(0, 20, tileSize, 22, rgb(0xF1D39C))
		for y := 22; y < tileSize; y++ {
			p.hline(0, tileSize, y, mix(rgb(0x6A4426), rgb(0x3A2414), float64(y-22)/10))
		}
		for x := 0; x < tileSize; x += 16 {
			p.vline(x, 23, tileSize, alpha(rgb(0x000000), 0.25))
		}
	}
}

// drawStageSteps paints three steps up to the stage with the red runner carried up them: each riser
// in shadow below a lit nosing, a brass stair rod where riser meets tread; mask is the runner's, so
// it ends with its border at the top step. The last riser ends where the stage's own front does.
func drawStageSteps(p *pen, mask int) {
	drawRedCarpet(p, mask)
	for _, y := range []int{10, 19, 28} {
		p.hline(0, tileSize, y-1, alpha(rgb(0xFFFFFF), 0.25))
		for dy := 0; dy < 4; dy++ {
			p.hline(0, tileSize, y+dy, alpha(rgb(0x000000), 0.5-0.07*float64(dy)))
		}
		p.hline(0, tileSize, y+3, rgb(0xD6AE52))
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
