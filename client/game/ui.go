package game

import (
	"bytes"
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Palette of the interface.
var (
	colBackground = color.RGBA{0x16, 0x1a, 0x24, 0xff}
	colPanel      = color.RGBA{0x1c, 0x22, 0x30, 0xf4}
	colPanelSolid = color.RGBA{0x20, 0x27, 0x36, 0xff}
	colPanelEdge  = color.RGBA{0x3a, 0x46, 0x5e, 0xff}
	colText       = color.RGBA{0xee, 0xf1, 0xf6, 0xff}
	colDim        = color.RGBA{0x9a, 0xa6, 0xbb, 0xff}
	colAccent     = color.RGBA{0xf2, 0xc1, 0x4e, 0xff} // embassy gold
	colFocus      = color.RGBA{0x6c, 0xb4, 0xff, 0xff}
	colOK         = color.RGBA{0x5f, 0xd3, 0x8d, 0xff}
	colWarn       = color.RGBA{0xff, 0xb0, 0x4a, 0xff}
	colError      = color.RGBA{0xff, 0x6b, 0x6b, 0xff}
	colDoor       = color.RGBA{0x52, 0xe0, 0xc4, 0xff}
	colDiplomat   = color.RGBA{0x4f, 0x8c, 0xff, 0xff}
	colModerator  = color.RGBA{0xe0, 0x5c, 0xc8, 0xff}
)

// toneColor is the colour of a chat line.
func toneColor(t Tone) color.RGBA {
	switch t {
	case ToneWhisper:
		return color.RGBA{0xb9, 0xa8, 0xff, 0xff}
	case ToneShout:
		return color.RGBA{0xff, 0xd0, 0x7a, 0xff}
	case ToneDirect:
		return color.RGBA{0x7d, 0xe3, 0xff, 0xff}
	case ToneAnnounce:
		return colAccent
	case ToneEmote:
		return color.RGBA{0xa8, 0xe6, 0xa1, 0xff}
	case ToneSystem:
		return colDim
	case ToneError:
		return colError
	}
	return colText
}

// Fonts are the faces at the current device scale.
type Fonts struct {
	scale               float64
	Small, Body, Bold   *text.GoTextFace
	Title, Big, TagFace *text.GoTextFace
}

var regularSource, boldSource = mustSource(goregular.TTF), mustSource(gobold.TTF)

func mustSource(ttf []byte) *text.GoTextFaceSource {
	s, err := text.NewGoTextFaceSource(bytes.NewReader(ttf))
	if err != nil {
		// The Go fonts are compiled in; failing to parse them is a broken build.
		panic(err)
	}
	return s
}

// newFonts makes the faces for a device scale factor.
func newFonts(scale float64) *Fonts {
	f := func(src *text.GoTextFaceSource, size float64) *text.GoTextFace {
		return &text.GoTextFace{Source: src, Size: size * scale}
	}
	return &Fonts{
		scale: scale,
		Small: f(regularSource, 12), Body: f(regularSource, 14), Bold: f(boldSource, 14),
		Title: f(boldSource, 18), Big: f(boldSource, 28), TagFace: f(boldSource, 12),
	}
}

// measure returns the width of s in face.
func measure(face text.Face, s string) float64 {
	w, _ := text.Measure(s, face, 0)
	return w
}

// lineHeight returns the distance between lines of face.
func lineHeight(face *text.GoTextFace) float64 {
	m := face.Metrics()
	return m.HAscent + m.HDescent + m.HLineGap
}

// drawText draws s with its top-left at (x, y); align 0 left, 1 centre, 2 right of x.
func drawText(dst *ebiten.Image, s string, face text.Face, x, y float64, clr color.Color, align int) {
	op := &text.DrawOptions{}
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(clr)
	op.PrimaryAlign = text.Align(align)
	text.Draw(dst, s, face, op)
}

// drawTextShadow draws s with a dark drop shadow, readable over any floor.
func drawTextShadow(dst *ebiten.Image, s string, face text.Face, x, y float64, clr color.Color, align int, px float64) {
	drawText(dst, s, face, x+px, y+px, color.RGBA{0, 0, 0, 0xb0}, align)
	drawText(dst, s, face, x, y, clr, align)
}

// fillRoundRect fills a rounded rectangle.
func fillRoundRect(dst *ebiten.Image, x, y, w, h, r float64, clr color.Color) {
	drawRRect(dst, x, y, w, h, r, 0, clr)
}

// strokeRoundRect outlines a rounded rectangle with a band of the given width inside its edge.
func strokeRoundRect(dst *ebiten.Image, x, y, w, h, r, width float64, clr color.Color) {
	drawRRect(dst, x, y, w, h, r, width, clr)
}

// panelBox draws the standard translucent panel.
func panelBox(dst *ebiten.Image, x, y, w, h, s float64, focused bool) {
	fillRoundRect(dst, x, y, w, h, 8*s, colPanel)
	edge := colPanelEdge
	if focused {
		edge = colFocus
	}
	strokeRoundRect(dst, x, y, w, h, 8*s, max(1, 1.5*s), edge)
}

// withAlpha returns c with its alpha multiplied by a (0..1), premultiplied.
func withAlpha(c color.RGBA, a float64) color.RGBA {
	a = min(max(a, 0), 1)
	return color.RGBA{uint8(float64(c.R) * a), uint8(float64(c.G) * a), uint8(float64(c.B) * a), uint8(float64(c.A) * a)}
}

// rgb turns 0xRRGGBB into a colour.
func rgb(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// shade multiplies a colour's brightness by f (below 1 darkens, above lightens).
func shade(c color.RGBA, f float64) color.RGBA {
	ch := func(v uint8) uint8 {
		x := float64(v) * f
		if f > 1 {
			x = float64(v) + (255-float64(v))*(f-1)
		}
		return uint8(min(max(x, 0), 255))
	}
	return color.RGBA{ch(c.R), ch(c.G), ch(c.B), c.A}
}

// imageRect returns the rectangle at (x, y) of size w x h.
func imageRect(x, y, w, h int) image.Rectangle { return image.Rect(x, y, x+w, y+h) }
