package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/embassy-project/embassy/server/events"
	"github.com/embassy-project/embassy/shared/protocol"
)

// endpoints lists the node's HTTP endpoints, for people and scripts: GET /api, and the landing
// page's footer.
const endpoints = "Embassy server.\nWebSocket: /ws   Rooms: /api/rooms   Online: /api/online   Events: /api/events (.ics)   Tours: /api/tours   Health: /healthz   Metrics: /metrics\n" +
	"Admin (Authorization: Bearer TOKEN): /api/audit /api/bans /api/reports /api/kick /api/mute /api/move, PATCH /api/rooms/{id}\n" +
	"Browser client: /play (?name= ?room= ?invite= ?body=%23rrggbb ?accent=%23rrggbb, a sign-in after the #: /play#token=TOKEN)\n"

// landingEvent is one event on the landing page.
type landingEvent struct {
	Title, Description string
	Room, RoomName     string
	Starts, Ends       time.Time
	Hosts              []string
	InviteOnly         bool
	Cancelled          bool
	Live               bool // on now: the page offers a way in
}

// eventSection is a list of events on the landing page: those on now, or those to come.
type eventSection struct {
	ID, Heading string
	Empty       string // said when there are none
	Events      []landingEvent
}

// roomOption is one room in the join form.
type roomOption struct{ ID, Name string }

// landingPage is what landing.html shows.
type landingPage struct {
	Embassy   string
	Sections  []eventSection // on now, then coming up
	NoEvents  bool           // the events service is off or cannot answer: say so rather than "none"
	Rooms     []roomOption
	NameMax   int
	Endpoints string
}

// landing serves GET /: the embassy's name, its events, a Visit button and a join form that opens
// /play. It is plain HTML: readable without JavaScript and without the game.
type landing struct {
	embassy string
	events  *events.Service // nil: no events
	rooms   Rooms
	log     *slog.Logger
	now     func() time.Time
}

func (l *landing) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	page := landingPage{Embassy: l.embassy, NameMax: protocol.MaxNameLen, Endpoints: endpoints}
	names := map[string]string{}
	for _, info := range l.rooms.Infos() {
		names[info.GetId()] = info.GetName()
		page.Rooms = append(page.Rooms, roomOption{ID: info.GetId(), Name: info.GetName()})
	}
	live, upcoming, failed := l.listEvents(r.Context(), names)
	page.NoEvents = failed
	page.Sections = []eventSection{
		{ID: "live", Heading: "On now", Empty: "Nothing is on right now.", Events: live},
		{ID: "upcoming", Heading: "Coming up", Empty: "No events are planned yet.", Events: upcoming},
	}
	renderHTML(w, l.log, http.StatusOK, "landing.html", page)
}

// listEvents splits the upcoming events into those on now and those to come; failed is true when
// there is no list to show.
func (l *landing) listEvents(ctx context.Context, roomNames map[string]string) (live, upcoming []landingEvent, failed bool) {
	if l.events == nil {
		return nil, nil, true
	}
	list, err := l.events.Upcoming(ctx)
	if err != nil {
		l.log.Warn("landing page: cannot list events", "err", err)
		return nil, nil, true
	}
	now := l.now()
	for _, e := range list {
		le := landingEvent{
			Title: e.Title, Description: e.Description, Room: e.Room, RoomName: roomNames[e.Room],
			Starts: e.Starts, Ends: e.Ends, Hosts: e.Hosts, InviteOnly: e.InviteOnly, Cancelled: e.Cancelled(),
		}
		if le.RoomName == "" {
			le.RoomName = e.Room
		}
		if le.Live = e.RunningAt(now); le.Live {
			live = append(live, le)
		} else {
			upcoming = append(upcoming, le)
		}
	}
	return live, upcoming, false
}
