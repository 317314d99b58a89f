package main

import (
	"image/color"
	"math"
)

var (
	walnut  = rgb(0x6B4428)
	oak     = rgb(0xA8763F)
	marbleW = rgb(0xEFEBE3)
	leather = rgb(0x7A472B)
	navy    = rgb(0x22304F)
	brass   = rgb(0xC9A24E)
)

// drawColumn paints a stone column from above: a square plinth and a round, lit shaft.
func drawColumn(p *pen) {
	p.shadow(4, 8, 31, 31)
	p.box(3, 4, 29, 30, rgb(0xD4CCBE))
	p.box(5, 6, 27, 28, rgb(0xE2DBCF))
	p.ellipse(16, 17, 11, 11, rgb(0xB8AF9F))
	p.ellipseFn(16, 16.5, 9.5, 9.5, func(u, v float64) color.NRGBA {
		l := clamp01(0.75 - 0.35*u - 0.3*v)
		return mix(rgb(0xA79E8E), rgb(0xFBF8F2), l)
	})
	for a := 0; a < 12; a++ {
		ang := float64(a) * math.Pi / 6
		p.blend(16+int(math.Round(7*math.Cos(ang))), 16+int(math.Round(7*math.Sin(ang))), alpha(rgb(0x8A8174), 0.35))
	}
}

// leaf paints a tapering leaf from (x,y) along angle a (radians) of length n.
func (p *pen) leaf(x, y, a, n, w float64, c color.NRGBA) {
	for i := 0.0; i <= n; i += 0.5 {
		t := i / n
		r := w * math.Sin(math.Pi*math.Min(1, t*1.1+0.05))
		cx, cy := x+math.Cos(a)*i, y+math.Sin(a)*i
		p.ellipse(cx, cy, math.Max(r, 0.5), math.Max(r, 0.5), mix(c, shade(c, 1.35), t))
	}
}

// drawPlant paints a potted plant: variant 0 a fern in a white planter, 1 a ficus in terracotta.
func drawPlant(p *pen, v int) {
	p.ellipse(16, 29, 9, 2.5, alpha(rgb(0x000000), 0.25))
	pot := rgb(0xE9E5DC)
	if v == 1 {
		pot = rgb(0xB5643F)
	}
	for y := 21; y < 30; y++ {
		in := (y - 21) / 3
		for x := 9 + in; x < 23-in; x++ {
			f := 1.1 - 0.3*float64(x-9)/14
			p.blend(x, y, shade(pot, f))
		}
	}
	p.ellipse(16, 21, 7.5, 2.5, shade(pot, 0.8))
	p.ellipse(16, 21, 6, 1.6, rgb(0x3B2A1E))
	if v == 0 {
		greens := []color.NRGBA{rgb(0x2F6B34), rgb(0x3F8A3F), rgb(0x57A24B)}
		for i := 0; i < 11; i++ {
			a := -math.Pi/2 + (float64(i)-5)*0.3 + (rnd(i, 0, p.seed)-0.5)*0.2
			n := 11 + 5*rnd(i, 1, p.seed)
			p.leaf(16, 20, a, n, 2.2, greens[i%3])
		}
		return
	}
	for i := 0; i < 14; i++ {
		cx := 16 + 9*(rnd(i, 0, p.seed)-0.5)*1.6
		cy := 11 + 10*(rnd(i, 1, p.seed)-0.5)*1.4
		r := 3.5 + 2*rnd(i, 2, p.seed)
		base := mix(rgb(0x2E6A30), rgb(0x6BB04F), rnd(i, 3, p.seed))
		p.ellipseFn(cx, cy, r, r, func(u, v float64) color.NRGBA {
			return shade(base, 1.1-0.25*(u+v))
		})
	}
	p.vline(16, 15, 21, rgb(0x5A3B22))
}

// drawFlag paints a flag on a brass pole in one of three generic liveries.
func drawFlag(p *pen, v int) {
	p.ellipse(9, 29, 6, 2.2, alpha(rgb(0x000000), 0.3))
	p.ellipse(9, 28, 4.5, 1.8, rgb(0x3A3026))
	p.rect(8, 2, 10, 28, brass)
	p.vline(8, 2, 28, shade(brass, 1.3))
	p.ellipse(9, 2.5, 2, 2, shade(brass, 1.2))
	cols := [][2]color.NRGBA{
		{rgb(0x1F3A6B), rgb(0xE2C15A)},
		{rgb(0x1C7C83), rgb(0xF4F1E8)},
		{rgb(0x7D1F35), rgb(0xF4F1E8)},
	}[v]
	for y := 4; y < 24; y++ {
		for x := 10; x < 28; x++ {
			// Cloth hangs down from the pole: the free edge droops and waves.
			droop := int(3 * math.Sin(float64(x-10)/18*math.Pi/2))
			if y < 4+droop/2 || y > 21+droop-int(1.5*math.Sin(float64(x)/2.5)) {
				continue
			}
			c := cols[0]
			switch v {
			case 0:
				dx, dy := float64(x-19), float64(y-13)
				if d := math.Hypot(dx, dy*1.1); d > 3 && d < 5 {
					c = cols[1]
				}
			case 1:
				if y > 12+droop/2 {
					c = cols[1]
				}
			case 2:
				if x > 15 && x < 19 {
					c = cols[1]
				}
			}
			fold := 0.85 + 0.25*math.Sin(float64(x-10)/2.2)
			p.blend(x, y, shade(c, fold))
		}
	}
}

// drawBookshelf paints a bookcase seen from the front, three shelves of varied books.
func drawBookshelf(p *pen, v int) {
	p.rect(1, 28, 31, 32, alpha(rgb(0x000000), 0.25))
	p.box(1, 0, 31, 30, walnut)
	p.rect(1, 0, 31, 3, shade(walnut, 1.3))
	bookCols := []color.NRGBA{rgb(0x8B2331), rgb(0x23426E), rgb(0x2F6B4F), rgb(0xC9A24E), rgb(0xE4DCCB), rgb(0x5C3A6E), rgb(0x9A5A2E)}
	for s := 0; s < 3; s++ {
		top, bot := 4+s*9, 11+s*9
		p.rect(3, top, 29, bot, shade(walnut, 0.45))
		x := 3 + int(rnd(s, v, p.seed)*2)
		for i := 0; x < 28; i++ {
			w := 2 + int(rnd(i, s*7+v, p.seed)*2.5)
			h := 4 + int(rnd(i, s*7+v+1, p.seed)*3.5)
			if x+w > 29 {
				break
			}
			if rnd(i, s+v*5, p.seed+7) < 0.1 {
				x += 3 // a gap on the shelf
				continue
			}
			c := bookCols[hash(i, s*3+v, p.seed)%uint32(len(bookCols))]
			p.rect(x, bot-h, x+w, bot, c)
			p.vline(x, bot-h, bot, shade(c, 1.3))
			p.hline(x, x+w, bot-h+1, alpha(brass, 0.6))
			x += w
		}
		p.rect(2, bot, 30, bot+2, shade(walnut, 1.15))
	}
}

// drawDesk paints a walnut desk (part 0 left, 1 middle, 2 right) with things on it.
func drawDesk(p *pen, part int) {
	x0, x1 := 0, tileSize
	if part == 0 {
		x0 = 2
	}
	if part == 2 {
		x1 = 30
	}
	p.rect(x0+1, 26, x1+1, 31, alpha(rgb(0x000000), 0.25))
	p.rect(x0, 6, x1, 22, walnut)
	p.hline(x0, x1, 6, shade(walnut, 1.4))
	p.rect(x0, 22, x1, 29, shade(walnut, 0.7))
	p.hline(x0, x1, 22, shade(walnut, 1.2))
	for y := 7; y < 22; y++ {
		for x := x0; x < x1; x++ {
			p.blend(x, y, alpha(rgb(0xFFFFFF), 0.05*rnd(x/3, y, p.seed)))
		}
	}
	switch part {
	case 0:
		p.vline(x0, 6, 29, shade(walnut, 1.3))
		p.rect(9, 10, 25, 19, rgb(0x9AA0A8))
		p.rect(10, 11, 24, 18, rgb(0x2E3440))
		p.rect(11, 12, 23, 17, rgb(0x3E6E9E))
		p.rect(x0+4, 24, x0+12, 25, brass)
	case 1:
		p.rect(6, 10, 16, 20, rgb(0xFAF7EF))
		p.rect(8, 9, 18, 19, rgb(0xFFFFFF))
		for y := 11; y < 18; y += 2 {
			p.hline(9, 17, y, rgb(0xA9B0BA))
		}
		p.rect(20, 12, 27, 14, rgb(0x2B2B2B))
		p.hline(20, 27, 12, brass)
	case 2:
		p.vline(x1-1, 6, 29, shade(walnut, 0.5))
		p.ellipse(20, 16, 4, 2, rgb(0x2B2B2B))
		p.rect(19, 10, 21, 16, brass)
		p.ellipse(20, 9, 6, 2.5, rgb(0x1F6B45))
		p.ellipse(20, 8.5, 5, 1.5, shade(rgb(0x1F6B45), 1.4))
		p.ellipse(20, 12, 7, 3, alpha(rgb(0xFFF3C0), 0.25))
		p.rect(6, 12, 13, 18, rgb(0x1E1E1E))
		p.rect(7, 13, 12, 15, rgb(0x444444))
		p.rect(x1-12, 24, x1-4, 25, brass)
	}
}

// drawChair paints an upholstered chair whose sitter faces dir.
func drawChair(p *pen, dir string) {
	fabric := rgb(0x34497A)
	p.ellipse(16, 26, 9, 3, alpha(rgb(0x000000), 0.25))
	switch dir {
	case "down":
		p.box(9, 13, 23, 26, fabric)
		p.box(8, 5, 24, 13, shade(fabric, 0.75))
		p.hline(9, 23, 6, shade(fabric, 1.1))
	case "up":
		p.box(9, 6, 23, 19, fabric)
		p.box(8, 19, 24, 27, shade(fabric, 0.75))
		p.hline(9, 23, 20, shade(fabric, 1.2))
	case "left":
		p.box(8, 9, 21, 24, fabric)
		p.box(21, 7, 27, 25, shade(fabric, 0.75))
	case "right":
		p.box(11, 9, 24, 24, fabric)
		p.box(5, 7, 11, 25, shade(fabric, 0.75))
	}
}

// drawSofa paints a leather sofa facing down (parts 0-2 left/middle/right, 3 an armchair):
// a rolled backrest, one plump seat cushion per tile, rounded arms at the ends.
func drawSofa(p *pen, part int) {
	leftEnd, rightEnd := part == 0 || part == 3, part == 2 || part == 3
	x0, x1 := 0, tileSize
	if leftEnd {
		x0 = 2
	}
	if rightEnd {
		x1 = 30
	}
	p.rect(x0+1, 27, x1+1, 31, alpha(rgb(0x000000), 0.25))
	back := shade(leather, 0.85)
	p.rect(x0, 5, x1, 14, back)
	p.hline(x0, x1, 5, shade(back, 1.35))
	p.hline(x0, x1, 6, shade(back, 1.15))
	p.hline(x0, x1, 13, shade(back, 0.6))
	p.rect(x0, 23, x1, 28, shade(leather, 0.65))
	cx0, cx1 := x0, x1
	if leftEnd {
		cx0 = x0 + 6
	}
	if rightEnd {
		cx1 = x1 - 6
	}
	cushion := shade(leather, 1.1)
	for y := 13; y < 25; y++ {
		for x := cx0 + 1; x < cx1-1; x++ {
			f := 1.12 - 0.2*float64(y-13)/12
			p.blend(x, y, shade(cushion, f))
		}
	}
	p.hline(cx0+2, cx1-2, 24, shade(leather, 0.5))
	p.vline(cx0, 14, 24, shade(leather, 0.55))
	p.vline(cx1-1, 14, 24, shade(leather, 0.55))
	p.ellipse(float64(cx0+cx1)/2, 9, 1, 1, shade(leather, 0.55))
	for _, arm := range []struct {
		on bool
		x  int
	}{{leftEnd, x0}, {rightEnd, x1 - 6}} {
		if !arm.on {
			continue
		}
		p.box(arm.x, 8, arm.x+6, 27, shade(leather, 0.95))
		p.ellipse(float64(arm.x)+3, 8, 3, 2.2, shade(leather, 1.2))
	}
}

// drawCoffeeTable paints a low walnut table with a vase of flowers and a book.
func drawCoffeeTable(p *pen) {
	p.rect(5, 13, 29, 28, alpha(rgb(0x000000), 0.25))
	p.box(4, 10, 28, 24, walnut)
	p.rect(4, 24, 28, 27, shade(walnut, 0.6))
	p.rect(6, 14, 14, 20, rgb(0x8B2331))
	p.hline(6, 14, 14, shade(rgb(0x8B2331), 1.4))
	p.ellipse(21, 16, 3, 3, rgb(0xE9E5DC))
	for i, c := range []color.NRGBA{rgb(0xE8576A), rgb(0xF2C14E), rgb(0xF7F2E8), rgb(0xE8576A)} {
		a := float64(i) * math.Pi / 2
		p.ellipse(21+2.5*math.Cos(a), 14+2.5*math.Sin(a), 1.8, 1.8, c)
	}
	p.ellipse(21, 14, 1.2, 1.2, rgb(0xF2C14E))
}

// drawConfTable paints one piece of the two-row conference table (bottom row shows the edge).
func drawConfTable(p *pen, bottom bool, part int) {
	top := rgb(0x5A3620)
	x0, x1 := 0, tileSize
	if part == 0 {
		x0 = 4
	}
	if part == 2 {
		x1 = 28
	}
	y0, y1 := 8, tileSize
	if bottom {
		y0, y1 = 0, 22
		p.rect(x0+2, 25, x1+2, 31, alpha(rgb(0x000000), 0.25))
	}
	p.rect(x0, y0, x1, y1, top)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			g := math.Sin(float64(x)/3+3*noise(x, y, 8, p.seed)) * 0.05
			p.blend(x, y, shade(top, 1+g))
		}
	}
	// Polish highlight along the table's long axis.
	if !bottom {
		p.hline(x0, x1, y0, shade(top, 1.5))
		p.rect(x0, 16, x1, 18, alpha(rgb(0xFFFFFF), 0.08))
	} else {
		p.rect(x0, 22, x1, 26, shade(top, 0.6))
		p.hline(x0, x1, 22, shade(top, 1.3))
	}
	if part == 0 {
		p.vline(x0, y0, y1, shade(top, 1.3))
	}
	if part == 2 {
		p.vline(x1-1, y0, y1, shade(top, 0.6))
	}
	// A place setting: notepad and a water glass.
	py := 12
	if bottom {
		py = 8
	}
	if part == 1 {
		p.rect(11, py, 19, py+8, rgb(0xF7F5EE))
		p.hline(12, 18, py+2, rgb(0xB7BEC8))
		p.hline(12, 18, py+4, rgb(0xB7BEC8))
		p.ellipse(23, float64(py+2), 2, 2, alpha(rgb(0xCFE6F5), 0.8))
	}
}

// drawCounter paints the reception counter (parts 0-2) or its info-desk section.
func drawCounter(p *pen, part int, info bool) {
	wood := rgb(0x5B3823)
	x0, x1 := 0, tileSize
	if part == 0 {
		x0 = 2
	}
	if part == 2 {
		x1 = 30
	}
	p.rect(x0, 29, x1, 32, alpha(rgb(0x000000), 0.25))
	p.rect(x0, 14, x1, 29, wood)
	for x := x0 + 3; x < x1; x += 8 {
		p.vline(x, 17, 27, shade(wood, 0.7))
		p.vline(x+1, 17, 27, shade(wood, 1.2))
	}
	p.hline(x0, x1, 16, brass)
	p.rect(x0, 27, x1, 29, shade(wood, 0.55))
	p.rect(x0, 5, x1, 14, marbleW)
	p.texture(0.05, 4)
	p.hline(x0, x1, 5, rgb(0xFFFFFF))
	p.hline(x0, x1, 13, rgb(0xB9B1A4))
	if part == 0 {
		p.vline(x0, 5, 29, shade(wood, 1.4))
	}
	if part == 2 {
		p.vline(x1-1, 5, 29, shade(wood, 0.5))
	}
	if info {
		p.ellipse(16, 21.5, 5, 5, rgb(0x1F5FA8))
		p.rect(15, 20, 17, 25, rgb(0xFFFFFF))
		p.rect(15, 17, 17, 19, rgb(0xFFFFFF))
		p.ellipse(8, 9, 2.5, 2, brass)
		p.ellipse(7.5, 8.3, 1, 0.7, rgb(0xFFF4C8))
		p.rect(20, 7, 27, 12, rgb(0x2B4A7C))
		p.rect(21, 8, 26, 11, rgb(0xF4F1E8))
	}
}

// drawServiceCounter paints a consular service position: counter with a glass screen and slot.
func drawServiceCounter(p *pen) {
	wood := rgb(0x6A6F78)
	p.rect(0, 29, tileSize, 32, alpha(rgb(0x000000), 0.25))
	p.rect(0, 18, tileSize, 29, wood)
	p.hline(0, tileSize, 18, shade(wood, 1.4))
	p.rect(0, 27, tileSize, 29, shade(wood, 0.6))
	p.rect(0, 13, tileSize, 18, rgb(0xE9E5DC))
	p.hline(0, tileSize, 13, rgb(0xFFFFFF))
	p.rect(1, 1, 31, 13, alpha(rgb(0xBFE0F2), 0.45))
	p.rect(0, 0, tileSize, 2, rgb(0x9AA0A8))
	p.vline(0, 0, 13, rgb(0x9AA0A8))
	p.rect(11, 9, 21, 13, alpha(rgb(0x000000), 0.25))
	p.rect(3, 3, 9, 10, alpha(rgb(0xFFFFFF), 0.35))
	p.rect(12, 3, 20, 7, rgb(0x1B1E24))
	p.rect(14, 4, 18, 6, rgb(0xE84A4A))
	p.rect(6, 21, 26, 25, rgb(0xF4F1E8))
	p.hline(8, 24, 23, rgb(0x1F3A6B))
}

// drawLectern paints a wooden lectern with an emblem and a gooseneck microphone.
func drawLectern(p *pen) {
	p.ellipse(16, 29, 10, 2.5, alpha(rgb(0x000000), 0.3))
	p.box(9, 25, 23, 30, shade(walnut, 0.8))
	p.rect(10, 12, 22, 26, walnut)
	p.vline(10, 12, 26, shade(walnut, 1.3))
	p.vline(21, 12, 26, shade(walnut, 0.6))
	p.ellipse(16, 19, 3.5, 3.5, brass)
	p.ellipse(16, 19, 2, 2, rgb(0x1F3A6B))
	p.box(6, 7, 26, 13, shade(walnut, 1.2))
	p.rect(10, 8, 22, 11, rgb(0xF7F5EE))
	for i := 0; i < 5; i++ {
		p.blend(17+i/2, 7-i, rgb(0x222222))
	}
	p.ellipse(19.5, 2.5, 1.5, 1.5, rgb(0x333333))
}

// drawPlinth paints a white marble pedestal with an exhibit object on it.
func drawPlinth(p *pen, obj string) {
	p.ellipse(16, 30, 11, 2, alpha(rgb(0x000000), 0.3))
	p.box(6, 27, 26, 31, rgb(0xD9D3C7))
	for y := 16; y < 28; y++ {
		for x := 8; x < 24; x++ {
			p.blend(x, y, shade(marbleW, 1.02-0.12*float64(x-8)/16))
		}
	}
	p.box(7, 13, 25, 17, rgb(0xF7F4EE))
	switch obj {
	case "globe":
		p.rect(15, 10, 17, 14, brass)
		p.ellipseFn(16, 7, 6, 6, func(u, v float64) color.NRGBA {
			land := noise(int((u+1)*10), int((v+1)*10), 4, p.seed) > 0.55
			c := rgb(0x2F6FA8)
			if land {
				c = rgb(0x6E9F4F)
			}
			return shade(c, 1.15-0.3*(u+v)/2)
		})
		p.ellipse(14, 5, 1.5, 1, alpha(rgb(0xFFFFFF), 0.6))
	case "vase":
		p.ellipseFn(16, 8, 4.5, 5, func(u, v float64) color.NRGBA {
			c := rgb(0xB8643A)
			if v > -0.15 && v < 0.2 {
				c = rgb(0x2A1E18)
			}
			return shade(c, 1.1-0.3*u)
		})
		p.rect(14, 1, 18, 4, rgb(0xA85A33))
		p.hline(13, 19, 1, rgb(0xC8744A))
	case "letter":
		p.rect(9, 4, 23, 13, rgb(0xFAF6EA))
		for y := 6; y < 12; y += 2 {
			p.hline(11, 21, y, rgb(0x8C8478))
		}
		p.ellipse(20, 11, 1.5, 1.5, rgb(0xA01F2E))
		p.rect(8, 1, 24, 14, alpha(rgb(0xCFE6F5), 0.3))
		p.hline(8, 24, 1, alpha(rgb(0xFFFFFF), 0.8))
		p.vline(8, 1, 14, alpha(rgb(0xFFFFFF), 0.6))
	case "passport":
		p.rect(10, 3, 23, 13, rgb(0x6E1B27))
		p.rect(9, 2, 22, 12, rgb(0x8B2331))
		p.vline(10, 2, 12, shade(rgb(0x8B2331), 0.75))
		p.ellipse(15.5, 6, 2.6, 2.6, rgb(0xE0BC62))
		p.ellipse(15.5, 6, 1.3, 1.3, rgb(0x8B2331))
		p.hline(12, 20, 10, rgb(0xE0BC62))
		p.rect(8, 1, 24, 14, alpha(rgb(0xCFE6F5), 0.3))
		p.hline(8, 24, 1, alpha(rgb(0xFFFFFF), 0.8))
		p.vline(8, 1, 14, alpha(rgb(0xFFFFFF), 0.6))
	case "terminal":
		p.rect(15, 9, 17, 14, rgb(0x555A62))
		p.rect(8, 0, 24, 10, rgb(0x1B1E24))
		p.rect(9, 1, 23, 9, rgb(0x0F2A3F))
		for i, w := range []int{8, 11, 6} {
			p.hline(10, 10+w, 3+2*i, rgb(0x5FE0C8))
		}
		p.rect(19, 5, 22, 8, rgb(0xF2C14E))
	}
}

// drawBoard paints a freestanding display board (parts 0-2) with a picture and text.
func drawBoard(p *pen, part int) {
	x0, x1 := 0, tileSize
	if part == 0 {
		x0 = 2
	}
	if part == 2 {
		x1 = 30
	}
	p.rect(x0, 26, x1, 30, alpha(rgb(0x000000), 0.2))
	if part != 1 {
		lx := x0 + 3
		if part == 2 {
			lx = x1 - 5
		}
		p.rect(lx, 20, lx+2, 29, rgb(0x555A62))
		p.rect(lx-2, 28, lx+4, 30, rgb(0x33363C))
	}
	p.rect(x0, 2, x1, 24, navy)
	fy0, fx0, fx1 := 4, x0, x1
	if part == 0 {
		fx0 = x0 + 2
	}
	if part == 2 {
		fx1 = x1 - 2
	}
	p.rect(fx0, fy0, fx1, 22, rgb(0xF4F0E6))
	p.rect(fx0, fy0, fx1, 8, rgb(0x1C7C83))
	switch part {
	case 0:
		p.hline(fx0+2, fx1, 6, rgb(0xF4F0E6))
		for y := 10; y < 20; y++ {
			for x := fx0 + 2; x < fx1-1; x++ {
				c := mix(rgb(0x9CC3E0), rgb(0xE5D3A8), float64(y-10)/10)
				if y > 15-int(3*math.Sin(float64(x)/4)) {
					c = rgb(0x5D8A4A)
				}
				p.blend(x, y, c)
			}
		}
	default:
		if part == 1 {
			p.hline(fx0, fx0+14, 6, rgb(0xF4F0E6))
		}
		for i, y := 0, 10; y < 21; i, y = i+1, y+2 {
			w := 18 + int(rnd(i, part, p.seed)*8)
			p.hline(fx0+2, min(fx0+2+w, fx1-2), y, rgb(0x7A8190))
		}
	}
}

// drawBuffet paints a buffet table under a white cloth (parts 0-2) with dishes.
func drawBuffet(p *pen, part int) {
	cloth := rgb(0xF7F5F0)
	x0, x1 := 0, tileSize
	if part == 0 {
		x0 = 2
	}
	if part == 2 {
		x1 = 30
	}
	p.rect(x0, 28, x1, 31, alpha(rgb(0x000000), 0.25))
	p.rect(x0, 7, x1, 21, cloth)
	p.hline(x0, x1, 7, rgb(0xFFFFFF))
	for x := x0; x < x1; x++ {
		f := 0.9 + 0.08*math.Sin(float64(x)/1.7)
		p.vline(x, 21, 29, shade(cloth, f*0.93))
	}
	p.rect(x0, 11, x1, 17, alpha(rgb(0x8B1E2B), 0.85))
	switch part {
	case 1:
		p.ellipse(16, 13, 8, 5, rgb(0xC8CDD3))
		p.ellipse(16, 12, 7, 3.5, rgb(0xE6E9EC))
		p.ellipse(16, 9, 1.5, 1, rgb(0x8A9098))
	default:
		for i, c := range []color.NRGBA{rgb(0xE0A33C), rgb(0x6BA34F), rgb(0xD2553F)} {
			cx := float64(x0+7) + float64(i)*8
			p.ellipse(cx, 14, 3.5, 2.5, rgb(0xFFFFFF))
			p.ellipse(cx, 14, 2, 1.4, c)
		}
		for i := 0; i < 3; i++ {
			p.ellipse(float64(x0+8+i*7), 9, 1.3, 1.3, alpha(rgb(0xBFE0F2), 0.9))
		}
	}
}

// drawLamp paints a floor lamp with a lit shade.
func drawLamp(p *pen) {
	p.ellipse(16, 28, 8, 3, alpha(rgb(0xFFF3C0), 0.25))
	p.ellipse(16, 28, 4, 1.5, rgb(0x2B2B2B))
	p.rect(15, 9, 17, 28, brass)
	for y := 2; y < 11; y++ {
		w := 5 + (y-2)/2
		p.hline(16-w, 16+w, y, shade(rgb(0xF1E6C8), 1.05-float64(y)*0.01))
	}
	p.hline(11, 21, 2, rgb(0xFFFFFF))
	p.hline(11, 22, 10, rgb(0xCDBE98))
}

// drawBench paints a gallery bench: black leather cushion on a steel frame (parts 0-2).
func drawBench(p *pen, part int) {
	x0, x1 := 0, tileSize
	if part == 0 {
		x0 = 3
	}
	if part == 2 {
		x1 = 29
	}
	p.rect(x0, 22, x1, 26, alpha(rgb(0x000000), 0.25))
	if part != 1 {
		lx := x0 + 2
		if part == 2 {
			lx = x1 - 4
		}
		p.rect(lx, 18, lx+2, 25, rgb(0x8A9098))
	}
	p.box(x0, 10, x1, 19, rgb(0x2A2A2E))
	p.hline(x0+1, x1-1, 12, alpha(rgb(0xFFFFFF), 0.12))
	p.hline(x0, x1, 19, rgb(0x8A9098))
}

// drawStandingTable paints a high round cocktail table with a walnut top and two glasses.
func drawStandingTable(p *pen) {
	p.ellipse(17, 27, 10, 3, alpha(rgb(0x000000), 0.25))
	p.rect(15, 18, 18, 27, rgb(0x555A62))
	p.ellipse(16, 27, 6, 2, rgb(0x33363C))
	p.ellipse(16, 14, 11, 10, shade(walnut, 0.7))
	p.ellipseFn(16, 13, 11, 10, func(u, v float64) color.NRGBA {
		return shade(walnut, 1.15-0.25*(u+v)/2)
	})
	p.ellipse(16, 13, 8.5, 7.5, alpha(rgb(0xFFFFFF), 0.06))
	for _, g := range [][2]float64{{12, 11}, {20, 14}} {
		p.ellipse(g[0], g[1], 2.6, 2.6, alpha(rgb(0xE8EEF5), 0.85))
		p.ellipse(g[0], g[1], 1.5, 1.5, rgb(0xF1D39C))
		p.ellipse(g[0]-0.8, g[1]-0.8, 0.7, 0.7, alpha(rgb(0xFFFFFF), 0.9))
	}
}
