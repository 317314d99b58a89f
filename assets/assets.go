// Package assets holds the default embassy: Tiled maps, the tileset, exhibit texts and images,
// embedded into every binary. It owns no logic; shared/world parses what is here.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed world
var embedded embed.FS

// World is the default embassy's world directory (the tileset, one .tmx per room, exhibits/).
var World fs.FS = mustSub(embedded, "world")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		// fs.Sub only fails for an invalid path, and "world" is a constant.
		panic(err)
	}
	return sub
}
