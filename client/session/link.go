package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/client/transport"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Config says whom to connect to and as whom.
type Config struct {
	URL    string // ws://host:port/ws
	Name   string
	Look   *pb.Look
	Token  string
	Room   string // room to join first ("" for the arrival room)
	Client string // e.g. "embassy-client/0.1"
	// DeviceKey identifies this device to the server when you enter as a guest.
	DeviceKey string
	// Invite is a signed invitation to an event (Hello.invite): without a Token you enter under
	// the invitation's name.
	Invite string

	Dialer transport.Dialer // nil: transport.WebSocket{}
	HTTP   transport.Getter // nil: transport.HTTP{}
	// RoomsEvery is how often GET /api/rooms is polled (the server also sends counts when you
	// move); zero means every 5 s.
	RoomsEvery time.Duration
}

// Backoff bounds between reconnection attempts.
const (
	minBackoff = 500 * time.Millisecond
	maxBackoff = 15 * time.Second
	// stableAfter is how long a connection must last for the backoff to start from minBackoff again.
	stableAfter = 10 * time.Second
	// roomsEvery is how often the room directory is polled over HTTP.
	roomsEvery = 5 * time.Second
)

// Link keeps one connection to a server alive: it dials, joins, queues every message for the game
// loop, and when the connection ends it waits (with exponential backoff and jitter) and starts again,
// rejoining the room you were in. Its methods are safe for concurrent use.
type Link struct {
	cfg Config

	mu      sync.Mutex // guards the fields below
	inbox   []Event
	status  Status
	cur     *client.Client
	room    string
	session int
	world   *WorldFS // the last world handed out, kept for its cache
}

// NewLink returns a Link; Run brings it to life.
func NewLink(cfg Config) *Link {
	if cfg.HTTP == nil {
		cfg.HTTP = transport.HTTP{}
	}
	if cfg.RoomsEvery <= 0 {
		cfg.RoomsEvery = roomsEvery
	}
	return &Link{cfg: cfg, room: cfg.Room}
}

// The close codes with which the server sends someone away (server/gateway's CloseKicked and
// CloseBanned), and with which it refuses a Hello at the door (a sign-in it does not accept, a
// name it does not allow, guests not admitted): coming straight back would only be refused again,
// and each refusal is audited.
const (
	closeKicked = 4003
	closeBanned = 4007
	closePolicy = 1008
)

// sentAway reports whether err ends the link for good: a kick, a ban, or the door refusing the
// Hello before any Welcome (after one, a 1008 is about what was sent then, such as a flood).
func sentAway(err error, welcomed bool) bool {
	ce := (*client.CloseError)(nil)
	return errors.As(err, &ce) && (ce.Code == closeKicked || ce.Code == closeBanned || ce.Code == closePolicy && !welcomed)
}

// Run connects and reconnects until ctx ends, then closes the connection. When the server sends
// you away (a kick, a ban) or turns you away at the door (a forged or expired sign-in, say) it says
// why and stops: the person starts the client again when they may come back.
func (l *Link) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	pollCtx, stopPolling := context.WithCancel(ctx)
	defer stopPolling()
	wg.Add(1)
	go func() { defer wg.Done(); l.pollRooms(pollCtx) }()

	backoff := minBackoff
	for attempt := 0; ; {
		l.setStatus(func(s *Status) { s.State = Connecting })
		started := time.Now()
		welcomed, err := l.runOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if sentAway(err, welcomed) {
			l.setStatus(func(s *Status) { s.State, s.Reason, s.Detail = Ended, Describe(err), err.Error() })
			return nil
		}
		if time.Since(started) > stableAfter {
			backoff, attempt = minBackoff, 0
		}
		attempt++
		wait := backoff/2 + rand.N(backoff/2+1)
		backoff = min(backoff*2, maxBackoff)
		l.setStatus(func(s *Status) {
			s.State, s.Reason, s.RetryAt, s.Attempt = Waiting, Describe(err), time.Now().Add(wait), attempt
			s.Detail = ""
			if err != nil {
				s.Detail = err.Error()
			}
		})
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// runOnce runs one connection from dial to its end and returns whether it was welcomed and why it
// ended.
func (l *Link) runOnce(ctx context.Context) (welcomed bool, err error) {
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	l.mu.Lock()
	session := l.session + 1
	l.mu.Unlock()
	c, err := client.Dial(dctx, client.Options{
		URL: l.cfg.URL, Name: l.cfg.Name, Look: l.cfg.Look, Token: l.cfg.Token, Client: l.cfg.Client, Dialer: l.cfg.Dialer, DeviceKey: l.cfg.DeviceKey,
		Invite:    l.cfg.Invite,
		OnMessage: func(m *pb.ServerMessage, at time.Time) { l.push(Event{Msg: m, At: at, Session: session}) },
	})
	cancel()
	if err != nil {
		return false, err
	}
	l.mu.Lock()
	l.session, l.cur = session, c
	room := l.room
	// Dial consumed the Welcome: queue it ahead of this session's other messages so that the game
	// starts the session from it.
	i := slices.IndexFunc(l.inbox, func(e Event) bool { return e.Session == session })
	if i < 0 {
		i = len(l.inbox)
	}
	l.inbox = slices.Insert(l.inbox, i, Event{Msg: &pb.ServerMessage{Msg: &pb.ServerMessage_Welcome{Welcome: c.Welcome()}}, At: time.Now(), Session: session})
	l.status = Status{State: Online, Session: session}
	l.mu.Unlock()
	if err := c.Join(room); err != nil {
		c.Close()
		return true, err
	}
	select {
	case <-ctx.Done():
		c.Close()
		return true, ctx.Err()
	case <-c.Done():
	}
	l.mu.Lock()
	l.cur = nil
	l.mu.Unlock()
	if err := c.Err(); err != nil {
		return true, err
	}
	return true, errors.New("connection closed")
}

func (l *Link) push(e Event) {
	l.mu.Lock()
	l.inbox = append(l.inbox, e)
	l.mu.Unlock()
}

func (l *Link) setStatus(fn func(*Status)) {
	l.mu.Lock()
	fn(&l.status)
	l.mu.Unlock()
}

// Drain appends every queued event to dst and empties the queue.
func (l *Link) Drain(dst []Event) []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	dst = append(dst, l.inbox...)
	clear(l.inbox)
	l.inbox = l.inbox[:0]
	return dst
}

// Status returns the connection's state.
func (l *Link) Status() Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.status
}

// Sender returns the live connection, or nil while there is none.
func (l *Link) Sender() Sender {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cur == nil {
		return nil
	}
	return l.cur
}

// HTTP returns the getter for the server's files.
func (l *Link) HTTP() transport.Getter { return l.cfg.HTTP }

// API implements the API interface: GET path on the server's HTTP side.
func (l *Link) API(ctx context.Context, path string) ([]byte, error) {
	base, err := HTTPBase(l.cfg.URL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return l.cfg.HTTP.Get(ctx, base.JoinPath(path).String(), 1<<20)
}

// SetRoom remembers the room you are in, to rejoin it after a reconnection.
func (l *Link) SetRoom(id string) {
	l.mu.Lock()
	l.room = id
	l.mu.Unlock()
}

// pollRooms fetches GET /api/rooms periodically and queues it as a RoomList, so the room list stays
// current even when the server sends no population updates.
func (l *Link) pollRooms(ctx context.Context) {
	base, err := HTTPBase(l.cfg.URL)
	if err != nil {
		return
	}
	url := base.JoinPath("api", "rooms").String()
	t := time.NewTicker(l.cfg.RoomsEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		rooms, err := FetchRooms(ctx, l.cfg.HTTP, url)
		if err != nil {
			continue // the connection status already tells the visitor when the server is away
		}
		l.mu.Lock()
		session := l.session
		l.mu.Unlock()
		l.push(Event{Msg: &pb.ServerMessage{Msg: &pb.ServerMessage_Rooms{Rooms: &pb.RoomList{Rooms: rooms}}}, At: time.Now(), Session: session})
	}
}

// roomJSON is one room of GET /api/rooms.
type roomJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Occupants uint32 `json:"occupants"`
	Capacity  uint32 `json:"capacity"`
	// Room settings staff change (see RoomInfo).
	Locked        bool   `json:"locked"`
	SlowSeconds   uint32 `json:"slow_seconds"`
	AudienceMuted bool   `json:"audience_muted"`
}

// FetchRooms reads the server's room directory (GET /api/rooms at url).
func FetchRooms(ctx context.Context, get transport.Getter, url string) ([]*pb.RoomInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	b, err := get.Get(ctx, url, 1<<20)
	if err != nil {
		return nil, err
	}
	var rooms []roomJSON
	if err := json.Unmarshal(b, &rooms); err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	out := make([]*pb.RoomInfo, 0, len(rooms))
	for _, r := range rooms {
		out = append(out, &pb.RoomInfo{
			Id: r.ID, Name: r.Name, Occupants: r.Occupants, Capacity: r.Capacity,
			Locked: r.Locked, SlowSeconds: r.SlowSeconds, AudienceMuted: r.AudienceMuted,
		})
	}
	return out, nil
}

// Describe turns a connection error into words for a person; the error itself belongs in the log.
func Describe(err error) string {
	var ce *client.CloseError
	switch {
	case err == nil:
		return "the connection closed"
	case errors.As(err, &ce) && ce.Reason != "":
		return "the server closed the connection: " + ce.Reason
	case errors.As(err, &ce):
		return fmt.Sprintf("the server closed the connection (code %d)", ce.Code)
	case errors.Is(err, context.DeadlineExceeded), strings.Contains(err.Error(), "timeout"):
		return "the server did not answer in time"
	case strings.Contains(err.Error(), "connection refused"), strings.Contains(err.Error(), "no such host"),
		strings.Contains(err.Error(), "dial"):
		return "cannot reach the server"
	}
	return "the connection was lost"
}

// World implements Source: the server's world files over HTTP, one cache per world URL.
func (l *Link) World(w *pb.Welcome) fs.FS {
	base, err := HTTPBase(l.cfg.URL)
	if err != nil {
		return emptyFS{}
	}
	wfs := NewWorldFS(l.cfg.HTTP, base, w.GetWorldUrl())
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.world != nil && l.world.Base() == wfs.Base() {
		return l.world
	}
	l.world = wfs
	return wfs
}

// emptyFS has no files.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
