package game

import (
	"image/color"
	"math"
	"slices"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/embassy-project/embassy/client/predict"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// figure is one avatar to draw this frame.
type figure struct {
	slot    uint32
	x, y    float64 // map pixels, at the feet
	face    facing
	moving  bool
	profile *pb.Profile
	self    bool
}

// Draw implements Scene.
func (w *worldScene) Draw(g *Game, screen *ebiten.Image) {
	w.lastSW, w.lastSH = g.sw, g.sh
	w.sprites.beginFrame()
	screen.Fill(colBackground)
	if w.joined && w.room != nil {
		cam := w.camera(g)
		w.drawRoom(g, screen, cam)
	}
	w.drawHUD(g, screen)
}

// selfPixels returns where your avatar is drawn, in map pixels.
func (w *worldScene) selfPixels() (float64, float64) {
	ux, uy := w.pred.Display(w.alpha)
	return unitsToPx(ux), unitsToPx(uy)
}

// camera centres on you, kept inside the map when the map is larger than the screen.
func (w *worldScene) camera(g *Game) camera {
	z := w.zoom * g.scale
	cam := camera{zoom: z, sw: float64(g.sw), sh: float64(g.sh)}
	cam.x, cam.y = w.selfPixels()
	cam.x = clampAxis(cam.x, float64(w.room.pxW), cam.sw/2/z)
	cam.y = clampAxis(cam.y, float64(w.room.pxH), cam.sh/2/z)
	return cam
}

func clampAxis(v, size, half float64) float64 {
	if size <= 2*half {
		return size / 2
	}
	return min(max(v, half), size-half)
}

func (w *worldScene) drawRoom(g *Game, screen *ebiten.Image, cam camera) {
	drawChunks(screen, w.room.below, cam)
	w.drawZones(g, screen, cam)
	if w.target != nil {
		tx, ty := cam.toScreen(unitsToPx(float64(w.target.X)), unitsToPx(float64(w.target.Y)))
		pulse := 0.5 + 0.5*math.Sin(float64(g.frame)/8)
		r := (6 + 3*pulse) * cam.zoom
		strokeRoundRect(screen, tx-r, ty-r*0.6, 2*r, 1.2*r, r*0.6, 2*g.scale, withAlpha(colAccent, 0.9))
	}
	figs := w.figures(g.now)
	drawFigures(screen, &w.sprites, figs, cam, g.now)
	drawChunks(screen, w.room.above, cam)
	for i := range figs {
		w.drawTag(g, screen, cam, &figs[i])
	}
}

// figures collects every avatar in view with its interpolated (or predicted) position.
func (w *worldScene) figures(now time.Time) []figure {
	figs := make([]figure, 0, w.interp.Len())
	w.interp.Slots(func(t *predict.Track) {
		if t.Slot == w.selfSlot {
			return
		}
		p := w.interp.Pose(t, now)
		figs = append(figs, figure{
			slot: t.Slot, x: unitsToPx(p.X), y: unitsToPx(p.Y), face: facingOf(p.Facing), moving: p.Moving,
			profile: w.profiles[t.Slot],
		})
	})
	sx, sy := w.selfPixels()
	if d := w.pred.Facing(); !d.Zero() {
		w.selfFace = facingOf(d)
	}
	figs = append(figs, figure{
		slot: w.selfSlot, x: sx, y: sy, face: w.selfFace, moving: w.pred.Moving() && !w.pred.Facing().Zero(),
		profile: w.profiles[w.selfSlot], self: true,
	})
	slices.SortFunc(figs, func(a, b figure) int {
		switch {
		case a.y < b.y:
			return -1
		case a.y > b.y:
			return 1
		}
		return int(a.slot) - int(b.slot)
	})
	return figs
}

// walkPhase is the sprite column for a walking avatar: stand, left, stand, right, 8 steps a second.
func walkPhase(now time.Time, moving bool, slot uint32) int {
	if !moving {
		return 0
	}
	step := (now.UnixMilli()/125 + int64(slot)) % 4
	return [4]int{1, 0, 2, 0}[step]
}

// drawFigures draws avatars, already sorted back to front.
func drawFigures(screen *ebiten.Image, sprites *spriteCache, figs []figure, cam camera, now time.Time) {
	k := cam.zoom / spriteOversample
	sw, sh := float64(screen.Bounds().Dx()), float64(screen.Bounds().Dy())
	for i := range figs {
		f := &figs[i]
		sx, sy := cam.toScreen(f.x, f.y)
		if sx < -64*cam.zoom || sy < -64*cam.zoom || sx > sw+64*cam.zoom || sy > sh+64*cam.zoom {
			continue
		}
		img := sprites.frame(LookFor(f.profile), f.face, walkPhase(now, f.moving, f.slot))
		op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
		op.GeoM.Translate(-avatarFootX*spriteOversample, -avatarFootY*spriteOversample)
		op.GeoM.Scale(k, k)
		op.GeoM.Translate(math.Round(sx), math.Round(sy))
		screen.DrawImage(img, op)
	}
}

// drawTag draws the name tag (with role badge) and any chat bubble above an avatar.
func (w *worldScene) drawTag(g *Game, screen *ebiten.Image, cam camera, f *figure) {
	sx, sy := cam.toScreen(f.x, f.y)
	top := sy - (avatarFootY-1)*cam.zoom
	if sx < -200 || sx > float64(g.sw)+200 || top < -100 || top > float64(g.sh)+100 {
		return
	}
	tag := w.tags.get(g.fonts, f.profile, f.self)
	tw, th := float64(tag.Bounds().Dx()), float64(tag.Bounds().Dy())
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(math.Round(sx-tw/2), math.Round(top-th-2*g.scale))
	screen.DrawImage(tag, op)
	if b := w.bubbles[f.slot]; b != nil {
		drawBubble(screen, g.fonts, b, sx, top-th-6*g.scale, g.now)
	}
}

// drawBubble draws a speech bubble whose tail points down at (x, bottom).
func drawBubble(dst *ebiten.Image, f *Fonts, b *bubble, x, bottom float64, now time.Time) {
	s := f.scale
	alpha := min(1, b.until.Sub(now).Seconds()/0.6, now.Sub(b.at).Seconds()/0.15+0.2)
	if alpha <= 0 {
		return
	}
	face := f.Body
	maxW := 240 * s
	lines := Wrap(b.text, maxW, func(t string) float64 { return measure(face, t) })
	if len(lines) > 4 {
		lines = append(lines[:3], Ellipsize(lines[3]+" "+lines[4], maxW, func(t string) float64 { return measure(face, t) }))
		lines = lines[:4]
	}
	w := 0.0
	for _, l := range lines {
		w = max(w, measure(face, l))
	}
	lh := lineHeight(face)
	pad := 8 * s
	bw, bh := w+2*pad, float64(len(lines))*lh+2*pad-2*s
	bx, by := x-bw/2, bottom-bh-7*s
	bg := color.RGBA{0xfb, 0xfb, 0xf7, 0xff}
	fg := color.RGBA{0x1d, 0x22, 0x2e, 0xff}
	switch b.tone {
	case ToneWhisper:
		bg = color.RGBA{0xe6, 0xe0, 0xff, 0xff}
	case ToneShout:
		bg = color.RGBA{0xff, 0xe7, 0xb0, 0xff}
	case ToneEmote:
		bg = color.RGBA{0xdc, 0xf5, 0xd8, 0xff}
	case ToneAnnounce:
		bg = colAccent
	}
	fillRoundRect(dst, bx+1.5*s, by+2*s, bw, bh, 9*s, withAlpha(color.RGBA{0, 0, 0, 0x60}, alpha))
	fillRoundRect(dst, bx, by, bw, bh, 9*s, withAlpha(bg, alpha))
	drawTail(dst, x, by+bh-1, s, withAlpha(bg, alpha))
	for i, l := range lines {
		drawText(dst, l, face, x, by+pad-2*s+float64(i)*lh, withAlpha(fg, alpha), 1)
	}
}

// drawZones marks the stage, doors, exhibits and quiet/private areas.
func (w *worldScene) drawZones(g *Game, screen *ebiten.Image, cam camera) {
	s := g.scale
	t := float64(g.now.UnixMilli()%100000) / 1000
	pulse := 0.5 + 0.5*math.Sin(t*3)
	nearest, near := w.nearestExhibit()
	for i := range w.room.def.Zones {
		z := &w.room.def.Zones[i]
		x0, y0 := cam.toScreen(unitsToPx(float64(z.Rect.Min.X)), unitsToPx(float64(z.Rect.Min.Y)))
		x1, y1 := cam.toScreen(unitsToPx(float64(z.Rect.Max.X)), unitsToPx(float64(z.Rect.Max.Y)))
		if x1 < 0 || y1 < 0 || x0 > float64(g.sw) || y0 > float64(g.sh) {
			continue
		}
		zw, zh := x1-x0, y1-y0
		switch z.Kind {
		case world.ZoneStage:
			fillRoundRect(screen, x0, y0, zw, zh, 6*s, withAlpha(colAccent, 0.10+0.05*pulse))
			strokeRoundRect(screen, x0, y0, zw, zh, 6*s, 2*s, withAlpha(colAccent, 0.8))
			drawTextShadow(screen, "STAGE  ·  heard by the whole room", g.fonts.Small, x0+8*s, y0+6*s, colAccent, 0, s)
		case world.ZonePrivate, world.ZoneQuiet:
			c, label := color.RGBA{0xb0, 0x8c, 0xff, 0xff}, "PRIVATE  ·  talk stays inside"
			if z.Kind == world.ZoneQuiet {
				c, label = color.RGBA{0x8c, 0xe0, 0xa0, 0xff}, "QUIET ZONE  ·  whispers only"
			}
			fillRoundRect(screen, x0, y0, zw, zh, 6*s, withAlpha(c, 0.07))
			strokeRoundRect(screen, x0, y0, zw, zh, 6*s, 1.5*s, withAlpha(c, 0.55))
			drawTextShadow(screen, label, g.fonts.Small, x0+8*s, y0+6*s, c, 0, s)
		case world.ZoneDoor:
			w.drawDoor(g, screen, cam, z, x0, y0, zw, zh, pulse)
		case world.ZoneExhibit, world.ZoneInfo:
			drawExhibitMarker(screen, g.fonts, x0, y0, zw, zh, t, z == nearest && near)
		}
	}
}

func (w *worldScene) drawDoor(g *Game, screen *ebiten.Image, cam camera, z *world.Zone, x0, y0, zw, zh, pulse float64) {
	s := g.scale
	fillRoundRect(screen, x0, y0, zw, zh, 4*s, withAlpha(colDoor, 0.18+0.14*pulse))
	strokeRoundRect(screen, x0, y0, zw, zh, 4*s, 2*s, withAlpha(colDoor, 0.7+0.3*pulse))
	name := z.Target
	for _, r := range w.rooms {
		if r.GetId() == z.Target {
			name = r.GetName()
		}
	}
	// The label sits just inside the room, on the side of the door facing the room's centre.
	c := z.Rect.Center()
	cx, cy := cam.toScreen(unitsToPx(float64(c.X)), unitsToPx(float64(c.Y)))
	mid := world.Vec{X: w.room.def.W * world.Unit / 2, Y: w.room.def.H * world.Unit / 2}
	d := mid.Sub(c)
	label := "to " + name
	face := g.fonts.Bold
	lw, lh := measure(face, label)+20*s, lineHeight(face)+8*s
	var lx, ly float64
	if abs64(float64(d.X))*float64(w.room.def.H) > abs64(float64(d.Y))*float64(w.room.def.W) { // door on a side wall
		lx = cx + math.Copysign(zw/2+8*s, float64(d.X))
		if d.X < 0 {
			lx -= lw
		}
		ly = cy - lh/2
	} else {
		lx = cx - lw/2
		ly = cy + math.Copysign(zh/2+8*s, float64(d.Y))
		if d.Y < 0 {
			ly -= lh
		}
	}
	fillRoundRect(screen, lx, ly, lw, lh, lh/2, color.RGBA{0x0e, 0x3b, 0x36, 0xe0})
	strokeRoundRect(screen, lx, ly, lw, lh, lh/2, 1.5*s, colDoor)
	drawText(screen, label, face, lx+lw/2, ly+4*s, color.RGBA{0xd8, 0xff, 0xf6, 0xff}, 1)
}

// drawExhibitMarker draws a glow over an exhibit and a bobbing "i" badge above it.
func drawExhibitMarker(screen *ebiten.Image, f *Fonts, x0, y0, zw, zh, t float64, near bool) {
	s := f.scale
	glow := 0.12 + 0.08*math.Sin(t*2.5)
	if near {
		glow += 0.15
	}
	fillRoundRect(screen, x0, y0, zw, zh, 8*s, withAlpha(color.RGBA{0x9c, 0xcc, 0xff, 0xff}, glow*0.6))
	strokeRoundRect(screen, x0, y0, zw, zh, 8*s, 1.5*s, withAlpha(color.RGBA{0x9c, 0xcc, 0xff, 0xff}, glow*2.5))
	cx := x0 + zw/2
	cy := y0 - 14*s + 3*s*math.Sin(t*3)
	r := 11 * s
	if near {
		r = 13 * s
	}
	fillCircle(screen, cx, cy+2*s, r, color.RGBA{0, 0, 0, 0x50})
	fillCircle(screen, cx, cy, r+2*s, color.RGBA{0xff, 0xff, 0xff, 0xff})
	fillCircle(screen, cx, cy, r, color.RGBA{0x2f, 0x6f, 0xd8, 0xff})
	drawText(screen, "i", f.Title, cx, cy-lineHeight(f.Title)/2, color.White, 1)
}

func abs64(v float64) float64 { return math.Abs(v) }

// tagKey identifies a name tag image.
type tagKey struct {
	name string
	role pb.Role
	self bool
}

// tagCache holds rendered name tags for the current font scale.
type tagCache struct {
	scale float64
	tags  map[tagKey]*ebiten.Image
}

func (c *tagCache) get(f *Fonts, p *pb.Profile, self bool) *ebiten.Image {
	if c.scale != f.scale || c.tags == nil || len(c.tags) > 2000 {
		for _, img := range c.tags {
			img.Deallocate()
		}
		c.scale, c.tags = f.scale, map[tagKey]*ebiten.Image{}
	}
	k := tagKey{name: p.GetName(), role: p.GetRole(), self: self}
	if k.name == "" {
		k.name = "…"
	}
	if img, ok := c.tags[k]; ok {
		return img
	}
	img := renderTag(f, k)
	c.tags[k] = img
	return img
}

// renderTag draws a name tag: a dark pill with the name, a coloured role badge, a gold edge for you.
func renderTag(f *Fonts, k tagKey) *ebiten.Image {
	s := f.scale
	face := f.TagFace
	pad := 6 * s
	badge, badgeCol := "", colDiplomat
	switch k.role {
	case pb.Role_ROLE_DIPLOMAT:
		badge = "DIPLOMAT"
	case pb.Role_ROLE_MODERATOR:
		badge, badgeCol = "MODERATOR", colModerator
	}
	small := &text.GoTextFace{Source: boldSource, Size: 9 * s}
	bw := 0.0
	if badge != "" {
		bw = measure(small, badge) + 10*s
	}
	nw := measure(face, k.name)
	h := lineHeight(face) + 4*s
	w := nw + 2*pad
	if bw > 0 {
		w += bw + 4*s
	}
	img := ebiten.NewImage(int(math.Ceil(w))+2, int(math.Ceil(h))+2)
	fillRoundRect(img, 1, 1, w, h, h/2, color.RGBA{0x10, 0x13, 0x1c, 0xc8})
	if k.self {
		strokeRoundRect(img, 1, 1, w, h, h/2, 1.5*s, colAccent)
	}
	x := 1 + pad
	if bw > 0 {
		bh := lineHeight(small) + 3*s
		fillRoundRect(img, x-2*s, 1+(h-bh)/2, bw, bh, bh/2, badgeCol)
		drawText(img, badge, small, x-2*s+bw/2, 1+(h-bh)/2+1.5*s, color.White, 1)
		x += bw + 4*s
	}
	clr := colText
	if k.self {
		clr = color.RGBA{0xff, 0xe7, 0xa8, 0xff}
	}
	drawText(img, k.name, face, x, 1+2*s, clr, 0)
	return img
}
