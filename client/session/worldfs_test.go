package session

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/client/transport"
	"github.com/embassy-project/embassy/shared/world"
)

func TestHTTPBase(t *testing.T) {
	for in, want := range map[string]string{
		"ws://127.0.0.1:8080/ws":       "http://127.0.0.1:8080/",
		"wss://embassy.example/ws?x=1": "https://embassy.example/",
	} {
		u, err := HTTPBase(in)
		if err != nil || u.String() != want {
			t.Errorf("HTTPBase(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	if _, err := HTTPBase("ftp://x"); err == nil {
		t.Error("ftp accepted")
	}
}

// The default embassy, served over HTTP as the server does, loads through WorldFS exactly as from the
// embedded files, and each file is fetched once.
func TestWorldFSLoadsRoomsOverHTTP(t *testing.T) {
	var gets atomic.Int32
	files := http.StripPrefix("/world/", http.FileServerFS(assets.World))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gets.Add(1)
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	root, _ := url.Parse(srv.URL)
	wfs := NewWorldFS(transport.HTTP{}, root, "/world/")

	want, err := world.LoadRoom(assets.World, "entrance.tmx")
	if err != nil {
		t.Fatal(err)
	}
	got, err := world.LoadRoom(wfs, "entrance.tmx")
	if err != nil {
		t.Fatal(err)
	}
	if got.W != want.W || got.H != want.H || got.WalkableTiles() != want.WalkableTiles() || len(got.Zones) != len(want.Zones) {
		t.Fatalf("room over HTTP differs: %dx%d %d walkable %d zones", got.W, got.H, got.WalkableTiles(), len(got.Zones))
	}
	before := gets.Load()
	if _, err := world.LoadRoom(wfs, "entrance.tmx"); err != nil {
		t.Fatal(err)
	}
	if gets.Load() != before {
		t.Errorf("second load fetched %d files again; want the cache", gets.Load()-before)
	}
	if _, err := wfs.Open("nope.tmx"); !IsNotFound(err) {
		t.Errorf("missing file: %v, want not found", err)
	}
	if _, err := fs.ReadFile(wfs, "../etc/passwd"); err == nil {
		t.Error("path outside the world accepted")
	}
}

func TestDescribeSaysItInWords(t *testing.T) {
	for err, want := range map[error]string{
		errors.New(`dial ws://127.0.0.1:1/ws: dial tcp 127.0.0.1:1: connect: connection refused`): "cannot reach the server",
		&client.CloseError{Code: 1001, Reason: "the embassy is closing for maintenance"}:          "the server closed the connection: the embassy is closing for maintenance",
		context.DeadlineExceeded: "the server did not answer in time",
		nil:                      "the connection closed",
	} {
		got := Describe(err)
		if got != want {
			t.Errorf("Describe(%v) = %q, want %q", err, got, want)
		}
		if strings.Contains(got, "tcp") || strings.Contains(got, "127.0.0.1") {
			t.Errorf("Describe(%v) = %q shows internals", err, got)
		}
	}
}
