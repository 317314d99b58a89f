package session

import (
	"bytes"
	"fmt"
	"image"
	_ "image/png" // tilesets and exhibit images are PNG
	"io/fs"
	"strings"

	"github.com/lafriks/go-tiled"

	"github.com/embassy-project/embassy/shared/world"
)

// RoomAssets is a room read from the world files: its rules (world.Room) and its Tiled map with the
// decoded tileset images. Loading runs off the game goroutine; turning it into images to draw is the
// renderer's business.
type RoomAssets struct {
	File     string
	Def      *world.Room
	Map      *tiled.Map
	Tilesets map[*tiled.Tileset]image.Image
}

// LoadRoomAssets reads map file name and its tilesets from fsys.
func LoadRoomAssets(fsys fs.FS, name string) (*RoomAssets, error) {
	def, err := world.LoadRoom(fsys, name)
	if err != nil {
		return nil, err
	}
	tm, err := tiled.LoadFile(name, tiled.WithFileSystem(fsys))
	if err != nil {
		return nil, fmt.Errorf("load map %s: %w", name, err)
	}
	ra := &RoomAssets{File: name, Def: def, Map: tm, Tilesets: map[*tiled.Tileset]image.Image{}}
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
		ra.Tilesets[ts] = img
	}
	return ra, nil
}
