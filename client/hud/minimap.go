package hud

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/client/predict"
	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/client/ui"
	"github.com/embassy-project/embassy/shared/world"
)

// Minimap shows, bottom right, the whole room: walls, the stage, doors, exhibits, the people in view
// and you.
type Minimap struct {
	Env
	img    *ebiten.Image
	of     *session.RoomAssets // the room img was painted for
	x, y   float64
	k      float64 // screen pixels per tile
	bounds image.Rectangle
}

// Layout implements ui.Widget.
func (m *Minimap) Layout(c *ui.Context) {
	m.bounds = image.Rectangle{}
	if m.M.Room == nil {
		return
	}
	if m.of != m.M.Room.Assets {
		m.of, m.img = m.M.Room.Assets, paintMinimap(m.M.Room.Assets.Def)
	}
	mw, mh := float64(m.img.Bounds().Dx()), float64(m.img.Bounds().Dy())
	maxW, maxH := minimapMax(c)
	m.k = min(maxW/mw, maxH/mh)
	m.x = float64(c.Screen.Dx()) - mw*m.k - c.S(24)
	m.y = float64(c.Screen.Dy()) - mh*m.k - c.S(24) - HintBarHeight(c.Scale)
	m.bounds = rect(m.x-c.S(10), m.y-c.S(10), mw*m.k+c.S(20), mh*m.k+c.S(20))
}

// minimapMax is the most room the map of a room may take: less on a small screen.
func minimapMax(c *ui.Context) (w, h float64) {
	return min(c.S(180), float64(c.Screen.Dx())*0.22), min(c.S(130), float64(c.Screen.Dy())*0.22)
}

// Bounds implements ui.Bounded.
func (m *Minimap) Bounds() image.Rectangle { return m.bounds }

// Update implements ui.Widget: the minimap swallows clicks and the wheel over it.
func (m *Minimap) Update(c *ui.Context, in *ui.Input) { in.TakeMouse(m.bounds) }

// Draw implements ui.Widget.
func (m *Minimap) Draw(dst *ebiten.Image, c *ui.Context) {
	if m.M.Room == nil {
		return
	}
	s := c.Scale
	b := m.bounds
	gfx.PanelBox(dst, float64(b.Min.X), float64(b.Min.Y), float64(b.Dx()), float64(b.Dy()), s, false)
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Scale(m.k, m.k)
	op.GeoM.Translate(m.x, m.y)
	op.ColorScale.ScaleAlpha(0.9)
	dst.DrawImage(m.img, op)
	dot := func(p world.Vec, r float64, clr color.Color) {
		gfx.FillCircle(dst, m.x+float64(p.X)/world.Unit*m.k, m.y+float64(p.Y)/world.Unit*m.k, r, clr)
	}
	m.M.Interp.Slots(func(t *predict.Track) {
		if t.Slot != m.M.SelfSlot {
			dot(t.Pos, 1.8*s, color.RGBA{0x30, 0x36, 0x44, 0xff})
		}
	})
	dot(m.M.Pred.Pos(), 3.2*s, color.RGBA{0x17, 0x1a, 0x22, 0xff})
	dot(m.M.Pred.Pos(), 2.4*s, gfx.ColAccent)
}

// paintMinimap paints one pixel per tile: walls dark, floor light, zones coloured.
func paintMinimap(def *world.Room) *ebiten.Image {
	img := image.NewRGBA(image.Rect(0, 0, int(def.W), int(def.H)))
	for y := range def.H {
		for x := range def.W {
			c := color.RGBA{0xc9, 0xc2, 0xb2, 0xff}
			if def.Blocked(world.Tile{X: x, Y: y}) {
				c = color.RGBA{0x3c, 0x40, 0x4c, 0xff}
			}
			img.SetRGBA(int(x), int(y), c)
		}
	}
	for _, z := range def.Zones {
		var c color.RGBA
		switch z.Kind {
		case world.ZoneStage:
			c = color.RGBA{0xe8, 0xb8, 0x40, 0xff}
		case world.ZoneDoor:
			c = gfx.ColDoor
		case world.ZoneExhibit, world.ZoneInfo:
			c = color.RGBA{0x6c, 0xb4, 0xff, 0xff}
		default:
			continue
		}
		lo, hi := z.Rect.Min.Tile(), world.Vec{X: z.Rect.Max.X - 1, Y: z.Rect.Max.Y - 1}.Tile()
		for y := max(lo.Y, 0); y <= min(hi.Y, def.H-1); y++ {
			for x := max(lo.X, 0); x <= min(hi.X, def.W-1); x++ {
				img.SetRGBA(int(x), int(y), c)
			}
		}
	}
	return ebiten.NewImageFromImage(img)
}
