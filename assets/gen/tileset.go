package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
)

// Tileset layout.
const (
	tilesetColumns = 16
	tilesetName    = "embassy"
	tilesetImage   = "embassy_tiles.png"
)

// renderTileset paints every tile into one PNG sheet, tilesetColumns wide.
func renderTileset(defs []tileDef) ([]byte, error) {
	rows := (len(defs) + tilesetColumns - 1) / tilesetColumns
	img := image.NewNRGBA(image.Rect(0, 0, tilesetColumns*tileSize, rows*tileSize))
	for id, d := range defs {
		p := &pen{img: img, ox: id % tilesetColumns * tileSize, oy: id / tilesetColumns * tileSize, seed: uint32(id + 1)}
		d.draw(p)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode tileset png: %w", err)
	}
	return buf.Bytes(), nil
}

// tilesetXML writes the external Tiled tileset: geometry, the image, and per-tile class and
// collides property.
func tilesetXML(defs []tileDef) []byte {
	rows := (len(defs) + tilesetColumns - 1) / tilesetColumns
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<tileset version="1.10" tiledversion="1.10.2" name="%s" tilewidth="%d" tileheight="%d" tilecount="%d" columns="%d">`+"\n",
		tilesetName, tileSize, tileSize, len(defs), tilesetColumns)
	fmt.Fprintf(&b, ` <image source="%s" width="%d" height="%d"/>`+"\n", tilesetImage, tilesetColumns*tileSize, rows*tileSize)
	for id, d := range defs {
		fmt.Fprintf(&b, ` <tile id="%d" type="%s" class="%s">`+"\n", id, d.class, d.class)
		b.WriteString("  <properties>\n")
		fmt.Fprintf(&b, `   <property name="name" value="%s"/>`+"\n", d.name)
		if d.collides {
			b.WriteString(`   <property name="collides" type="bool" value="true"/>` + "\n")
		}
		b.WriteString("  </properties>\n")
		b.WriteString(" </tile>\n")
	}
	b.WriteString("</tileset>\n")
	return b.Bytes()
}
