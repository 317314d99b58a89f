package render

import (
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/lafriks/go-tiled"

	"github.com/embassy-project/embassy/client/session"
	"github.com/embassy-project/embassy/shared/world"
)

// chunkTiles is the side of one pre-rendered block of map, in tiles (1024 px): big maps are drawn as
// a few large images instead of thousands of tiles a frame, and no image exceeds GPU limits.
const chunkTiles = 32

// chunk is one pre-rendered block of a layer group.
type chunk struct {
	img  *ebiten.Image
	x, y float64 // map pixels
}

// Map is a loaded room ready to draw: the tile layers below the avatars and above them.
type Map struct {
	Def          *world.Room
	PxW, PxH     int
	below, above []chunk
}

// BuildMap renders the map's tile layers into chunks. Layers named "above" (or with the bool
// property above=true) are drawn over the avatars.
func BuildMap(ra *session.RoomAssets) *Map {
	tm := ra.Map
	rm := &Map{Def: ra.Def, PxW: tm.Width * tm.TileWidth, PxH: tm.Height * tm.TileHeight}
	images := map[*tiled.Tileset]*ebiten.Image{}
	for ts, img := range ra.Tilesets {
		images[ts] = ebiten.NewImageFromImage(img)
	}
	var below, above []*tiled.Layer
	for _, l := range tm.Layers {
		if !l.Visible {
			continue
		}
		if strings.EqualFold(l.Name, "above") || l.Properties.GetBool("above") {
			above = append(above, l)
		} else {
			below = append(below, l)
		}
	}
	rm.below = renderChunks(tm, below, images)
	rm.above = renderChunks(tm, above, images)
	return rm
}

func renderChunks(tm *tiled.Map, layers []*tiled.Layer, images map[*tiled.Tileset]*ebiten.Image) []chunk {
	if len(layers) == 0 {
		return nil
	}
	var out []chunk
	tw, th := tm.TileWidth, tm.TileHeight
	for cy := 0; cy < tm.Height; cy += chunkTiles {
		for cx := 0; cx < tm.Width; cx += chunkTiles {
			// Each chunk reaches one tile into its right and lower neighbours, which are drawn later:
			// their filtered, slightly transparent edges then blend over the right pixels, not the
			// background, and no seam shows between chunks.
			w, h := min(chunkTiles+1, tm.Width-cx), min(chunkTiles+1, tm.Height-cy)
			img := ebiten.NewImage(w*tw, h*th)
			drawn := false
			for _, l := range layers {
				for y := cy; y < cy+h; y++ {
					for x := cx; x < cx+w; x++ {
						i := y*tm.Width + x
						if i >= len(l.Tiles) {
							continue
						}
						t := l.Tiles[i]
						if t == nil || t.Nil || t.Tileset == nil || images[t.Tileset] == nil {
							continue
						}
						drawTile(img, images[t.Tileset], t, float64((x-cx)*tw), float64((y-cy)*th), l.Opacity)
						drawn = true
					}
				}
			}
			if drawn {
				out = append(out, chunk{img: img, x: float64(cx * tw), y: float64(cy * th)})
			} else {
				img.Deallocate()
			}
		}
	}
	return out
}

// drawTile draws one tile, honouring Tiled's flip flags.
func drawTile(dst, src *ebiten.Image, t *tiled.LayerTile, x, y float64, opacity float32) {
	r := t.Tileset.GetTileRect(t.ID)
	sub := src.SubImage(r).(*ebiten.Image)
	w, h := float64(r.Dx()), float64(r.Dy())
	op := &ebiten.DrawImageOptions{}
	if t.DiagonalFlip {
		op.GeoM.SetElement(0, 0, 0)
		op.GeoM.SetElement(0, 1, 1)
		op.GeoM.SetElement(1, 0, 1)
		op.GeoM.SetElement(1, 1, 0)
	}
	if t.HorizontalFlip {
		op.GeoM.Scale(-1, 1)
		op.GeoM.Translate(w, 0)
	}
	if t.VerticalFlip {
		op.GeoM.Scale(1, -1)
		op.GeoM.Translate(0, h)
	}
	// Tiles taller than the grid are anchored at the bottom of their cell, as in Tiled.
	op.GeoM.Translate(x, y+float64(world.TilePixels)-h)
	if opacity > 0 && opacity < 1 {
		op.ColorScale.ScaleAlpha(opacity)
	}
	dst.DrawImage(sub, op)
}

// drawChunks draws a layer group through the camera.
func drawChunks(dst *ebiten.Image, chunks []chunk, cam Camera) {
	bw, bh := dst.Bounds().Dx(), dst.Bounds().Dy()
	for _, c := range chunks {
		sx, sy := cam.ToScreen(c.x, c.y)
		w, h := float64(c.img.Bounds().Dx())*cam.Zoom, float64(c.img.Bounds().Dy())*cam.Zoom
		if sx > float64(bw) || sy > float64(bh) || sx+w < 0 || sy+h < 0 {
			continue
		}
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Scale(cam.Zoom, cam.Zoom)
		op.GeoM.Translate(sx, sy)
		if cam.Zoom != float64(int(cam.Zoom)) {
			op.Filter = ebiten.FilterLinear
		}
		dst.DrawImage(c.img, op)
	}
}
