package render

import (
	"hash/fnv"
	"image"
	"image/color"

	"github.com/embassy-project/embassy/client/gfx"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
	"github.com/hajimehoshi/ebiten/v2"
)

// Avatars are drawn in code once per look into a sprite sheet (4 facings x 3 walk phases), then
// every frame costs one DrawImage per avatar. Sprite geometry is in map pixels (a tile is 32 px):
// the feet stand at (AvatarFootX, AvatarFootY) of a cell.
const (
	AvatarW, AvatarH         = 32, 46
	AvatarFootX, AvatarFootY = 16, 43
	SpriteOversample         = 3 // sheets are drawn at 3x so they stay crisp when zoomed in
	walkPhases               = 3 // standing, left foot, right foot
)

// Facing indexes the rows of a sprite sheet.
type Facing int

const (
	FaceDown Facing = iota
	FaceLeft
	FaceRight
	FaceUp
)

// FacingOf turns a walking direction into a sheet row; sideways wins over up/down on diagonals.
func FacingOf(d world.Dir) Facing {
	switch {
	case d.X < 0:
		return FaceLeft
	case d.X > 0:
		return FaceRight
	case d.Y < 0:
		return FaceUp
	}
	return FaceDown
}

// skin and hair palettes chosen by Look.sprite.
var (
	SkinTones  = []uint32{0xf6d7b8, 0xe8b98f, 0xc98e62, 0xa86f45, 0x7a4b2c, 0x5a3520}
	hairColors = []uint32{0x2a1c14, 0x4a2f1b, 0x8a5a2b, 0xd8b060, 0x1b1b1f, 0x9a9a9f, 0xa0402a}
)

// Look identifies a sprite sheet: coat and accent colours (0xRRGGBB) and a face-and-hair style.
type Look struct {
	Body, Accent, Sprite uint32
}

// LookFor returns the look to draw for a profile, inventing a stable one from the name when the
// server sent none.
func LookFor(p *pb.Profile) Look {
	if l := p.GetLook(); l != nil && (l.BodyRgb != 0 || l.AccentRgb != 0 || l.Sprite != 0) {
		return Look{l.BodyRgb, l.AccentRgb, l.Sprite}
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(p.GetName() + p.GetUserId()))
	v := h.Sum32()
	return Look{BodyPalette[v%uint32(len(BodyPalette))], AccentPalette[(v/7)%uint32(len(AccentPalette))], v / 31 % 64}
}

// BodyPalette and AccentPalette are the colours offered on the join screen.
var (
	BodyPalette   = []uint32{0x2f5d9e, 0x9e2f3c, 0x2f8a5d, 0x6b3fa0, 0xd08a2a, 0x2a8a9e, 0x4a4f5a, 0xc4c7cc, 0x8a5a3a, 0xd0507a}
	AccentPalette = []uint32{0xf2c14e, 0xffffff, 0xe04f4f, 0x4fb0e0, 0x5fd38d, 0x1b1f2a, 0xff8ad0, 0xa0e04f}
)

// sheetsPerFrame bounds how many new sprite sheets one frame may draw (a few milliseconds each), so
// a crowd arriving at once does not stall a frame: the rest show a neutral figure until their turn.
const sheetsPerFrame = 3

// placeholderLook is drawn while a visitor's own sheet waits its turn.
var placeholderLook = Look{Body: 0x8a8f99, Accent: 0xc4c7cc}

// Sprites holds one sheet per look. Only the game goroutine uses it.
type Sprites struct {
	sheets map[Look]*ebiten.Image
	made   int // sheets drawn this frame
}

// BeginFrame resets the per-frame budget for drawing new sheets.
func (c *Sprites) BeginFrame() { c.made = 0 }

func (c *Sprites) sheet(k Look) *ebiten.Image {
	if s, ok := c.sheets[k]; ok {
		return s
	}
	if c.sheets == nil {
		c.sheets = map[Look]*ebiten.Image{}
	}
	if c.made >= sheetsPerFrame && k != placeholderLook {
		return c.sheet(placeholderLook)
	}
	c.made++
	s := ebiten.NewImageFromImage(paintSheet(k))
	c.sheets[k] = s
	return s
}

// paintSheet draws every facing and walk phase of a look.
func paintSheet(k Look) *image.RGBA {
	cv := gfx.NewCanvas(AvatarW*SpriteOversample*walkPhases, AvatarH*SpriteOversample*4)
	for f := FaceDown; f <= FaceUp; f++ {
		for ph := range walkPhases {
			p := painter{cv: cv, k: SpriteOversample, ox: float32(ph * AvatarW), oy: float32(int(f) * AvatarH)}
			p.avatar(k, f, ph)
		}
	}
	return cv.Img
}

// Frame returns the sprite for a look, facing and walk phase.
func (c *Sprites) Frame(k Look, f Facing, phase int) *ebiten.Image {
	s := c.sheet(k)
	x, y := phase*AvatarW*SpriteOversample, int(f)*AvatarH*SpriteOversample
	return s.SubImage(gfx.ImageRect(x, y, AvatarW*SpriteOversample, AvatarH*SpriteOversample)).(*ebiten.Image)
}

// painter draws shapes in sprite coordinates into one cell of a sheet.
type painter struct {
	cv     *gfx.Canvas
	k      float32
	ox, oy float32
}

func (p painter) ellipse(cx, cy, rx, ry float32, c color.Color) {
	p.cv.Ellipse((p.ox+cx)*p.k, (p.oy+cy)*p.k, rx*p.k, ry*p.k, c)
}

func (p painter) rrect(x, y, w, h, r float32, c color.Color) {
	p.cv.RRect((p.ox+x)*p.k, (p.oy+y)*p.k, w*p.k, h*p.k, r*p.k, c)
}

var outline = color.RGBA{0x17, 0x1a, 0x22, 0xff}

// avatar draws one figure: shadow, legs, arms, torso with accent, head with hair and eyes, each with
// a dark outline and simple light-from-the-left shading. phase 1 and 2 are the two walking steps.
func (p painter) avatar(k Look, f Facing, phase int) {
	body, accent := gfx.RGB(k.Body), gfx.RGB(k.Accent)
	skin := gfx.RGB(SkinTones[int(k.Sprite)%len(SkinTones)])
	hair := gfx.RGB(hairColors[int(k.Sprite/8)%len(hairColors)])
	trousers := gfx.Shade(body, 0.42)
	p.ellipse(16, 42, 10, 3.4, color.RGBA{0, 0, 0, 0x50})

	bob := float32(0)
	if phase != 0 {
		bob = -1
	}
	swing := float32(0)
	switch phase {
	case 1:
		swing = 2
	case 2:
		swing = -2
	}
	side := f == FaceLeft || f == FaceRight

	// Legs and shoes.
	legs := func(x, lift float32) {
		p.rrect(x-0.8, 30.2+bob-lift, 6.6, 11.6, 2.8, outline)
		p.rrect(x, 31+bob-lift, 5, 10, 2.2, trousers)
		p.rrect(x-0.3, 38.3+bob-lift, 5.6, 3, 1.5, gfx.Shade(trousers, 0.55))
	}
	if side {
		legs(13.5+swing, 0)
		legs(13.5-swing, 0)
	} else {
		legs(10.5, max(swing, 0)*0.8)
		legs(16.5, max(-swing, 0)*0.8)
	}

	// Arms behind the torso on the far side.
	arm := func(x, dy float32) {
		p.ellipse(x, 27+bob+dy, 3.6, 6.4, outline)
		p.ellipse(x, 27+bob+dy, 2.7, 5.5, gfx.Shade(body, 0.8))
		p.ellipse(x, 32.3+bob+dy, 2.1, 2.1, skin)
	}
	if !side {
		arm(6.6, swing*0.6)
		arm(25.4, -swing*0.6)
	}

	// Torso with shading and the accent: a scarf and tie from the front, a stripe from behind, a sash
	// from the side.
	p.rrect(6.8, 18.8+bob, 18.4, 16.4, 6.5, outline)
	p.rrect(8, 20+bob, 16, 14, 5.5, body)
	p.rrect(9, 21+bob, 4, 11, 2, gfx.Shade(body, 1.22))
	p.rrect(19.5, 22+bob, 3.5, 10.5, 1.8, gfx.Shade(body, 0.8))
	switch f {
	case FaceDown:
		p.rrect(10, 19.6+bob, 12, 3.2, 1.6, accent)
		p.rrect(14.8, 22+bob, 2.4, 8, 1.1, gfx.Shade(accent, 0.85))
	case FaceUp:
		p.rrect(10, 19.6+bob, 12, 3.2, 1.6, accent)
		p.rrect(8.2, 29+bob, 15.6, 2.2, 1, gfx.Shade(accent, 0.9))
	default:
		p.rrect(10, 19.6+bob, 12, 3.2, 1.6, accent)
		p.rrect(11, 25+bob, 10, 2.2, 1, gfx.Shade(accent, 0.9))
	}
	if side { // the near arm, in front of the torso
		x := float32(16)
		p.ellipse(x+swing*0.7, 27+bob, 3.6, 6.4, outline)
		p.ellipse(x+swing*0.7, 27+bob, 2.7, 5.5, gfx.Shade(body, 0.9))
		p.ellipse(x+swing*0.9, 32.3+bob, 2.1, 2.1, skin)
	}

	// Head: outline, hair, face, eyes.
	hx := float32(16)
	p.ellipse(hx, 12+bob, 9.6, 9.4, outline)
	p.ellipse(hx, 12+bob, 8.6, 8.4, hair)
	switch f {
	case FaceDown:
		p.ellipse(hx, 14+bob, 7.2, 6.6, skin)
		p.ellipse(hx-2.6, 12.4+bob, 2.4, 1.6, gfx.Shade(skin, 1.15))
		p.ellipse(hx-3, 14.6+bob, 1.1, 1.3, outline)
		p.ellipse(hx+3, 14.6+bob, 1.1, 1.3, outline)
		p.ellipse(hx, 18.1+bob, 1.8, 0.6, gfx.Shade(skin, 0.75))
	case FaceLeft:
		p.ellipse(hx-2.2, 13.8+bob, 5.8, 6.4, skin)
		p.ellipse(hx-5, 14.4+bob, 1.1, 1.3, outline)
	case FaceRight:
		p.ellipse(hx+2.2, 13.8+bob, 5.8, 6.4, skin)
		p.ellipse(hx+5, 14.4+bob, 1.1, 1.3, outline)
	case FaceUp:
		p.ellipse(hx, 10+bob, 6, 4, gfx.Shade(hair, 1.25))
	}
	p.ellipse(hx-3.8, 6.8+bob, 2.2, 1.2, color.RGBA{0xff, 0xff, 0xff, 0x22}) // shine on the hair
}
