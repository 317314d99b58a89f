package gfx

import (
	"bytes"
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The palette of the interface.
var (
	ColBackground = color.RGBA{0x16, 0x1a, 0x24, 0xff}
	ColPanel      = color.RGBA{0x1c, 0x22, 0x30, 0xf4}
	ColPanelSolid = color.RGBA{0x20, 0x27, 0x36, 0xff}
	ColPanelEdge  = color.RGBA{0x3a, 0x46, 0x5e, 0xff}
	ColText       = color.RGBA{0xee, 0xf1, 0xf6, 0xff}
	ColDim        = color.RGBA{0x9a, 0xa6, 0xbb, 0xff}
	ColAccent     = color.RGBA{0xf2, 0xc1, 0x4e, 0xff} // embassy gold
	ColFocus      = color.RGBA{0x6c, 0xb4, 0xff, 0xff}
	ColOK         = color.RGBA{0x5f, 0xd3, 0x8d, 0xff}
	ColWarn       = color.RGBA{0xff, 0xb0, 0x4a, 0xff}
	ColError      = color.RGBA{0xff, 0x6b, 0x6b, 0xff}
	ColDoor       = color.RGBA{0x52, 0xe0, 0xc4, 0xff}
	ColDiplomat   = color.RGBA{0x4f, 0x8c, 0xff, 0xff}
	ColModerator  = color.RGBA{0xe0, 0x5c, 0xc8, 0xff}
)

// Fonts are the faces at the current device scale.
type Fonts struct {
	Scale               float64
	Small, Body, Bold   *text.GoTextFace
	Title, Big, TagFace *text.GoTextFace
}

// Regular and Bold are the font sources (the Go fonts, compiled in).
var Regular, Bold = mustSource(goregular.TTF), mustSource(gobold.TTF)

func mustSource(ttf []byte) *text.GoTextFaceSource {
	s, err := text.NewGoTextFaceSource(bytes.NewReader(ttf))
	if err != nil {
		// The Go fonts are compiled in; failing to parse them is a broken build.
		panic(err)
	}
	return s
}

// NewFonts makes the faces for a device scale factor.
func NewFonts(scale float64) *Fonts {
	f := func(src *text.GoTextFaceSource, size float64) *text.GoTextFace {
		return &text.GoTextFace{Source: src, Size: size * scale}
	}
	return &Fonts{
		Scale: scale,
		Small: f(Regular, 12), Body: f(Regular, 14), Bold: f(Bold, 14),
		Title: f(Bold, 18), Big: f(Bold, 28), TagFace: f(Bold, 12),
	}
}

// Measure returns the width of s in face.
func Measure(face text.Face, s string) float64 {
	w, _ := text.Measure(s, face, 0)
	return w
}

// LineHeight returns the distance between lines of face.
func LineHeight(face *text.GoTextFace) float64 {
	m := face.Metrics()
	return m.HAscent + m.HDescent + m.HLineGap
}

// DrawText draws s with its top-left at (x, y); align 0 left, 1 centre, 2 right of x.
func DrawText(dst *ebiten.Image, s string, face text.Face, x, y float64, clr color.Color, align int) {
	op := &text.DrawOptions{}
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(clr)
	op.PrimaryAlign = text.Align(align)
	text.Draw(dst, s, face, op)
}

// DrawTextShadow draws s with a dark drop shadow, readable over any floor.
func DrawTextShadow(dst *ebiten.Image, s string, face text.Face, x, y float64, clr color.Color, align int, px float64) {
	DrawText(dst, s, face, x+px, y+px, color.RGBA{0, 0, 0, 0xb0}, align)
	DrawText(dst, s, face, x, y, clr, align)
}

// FillRoundRect fills a rounded rectangle.
func FillRoundRect(dst *ebiten.Image, x, y, w, h, r float64, clr color.Color) {
	drawRRect(dst, x, y, w, h, r, 0, clr)
}

// StrokeRoundRect outlines a rounded rectangle with a band of the given width inside its edge.
func StrokeRoundRect(dst *ebiten.Image, x, y, w, h, r, width float64, clr color.Color) {
	drawRRect(dst, x, y, w, h, r, width, clr)
}

// PanelBox draws the standard translucent panel.
func PanelBox(dst *ebiten.Image, x, y, w, h, s float64, focused bool) {
	FillRoundRect(dst, x, y, w, h, 8*s, ColPanel)
	edge := ColPanelEdge
	if focused {
		edge = ColFocus
	}
	StrokeRoundRect(dst, x, y, w, h, 8*s, max(1, 1.5*s), edge)
}

// WithAlpha returns c with its alpha multiplied by a (0..1), premultiplied.
func WithAlpha(c color.RGBA, a float64) color.RGBA {
	a = min(max(a, 0), 1)
	return color.RGBA{uint8(float64(c.R) * a), uint8(float64(c.G) * a), uint8(float64(c.B) * a), uint8(float64(c.A) * a)}
}

// RGB turns 0xRRGGBB into a colour.
func RGB(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// Shade multiplies a colour's brightness by f (below 1 darkens, above lightens).
func Shade(c color.RGBA, f float64) color.RGBA {
	ch := func(v uint8) uint8 {
		x := float64(v) * f
		if f > 1 {
			x = float64(v) + (255-float64(v))*(f-1)
		}
		return uint8(min(max(x, 0), 255))
	}
	return color.RGBA{ch(c.R), ch(c.G), ch(c.B), c.A}
}

// ImageRect returns the rectangle at (x, y) of size w x h.
func ImageRect(x, y, w, h int) image.Rectangle { return image.Rect(x, y, x+w, y+h) }
