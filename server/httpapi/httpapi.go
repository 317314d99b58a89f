// Package httpapi serves the node's HTTP endpoints: the landing page and the browser client
// (landing.go, play.go), health, metrics, the room directory, who is
// online, the world files clients draw, and the admin API (admin.go), where signed-in staff
// moderate through moderation.Service, rate-limited per sign-in and per address. It decides
// nothing about moderation itself: the Service checks permissions and keeps the audit log. The
// WebSocket handler is mounted beside it.
package httpapi

import (
	"context"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/embassy-project/embassy/server/events"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/moderation"
	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
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
	// Staff reports whether the request carries a member of staff's sign-in (Authorization: Bearer
	// TOKEN). Nil: nobody is staff.
	Staff func(r *http.Request) bool
	// Moderation carries out the admin API's actions (the same Service the WebSocket gateway uses);
	// nil: no admin API.
	Moderation *moderation.Service
	// Verify checks a bearer sign-in token and says who it is; nil: no admin API.
	Verify func(ctx context.Context, token string) (identity.Claims, error)
	// Limits bound the admin API's use; zero: DefaultLimits.
	Limits Limits
	// Events serves /api/events; nil: no events API.
	Events *events.Service
	// Embassy is the embassy's name, for calendars.
	Embassy string
	// Tours is the world whose tours /api/tours lists; nil: none.
	Tours *world.World
	// Issuer mints sign-ins for POST /api/tokens; nil: no such endpoint.
	Issuer *identity.Issuer
	// WebDir holds the browser client that `make web` builds (embassy.wasm, wasm_exec.js), served
	// at /play; empty, or the files missing: /play says how to build them.
	WebDir string
}

// OnlineCounts is GET /api/online for callers who are not staff: how many people are in each room,
// never who.
type OnlineCounts struct {
	Total int            `json:"total"`
	Rooms map[string]int `json:"rooms"`
}

// RoomJSON is one room in GET /api/rooms: its capacity as it is now (staff may have lowered the
// map's), and what staff set.
type RoomJSON struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Occupants     int    `json:"occupants"`
	Capacity      int    `json:"capacity"`
	Locked        bool   `json:"locked"`         // only staff may enter
	SlowSeconds   int    `json:"slow_seconds"`   // a visitor's chat lines at most one per this many seconds; 0: off
	AudienceMuted bool   `json:"audience_muted"` // only the stage is heard
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
			out = append(out, newRoomJSON(r))
		}
		writeJSON(w, d.Log, http.StatusOK, out)
	})
	online := &onlineCache{store: d.Presence, ttl: time.Second, log: d.Log}
	mux.HandleFunc("GET /api/online", func(w http.ResponseWriter, r *http.Request) {
		list, err := online.list(r.Context())
		if err != nil {
			// The detail is in the log (once a minute); the page says it in words.
			writeJSON(w, d.Log, http.StatusServiceUnavailable, map[string]string{"error": "The embassy cannot list who is here right now; please try again in a moment."})
			return
		}
		if d.Staff == nil || !d.Staff(r) { // who sits in the Consular Office is nobody's business
			counts := OnlineCounts{Total: len(list), Rooms: map[string]int{}}
			for _, e := range list {
				counts.Rooms[e.Room]++
			}
			writeJSON(w, d.Log, http.StatusOK, counts)
			return
		}
		writeJSON(w, d.Log, http.StatusOK, list)
	})
	if d.Verify != nil {
		limits := d.Limits
		if limits == (Limits{}) {
			limits = DefaultLimits()
		}
		g := newGuard(d.Verify, limits, d.Log)
		if d.Moderation != nil {
			mountAdmin(mux, g, d)
		}
		if d.Events != nil {
			mountEvents(mux, g, d.Events, d.Embassy, d.Log)
		}
		if d.Moderation != nil && d.Issuer != nil {
			mountTokens(mux, g, d.Moderation, d.Issuer)
		}
	}
	mux.Handle("GET /api/tours", ToursHandler(d.Tours))
	mux.Handle("GET /world/", http.StripPrefix("/world/", http.FileServerFS(d.World)))
	mux.Handle("GET /ws", d.WS)
	mux.Handle("GET /{$}", &landing{embassy: d.Embassy, events: d.Events, rooms: d.Rooms, log: d.Log, now: time.Now})
	mux.HandleFunc("GET /api", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(endpoints))
	})
	web := NewWebClient(d.WebDir, d.Embassy, d.Log)
	mux.HandleFunc("GET /play", web.Page)
	mux.HandleFunc("GET /play/{file}", web.File)
	return mux
}

// onlineCache answers /api/online from a list at most ttl old: listing 10,000 users from Redis takes
// tens of milliseconds, and a page polling it must not multiply that.
type onlineCache struct {
	store presence.Store
	ttl   time.Duration
	log   *slog.Logger

	mu       sync.Mutex // guards at, last, failedAt and unlogged; held while refreshing, so concurrent requests share one List
	at       time.Time
	last     []presence.Entry
	failedAt time.Time // when a failure was last logged: at most one line a minute
	unlogged int       // failures since that line
}

func (c *onlineCache) list(ctx context.Context) ([]presence.Entry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last != nil && time.Since(c.at) < c.ttl {
		return c.last, nil
	}
	list, err := c.store.List(ctx)
	if err != nil {
		if time.Since(c.failedAt) >= time.Minute {
			c.log.Warn("GET /api/online: cannot list presence (logged once a minute)", "err", err, "unlogged_since_last", c.unlogged)
			c.failedAt, c.unlogged = time.Now(), 0
		} else {
			c.unlogged++
		}
		return nil, err
	}
	c.last, c.at = list, time.Now()
	return list, nil
}

func writeJSON(w http.ResponseWriter, log *slog.Logger, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Debug("write json response", "err", err)
	}
}
