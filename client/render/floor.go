package render

import "github.com/hajimehoshi/ebiten/v2"

// Floor draws the map layers below the avatars.
type Floor struct{}

// Draw implements Layer.
func (Floor) Draw(dst *ebiten.Image, f *Frame) { drawChunks(dst, f.Map.below, f.Cam) }

// Above draws the map layers that stand in front of the avatars (door lintels, tall furniture).
type Above struct{}

// Draw implements Layer.
func (Above) Draw(dst *ebiten.Image, f *Frame) { drawChunks(dst, f.Map.above, f.Cam) }
