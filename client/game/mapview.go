package game

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	_ "image/png" // tilesets and exhibit images are PNG
	"io/fs"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/lafriks/go-tiled"

	"github.com/embassy-project/embassy/shared/world"
)

// chunkTiles is the side of one pre-rendered block of map, in tiles (1024 px): big maps are drawn as
// a few large images instead of thousands of tiles a frame, and no image exceeds GPU limits.
const chunkTiles = 32

// loadedRoom is a room read from the server: its rules (world.Room) and its Tiled map with the decoded
// tileset images. Loading runs off the game goroutine; building images happens on it.
type loadedRoom struct {
	def      *world.Room
	tmap     *tiled.Map
	tilesets map[*tiled.Tileset]image.Image
}

// loadRoom reads map file name and its tilesets from fsys.
func loadRoom(fsys fs.FS, name string) (*loadedRoom, error) {
	def, err := world.LoadRoom(fsys, name)
	if err != nil {
		return nil, err
	}
	tm, err := tiled.LoadFile(name, tiled.WithFileSystem(fsys))
	if err != nil {
		return nil, fmt.Errorf("load map %s: %w", name, err)
	}
	lr := &loadedRoom{def: def, tmap: tm, tilesets: map[*tiled.Tileset]image.Image{}}
	for _, ts := range tm.Tilesets {
		if ts.Image == nil || ts.Image.Source == "" {
			continue // image-collection tilesets are not supported; their tiles are skipped
		}
		p := strings.TrimPrefix(ts.GetFileFullPath(ts.Image.Source), "./")
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("tileset image %s: %w", p, err)
		}
		img, _, err := image.Decode(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("tileset image %s: %w", p, err)
		}
		lr.tilesets[ts] = img
	}
	return lr, nil
}

// chunk is one pre-rendered block of a layer group.
type chunk struct {
	img  *ebiten.Image
	x, y float64 // map pixels
}

// roomMap is a loaded room ready to draw: layers below avatars and above them, and a minimap.
type roomMap struct {
	def          *world.Room
	pxW, pxH     int
	below, above []chunk
	minimap      *ebiten.Image // one pixel per tile
}

// buildRoomMap renders the map's tile layers into chunks. Layers named "above" (or with the bool
// property above=true) are drawn over the avatars.
func buildRoomMap(lr *loadedRoom) *roomMap {
	tm := lr.tmap
	rm := &roomMap{def: lr.def, pxW: tm.Width * tm.TileWidth, pxH: tm.Height * tm.TileHeight}
	images := map[*tiled.Tileset]*ebiten.Image{}
	for ts, img := range lr.tilesets {
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
	rm.minimap = buildMinimap(lr.def)
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

// buildMinimap paints one pixel per tile: walls dark, floor light, zones coloured.
func buildMinimap(def *world.Room) *ebiten.Image {
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
			c = colDoor
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

// drawChunks draws a layer group through the camera.
func drawChunks(dst *ebiten.Image, chunks []chunk, cam camera) {
	bw, bh := dst.Bounds().Dx(), dst.Bounds().Dy()
	for _, c := range chunks {
		sx, sy := cam.toScreen(c.x, c.y)
		w, h := float64(c.img.Bounds().Dx())*cam.zoom, float64(c.img.Bounds().Dy())*cam.zoom
		if sx > float64(bw) || sy > float64(bh) || sx+w < 0 || sy+h < 0 {
			continue
		}
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Scale(cam.zoom, cam.zoom)
		op.GeoM.Translate(sx, sy)
		if cam.zoom != float64(int(cam.zoom)) {
			op.Filter = ebiten.FilterLinear
		}
		dst.DrawImage(c.img, op)
	}
}

// camera maps map pixels to screen pixels.
type camera struct {
	x, y   float64 // map pixel at the screen centre
	zoom   float64 // screen pixels per map pixel
	sw, sh float64 // screen size
}

func (c camera) toScreen(mx, my float64) (float64, float64) {
	return (mx-c.x)*c.zoom + c.sw/2, (my-c.y)*c.zoom + c.sh/2
}

func (c camera) toMap(sx, sy float64) (float64, float64) {
	return (sx-c.sw/2)/c.zoom + c.x, (sy-c.sh/2)/c.zoom + c.y
}

// unitsToPx converts world units to map pixels.
func unitsToPx(u float64) float64 { return u * world.TilePixels / world.Unit }
