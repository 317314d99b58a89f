package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
)

// esc escapes s for use in an XML attribute.
func esc(s string) string {
	var b bytes.Buffer
	// xml.EscapeText only fails if the writer fails; bytes.Buffer never does.
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// tmx renders the room as a Tiled 1.10 orthogonal map with CSV layers and a zones object group.
func (r *room) tmx(g *grid, l *layers, objs []object) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<map version="1.10" tiledversion="1.10.2" orientation="orthogonal" renderorder="right-down" width="%d" height="%d" tilewidth="%d" tileheight="%d" infinite="0" nextlayerid="5" nextobjectid="%d">`+"\n",
		g.w, g.h, tileSize, tileSize, len(objs)+1)
	b.WriteString(" <properties>\n")
	fmt.Fprintf(&b, `  <property name="capacity" type="int" value="%d"/>`+"\n", r.capacity)
	fmt.Fprintf(&b, `  <property name="name" value="%s"/>`+"\n", esc(r.name))
	fmt.Fprintf(&b, `  <property name="order" type="int" value="%d"/>`+"\n", r.order)
	b.WriteString(" </properties>\n")
	fmt.Fprintf(&b, ` <tileset firstgid="1" source="%s.tsx"/>`+"\n", tilesetName)
	for i, layer := range []struct {
		name     string
		gids     []int
		collides bool
	}{{"floor", l.floor, false}, {"walls", l.walls, true}, {"furniture", l.furniture, false}} {
		fmt.Fprintf(&b, ` <layer id="%d" name="%s" width="%d" height="%d">`+"\n", i+1, layer.name, g.w, g.h)
		if layer.collides {
			b.WriteString("  <properties>\n")
			b.WriteString(`   <property name="collides" type="bool" value="true"/>` + "\n")
			b.WriteString("  </properties>\n")
		}
		b.WriteString(`  <data encoding="csv">` + "\n")
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				b.WriteString(strconv.Itoa(layer.gids[y*g.w+x] + 1))
				if x < g.w-1 || y < g.h-1 {
					b.WriteByte(',')
				}
			}
			b.WriteByte('\n')
		}
		b.WriteString("  </data>\n </layer>\n")
	}
	b.WriteString(` <objectgroup id="4" name="zones">` + "\n")
	for i, o := range objs {
		fmt.Fprintf(&b, `  <object id="%d" name="%s" type="%s" class="%s" x="%d" y="%d" width="%d" height="%d"`,
			i+1, esc(o.name), o.class, o.class, o.x*tileSize, o.y*tileSize, o.w*tileSize, o.h*tileSize)
		if len(o.props) == 0 {
			b.WriteString("/>\n")
			continue
		}
		b.WriteString(">\n   <properties>\n")
		for _, p := range o.props {
			fmt.Fprintf(&b, `    <property name="%s" value="%s"/>`+"\n", p[0], esc(p[1]))
		}
		b.WriteString("   </properties>\n  </object>\n")
	}
	b.WriteString(" </objectgroup>\n</map>\n")
	return b.Bytes()
}
