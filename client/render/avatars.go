package render

import (
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
)

// Avatars draws everyone in view, back to front.
type Avatars struct{ Sprites *Sprites }

// Draw implements Layer.
func (a Avatars) Draw(dst *ebiten.Image, f *Frame) {
	cam := f.Cam
	k := cam.Zoom / SpriteOversample
	sw, sh := float64(dst.Bounds().Dx()), float64(dst.Bounds().Dy())
	for i := range f.Figures {
		fig := &f.Figures[i]
		sx, sy := cam.ToScreen(fig.X, fig.Y)
		if sx < -64*cam.Zoom || sy < -64*cam.Zoom || sx > sw+64*cam.Zoom || sy > sh+64*cam.Zoom {
			continue
		}
		img := a.Sprites.Frame(LookFor(fig.Profile), fig.Face, WalkPhase(f.Now, fig.Moving, fig.Slot))
		op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
		op.GeoM.Translate(-AvatarFootX*SpriteOversample, -AvatarFootY*SpriteOversample)
		op.GeoM.Scale(k, k)
		op.GeoM.Translate(math.Round(sx), math.Round(sy))
		dst.DrawImage(img, op)
	}
}

// WalkPhase is the sprite column for a walking avatar: stand, left, stand, right, 8 steps a second.
func WalkPhase(now time.Time, moving bool, slot uint32) int {
	if !moving {
		return 0
	}
	step := (now.UnixMilli()/125 + int64(slot)) % 4
	return [4]int{1, 0, 2, 0}[step]
}
