package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// esc escapes s for use in an XML attribute.
func esc(s string) string {
	var b bytes.Buffer
	// xml.EscapeText only fails if the writer fails; bytes.Buffer never does.
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// tmx renders the room as a Tiled 1.10 orthogonal map with CSV layers, a zones object group and,
// when the room has tour objects, a tours object group.
func (r *room) tmx(g *grid, l *layers, objs, tourObjs []object) []byte {
	var b bytes.Buffer
	nextLayer := 5
	if len(tourObjs) > 0 {
		nextLayer = 6
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<map version="1.10" tiledversion="1.10.2" orientation="orthogonal" renderorder="right-down" width="%d" height="%d" tilewidth="%d" tileheight="%d" infinite="0" nextlayerid="%d" nextobjectid="%d">`+"\n",
		g.w, g.h, tileSize, tileSize, nextLayer, len(objs)+len(tourObjs)+1)
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
	writeObjects(&b, 4, "zones", 1, objs)
	if len(tourObjs) > 0 {
		writeObjects(&b, 5, "tours", len(objs)+1, tourObjs)
	}
	b.WriteString("</map>\n")
	return b.Bytes()
}

// propTypes are the properties written with a Tiled type other than string.
var propTypes = map[string]string{"order": "int"}

// writeObjects writes an object group, numbering its objects from firstID. A property holding a
// line break is written as element text, as Tiled does.
func writeObjects(b *bytes.Buffer, id int, name string, firstID int, objs []object) {
	fmt.Fprintf(b, ` <objectgroup id="%d" name="%s">`+"\n", id, name)
	for i, o := range objs {
		if o.point {
			fmt.Fprintf(b, `  <object id="%d" name="%s" type="%s" class="%s" x="%d" y="%d"`, firstID+i, esc(o.name), o.class, o.class, o.px, o.py)
		} else {
			fmt.Fprintf(b, `  <object id="%d" name="%s" type="%s" class="%s" x="%d" y="%d" width="%d" height="%d"`,
				firstID+i, esc(o.name), o.class, o.class, o.x*tileSize, o.y*tileSize, o.w*tileSize, o.h*tileSize)
		}
		if len(o.props) == 0 && !o.point {
			b.WriteString("/>\n")
			continue
		}
		b.WriteString(">\n")
		if len(o.props) > 0 {
			b.WriteString("   <properties>\n")
			for _, p := range o.props {
				typ := ""
				if t, ok := propTypes[p[0]]; ok {
					typ = ` type="` + t + `"`
				}
				if strings.Contains(p[1], "\n") {
					fmt.Fprintf(b, `    <property name="%s"%s>%s</property>`+"\n", p[0], typ, textEscaper.Replace(p[1]))
				} else {
					fmt.Fprintf(b, `    <property name="%s"%s value="%s"/>`+"\n", p[0], typ, esc(p[1]))
				}
			}
			b.WriteString("   </properties>\n")
		}
		if o.point {
			b.WriteString("   <point/>\n")
		}
		b.WriteString("  </object>\n")
	}
	b.WriteString(" </objectgroup>\n")
}

// textEscaper escapes element text, keeping line breaks as they are.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
