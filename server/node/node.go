// Package node assembles one Embassy server node: it loads the world, runs one goroutine per room,
// picks the presence store, and serves the gateway and HTTP API. It wires dependencies; the logic
// lives in the packages it wires.
package node

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/singleflight"

	"github.com/embassy-project/embassy/assets"
	"github.com/embassy-project/embassy/server/cluster"
	"github.com/embassy-project/embassy/server/events"
	"github.com/embassy-project/embassy/server/gateway"
	"github.com/embassy-project/embassy/server/httpapi"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/metrics"
	"github.com/embassy-project/embassy/server/moderation"
	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/server/voice"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// Node is one running server.
type Node struct {
	cfg     Config
	log     *slog.Logger
	worldFS fs.FS
	world   *world.World
	rooms   map[string]*room.Room
	ordered []*room.Room
	store   presence.Store
	writer  *presence.Writer
	redis   *presence.Redis    // nil on a single node
	dir     *cluster.Directory // nil on a single node
	bus     *cluster.Bus       // nil on a single node
	gw      *gateway.Gateway
	metrics *metrics.Metrics
	handler http.Handler
	voice   *voice.Server // nil when voice is off
	st      store.Store   // bans, mutes, room settings, reports, audit, revoked sign-ins
	mod     *moderation.Service
	events  *events.Service
	issuer  *identity.Issuer   // mints invitations
	claims  singleflight.Group // one claim in flight per room: concurrent first joins share it
}

// New loads the world and builds the node; Run starts it.
func New(cfg Config, log *slog.Logger) (*Node, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	n := &Node{cfg: cfg, log: log, worldFS: assets.World, metrics: metrics.New(), rooms: map[string]*room.Room{}}
	if cfg.WorldDir != "" {
		n.worldFS = os.DirFS(cfg.WorldDir)
	}
	w, err := world.Load(n.worldFS)
	if err != nil {
		return nil, fmt.Errorf("load world: %w", err)
	}
	n.world = w
	var relay gateway.Relay
	var tickets gateway.Tickets
	if cfg.Redis != "" {
		if err := n.openRedis(); err != nil {
			return nil, err
		}
		relay, tickets = n, cluster.NewTickets(n.redis.Client(), n.redis.Prefix())
	} else {
		n.store = presence.NewMemory()
	}
	n.writer = presence.NewWriter(n.store, log, func() { n.metrics.Dropped.WithLabelValues("presence_queue").Inc() })

	rc := room.DefaultConfig()
	rc.TickHz, rc.ViewMax, rc.ViewRadius = cfg.TickHz, cfg.ViewMax, int32(cfg.ViewRadius)

	gc := gateway.DefaultConfig()
	gc.Node, gc.TickHz, gc.Speed, gc.MaxSessions = cfg.NodeID, cfg.TickHz, rc.Speed, cfg.MaxSessions
	if cfg.Liveness > 0 {
		gc.SetLiveness(cfg.Liveness)
	}
	if err := n.openStore(); err != nil {
		return nil, err
	}
	if err := n.signIns(&gc); err != nil {
		n.st.Close()
		return nil, err
	}
	n.gw = gateway.New(gc, n, n.store, n.writer, relay, tickets, n.metrics, log)
	if !cfg.VoiceOff {
		if n.voice, err = voice.New(cfg.Voice, log, n.metrics.Registry()); err != nil {
			return nil, fmt.Errorf("voice: %w", err)
		}
		n.gw.SetVoice(n.voice)
	}
	for _, def := range w.Ordered {
		r := room.New(def, rc, n, n.gw, n.metrics, log)
		if n.voice != nil {
			r.SetVoiceSink(n.voice)
		}
		n.rooms[def.ID] = r
		n.ordered = append(n.ordered, r)
	}
	n.metrics.Rooms.Set(float64(len(n.ordered)))
	n.mod = moderation.New(moderation.Config{
		Store: n.st, Presence: n.store, Reach: reach{n}, Rooms: n, Reserved: gc.Reserved, Node: cfg.NodeID, Log: log,
	})
	n.gw.SetModeration(n.mod)
	n.events = events.New(events.Config{Store: n.st, Rooms: n, Issuer: n.issuer, Changed: n.eventChanged, Log: log})
	n.gw.SetEvents(n.events)
	for _, r := range n.ordered {
		r.SetEventRecorder(n.events)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := n.loadRoomSettings(ctx); err != nil {
		n.st.Close()
		return nil, err
	}
	verify := func(ctx context.Context, token string) (identity.Claims, error) {
		return gc.Verifier.Verify(ctx, token, time.Now())
	}
	n.handler = httpapi.New(httpapi.Deps{
		Rooms: n, Presence: n.store, World: n.worldFS, Health: n.health,
		Metrics: n.metrics.Handler(), WS: n.gw, Log: log, Staff: n.isStaff(gc.Verifier),
		Moderation: n.mod, Verify: verify, Events: n.events, Embassy: "Embassy", Tours: n.world, Issuer: n.issuer,
		WebDir: cfg.WebDir,
	})
	return n, nil
}

// Room implements room.Directory: the room, if this node runs it.
func (n *Node) Room(id string) (*room.Room, bool) {
	r, ok := n.rooms[id]
	if ok && n.dir != nil && !n.dir.Mine(id) {
		return nil, false
	}
	return r, ok
}

// Locate implements gateway.Rooms: the room here (claiming it if no node runs it), or the URL of
// the node that runs it.
func (n *Node) Locate(ctx context.Context, id string) (*room.Room, string, error) {
	if id == "" {
		id = n.ordered[0].ID()
	}
	r, ok := n.rooms[id]
	if !ok {
		return nil, "", fmt.Errorf("locate %q: %w", id, gateway.ErrNoSuchRoom)
	}
	if n.dir == nil || n.dir.Mine(id) {
		return r, "", nil
	}
	if owner, url, known := n.dir.Owner(id); known && owner != n.cfg.NodeID && url != "" {
		return nil, url, nil
	}
	owner, err := n.claim(ctx, id)
	if err != nil {
		return nil, "", err
	}
	if owner == n.cfg.NodeID {
		return r, "", nil
	}
	url, err := n.dir.URL(ctx, owner)
	if err != nil {
		return nil, "", fmt.Errorf("room %s is run by node %s: %w", id, owner, err)
	}
	return nil, url, nil
}

// claim asks the directory for room id, once at a time: the first visitors to a room often arrive
// together, and each claim would otherwise be a Redis round trip and a "hosting room" line.
func (n *Node) claim(ctx context.Context, id string) (string, error) {
	owner, err, _ := n.claims.Do(id, func() (any, error) {
		if n.dir.Mine(id) { // a claim that finished just before this one started
			return n.cfg.NodeID, nil
		}
		owner, err := n.dir.Claim(ctx, id)
		if err == nil && owner == n.cfg.NodeID {
			n.log.Info("hosting room", "room", id)
			// Staff may have changed it while another node ran it: before its first arrival.
			if err := n.loadRoomSettings(ctx, id); err != nil {
				n.log.Warn("room settings of a room taken over", "room", id, "err", err)
			}
			n.events.Refresh(ctx, id)
		}
		return owner, err
	})
	if err != nil {
		return "", err
	}
	return owner.(string), nil
}

// Infos implements gateway.Rooms and httpapi.Rooms: every room of the embassy, wherever it runs. The
// rooms this node runs count its sessions as of their last room change (the rooms' own counts lag
// a tick); the others count what their nodes last published.
func (n *Node) Infos() []*pb.RoomInfo {
	out := make([]*pb.RoomInfo, 0, len(n.ordered))
	for _, r := range n.ordered {
		occ := n.gw.Occupants(r.ID())
		if n.dir != nil && !n.dir.Mine(r.ID()) {
			occ = n.dir.Occupants(r.ID())
		}
		out = append(out, r.Info(occ))
	}
	return out
}

// PublishCounts implements gateway.Rooms.
func (n *Node) PublishCounts(ctx context.Context) error {
	if n.dir == nil {
		return nil
	}
	return n.dir.Publish(ctx)
}

// RefreshCounts implements gateway.Rooms.
func (n *Node) RefreshCounts(ctx context.Context) error {
	if n.dir == nil {
		return nil
	}
	return n.dir.RefreshOccupancy(ctx)
}

// World returns the loaded embassy.
func (n *Node) World() *world.World { return n.world }

// Voice returns the node's SFU, nil when voice is off (tests mute people through it until
// moderation has its protocol messages).
func (n *Node) Voice() *voice.Server { return n.voice }

// Handler returns the node's HTTP handler (API, world files and /ws).
func (n *Node) Handler() http.Handler { return n.handler }

// health reports the node's state. A Redis outage is reported but keeps the status 200: the node
// still hosts the people in its rooms.
func (n *Node) health() (bool, map[string]any) {
	d := map[string]any{"node": n.cfg.NodeID, "rooms": len(n.ordered), "sessions": n.gw.Sessions(), "presence": "memory"}
	if n.redis != nil {
		d["presence"], d["redis_up"] = "redis", n.redis.Healthy()
		if e := n.redis.LastError(); e != nil {
			d["redis_error"] = e.Error()
		}
		hosted := []string{}
		for _, r := range n.ordered {
			if n.dir.Mine(r.ID()) {
				hosted = append(hosted, r.ID())
			}
		}
		d["hosted_rooms"] = hosted
	}
	return true, d
}

// Run serves on ln until ctx ends, then tells every client the server is going away, closes them, and
// stops the rooms.
func (n *Node) Run(ctx context.Context, ln net.Listener) error {
	defer n.st.Close() // last: everything that writes to it has stopped
	srv := &http.Server{Handler: n.handler, ReadHeaderTimeout: 10 * time.Second}
	roomCtx, stopRooms := context.WithCancel(context.Background())
	defer stopRooms()
	g, gctx := errgroup.WithContext(roomCtx)
	for _, r := range n.ordered {
		g.Go(func() error { return r.Run(gctx) })
	}
	g.Go(func() error { return n.writer.Run(gctx) })
	g.Go(func() error { return n.gw.Run(gctx) })
	g.Go(func() error { return n.events.Run(gctx) })
	if n.voice != nil {
		g.Go(func() error { return n.voice.Run(gctx) })
	}
	// The cluster loops stop on their own, before the node gives up its rooms and presence: a
	// heartbeat after Deregister would bring the node back to life for a TTL.
	clusterCtx, stopCluster := context.WithCancel(gctx)
	defer stopCluster()
	cg, cgctx := errgroup.WithContext(clusterCtx)
	if n.redis != nil {
		cg.Go(func() error { return n.redis.Run(cgctx) })
		cg.Go(func() error { return n.dir.Run(cgctx, n.roomLost) })
		cg.Go(func() error { return n.bus.Run(cgctx, n.deliver) })
	}
	g.Go(func() error { return n.sampleOccupancy(gctx) })

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	n.log.Info("embassy node serving", "addr", ln.Addr().String(), "rooms", len(n.ordered), "tick_hz", n.cfg.TickHz)
	if n.voice != nil {
		n.log.Info("voice serving", "udp", n.voice.UDPAddr().String())
	}

	var err error
	select {
	case <-ctx.Done():
	case err = <-serveErr:
		err = fmt.Errorf("http server: %w", err)
	}
	grace, cancel := context.WithTimeout(context.Background(), n.cfg.ShutdownGrace)
	defer cancel()
	if e := n.gw.Shutdown(grace, "server shutting down"); e != nil {
		n.log.Warn("shutdown", "err", e)
	}
	if e := srv.Shutdown(grace); e != nil && !errors.Is(e, http.ErrServerClosed) {
		n.log.Warn("http shutdown", "err", e)
	}
	stopCluster()
	err = errors.Join(err, cg.Wait())
	if n.redis != nil { // let other nodes take over at once rather than after the TTL
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = errors.Join(err, n.dir.ReleaseAll(ctx), n.redis.Deregister(ctx))
		cancel()
	}
	stopRooms()
	err = errors.Join(err, g.Wait())
	if n.redis != nil {
		_ = n.redis.Close()
	}
	return err
}

// sampleOccupancy copies room populations into the metrics once a second.
func (n *Node) sampleOccupancy(ctx context.Context) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			for _, r := range n.ordered {
				n.metrics.Occupants.WithLabelValues(r.ID()).Set(float64(r.Occupants()))
			}
		}
	}
}

// signIns loads the secret that signs sign-in tokens (creating it in the data directory on first
// start) and sets the gateway's verifier, whether guests may enter, and the staff names they may
// not take.
func (n *Node) signIns(gc *gateway.Config) error {
	secret, err := identity.LoadSecret(n.cfg.DataDir, n.cfg.Secret, n.cfg.SecretFile)
	if err != nil {
		return fmt.Errorf("sign-in secret: %w", err)
	}
	n.log.Info("sign-in secret loaded", "from", secret.Source())
	v, err := identity.NewVerifier(secret, "", n.st.TokenRevoked)
	if err != nil {
		return fmt.Errorf("sign-in verifier: %w", err)
	}
	gc.Verifier, gc.Guests, gc.Reserved, gc.Bans = v, n.cfg.Guests, identity.NewReservedNames(), n.st
	if n.issuer, err = identity.NewIssuer(secret, ""); err != nil {
		return fmt.Errorf("invitation issuer: %w", err)
	}
	return nil
}

// openStore opens what must survive restarts: the SQLite file in the data directory, or, with
// Redis, the cluster's Redis (warning when Redis itself would forget it).
func (n *Node) openStore() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sc := store.Config{DataDir: n.cfg.DataDir}
	if n.redis != nil {
		sc = store.Config{Redis: n.redis.Client(), Prefix: n.redis.Prefix()}
	}
	st, err := store.Open(ctx, sc)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	n.st = st
	n.log.Info("store open", "kind", st.Kind())
	if r, ok := st.(*store.Redis); ok {
		if d, err := r.Durability(ctx); err == nil && !d.Durable() {
			n.log.Warn("Redis does not persist what it is told: bans and the audit log would not survive its restart; turn on appendonly", "appendonly", d.AppendOnly)
		}
	}
	return nil
}

// Store returns the node's store (tests and tools).
func (n *Node) Store() store.Store { return n.st }

// isStaff checks a request's bearer sign-in: a member of staff's, valid now.
func (n *Node) isStaff(v gateway.Verifier) func(r *http.Request) bool {
	return func(r *http.Request) bool {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || v == nil {
			return false
		}
		c, err := v.Verify(r.Context(), strings.TrimSpace(tok), time.Now())
		return err == nil && c.Role.Staff()
	}
}
