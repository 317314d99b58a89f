package world

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/lafriks/go-tiled"
)

// The object group and object classes a map draws tours with (see assets/README.md, "Tours").
const (
	toursGroup = "tours"
	classTour  = "tour"
	classStop  = "stop"
)

// maxTourID bounds a tour id, which travels in URLs and messages.
const maxTourID = 64

// mapTours is what one map says about tours: the tours it defines and the stops drawn in it.
type mapTours struct {
	defs  []tourDef
	stops []tourStop
}

// objRef names a Tiled object in errors, so that an author can find it.
type objRef struct {
	file, class, name string
	id                uint32
}

func (o objRef) String() string {
	return fmt.Sprintf("map %s: %s %q (object %d)", o.file, o.class, o.name, o.id)
}

type tourDef struct {
	Tour
	at objRef
}

type tourStop struct {
	tour string
	Stop
	at objRef
}

// parseTours reads the "tours" object group of map m (file name) and checks each object by itself:
// its class, its properties, and for a stop, that it stands where a visitor can walk to in room r.
func parseTours(fsys fs.FS, name string, m *tiled.Map, r *Room) (*mapTours, error) {
	var objs []*tiled.Object
	for _, g := range m.ObjectGroups {
		if g.Name == toursGroup {
			objs = append(objs, g.Objects...)
		}
	}
	out := &mapTours{}
	if len(objs) == 0 {
		return out, nil
	}
	long, err := elementProperties(fsys, name)
	if err != nil {
		return nil, err
	}
	for _, o := range objs {
		p := objProps{o: o, long: long[o.ID]}
		at := objRef{file: name, class: p.class(), name: o.Name, id: o.ID}
		switch at.class {
		case classTour:
			d, err := parseTourDef(p)
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %w", ErrInvalidWorld, at, err)
			}
			d.at = at
			out.defs = append(out.defs, d)
		case classStop:
			s, err := parseStop(p, r)
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %w", ErrInvalidWorld, at, err)
			}
			s.at = at
			out.stops = append(out.stops, s)
		default:
			return nil, fmt.Errorf("%w: %s: an object in the %q layer must have class %q or %q", ErrInvalidWorld, at, toursGroup, classTour, classStop)
		}
	}
	return out, nil
}

func parseTourDef(p objProps) (tourDef, error) {
	d := tourDef{Tour: Tour{ID: p.get("tour"), Title: p.get("title"), Description: p.get("description")}}
	if err := checkTourID(d.ID); err != nil {
		return d, err
	}
	if d.Title == "" {
		return d, fmt.Errorf("tour %q has no title", d.ID)
	}
	return d, nil
}

func checkTourID(id string) error {
	if id == "" {
		return fmt.Errorf("no tour property (the tour's id)")
	}
	if len(id) > maxTourID || strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		return fmt.Errorf("tour id %q: want at most %d lower-case letters, digits, '-' or '_'", id, maxTourID)
	}
	return nil
}

func parseStop(p objProps, r *Room) (tourStop, error) {
	s := tourStop{tour: p.get("tour"), Stop: Stop{
		Room: r.ID, Pos: objectRect(p.o).Center(), Radius: DefaultStopRadius,
		Title: p.get("title"), Text: p.get("text"), Exhibit: p.get("exhibit"),
	}}
	if err := checkTourID(s.tour); err != nil {
		return s, err
	}
	order, err := strconv.Atoi(p.get("order"))
	if err != nil || order < 1 {
		return s, fmt.Errorf("order %q: want a whole number from 1 (its place in tour %q)", p.get("order"), s.tour)
	}
	s.Order = order
	if v := p.get("radius"); v != "" {
		m, err := strconv.ParseFloat(v, 64)
		if err != nil || m <= 0 || m*Unit > MaxStopRadius {
			return s, fmt.Errorf("radius %q: want metres, more than 0 and at most %d", v, MaxStopRadius/Unit)
		}
		s.Radius = int32(math.Round(m * Unit))
	}
	if s.Exhibit != "" {
		z := r.exhibit(s.Exhibit)
		if z == nil {
			return s, fmt.Errorf("exhibit %q: no exhibit or info zone has that name in room %s", s.Exhibit, r.ID)
		}
		if s.Title == "" {
			s.Title = z.Title
		}
	}
	if s.Title == "" {
		return s, fmt.Errorf("no title (nor an exhibit to take it from)")
	}
	if strings.TrimSpace(s.Text) == "" {
		return s, fmt.Errorf("no text")
	}
	return s, checkStopPlace(r, s.Pos)
}

// checkStopPlace wants a visitor to be able to stand at p and to walk there from the room's spawn.
func checkStopPlace(r *Room, p Vec) error {
	switch t := p.Tile(); {
	case r.Blocked(t):
		return fmt.Errorf("stands on tile %d,%d, which is blocked (a wall, furniture or outside the map)", t.X, t.Y)
	case !r.Fits(p):
		return fmt.Errorf("stands at tile %d,%d too close to a wall for an avatar; move it to the middle of a floor tile", t.X, t.Y)
	}
	if _, ok := r.FindPath(r.Spawn(""), p); !ok {
		t := p.Tile()
		return fmt.Errorf("stands at tile %d,%d, which cannot be walked to from the room's spawn", t.X, t.Y)
	}
	return nil
}

// exhibit returns the exhibit or info zone with the given name, or nil.
func (r *Room) exhibit(name string) *Zone {
	for _, z := range r.Exhibits() {
		if z.Name == name {
			return z
		}
	}
	return nil
}

// buildTours gathers the tours defined and the stops drawn across all maps into w.Tours and checks
// what no single map can: every stop names a tour defined once, orders are unique in a tour, every
// tour has stops, and a visitor can walk from each stop to the next through doors.
func (w *World) buildTours(maps []*mapTours) error {
	byID := map[string]*tourDef{}
	var defs []*tourDef
	for _, m := range maps {
		for i := range m.defs {
			d := &m.defs[i]
			if prev, dup := byID[d.ID]; dup {
				return fmt.Errorf("%w: %s: tour %q is already defined by %s", ErrInvalidWorld, d.at, d.ID, prev.at)
			}
			byID[d.ID] = d
			defs = append(defs, d)
		}
	}
	stops := map[string][]tourStop{}
	for _, m := range maps {
		for _, s := range m.stops {
			if _, ok := byID[s.tour]; !ok {
				return fmt.Errorf("%w: %s: tour %q is not defined in any map (draw an object of class %q with tour=%s)", ErrInvalidWorld, s.at, s.tour, classTour, s.tour)
			}
			stops[s.tour] = append(stops[s.tour], s)
		}
	}
	w.Tours = make([]*Tour, 0, len(defs))
	for _, d := range defs {
		t, err := w.assembleTour(d, stops[d.ID])
		if err != nil {
			return err
		}
		w.Tours = append(w.Tours, t)
	}
	rank := make(map[string]int, len(w.Ordered))
	for i, r := range w.Ordered {
		rank[r.ID] = i
	}
	slices.SortStableFunc(w.Tours, func(a, b *Tour) int {
		return cmp.Or(cmp.Compare(rank[a.Stops[0].Room], rank[b.Stops[0].Room]), cmp.Compare(a.ID, b.ID))
	})
	return nil
}

// assembleTour orders a tour's stops and checks them as a whole.
func (w *World) assembleTour(d *tourDef, stops []tourStop) (*Tour, error) {
	if len(stops) == 0 {
		return nil, fmt.Errorf("%w: %s: tour %q has no stops (draw objects of class %q with tour=%s)", ErrInvalidWorld, d.at, d.ID, classStop, d.ID)
	}
	slices.SortStableFunc(stops, func(a, b tourStop) int { return cmp.Compare(a.Order, b.Order) })
	t := d.Tour
	t.Stops = make([]Stop, len(stops))
	for i, s := range stops {
		t.Stops[i] = s.Stop
		if i == 0 {
			continue
		}
		prev := stops[i-1]
		if prev.Order == s.Order {
			return nil, fmt.Errorf("%w: %s: tour %q already has a stop with order %d: %s", ErrInvalidWorld, s.at, d.ID, s.Order, prev.at)
		}
		if prev.Room != s.Room {
			if _, ok := w.Route(prev.Room, prev.Pos, s.Room, s.Pos); !ok {
				return nil, fmt.Errorf("%w: %s: tour %q cannot be walked from its previous stop, %s, through doors", ErrInvalidWorld, s.at, d.ID, prev.at)
			}
		}
	}
	return &t, nil
}

// objProps reads an object's properties as strings, whatever type Tiled gave them.
type objProps struct {
	o    *tiled.Object
	long map[string]string // properties Tiled wrote as element text (multi-line strings)
}

func (p objProps) get(name string) string {
	if v := p.o.Properties.GetString(name); v != "" {
		return strings.TrimSpace(v)
	}
	return strings.TrimSpace(p.long[name])
}

func (p objProps) class() string {
	if p.o.Class != "" {
		return p.o.Class
	}
	return p.o.Type
}

// elementProperties returns, per object id in the tours group, the properties written as element
// text rather than a value attribute: Tiled writes a string property that holds a line break that
// way (<property name="text">...</property>), and go-tiled reads only value attributes.
func elementProperties(fsys fs.FS, name string) (map[uint32]map[string]string, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("load map %s: %w", name, err)
	}
	var m struct {
		Groups []struct {
			Name    string `xml:"name,attr"`
			Objects []struct {
				ID    uint32 `xml:"id,attr"`
				Props []struct {
					Name  string  `xml:"name,attr"`
					Value *string `xml:"value,attr"`
					Text  string  `xml:",chardata"`
				} `xml:"properties>property"`
			} `xml:"object"`
		} `xml:"objectgroup"`
	}
	if err := xml.NewDecoder(bytes.NewReader(data)).Decode(&m); err != nil {
		return nil, fmt.Errorf("load map %s: %w", name, err)
	}
	out := map[uint32]map[string]string{}
	for _, g := range m.Groups {
		if g.Name != toursGroup {
			continue
		}
		for _, o := range g.Objects {
			for _, p := range o.Props {
				if p.Value != nil {
					continue
				}
				if out[o.ID] == nil {
					out[o.ID] = map[string]string{}
				}
				out[o.ID][p.Name] = p.Text
			}
		}
	}
	return out, nil
}
