package render

import (
	"testing"

	"github.com/embassy-project/embassy/shared/world"
)

func TestFacing(t *testing.T) {
	if FacingOf(world.Dir{X: 1, Y: -1}) != FaceRight || FacingOf(world.Dir{Y: -1}) != FaceUp || FacingOf(world.Dir{}) != FaceDown {
		t.Fatal("facing")
	}
}

func BenchmarkPaintSheet(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		paintSheet(Look{Body: uint32(i), Accent: 0xffffff, Sprite: uint32(i % 64)})
	}
}
