// Package gateway turns WebSocket connections into sessions: it runs the hello/version handshake,
// enforces size, validity and rate limits on everything a client sends, routes intents to the
// client's room, delivers direct messages, and writes to each client through a bounded queue that
// drops a client who cannot keep up. It owns sessions; rooms own avatars.
package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/embassy-project/embassy/server/cluster"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Close codes sent to clients, besides the standard ones (1000 normal, 1001 going away, 1007 invalid
// payload, 1008 policy violation, 1009 too big).
const (
	CloseVersion = 4000 // protocol version not supported
	CloseTooSlow = 4001 // the client did not read fast enough
	CloseHello   = 4002 // no valid Hello in time
	CloseKicked  = 4003 // removed by a moderator
	CloseMoved   = 4005 // the client was redirected to another node
	CloseNoPong  = 4006 // the client answered no ping for the liveness window: it stopped reading
	// CloseBanned (4007, identity.go): a ban matches this person.
)

// Rooms is what the gateway needs from the node's rooms.
type Rooms interface {
	// Locate finds room id ("" for the arrival room): the local room when this node runs it (taking
	// it if no node does), else the WebSocket URL of the node that runs it. ErrNoSuchRoom if none.
	Locate(ctx context.Context, id string) (local *room.Room, elsewhere string, err error)
	// Infos lists every room of the embassy with its occupants.
	Infos() []*pb.RoomInfo
	// PublishCounts makes the occupants of this node's rooms known to the other nodes now: a
	// visitor has just left one of them for another node, whose room list must not count them here.
	PublishCounts(ctx context.Context) error
	// RefreshCounts reads the occupants of rooms other nodes run afresh: a visitor has just come
	// from one of them, and their room list must not count them there.
	RefreshCounts(ctx context.Context) error
	// Admits says why p may not enter room id now (locked to visitors, full), wherever it runs; nil
	// if they may. The room checks again when they arrive.
	Admits(id string, p room.Profile) *pb.ServerMessage
}

var (
	// ErrNoSuchRoom is returned by Rooms.Locate and Relay.Announce for an unknown room id.
	ErrNoSuchRoom = errors.New("no such room")
	// ErrRoomEmpty is returned by Relay.Announce for a room no node runs: nobody is there.
	ErrRoomEmpty = errors.New("nobody is in that room")
)

// Relay reaches users and rooms on other nodes. Single-node servers pass nil.
type Relay interface {
	Direct(ctx context.Context, node, userID string, frame []byte) error
	Kick(ctx context.Context, node, userID, reason string, banned bool) error
	Announce(ctx context.Context, room string, ev *pb.ChatEvent) error
}

// Tickets carry identities across redirects. Single-node servers pass nil.
type Tickets interface {
	Issue(ctx context.Context, t cluster.Ticket) (string, error)
	Redeem(ctx context.Context, token string) (cluster.Ticket, error)
}

// Metrics is what the gateway reports.
type Metrics interface {
	SessionOpened()
	SessionClosed(reason string)
	SessionRejected(reason string)
	MessageIn(kind string)
	MessageOut(bytes int)
	SlowClientDropped()
	PresenceFailed()
	Refused(reason string) // a request refused, by kind (a small fixed set of labels)
}

// Config tunes the gateway.
type Config struct {
	Node         string
	TickHz       int
	Speed        int
	WorldURL     string
	MaxSessions  int
	OutQueue     int           // frames queued per client before it is dropped as too slow
	HelloTimeout time.Duration // time to send Hello after connecting
	PingInterval time.Duration // how often every client is pinged; well under PongWait
	PongWait     time.Duration // the liveness window: a client that answered no ping for this long is closed. Only pongs count: a client that keeps sending but never reads (so never answers) must not stay
	WriteWait    time.Duration // a write blocked this long drops the client: a healthy client's socket buffer never fills, so a blocked write means it stopped reading, and it holds up its pump
	MsgRate      float64       // messages per second per client, sustained
	MsgBurst     float64
	ChatRate     float64 // chat messages and emotes per second per client, sustained
	ChatBurst    float64
	ActionRate   float64 // joins and walk-to requests per second per client (each may cost a path search)
	ActionBurst  float64
	Verifier     Verifier                // checks sign-in tokens; nil: tokens are refused
	Guests       bool                    // admit people without a sign-in, as visitors
	Reserved     *identity.ReservedNames // staff names a guest may not take (or look like); nil: none
	Bans         Bans                    // who may not enter; nil: nobody is banned
}

// DefaultConfig returns the limits the server runs with unless told otherwise.
func DefaultConfig() Config {
	return Config{
		Node: "local", TickHz: 20, WorldURL: "/world/", MaxSessions: 20000, OutQueue: 256,
		HelloTimeout: 10 * time.Second, PingInterval: 25 * time.Second, PongWait: 60 * time.Second,
		WriteWait: 100 * time.Millisecond, MsgRate: 40, MsgBurst: 80, ChatRate: 1, ChatBurst: 5,
		ActionRate: 4, ActionBurst: 8, Guests: true,
	}
}

// SetLiveness sets the liveness window (PongWait) and pings often enough within it that an honest
// client answers at least twice.
func (c *Config) SetLiveness(window time.Duration) {
	c.PongWait, c.PingInterval = window, window*5/12
}

// Gateway serves /ws.
type Gateway struct {
	cfg      Config
	rooms    Rooms
	store    presence.Store
	writer   *presence.Writer
	relay    Relay
	tickets  Tickets
	metrics  Metrics
	log      *slog.Logger
	upgrader websocket.Upgrader

	pumps    []*pump
	nextPump atomic.Uint32

	refusals *refusalLog
	occ      *occupancy
	voice    Voice      // nil: voice is off
	mod      Moderation // nil: moderation requests are refused
	events   Events     // nil: questions are refused

	mu          sync.Mutex // guards sessions, handshaking and closing
	sessions    map[string]*Session
	handshaking int // connections upgraded but not yet registered: they count against MaxSessions
	closing     bool
	wg          sync.WaitGroup // one per live session
}

// New returns a gateway. relay and tickets are nil on a single node.
func New(cfg Config, rooms Rooms, store presence.Store, writer *presence.Writer, relay Relay, tickets Tickets, m Metrics, log *slog.Logger) *Gateway {
	// One pump per two processors: writes are syscalls that keep a processor busy, and a room's tick
	// needs the other.
	pumps := make([]*pump, max(1, runtime.GOMAXPROCS(0)/2))
	for i := range pumps {
		pumps[i] = newPump()
	}
	return &Gateway{
		pumps: pumps, cfg: cfg, rooms: rooms, store: store, writer: writer, relay: relay, tickets: tickets,
		metrics: m, log: log, refusals: newRefusalLog(log, m), occ: newOccupancy(),
		sessions: make(map[string]*Session),
		upgrader: websocket.Upgrader{
			ReadBufferSize:  1024,
			WriteBufferSize: 1024,
			// Pooled write buffers: an idle connection holds none.
			WriteBufferPool: &sync.Pool{},
			// Sessions carry no cookies or ambient credentials, so any origin may connect.
			CheckOrigin: func(*http.Request) bool { return true },
		},
	}
}

// Run drives the gateway's write pumps and keepalive pings until ctx ends. Run it before serving and
// stop it after Shutdown, so that clients are told why they are closed.
func (g *Gateway) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, p := range g.pumps {
		wg.Add(1)
		go func() { defer wg.Done(); p.run(ctx, g.cfg.WriteWait) }()
	}
	t := time.NewTicker(g.cfg.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			return nil
		case <-t.C:
			for _, s := range g.live() {
				s.requestPing()
			}
		}
	}
}

// Flush wakes every write pump: rooms call it at the end of each tick, after queueing that tick's
// frames with Session.Send.
func (g *Gateway) Flush() {
	for _, p := range g.pumps {
		p.kick()
	}
}

// ServeHTTP upgrades the request and runs the session until it ends.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	full, closing := len(g.sessions)+g.handshaking >= g.cfg.MaxSessions, g.closing
	if !full && !closing {
		g.wg.Add(1)
		g.handshaking++
	}
	g.mu.Unlock()
	switch {
	case closing:
		http.Error(w, "server is shutting down", http.StatusServiceUnavailable)
		return
	case full:
		http.Error(w, "server is full, try again later", http.StatusServiceUnavailable)
		return
	}
	defer g.wg.Done()
	handshaking := true
	defer func() {
		if handshaking {
			g.mu.Lock()
			g.handshaking--
			g.mu.Unlock()
		}
	}()
	conn, err := g.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has already answered with an HTTP error
	}
	s := newSession(g, conn)
	s.run(func() { handshaking = false })
}

// Occupants returns how many live sessions of this node are in room id, as of the last room change
// (rooms count their avatars a tick later).
func (g *Gateway) Occupants(id string) int { return g.occ.get(id) }

// roomList encodes the embassy's room list as it is now.
func (g *Gateway) roomList() []byte {
	b, err := protocol.Encode(&pb.ServerMessage{Msg: &pb.ServerMessage_Rooms{Rooms: &pb.RoomList{Rooms: g.rooms.Infos()}}})
	if err != nil {
		g.log.Error("encode room list", "err", err)
	}
	return b
}

// Sessions returns how many sessions are live on this node.
func (g *Gateway) Sessions() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.sessions)
}

// Local returns the session of a user connected to this node.
func (g *Gateway) Local(userID string) (*Session, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	s, ok := g.sessions[userID]
	return s, ok
}

// Shutdown tells every client the server is going away, closes their sessions and waits for them to
// end, or for ctx.
func (g *Gateway) Shutdown(ctx context.Context, reason string) error {
	g.mu.Lock()
	g.closing = true
	live := make([]*Session, 0, len(g.sessions))
	for _, s := range g.sessions {
		live = append(live, s)
	}
	g.mu.Unlock()
	for _, s := range live {
		s.fail(websocket.CloseGoingAway, reason)
	}
	done := make(chan struct{})
	go func() { g.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return errors.Join(errors.New("sessions still open at shutdown deadline"), ctx.Err())
	}
}

// live returns the sessions registered now.
func (g *Gateway) live() []*Session {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]*Session, 0, len(g.sessions))
	for _, s := range g.sessions {
		out = append(out, s)
	}
	return out
}

// RoomsChanged sends everyone connected here a fresh room list (a room was locked, its capacity
// or slow mode changed), built when each one's pump writes it.
func (g *Gateway) RoomsChanged() {
	for _, s := range g.live() {
		if s.welcomed.Load() { // a session still saying hello gets the list in its Welcome
			s.enqueue(nil, nil, true)
		}
	}
}

// Kick closes a user's session wherever they are connected, as kicked or (banned) as banned.
func (g *Gateway) Kick(ctx context.Context, userID, reason string, banned bool) error {
	if s, ok := g.Local(userID); ok {
		s.Kick(reason, banned)
		return nil
	}
	e, err := g.entry(ctx, userID)
	if err != nil {
		return err
	}
	if g.relay == nil || e.Node == g.cfg.Node {
		return fmt.Errorf("kick %s: %w", userID, presence.ErrNotFound)
	}
	return g.relay.Kick(ctx, e.Node, userID, reason, banned)
}

// entry finds a user's presence by id.
func (g *Gateway) entry(ctx context.Context, userID string) (presence.Entry, error) {
	list, err := g.store.List(ctx)
	if err != nil {
		return presence.Entry{}, fmt.Errorf("find %s: %w", userID, err)
	}
	for _, e := range list {
		if e.UserID == userID {
			return e, nil
		}
	}
	return presence.Entry{}, fmt.Errorf("find %s: %w", userID, presence.ErrNotFound)
}

// track counts a goroutine that Shutdown must wait for, unless shutdown has begun.
func (g *Gateway) track() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closing {
		return false
	}
	g.wg.Add(1)
	return true
}

// register adds a session that finished its handshake; it no longer counts as handshaking.
func (g *Gateway) register(s *Session) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.handshaking--
	if g.closing {
		return false
	}
	g.sessions[s.id] = s
	return true
}

func (g *Gateway) unregister(s *Session) {
	g.mu.Lock()
	if g.sessions[s.id] == s { // the same user may have come back on a newer session
		delete(g.sessions, s.id)
	}
	g.mu.Unlock()
}
