package main

import (
	"fmt"
	"image/color"
	"strings"
)

// Exhibit pictures are 480x320, flat, in the tileset's palette, and say nothing the exhibit texts
// do not support.
const (
	imageW = 480
	imageH = 320
)

var (
	paper = rgb(0xF4F0E8)
	ink   = rgb(0x2B2B2B)
	muted = rgb(0x6B6459)
	teal  = rgb(0x1C7C83)
	mint  = rgb(0x7FD1C7)
	wine  = rgb(0x8B2331)
	gold  = rgb(0xF2C14E)
	ocean = rgb(0x1F3A6B)
	pine  = rgb(0x1F6B45)
)

// exhibitImage is one generated picture, written to world/images/<name>.png.
type exhibitImage struct {
	name string
	draw func() *canvas
}

// exhibitImages lists the generated pictures; rooms refer to them as imagePath(name).
func exhibitImages() []exhibitImage {
	return []exhibitImage{
		{"cyber-norms", drawCyberNorms},
		{"virtual-embassies", drawVirtualEmbassies},
		{"data-privacy", drawDataPrivacy},
		{"digital-trade", drawDigitalTrade},
	}
}

// imagePath is the path of a generated picture inside the world directory.
func imagePath(name string) string { return "images/" + name + ".png" }

// renderImages draws every exhibit picture, keyed by its path inside the world directory.
func renderImages() (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, e := range exhibitImages() {
		b, err := e.draw().encode()
		if err != nil {
			return nil, fmt.Errorf("image %s: %w", e.name, err)
		}
		out[imagePath(e.name)] = b
	}
	return out, nil
}

// heading draws the title (doubled) and a subtitle with a brass rule between them.
func (c *canvas) heading(title, sub string, fg, subFg color.NRGBA) {
	c.text(20, 36, title, 2, fg)
	c.rect(20, 42, 20+textWidth(title, 2), 44, brass)
	c.text(20, 60, sub, 1, subFg)
}

// chip draws a rounded label with one or more centred lines.
func (c *canvas) chip(x0, y0, x1, y1 int, bg, fg color.NRGBA, lines ...string) {
	c.roundRect(float64(x0), float64(y0), float64(x1), float64(y1), 6, bg)
	top := (y0+y1)/2 - len(lines)*14/2 + 11
	for i, l := range lines {
		c.textCentered((x0+x1)/2, top+i*14, l, 1, fg)
	}
}

// worldArt is a coarse equirectangular world map: 6 degrees per cell, longitude -180 at the left,
// latitude 84 at the top.
const worldArt = `
            ####  ########     ##          ##
          ######## #########        ##   #######
  ############## ###  ########   ####################### ##
 #############  #####   ###  #  ##### ######################
   ###########  ######     ##  ###########################
       ##############      ##########################  #
        ############        ####### ## ##############  ##
         ##########         ### #### ##############  ##
          ########          ######################## ##
           #####            ##########################
            #### ##         ########## ####  ## #####
              ###          ############  ##  ### ##
                ####        ##########    #  ##  ##
                ######         #######      ## ###
                ########        #####       ######  ###
                 ########       #####        ###   ###
                 ########       ##### ##          ## ###
                  ######        ####  ##        #######
                  #####         ####           ########
                  ####           ##             #######  #
                  ###                               ##    ##
                  ##                                     ##
                   #
`

// drawCyberNorms draws a dotted world map with capitals linked by arcs, over the four pillars of
// the UN framework of responsible state behaviour.
func drawCyberNorms() *canvas {
	c := newCanvas(imageW, imageH, navy)
	c.heading("CYBER NORMS", "One framework of responsible state behaviour for all", paper, mint)
	const mx, my, cell = 30, 70, 7
	for r, row := range strings.Split(strings.Trim(worldArt, "\n"), "\n") {
		for col, ch := range row {
			x, y := float64(mx+col*cell)+3.5, float64(my+r*cell)+3.5
			if ch == '#' {
				c.disc(x, y, 2.6, rgb(0x4A6A9A))
			} else {
				c.disc(x, y, 0.9, rgb(0x2E3F63))
			}
		}
	}
	at := func(lon, lat float64) [2]float64 {
		return [2]float64{mx + (lon+180)/6*cell, my + (84-lat)/6*cell}
	}
	cities := map[string][2]float64{
		"ny": at(-74, 41), "geneva": at(6, 46), "nairobi": at(37, -1), "delhi": at(77, 29),
		"singapore": at(104, 1), "tokyo": at(140, 36), "saopaulo": at(-47, -24), "canberra": at(149, -35),
		"vienna": at(16, 48), "brasilia": at(-48, -16),
	}
	links := [][2]string{{"ny", "geneva"}, {"geneva", "nairobi"}, {"geneva", "delhi"}, {"delhi", "singapore"},
		{"singapore", "tokyo"}, {"singapore", "canberra"}, {"ny", "saopaulo"}, {"vienna", "tokyo"},
		{"nairobi", "singapore"}, {"saopaulo", "nairobi"}}
	for i, l := range links {
		a, b := cities[l[0]], cities[l[1]]
		k := [2]float64{(a[0] + b[0]) / 2, (a[1]+b[1])/2 - 0.28*absf(b[0]-a[0]) - 8}
		c.curve(a, k, b, 1.6, alpha(mint, 0.85), i%3 == 2)
	}
	for _, name := range []string{"ny", "geneva", "nairobi", "delhi", "singapore", "tokyo", "saopaulo", "canberra", "vienna", "brasilia"} {
		p := cities[name]
		c.disc(p[0], p[1], 6, alpha(gold, 0.25))
		c.disc(p[0], p[1], 3.4, gold)
		c.ring(p[0], p[1], 3.4, 1.2, navy)
	}
	pillars := [][]string{{"INTERNATIONAL", "LAW"}, {"11 VOLUNTARY", "NORMS"}, {"CONFIDENCE-", "BUILDING"}, {"CAPACITY", "BUILDING"}}
	for i, p := range pillars {
		x0 := 15 + i*115
		c.chip(x0, 246, x0+105, 292, rgb(0x2E4470), paper, p...)
		c.rect(x0+12, 246, x0+93, 249, []color.NRGBA{gold, mint, brass, rgb(0xE8576A)}[i])
	}
	c.textCentered(imageW/2, 310, "UN Charter applies online (2013) - eleven norms (2015)", 1, rgb(0x9AA6BF))
	return c
}

func absf(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// drawVirtualEmbassies draws a timeline from the Second Life embassies of 2007 to today.
func drawVirtualEmbassies() *canvas {
	c := newCanvas(imageW, imageH, paper)
	c.heading("VIRTUAL EMBASSIES", "From islands in Second Life to a hall you can walk into", navy, muted)
	const axisY = 188
	x := func(year int) int { return 40 + (year-2005)*20 }
	c.rect(x(2005), axisY-1, x(2025)+6, axisY+2, navy)
	c.polygon([][2]float64{{float64(x(2025) + 6), axisY - 6}, {float64(x(2025) + 16), axisY + 0.5}, {float64(x(2025) + 6), axisY + 7}}, navy)
	for y := 2005; y <= 2025; y++ {
		h := 3
		if y%5 == 0 {
			h = 6
			c.textCentered(x(y), axisY+20, fmt.Sprint(y), 1, muted)
		}
		c.rect(x(y), axisY-h, x(y)+1, axisY+h+1, navy)
	}
	events := []struct {
		year  int
		above bool
		col   color.NRGBA
		lines []string
	}{
		{2007, true, wine, []string{"Maldives, Sweden and", "Estonia open embassies", "in Second Life"}},
		{2011, false, teal, []string{"A 'virtual embassy'", "as a website, for a", "country with no mission"}},
		{2017, true, pine, []string{"Denmark names an", "ambassador to the", "technology industry"}},
		{2021, false, ocean, []string{"Embassies planned", "in metaverse", "platforms"}},
	}
	for _, e := range events {
		cx := x(e.year)
		y0, y1, sy0, sy1 := 74, 156, 156, axisY
		if !e.above {
			y0, y1, sy0, sy1 = 222, 304, axisY, 222
		}
		c.rect(cx, sy0, cx+2, sy1, e.col)
		c.roundRect(float64(cx-77)+2, float64(y0)+3, float64(cx+77)+2, float64(y1)+3, 8, alpha(ink, 0.12))
		c.roundRect(float64(cx-77), float64(y0), float64(cx+77), float64(y1), 8, rgb(0xFFFFFF))
		c.rect(cx-77+8, y0, cx+77-8, y0+4, e.col)
		c.textCentered(cx+1, y0+30, fmt.Sprint(e.year), 2, e.col)
		for i, l := range e.lines {
			c.textCentered(cx+1, y0+46+i*13, l, 1, ink)
		}
		c.disc(float64(cx)+1, axisY+0.5, 7, e.col)
		c.disc(float64(cx)+1, axisY+0.5, 3, paper)
	}
	c.text(x(2024)-12, axisY-12, "today", 1, wine)
	return c
}

// drawDataPrivacy draws personal data flowing from a person through a controller and processor to
// another country, with the rights that flow back and the principles that govern every step.
func drawDataPrivacy() *canvas {
	c := newCanvas(imageW, imageH, paper)
	c.heading("DATA PROTECTION", "Personal data, from collection to transfer abroad", navy, muted)
	cx := []int{44, 168, 304, 436}
	labels := []string{"PERSON", "CONTROLLER", "PROCESSOR", "ABROAD"}
	cols := []color.NRGBA{wine, ocean, teal, pine}
	const top, bot = 86, 176
	for i, x := range cx {
		c.roundRect(float64(x-38)+2, top+3, float64(x+38)+2, bot+3, 10, alpha(ink, 0.12))
		c.roundRect(float64(x-38), top, float64(x+38), bot, 10, rgb(0xFFFFFF))
		c.roundRect(float64(x-38), bot-24, float64(x+38), bot, 10, cols[i])
		c.rect(x-38, bot-24, x+38, bot-14, cols[i])
		c.textCentered(x, bot-8, labels[i], 1, paper)
		drawPrivacyIcon(c, i, float64(x), 118, cols[i])
	}
	arrow := func(x0, x1, y int, col color.NRGBA) {
		c.line(float64(x0), float64(y), float64(x1-6), float64(y), 3, col)
		c.polygon([][2]float64{{float64(x1 - 9), float64(y - 6)}, {float64(x1), float64(y)}, {float64(x1 - 9), float64(y + 6)}}, col)
	}
	tags := [][]string{{"lawful", "basis"}, {"contract"}, {"adequacy", "or SCCs"}}
	for i := 0; i < 3; i++ {
		a, b := cx[i]+40, cx[i+1]-40
		arrow(a, b, 120, navy)
		for j, t := range tags[i] {
			c.textCentered((a+b)/2, 140+j*12, t, 1, muted)
		}
	}
	// Rights flow back from the controller to the person.
	c.curve([2]float64{float64(cx[1]), bot + 6}, [2]float64{float64(cx[0]+cx[1]) / 2, bot + 44}, [2]float64{float64(cx[0]) + 10, bot + 8}, 2.4, wine, false)
	c.polygon([][2]float64{{float64(cx[0]) + 4, bot + 4}, {float64(cx[0]) + 18, bot + 6}, {float64(cx[0]) + 9, bot + 17}}, wine)
	c.text(cx[1]+12, bot+30, "rights: access, correct, erase, object", 1, wine)
	c.text(20, 244, "Principles for every step", 1, navy)
	words := []string{"lawful", "fair", "purpose", "minimal", "accurate", "time-bound", "secure"}
	total := 0
	for _, w := range words {
		total += textWidth(w, 1) + 16
	}
	gap := (imageW - 40 - total) / (len(words) - 1)
	x := 20
	for i, w := range words {
		wd := textWidth(w, 1) + 16
		c.chip(x, 254, x+wd, 280, []color.NRGBA{rgb(0xE6DCC8), rgb(0xDCE6E8)}[i%2], navy, w)
		x += wd + gap
	}
	c.text(20, 304, "and accountability: the controller must show it complies", 1, muted)
	return c
}

// drawPrivacyIcon draws a small pictogram for node i centred at (x,y).
func drawPrivacyIcon(c *canvas, i int, x, y float64, col color.NRGBA) {
	switch i {
	case 0: // a person
		c.disc(x, y-10, 9, col)
		c.roundRect(x-16, y+2, x+16, y+26, 12, col)
	case 1: // an office building
		c.rect(int(x)-16, int(y)-18, int(x)+16, int(y)+24, col)
		for r := 0; r < 4; r++ {
			for k := 0; k < 3; k++ {
				c.rect(int(x)-12+k*9, int(y)-14+r*9, int(x)-7+k*9, int(y)-9+r*9, paper)
			}
		}
	case 2: // a server rack
		for r := 0; r < 3; r++ {
			yy := y - 18 + float64(r)*14
			c.roundRect(x-20, yy, x+20, yy+11, 3, col)
			c.disc(x+13, yy+5.5, 2, gold)
			c.rect(int(x)-15, int(yy)+4, int(x)+3, int(yy)+7, alpha(paper, 0.6))
		}
	case 3: // a globe
		c.disc(x, y+2, 20, col)
		c.ring(x, y+2, 20, 1.5, shade(col, 0.7))
		c.line(x-20, y+2, x+20, y+2, 1.5, alpha(paper, 0.7))
		c.ring(x, y+2, 10, 1.5, alpha(paper, 0.5))
		c.line(x, y-18, x, y+22, 1.5, alpha(paper, 0.7))
	}
}

// drawDigitalTrade draws an illustrative growth curve for trade delivered as data, marked with the
// policy milestones the exhibit text describes.
func drawDigitalTrade() *canvas {
	c := newCanvas(imageW, imageH, paper)
	c.heading("DIGITAL TRADE", "Trade that never passes through a port", navy, muted)
	const x0, x1, y0, y1 = 44, 456, 80, 250
	for i := 0; i <= 4; i++ {
		y := y1 - i*(y1-y0)/4
		c.rect(x0, y, x1, y+1, rgb(0xDDD5C6))
	}
	year := func(v int) float64 { return x0 + float64(v-1996)*float64(x1-x0)/28 }
	level := func(t float64) float64 { // illustrative: slow start, steady climb
		return y1 - (y1-y0-20)*(0.06+0.94*t*t*(0.6+0.4*t))
	}
	var area [][2]float64
	area = append(area, [2]float64{x0, y1})
	for v := 0; v <= 56; v++ {
		t := float64(v) / 56
		area = append(area, [2]float64{x0 + t*(x1-x0), level(t)})
	}
	area = append(area, [2]float64{x1, y1})
	c.polygon(area, alpha(mint, 0.45))
	for i := 1; i < len(area)-2; i++ {
		c.line(area[i][0], area[i][1], area[i+1][0], area[i+1][1], 3, teal)
	}
	// Bars for the data flows underneath, a quiet rhythm along the axis.
	for v := 1996; v <= 2024; v += 2 {
		t := (year(v) - x0) / (x1 - x0)
		h := (y1 - level(t)) * 0.35
		c.rect(int(year(v))-4, y1-int(h), int(year(v))+4, y1, alpha(ocean, 0.55))
	}
	c.rect(x0, y1, x1, y1+2, navy)
	c.rect(x0, y0-4, x0+2, y1+2, navy)
	for v := 2000; v <= 2020; v += 5 {
		c.rect(int(year(v)), y1, int(year(v))+1, y1+5, navy)
		c.textCentered(int(year(v)), y1+17, fmt.Sprint(v), 1, muted)
	}
	drawTradeMilestones(c, year, y0, y1)
	c.rect(x1-150, y1+28, x1-140, y1+36, alpha(mint, 0.8))
	c.text(x1-134, y1+36, "digitally delivered", 1, muted)
	c.rect(x1-150, y1+44, x1-140, y1+52, alpha(ocean, 0.55))
	c.text(x1-134, y1+52, "cross-border data", 1, muted)
	c.text(x0, y1+44, "Illustrative trend, not to scale", 1, muted)
	return c
}

// drawTradeMilestones marks the policy milestones of the digital trade text on the chart.
func drawTradeMilestones(c *canvas, year func(int) float64, y0, y1 int) {
	marks := []struct {
		year  int
		col   color.NRGBA
		lines []string
		dy    int
	}{
		{1998, wine, []string{"1998 WTO: no duties", "on e-transmissions"}, 0},
		{2017, ocean, []string{"2017 talks on", "e-commerce rules"}, 0},
		{2020, pine, []string{"2020 DEPA", "signed"}, 0},
	}
	for _, m := range marks {
		x := int(year(m.year))
		for y := y0 + m.dy; y < y1; y += 6 {
			c.rect(x, y, x+2, y+3, m.col)
		}
		c.disc(float64(x)+1, float64(y0+m.dy), 4, m.col)
		tx := x + 8
		if m.year == 2017 {
			tx = x - 8 - textWidth(m.lines[0], 1)
		}
		for i, l := range m.lines {
			c.text(tx, y0+m.dy+4+i*13, l, 1, m.col)
		}
	}
}
