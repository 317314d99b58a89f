package world

// DefaultStopRadius is how close a visitor must come to a tour stop to have reached it when the map
// does not say (2 m: standing in front of an exhibit board counts).
const DefaultStopRadius = 2 * Unit

// MaxStopRadius bounds a stop's radius so that "arrived" still means "here".
const MaxStopRadius = 16 * Unit

// Tour is a route through the embassy drawn in the maps (see assets/README.md, "Tours"): a title, a
// short description and stops in the order a visitor takes them, possibly across several rooms.
// Tours are immutable after loading and safe to share between goroutines.
type Tour struct {
	ID          string // unique in the world: lower-case letters, digits, '-' and '_'
	Title       string
	Description string // may be empty
	Stops       []Stop // by Order; at least one
}

// Stop is one place on a tour: where to stand and what to read there.
type Stop struct {
	Room    string // room id
	Pos     Vec    // where the visitor stands, in units; an avatar fits there and can walk there from the room's spawn
	Radius  int32  // in units: within this distance of Pos the stop is reached
	Order   int    // position in the tour, unique in it; gaps are allowed (10, 20, 30...)
	Title   string
	Text    string // one or more paragraphs separated by blank lines
	Exhibit string // optional: name of the exhibit or info zone in Room that this stop presents
}

// Reached reports whether someone standing at p in room has arrived at the stop.
func (s *Stop) Reached(room string, p Vec) bool {
	return room == s.Room && p.Dist2(s.Pos) <= int64(s.Radius)*int64(s.Radius)
}

// Tour returns the tour with the given id.
func (w *World) Tour(id string) (*Tour, bool) {
	for _, t := range w.Tours {
		if t.ID == id {
			return t, true
		}
	}
	return nil, false
}
