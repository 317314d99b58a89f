package presence

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// Redis is the Store shared by many nodes through one Redis. Each node puts its own users online
// and keeps them alive with heartbeats (Run); a node that stops beating loses its users when their
// keys expire, so a node killed with -9 disappears within the TTL.
//
// Keys, all under a prefix (default "embassy:"):
//
//	u:<user id>          hash id,name,nkey,role,node,room,since,dkey   TTL
//	name:<NameKey(name)> string: the user id holding the name    TTL, SET NX: names unique across nodes
//	node:<node id>       hash id,addr,load,heartbeat,started     TTL
//	node:<node id>:users set of the node's user ids              TTL
//	nodes                set of node ids (an index; entries of dead nodes are pruned by Nodes)
//
// A node id containing ":users" could collide with another node's set; node ids are host-like names.
type Redis struct {
	rdb      *redis.Client
	node     string
	prefix   string
	ttl      time.Duration
	interval time.Duration
	batch    int
	addr     string
	load     func() int
	onState  func(up bool)
	log      *slog.Logger
	started  time.Time

	// mu guards local: this node's users as it put them online, the source for heartbeats and for
	// re-registering them after Redis lost its data (restart, failover).
	mu    sync.Mutex
	local map[string]Entry

	stateMu   sync.Mutex // guards up, lastErr and downSince: the health of the link to Redis
	up        bool
	lastErr   error
	downSince time.Time
}

// RedisOption configures NewRedis.
type RedisOption func(*Redis)

// WithTTL sets how long a silent node's keys live (default 15 s) and how often Run refreshes them
// (default 5 s). ttl must be at least twice interval. Tests use short values.
func WithTTL(ttl, interval time.Duration) RedisOption {
	return func(r *Redis) { r.ttl, r.interval = ttl, interval }
}

// WithAddress sets the address other nodes and clients can reach this node at, published in Nodes.
func WithAddress(addr string) RedisOption { return func(r *Redis) { r.addr = addr } }

// WithLoad sets the function whose value is published as this node's load at each heartbeat
// (default: the number of users this node has online).
func WithLoad(load func() int) RedisOption { return func(r *Redis) { r.load = load } }

// WithKeyPrefix puts all keys under prefix (default "embassy:"), so several embassies can share a
// Redis database.
func WithKeyPrefix(prefix string) RedisOption { return func(r *Redis) { r.prefix = prefix } }

// WithStateHook sets a function called from Run when the link to Redis goes down (false) or comes
// back (true), e.g. to set a Prometheus gauge. It must not block.
func WithStateHook(f func(up bool)) RedisOption { return func(r *Redis) { r.onState = f } }

// WithBatch sets how many users one heartbeat round trip refreshes (default 10,000).
func WithBatch(n int) RedisOption { return func(r *Redis) { r.batch = n } }

// Timeouts for talking to Redis: an outage must make calls fail fast, not hang joins.
const (
	redisDialTimeout = time.Second
	redisIOTimeout   = 2 * time.Second
)

// NewRedis connects to the Redis at rawURL (redis://[user:password@]host:port/db, or rediss:// for
// TLS) as node and registers the node. The URL carries the credentials: never log it, log
// RedactURL(rawURL). The first call also routes go-redis's own log lines to log at debug level.
// It fails if Redis cannot be reached, so a wrong URL or password stops start-up.
func NewRedis(ctx context.Context, rawURL, node string, log *slog.Logger, opts ...RedisOption) (*Redis, error) {
	if node == "" {
		return nil, errors.New("redis presence: empty node id")
	}
	r := &Redis{
		node: node, prefix: "embassy:", ttl: 15 * time.Second, interval: 5 * time.Second, batch: 10000,
		log: log, started: time.Now(), local: make(map[string]Entry), up: true,
	}
	for _, o := range opts {
		o(r)
	}
	if r.interval <= 0 || r.ttl < 2*r.interval {
		return nil, fmt.Errorf("redis presence: ttl %v must be at least twice the heartbeat interval %v", r.ttl, r.interval)
	}
	if r.batch <= 0 {
		r.batch = 10000
	}
	if r.load == nil {
		r.load = r.localCount
	}
	o, err := parseRedisURL(rawURL)
	if err != nil {
		return nil, err
	}
	libraryLogOnce.Do(func() { redis.SetLogger(libraryLog{log}) })
	r.rdb = redis.NewClient(o)
	r.log = log.With("presence", "redis", "redis", RedactURL(rawURL), "node", node)
	if _, err := r.heartbeat(ctx); err != nil {
		_ = r.rdb.Close()
		return nil, fmt.Errorf("redis presence at %s: %w", RedactURL(rawURL), err)
	}
	return r, nil
}

// libraryLogOnce routes go-redis's own messages, which are process-wide and would otherwise print
// every failed dial to stderr during an outage, to the first store's logger at debug level; Run
// reports outages once.
var libraryLogOnce sync.Once

type libraryLog struct{ log *slog.Logger }

func (l libraryLog) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, "go-redis: "+fmt.Sprintf(format, v...))
}

// parseRedisURL turns the URL into client options with short timeouts unless the URL sets its own
// (dial_timeout=, read_timeout=... query parameters). Errors never contain the password.
func parseRedisURL(rawURL string) (*redis.Options, error) {
	o, err := redis.ParseURL(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) { // url.Error quotes the whole URL, password included
			err = ue.Err
		}
		return nil, fmt.Errorf("redis url %s: %w", RedactURL(rawURL), err)
	}
	if o.DialTimeout == 0 {
		o.DialTimeout = redisDialTimeout
	}
	if o.ReadTimeout == 0 {
		o.ReadTimeout = redisIOTimeout
	}
	if o.WriteTimeout == 0 {
		o.WriteTimeout = redisIOTimeout
	}
	if o.PoolTimeout == 0 {
		o.PoolTimeout = redisIOTimeout
	}
	o.ContextTimeoutEnabled = true
	// One retry covers a pooled connection that died with a Redis restart; more only delays the
	// error during an outage, and Run retries anyway.
	o.MaxRetries, o.DialerRetries = 1, 1
	o.MaxRetryBackoff = 100 * time.Millisecond
	// Plain Redis (7.0) does not know CLIENT MAINT_NOTIFICATIONS; don't ask on every connection.
	o.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	return o, nil
}

// RedactURL returns rawURL with its password replaced, for logs and errors.
func RedactURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "<unparseable redis url>"
	}
	return u.Redacted()
}

func (r *Redis) userKey(id string) string       { return r.prefix + "u:" + id }
func (r *Redis) nameKey(nk string) string       { return r.prefix + "name:" + nk }
func (r *Redis) nodeKey(node string) string     { return r.prefix + "node:" + node }
func (r *Redis) nodeUsersKey(n string) string   { return r.prefix + "node:" + n + ":users" }
func (r *Redis) nodesKey() string               { return r.prefix + "nodes" }
func (r *Redis) ttlMillis() int64               { return r.ttl.Milliseconds() }
func (r *Redis) sinceString(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// entryArgs are the ARGV of addScript and reregisterScript.
func (r *Redis) entryArgs(e Entry) []any {
	return []any{e.UserID, e.Name, NameKey(e.Name), e.Role, e.Node, e.Room, r.sinceString(e.Since), r.ttlMillis(), r.prefix, e.DeviceKey}
}

func (r *Redis) entryKeys(e Entry) []string {
	return []string{r.userKey(e.UserID), r.nameKey(NameKey(e.Name)), r.nodeUsersKey(e.Node), r.nodesKey()}
}

// Add implements Store. The entry is put online on this node: an empty Node is set to this node's
// id, another node's id is an error. Claiming the name, writing the user and listing it under the
// node happen in one script, so two nodes racing for a name cannot both win.
func (r *Redis) Add(ctx context.Context, e Entry) error {
	if e.UserID == "" || e.Name == "" {
		return fmt.Errorf("add %q: empty user id or name", e.Name)
	}
	if e.Node == "" {
		e.Node = r.node
	}
	if e.Node != r.node {
		return fmt.Errorf("add %q: entry is for node %q, this is node %q", e.Name, e.Node, r.node)
	}
	if e.Since.IsZero() {
		e.Since = time.Now()
	}
	e.Since = e.Since.UTC().Round(0)
	n, err := addScript.Run(ctx, r.rdb, r.entryKeys(e), r.entryArgs(e)...).Int()
	if err != nil {
		return fmt.Errorf("add %q: %w", e.Name, err)
	}
	if n == 0 {
		return fmt.Errorf("add %q: %w", e.Name, ErrNameTaken)
	}
	r.mu.Lock()
	r.local[e.UserID] = e
	r.mu.Unlock()
	return nil
}

// SetRoom implements Store. It never brings back a user that was removed or expired.
func (r *Redis) SetRoom(ctx context.Context, userID, room string) error {
	r.mu.Lock()
	if e, ok := r.local[userID]; ok { // kept even if Redis fails: re-registration uses it
		e.Room = room
		r.local[userID] = e
	}
	r.mu.Unlock()
	n, err := setRoomScript.Run(ctx, r.rdb, []string{r.userKey(userID)}, room).Int()
	if err != nil {
		return fmt.Errorf("set room of %s: %w", userID, err)
	}
	if n == 0 {
		return fmt.Errorf("set room of %s: %w", userID, ErrNotFound)
	}
	return nil
}

// Remove implements Store. The name is freed only if it still belongs to userID. If Redis is
// unreachable the user is still forgotten locally, so its keys expire within the TTL.
func (r *Redis) Remove(ctx context.Context, userID string) error {
	r.mu.Lock()
	e, ok := r.local[userID]
	delete(r.local, userID)
	r.mu.Unlock()
	if !ok {
		e = Entry{UserID: userID}
	}
	if err := r.removeScriptCmd(ctx, r.rdb, e).Err(); err != nil {
		return fmt.Errorf("remove %s: %w", userID, err)
	}
	return nil
}

// removeScriptCmd runs removeScript on c; in a pipeline it sends the script text (EVAL), since a
// pipeline cannot fall back from EVALSHA when Redis has lost its script cache.
func (r *Redis) removeScriptCmd(ctx context.Context, c redis.Scripter, e Entry) *redis.Cmd {
	nk := ""
	if e.Name != "" {
		nk = NameKey(e.Name)
	}
	keys, args := []string{r.userKey(e.UserID)}, []any{e.UserID, r.prefix, nk, e.Node, r.node}
	if _, pipelined := c.(redis.Pipeliner); pipelined {
		return removeScript.Eval(ctx, c, keys, args...)
	}
	return removeScript.Run(ctx, c, keys, args...)
}

// userFields is the order in which user hashes are read.
var userFields = []string{"id", "name", "role", "node", "room", "since", "dkey"}

// List implements Store: everyone online on every live node, by name.
func (r *Redis) List(ctx context.Context) ([]Entry, error) {
	nodes, err := r.rdb.SMembers(ctx, r.nodesKey()).Result()
	if err != nil {
		return nil, fmt.Errorf("list nodes: %w", err)
	}
	pipe := r.rdb.Pipeline()
	members := make([]*redis.StringSliceCmd, len(nodes))
	for i, n := range nodes {
		members[i] = pipe.SMembers(ctx, r.nodeUsersKey(n))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("list users of nodes: %w", err)
	}
	seen := make(map[string]bool)
	var ids []string
	for _, m := range members {
		for _, id := range m.Val() {
			if !seen[id] { // a user that just moved nodes may be in two sets
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	out := make([]Entry, 0, len(ids))
	for start := 0; start < len(ids); start += r.batch {
		chunk := ids[start:min(start+r.batch, len(ids))]
		pipe := r.rdb.Pipeline()
		cmds := make([]*redis.SliceCmd, len(chunk))
		for i, id := range chunk {
			cmds[i] = pipe.HMGet(ctx, r.userKey(id), userFields...)
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		for _, c := range cmds {
			if e, ok := parseEntry(c.Val()); ok { // expired between the two reads: skip
				out = append(out, e)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return NameKey(out[i].Name) < NameKey(out[j].Name) })
	return out, nil
}

// ByName implements Store.
func (r *Redis) ByName(ctx context.Context, name string) (Entry, error) {
	v, err := byNameScript.Run(ctx, r.rdb, []string{r.nameKey(NameKey(name))}, r.prefix).Slice()
	if errors.Is(err, redis.Nil) {
		return Entry{}, fmt.Errorf("%q: %w", name, ErrNotFound)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("find %q: %w", name, err)
	}
	e, ok := parseEntry(v)
	if !ok {
		return Entry{}, fmt.Errorf("%q: %w", name, ErrNotFound)
	}
	return e, nil
}

// parseEntry reads the values of userFields; ok is false if the hash did not exist.
func parseEntry(v []any) (Entry, bool) {
	if len(v) != len(userFields) {
		return Entry{}, false
	}
	s := make([]string, len(v))
	for i, x := range v {
		s[i], _ = x.(string)
	}
	if s[0] == "" {
		return Entry{}, false
	}
	since, _ := time.Parse(time.RFC3339Nano, s[5])
	return Entry{UserID: s[0], Name: s[1], Role: s[2], Node: s[3], Room: s[4], Since: since, DeviceKey: s[6]}, true
}

// NodeInfo is one live node as published by its heartbeats.
type NodeInfo struct {
	ID        string    `json:"id"`
	Addr      string    `json:"addr"`
	Load      int       `json:"load"`
	Users     int       `json:"users"`
	Started   time.Time `json:"started"`
	Heartbeat time.Time `json:"heartbeat"` // by the node's own clock
}

// Nodes returns the live nodes, by id. Nodes whose keys have expired are pruned from the index.
func (r *Redis) Nodes(ctx context.Context) ([]NodeInfo, error) {
	ids, err := r.rdb.SMembers(ctx, r.nodesKey()).Result()
	if err != nil {
		return nil, fmt.Errorf("list nodes: %w", err)
	}
	pipe := r.rdb.Pipeline()
	infos := make([]*redis.SliceCmd, len(ids))
	counts := make([]*redis.IntCmd, len(ids))
	for i, id := range ids {
		infos[i] = pipe.HMGet(ctx, r.nodeKey(id), "addr", "load", "heartbeat", "started")
		counts[i] = pipe.SCard(ctx, r.nodeUsersKey(id))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("read nodes: %w", err)
	}
	var out []NodeInfo
	var dead []string
	for i, id := range ids {
		v := infos[i].Val()
		if v[2] == nil {
			dead = append(dead, id)
			continue
		}
		str := func(k int) string { s, _ := v[k].(string); return s }
		load, _ := strconv.Atoi(str(1))
		out = append(out, NodeInfo{
			ID: id, Addr: str(0), Load: load, Users: int(counts[i].Val()),
			Heartbeat: unixMilli(str(2)), Started: unixMilli(str(3)),
		})
	}
	if len(dead) > 0 {
		pipe := r.rdb.Pipeline()
		for _, id := range dead {
			pruneNodeScript.Eval(ctx, pipe, []string{r.nodesKey(), r.nodeKey(id), r.nodeUsersKey(id)}, id)
		}
		if _, err := pipe.Exec(ctx); err != nil {
			r.log.Debug("prune dead nodes", "err", err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func unixMilli(s string) time.Time {
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// Client returns the Redis client, so that other parts of the node (room directory, message bus)
// share its connection pool and settings.
func (r *Redis) Client() *redis.Client { return r.rdb }

// Prefix returns the key prefix.
func (r *Redis) Prefix() string { return r.prefix }

// Node is this store's node id.
func (r *Redis) Node() string { return r.node }

// Close closes the connections to Redis; the node's keys stay until they expire (see Deregister).
func (r *Redis) Close() error { return r.rdb.Close() }

func (r *Redis) localCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.local)
}
