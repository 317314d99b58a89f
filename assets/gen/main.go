// Command gen draws the default embassy: the tileset image and .tsx, and one Tiled map per room,
// written into assets/world. Rooms are authored below as ASCII art so a reviewer can read the layout
// in the source; exhibit texts in world/exhibits are hand-written and only referenced from here.
// Output is deterministic: running it twice yields byte-identical files.
//
// Run from the repository root:
//
//	go run ./assets/gen
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("out", filepath.Join("assets", "world"), "directory to write the world into")
	flag.Parse()
	if err := generate(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// generate writes the tileset, every room map and the exhibit pictures (under images/) into dir.
func generate(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	defs := catalog()
	sheet, err := renderTileset(defs)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		tilesetImage:         sheet,
		tilesetName + ".tsx": tilesetXML(defs),
	}
	ids := tileIDs(defs)
	for _, r := range rooms() {
		data, err := r.build(ids)
		if err != nil {
			return fmt.Errorf("room %s: %w", r.id, err)
		}
		files[r.id+".tmx"] = data
	}
	images, err := renderImages()
	if err != nil {
		return err
	}
	for name, data := range images {
		files[name] = data
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}
