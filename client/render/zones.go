package render

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/msg"
	"github.com/embassy-project/embassy/shared/world"
)

// Zones marks the stage, doors, exhibits and quiet and private areas.
type Zones struct{}

var (
	colPrivate = color.RGBA{0xb0, 0x8c, 0xff, 0xff}
	colQuiet   = color.RGBA{0x8c, 0xe0, 0xa0, 0xff}
	colExhibit = color.RGBA{0x9c, 0xcc, 0xff, 0xff}
)

// Draw implements Layer.
func (Zones) Draw(dst *ebiten.Image, f *Frame) {
	s := f.Scale
	t := float64(f.Now.UnixMilli()%100000) / 1000
	pulse := 0.5 + 0.5*math.Sin(t*3)
	nearest, near := f.Model.NearestExhibit()
	sw, sh := float64(dst.Bounds().Dx()), float64(dst.Bounds().Dy())
	def := f.Map.Def
	for i := range def.Zones {
		z := &def.Zones[i]
		x0, y0 := f.Cam.ToScreen(UnitsToPx(float64(z.Rect.Min.X)), UnitsToPx(float64(z.Rect.Min.Y)))
		x1, y1 := f.Cam.ToScreen(UnitsToPx(float64(z.Rect.Max.X)), UnitsToPx(float64(z.Rect.Max.Y)))
		if x1 < 0 || y1 < 0 || x0 > sw || y0 > sh {
			continue
		}
		zw, zh := x1-x0, y1-y0
		switch z.Kind {
		case world.ZoneStage:
			gfx.FillRoundRect(dst, x0, y0, zw, zh, 6*s, gfx.WithAlpha(gfx.ColAccent, 0.10+0.05*pulse))
			gfx.StrokeRoundRect(dst, x0, y0, zw, zh, 6*s, 2*s, gfx.WithAlpha(gfx.ColAccent, 0.8))
			zoneLabel(dst, f, msg.T("STAGE  ·  heard by the whole room"), x0, y0, gfx.ColAccent)
		case world.ZonePrivate, world.ZoneQuiet:
			c, label := colPrivate, msg.T("PRIVATE  ·  talk stays inside")
			if z.Kind == world.ZoneQuiet {
				c, label = colQuiet, msg.T("QUIET ZONE  ·  whispers only")
			}
			gfx.FillRoundRect(dst, x0, y0, zw, zh, 6*s, gfx.WithAlpha(c, 0.07))
			gfx.StrokeRoundRect(dst, x0, y0, zw, zh, 6*s, 1.5*s, gfx.WithAlpha(c, 0.55))
			zoneLabel(dst, f, label, x0, y0, c)
		case world.ZoneDoor:
			drawDoor(dst, f, z, x0, y0, zw, zh, pulse)
		case world.ZoneExhibit, world.ZoneInfo:
			drawExhibitMarker(dst, f.Fonts, x0, y0, zw, zh, t, z == nearest && near)
		}
	}
}

// zoneLabel draws a zone's name on a dark pill at its top-left corner, readable over any floor.
func zoneLabel(dst *ebiten.Image, f *Frame, label string, x0, y0 float64, c color.RGBA) {
	s, face := f.Scale, f.Fonts.Small
	w, h := gfx.Measure(face, label)+14*s, gfx.LineHeight(face)+6*s
	x, y := x0+6*s, y0+6*s
	gfx.FillRoundRect(dst, x, y, w, h, h/2, color.RGBA{0x10, 0x13, 0x1c, 0xd8})
	gfx.StrokeRoundRect(dst, x, y, w, h, h/2, 1*s, gfx.WithAlpha(c, 0.8))
	gfx.DrawText(dst, label, face, x+7*s, y+3*s, c, 0)
}

// drawDoor draws a door and a label naming the room it leads to, just inside the room on the side
// facing the room's centre, kept inside the frame's safe area.
func drawDoor(dst *ebiten.Image, f *Frame, z *world.Zone, x0, y0, zw, zh, pulse float64) {
	s, def := f.Scale, f.Map.Def
	gfx.FillRoundRect(dst, x0, y0, zw, zh, 4*s, gfx.WithAlpha(gfx.ColDoor, 0.18+0.14*pulse))
	gfx.StrokeRoundRect(dst, x0, y0, zw, zh, 4*s, 2*s, gfx.WithAlpha(gfx.ColDoor, 0.7+0.3*pulse))
	c := z.Rect.Center()
	cx, cy := f.Cam.ToScreen(UnitsToPx(float64(c.X)), UnitsToPx(float64(c.Y)))
	mid := world.Vec{X: def.W * world.Unit / 2, Y: def.H * world.Unit / 2}
	d := mid.Sub(c)
	label := msg.T("to %s", f.Model.RoomName(z.Target))
	face := f.Fonts.Bold
	lw, lh := gfx.Measure(face, label)+20*s, gfx.LineHeight(face)+8*s
	var lx, ly float64
	if math.Abs(float64(d.X))*float64(def.H) > math.Abs(float64(d.Y))*float64(def.W) { // door on a side wall
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
	safe := f.Safe
	lx = min(max(lx, float64(safe.Min.X)), float64(safe.Max.X)-lw)
	ly = min(max(ly, float64(safe.Min.Y)), float64(safe.Max.Y)-lh)
	gfx.FillRoundRect(dst, lx, ly, lw, lh, lh/2, color.RGBA{0x0e, 0x3b, 0x36, 0xe8})
	gfx.StrokeRoundRect(dst, lx, ly, lw, lh, lh/2, 1.5*s, gfx.ColDoor)
	gfx.DrawText(dst, label, face, lx+lw/2, ly+4*s, color.RGBA{0xd8, 0xff, 0xf6, 0xff}, 1)
}

// drawExhibitMarker draws a glow over an exhibit and a bobbing "i" badge above it.
func drawExhibitMarker(dst *ebiten.Image, fonts *gfx.Fonts, x0, y0, zw, zh, t float64, near bool) {
	s := fonts.Scale
	glow := 0.12 + 0.08*math.Sin(t*2.5)
	if near {
		glow += 0.15
	}
	gfx.FillRoundRect(dst, x0, y0, zw, zh, 8*s, gfx.WithAlpha(colExhibit, glow*0.6))
	gfx.StrokeRoundRect(dst, x0, y0, zw, zh, 8*s, 1.5*s, gfx.WithAlpha(colExhibit, glow*2.5))
	cx := x0 + zw/2
	cy := y0 - 14*s + 3*s*math.Sin(t*3)
	r := 11 * s
	if near {
		r = 13 * s
	}
	gfx.FillCircle(dst, cx, cy+2*s, r, color.RGBA{0, 0, 0, 0x50})
	gfx.FillCircle(dst, cx, cy, r+2*s, color.RGBA{0xff, 0xff, 0xff, 0xff})
	gfx.FillCircle(dst, cx, cy, r, color.RGBA{0x2f, 0x6f, 0xd8, 0xff})
	gfx.DrawText(dst, "i", fonts.Title, cx, cy-gfx.LineHeight(fonts.Title)/2, color.White, 1)
}
