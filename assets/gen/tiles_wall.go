package main

import "image/color"

var (
	plaster   = rgb(0xE6DCC8)
	wainscot  = rgb(0x84593A)
	skirting  = rgb(0x3A2A20)
	curtain   = rgb(0x8B1E2B)
	frameGold = rgb(0xC9A24E)
)

// drawWallTop paints the top of a wall seen from above: dark slate with a lit rim where the wall
// meets floor or a wall face.
func drawWallTop(p *pen, mask int) {
	p.rect(0, 0, tileSize, tileSize, rgb(0x30343F))
	p.texture(0.1, 8)
	edgeBands(p, mask, []color.NRGBA{rgb(0x7C8498), rgb(0x4C5263)})
}

// drawPlaster fills rows [y0,y1) with plaster lit from above.
func drawPlaster(p *pen, y0, y1 int) {
	for y := y0; y < y1; y++ {
		for x := 0; x < tileSize; x++ {
			f := 1.04 - 0.05*float64(y)/64 + (noise(x, y, 8, p.seed)-0.5)*0.04
			p.blend(x, y, shade(plaster, f))
		}
	}
}

// drawWallUpper paints the upper half of a wall face: crown moulding over plaster.
func drawWallUpper(p *pen) {
	drawPlaster(p, 0, tileSize)
	p.hline(0, tileSize, 0, rgb(0x4A3A2E))
	p.rect(0, 1, tileSize, 3, rgb(0xF6F0E4))
	p.hline(0, tileSize, 3, rgb(0xCDBFA6))
	p.hline(0, tileSize, 4, rgb(0xF1E9DA))
	p.hline(0, tileSize, 5, alpha(rgb(0x000000), 0.12))
}

// drawWainscot paints the chair rail, panelled wood and skirting from row y0 to the bottom.
func drawWainscot(p *pen, y0 int) {
	p.rect(0, y0, tileSize, y0+2, rgb(0x9C6E48))
	p.hline(0, tileSize, y0, rgb(0xC4936A))
	p.rect(0, y0+2, tileSize, 28, wainscot)
	p.hline(0, tileSize, y0+2, alpha(rgb(0x000000), 0.25))
	// Recessed panel: dark top/left, light bottom/right.
	px0, py0, px1, py1 := 3, y0+4, 29, 26
	p.rect(px0, py0, px1, py1, shade(wainscot, 1.06))
	p.hline(px0, px1, py0, shade(wainscot, 0.7))
	p.vline(px0, py0, py1, shade(wainscot, 0.75))
	p.hline(px0, px1, py1-1, shade(wainscot, 1.25))
	p.vline(px1-1, py0, py1, shade(wainscot, 1.2))
	p.rect(0, 28, tileSize, tileSize, skirting)
	p.hline(0, tileSize, 28, shade(skirting, 1.6))
}

// drawWallLower paints the lower half of a wall face: plaster, chair rail, wainscot, skirting.
func drawWallLower(p *pen) {
	drawPlaster(p, 0, 10)
	drawWainscot(p, 10)
}

// drawGlass paints window glass with a sky gradient and a diagonal reflection in [x0,x1)x[y0,y1).
func drawGlass(p *pen, x0, y0, x1, y1, skyTop int) {
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			t := float64(y+skyTop) / 64
			c := mix(rgb(0x8DBCE3), rgb(0xDDEEF8), t)
			if d := (x + y + skyTop) % 24; d < 3 {
				c = mix(c, rgb(0xFFFFFF), 0.45)
			}
			p.blend(x, y, c)
		}
	}
}

// drawCurtains paints red drapes on both sides of a window, down to row y1.
func drawCurtains(p *pen, y0, y1 int) {
	for _, x0 := range []int{0, tileSize - 5} {
		for y := y0; y < y1; y++ {
			for x := x0; x < x0+5; x++ {
				f := 0.8 + 0.3*float64((x-x0+1)%3)/2
				p.blend(x, y, shade(curtain, f))
			}
		}
	}
}

// drawWindowUpper paints the top of a tall window: frame, glass, mullions, pelmet and drapes.
func drawWindowUpper(p *pen) {
	drawWallUpper(p)
	p.rect(4, 7, 28, tileSize, rgb(0xF4F0E8))
	drawGlass(p, 6, 9, 26, tileSize, 0)
	p.rect(15, 9, 17, tileSize, rgb(0xF4F0E8))
	p.hline(6, 26, 20, rgb(0xF4F0E8))
	p.hline(6, 26, 9, alpha(rgb(0x000000), 0.2))
	drawCurtains(p, 6, tileSize)
	p.rect(0, 5, tileSize, 8, rgb(0x6E1520))
	p.hline(0, tileSize, 8, frameGold)
}

// drawWindowLower paints the bottom of a tall window: glass, stone sill, then the wainscot.
func drawWindowLower(p *pen) {
	drawPlaster(p, 0, 14)
	p.rect(4, 0, 28, 10, rgb(0xF4F0E8))
	drawGlass(p, 6, 0, 26, 8, 32)
	p.rect(15, 0, 17, 8, rgb(0xF4F0E8))
	p.rect(2, 9, 30, 12, rgb(0xDAD3C6))
	p.hline(2, 30, 9, rgb(0xFFFFFF))
	p.hline(2, 30, 12, alpha(rgb(0x000000), 0.3))
	drawWainscot(p, 14)
	drawCurtains(p, 0, 24)
	for _, x := range []int{2, tileSize - 3} {
		p.ellipse(float64(x)+0.5, 24, 2, 2.5, frameGold)
	}
}

// drawPainting paints a landscape in a gilt frame with a picture light above it.
func drawPainting(p *pen) {
	drawWallUpper(p)
	p.shadow(6, 10, 28, 30)
	p.rect(5, 9, 27, 29, frameGold)
	p.hline(5, 27, 9, shade(frameGold, 1.3))
	p.hline(5, 27, 28, shade(frameGold, 0.6))
	p.rect(7, 11, 25, 27, rgb(0x3B2A1E))
	for y := 12; y < 26; y++ {
		for x := 8; x < 24; x++ {
			c := mix(rgb(0x7FA7C9), rgb(0xE8D7B0), float64(y-12)/9)
			hill := 20 + int(2*noise(x, 0, 8, p.seed+9)) - (x-8)/6
			if y >= hill {
				c = shade(rgb(0x4E7A3C), 0.85+0.25*noise(x, y, 4, p.seed))
			}
			if y >= 23 {
				c = shade(rgb(0x3E5F31), 0.9+0.2*rnd(x, y, p.seed))
			}
			p.blend(x, y, c)
		}
	}
	p.ellipse(19.5, 15.5, 2, 2, rgb(0xF7E7A8))
	p.rect(12, 6, 20, 8, rgb(0x8E7440))
	p.rect(11, 8, 21, 10, alpha(rgb(0xFFF4C8), 0.35))
}

// drawScreen paints a wall-mounted presentation screen showing a slide with a bar chart.
func drawScreen(p *pen) {
	drawWallUpper(p)
	p.shadow(3, 9, 30, 30)
	p.rect(2, 8, 30, 29, rgb(0x1B1E24))
	p.rect(4, 10, 28, 27, rgb(0x244E7A))
	p.rect(4, 10, 28, 13, rgb(0x1D3D61))
	p.hline(6, 18, 11, rgb(0xE8EEF5))
	for i, h := range []int{5, 9, 7, 11} {
		x := 7 + i*5
		p.rect(x, 25-h, x+3, 25, []color.NRGBA{rgb(0x7FD1C7), rgb(0xF2C14E), rgb(0x7FD1C7), rgb(0xE8EEF5)}[i])
	}
	p.hline(4, 28, 10, alpha(rgb(0xFFFFFF), 0.25))
}
