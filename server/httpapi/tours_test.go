package httpapi

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/shared/world"
)

// toursServer serves ToursHandler(w) at GET /api/tours, mounted as the node mounts it.
func toursServer(t *testing.T, w *world.World) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("GET /api/tours", ToursHandler(w))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func getTours(t *testing.T, srv *httptest.Server) []TourJSON {
	t.Helper()
	resp, err := http.Get(srv.URL + "/api/tours")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /api/tours: %s, Content-Type %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	dec := json.NewDecoder(resp.Body)
	dec.DisallowUnknownFields()
	var out []TourJSON
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("decode /api/tours: %v", err)
	}
	return out
}

func TestToursDefaultWorld(t *testing.T) {
	w, err := world.Load(assets.World)
	if err != nil {
		t.Fatal(err)
	}
	tours := getTours(t, toursServer(t, w))
	if len(tours) != 2 || tours[0].ID != "embassy-in-ten-stops" || tours[1].ID != "cyber-norms" {
		t.Fatalf("tours = %+v", tours)
	}
	if tours[0].Title != "The embassy in ten stops" || len(tours[0].Stops) != 10 ||
		tours[1].Title != "Cyber diplomacy and the UN norms" || len(tours[1].Stops) != 6 {
		t.Errorf("tours: %q with %d stops, %q with %d", tours[0].Title, len(tours[0].Stops), tours[1].Title, len(tours[1].Stops))
	}
	for i, tj := range tours {
		want := w.Tours[i]
		if tj.Description == "" || tj.Description != want.Description {
			t.Errorf("%s: description %q", tj.ID, tj.Description)
		}
		for k, s := range tj.Stops {
			ws := want.Stops[k]
			r := w.Rooms[ws.Room]
			if s.Room != ws.Room || s.RoomName != r.Name || s.Order != ws.Order || s.Title != ws.Title || s.Text != ws.Text || s.Exhibit != ws.Exhibit {
				t.Errorf("%s stop %d = %+v, want %+v in %q", tj.ID, k, s, ws, r.Name)
			}
			// Tiles, exactly: a unit is 1/64 tile, which a float64 holds without rounding.
			if got := (world.Vec{X: int32(s.X * world.Unit), Y: int32(s.Y * world.Unit)}); got != ws.Pos || s.Radius*world.Unit != float64(ws.Radius) {
				t.Errorf("%s stop %d at %v r %v tiles = %v units, want %v r %d", tj.ID, k, s.X, s.Radius, got, ws.Pos, ws.Radius)
			}
		}
	}
	if first := tours[0].Stops[0]; first.Room != "entrance" || first.RoomName != "Entrance Hall" || first.Exhibit != "info_desk" ||
		first.X != 8.5 || first.Y != 10 || first.Radius != 2 {
		t.Errorf("first stop = %+v, want the Entrance Hall's info desk at 8.5, 10 tiles, radius 2", first)
	}
}

func TestToursCaching(t *testing.T) {
	w, err := world.Load(assets.World)
	if err != nil {
		t.Fatal(err)
	}
	srv := toursServer(t, w)
	resp, err := http.Get(srv.URL + "/api/tours")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/tours", nil)
	req.Header.Set("If-None-Match", etag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("GET with If-None-Match: %s, want 304", resp.Status)
	}
	resp, err = http.Post(srv.URL+"/api/tours", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/tours: %s, want 405", resp.Status)
	}
}

func TestToursNoWorld(t *testing.T) {
	if tours := getTours(t, toursServer(t, nil)); tours == nil || len(tours) != 0 {
		t.Errorf("tours of no world = %#v, want an empty list", tours)
	}
}
