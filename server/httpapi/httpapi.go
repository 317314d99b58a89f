// Package httpapi serves the node's read-only HTTP endpoints: health, metrics, the room directory,
// who is online, and the world files clients draw. It changes nothing; the WebSocket handler is
// mounted beside it.
package httpapi

import (
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Rooms lists the embassy's rooms.
type Rooms interface {
	Infos() []*pb.RoomInfo
}

// Health reports whether the node is healthy, and details to show.
type Health func() (ok bool, details map[string]any)

// Deps is what the API reads from.
type Deps struct {
	Rooms    Rooms
	Presence presence.Store
	World    fs.FS
	Health   Health
	Metrics  http.Handler
	WS       http.Handler
	Log      *slog.Logger
}

// RoomJSON is one room in GET /api/rooms.
type RoomJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Occupants int    `json:"occupants"`
	Capacity  int    `json:"capacity"`
}

// New returns the node's HTTP handler.
func New(d Deps) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		ok, details := d.Health()
		status := http.StatusOK
		if !ok {
			status = http.StatusServiceUnavailable
		}
		details["ok"] = ok
		writeJSON(w, d.Log, status, details)
	})
	mux.Handle("GET /metrics", d.Metrics)
	mux.HandleFunc("GET /api/rooms", func(w http.ResponseWriter, _ *http.Request) {
		infos := d.Rooms.Infos()
		out := make([]RoomJSON, 0, len(infos))
		for _, r := range infos {
			out = append(out, RoomJSON{ID: r.Id, Name: r.Name, Occupants: int(r.Occupants), Capacity: int(r.Capacity)})
		}
		writeJSON(w, d.Log, http.StatusOK, out)
	})
	mux.HandleFunc("GET /api/online", func(w http.ResponseWriter, r *http.Request) {
		list, err := d.Presence.List(r.Context())
		if err != nil {
			writeJSON(w, d.Log, http.StatusServiceUnavailable, map[string]string{"error": "presence unavailable: " + err.Error()})
			return
		}
		writeJSON(w, d.Log, http.StatusOK, list)
	})
	mux.Handle("GET /world/", http.StripPrefix("/world/", http.FileServerFS(d.World)))
	mux.Handle("GET /ws", d.WS)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("Embassy server.\nWebSocket: /ws   Rooms: /api/rooms   Online: /api/online   Health: /healthz   Metrics: /metrics\n"))
	})
	return mux
}

func writeJSON(w http.ResponseWriter, log *slog.Logger, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Debug("write json response", "err", err)
	}
}
