package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/embassy-project/embassy/shared/world"
)

// TourJSON is one tour in GET /api/tours, with its stops in order.
type TourJSON struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Stops       []TourStopJSON `json:"stops"`
}

// TourStopJSON is one stop of a tour. Positions and the radius are in tiles (1 tile = 1 m = 32 px in
// the map), measured from the map's top-left corner: x 12.5 is the middle of the thirteenth column.
// Multiply by world.Unit for the positions the protocol uses.
type TourStopJSON struct {
	Order    int     `json:"order"`
	Room     string  `json:"room"`      // room id
	RoomName string  `json:"room_name"` // as the room list shows it
	X        float64 `json:"x"`
	Y        float64 `json:"y"`
	Radius   float64 `json:"radius"` // within this distance the stop is reached
	Title    string  `json:"title"`
	Text     string  `json:"text"`              // paragraphs separated by blank lines
	Exhibit  string  `json:"exhibit,omitempty"` // the exhibit or info zone the stop presents
}

// ToursHandler serves GET /api/tours: the tours drawn in w's maps, in World.Tours order. A world does
// not change while the node runs, so the answer is encoded once, with an ETag. A nil world has no
// tours.
func ToursHandler(w *world.World) http.Handler {
	out := []TourJSON{}
	if w != nil {
		for _, t := range w.Tours {
			out = append(out, newTourJSON(w, t))
		}
	}
	body, err := json.Marshal(out)
	if err != nil { // only strings and numbers: cannot happen, but say so rather than panic
		return http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
			http.Error(rw, "The embassy cannot list its tours right now.", http.StatusInternalServerError)
		})
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		rw.Header().Set("ETag", etag)
		http.ServeContent(rw, r, "", time.Time{}, bytes.NewReader(body))
	})
}

func newTourJSON(w *world.World, t *world.Tour) TourJSON {
	tiles := func(u int32) float64 { return float64(u) / world.Unit }
	j := TourJSON{ID: t.ID, Title: t.Title, Description: t.Description, Stops: make([]TourStopJSON, len(t.Stops))}
	for i, s := range t.Stops {
		name := s.Room
		if r, ok := w.Rooms[s.Room]; ok {
			name = r.Name
		}
		j.Stops[i] = TourStopJSON{Order: s.Order, Room: s.Room, RoomName: name, X: tiles(s.Pos.X), Y: tiles(s.Pos.Y),
			Radius: tiles(s.Radius), Title: s.Title, Text: s.Text, Exhibit: s.Exhibit}
	}
	return j
}
