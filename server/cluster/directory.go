// Package cluster lets several server nodes act as one embassy through Redis: a room directory in
// which each room is claimed by exactly one node at a time, a message bus over pub/sub that carries
// direct messages, announcements and kicks to the node holding their recipient, and single-use
// tickets that carry a visitor's identity when a redirect sends them to another node. Reads of the
// directory come from a local cache refreshed in the background, so rooms never wait on Redis.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// NodeAddrs returns the WebSocket URL of every live node, by node id.
type NodeAddrs func(ctx context.Context) (map[string]string, error)

// Directory records which node hosts each room.
type Directory struct {
	rdb      *redis.Client
	prefix   string
	node     string
	rooms    []string
	ttl      time.Duration
	interval time.Duration
	addrs    NodeAddrs
	hosted   func() map[string]int // rooms this node runs now, with occupants
	log      *slog.Logger

	// pubMu serialises reading this node's occupancy (hosted) and writing it to Redis, so a count
	// read earlier can never overwrite one read later.
	pubMu sync.Mutex

	mu     sync.RWMutex // guards owners, occ, urls, mine
	owners map[string]string
	occ    map[string]int
	urls   map[string]string
	mine   map[string]bool // rooms this node holds a claim on
}

// NewDirectory returns a directory of rooms for node. hosted reports the occupancy of the rooms the
// node runs; addrs lists live nodes' URLs.
func NewDirectory(rdb *redis.Client, prefix, node string, rooms []string, ttl, interval time.Duration,
	addrs NodeAddrs, hosted func() map[string]int, log *slog.Logger) *Directory {
	return &Directory{
		rdb: rdb, prefix: prefix, node: node, rooms: rooms, ttl: ttl, interval: interval, addrs: addrs,
		hosted: hosted, log: log.With("cluster", "directory"),
		owners: map[string]string{}, occ: map[string]int{}, urls: map[string]string{}, mine: map[string]bool{},
	}
}

func (d *Directory) roomKey(room string) string { return d.prefix + "room:" + room }
func (d *Directory) occKey(room string) string  { return d.prefix + "room:" + room + ":occupants" }

// Owner returns the node hosting room and its URL, from the cache; ok is false if nobody does.
func (d *Directory) Owner(room string) (node, url string, ok bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	node, ok = d.owners[room]
	return node, d.urls[node], ok
}

// URL returns node's WebSocket URL, asking Redis when the cache does not know it yet.
func (d *Directory) URL(ctx context.Context, node string) (string, error) {
	d.mu.RLock()
	url, ok := d.urls[node]
	d.mu.RUnlock()
	if ok && url != "" {
		return url, nil
	}
	urls, err := d.addrs(ctx)
	if err != nil {
		return "", fmt.Errorf("find node %s: %w", node, err)
	}
	d.mu.Lock()
	d.urls = urls
	d.mu.Unlock()
	if urls[node] == "" {
		return "", fmt.Errorf("node %s is not live", node)
	}
	return urls[node], nil
}

// Mine reports whether this node holds the claim on room (cached).
func (d *Directory) Mine(room string) bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.mine[room]
}

// Occupants returns the occupancy the hosting node last published for room.
func (d *Directory) Occupants(room string) int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.occ[room]
}

// claimScript takes a room if nobody holds it, or keeps it if this node does. KEYS: room key.
// ARGV: node, ttl ms. Returns the holder.
var claimScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if not cur or cur == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
return cur
`)

// Claim takes room for this node if no node hosts it, and returns the node that does.
func (d *Directory) Claim(ctx context.Context, room string) (string, error) {
	owner, err := claimScript.Run(ctx, d.rdb, []string{d.roomKey(room)}, d.node, d.ttl.Milliseconds()).Text()
	if err != nil {
		return "", fmt.Errorf("claim room %s: %w", room, err)
	}
	d.mu.Lock()
	d.owners[room] = owner
	d.mine[room] = owner == d.node
	d.mu.Unlock()
	return owner, nil
}

// releaseScript gives up a room only if this node holds it.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1], KEYS[2]) end
return 1
`)

// ReleaseAll gives up every room this node holds (clean shutdown), so others can take them at once.
func (d *Directory) ReleaseAll(ctx context.Context) error {
	d.mu.Lock()
	mine := make([]string, 0, len(d.mine))
	for r, ok := range d.mine {
		if ok {
			mine = append(mine, r)
		}
	}
	d.mine = map[string]bool{}
	d.mu.Unlock()
	pipe := d.rdb.Pipeline()
	for _, r := range mine {
		releaseScript.Eval(ctx, pipe, []string{d.roomKey(r), d.occKey(r)}, d.node)
	}
	if _, err := pipe.Exec(ctx); err != nil && len(mine) > 0 {
		return fmt.Errorf("release rooms: %w", err)
	}
	return nil
}

// Run refreshes this node's claims and the cache every interval until ctx ends. Claims lost while
// Redis was away are taken back if still free; a room claimed meanwhile by another node is reported
// by Lost so the node can send its people there.
func (d *Directory) Run(ctx context.Context, lost func(room, owner string)) error {
	t := time.NewTicker(d.interval)
	defer t.Stop()
	down := false
	for {
		if err := d.refresh(ctx, lost); err != nil {
			if !down && ctx.Err() == nil {
				d.log.Warn("room directory unreachable; rooms keep running, retrying", "err", err)
			}
			down = true
		} else if down {
			d.log.Info("room directory reachable again")
			down = false
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Publish writes the occupancy of the rooms this node holds to Redis now, rather than at the next
// refresh: a visitor is leaving for another node, which reads it on their arrival (RefreshOccupancy).
func (d *Directory) Publish(ctx context.Context) error {
	d.pubMu.Lock()
	defer d.pubMu.Unlock()
	hosted := d.hosted()
	pipe := d.rdb.Pipeline()
	d.mu.RLock()
	for room, mine := range d.mine {
		if mine {
			pipe.Set(ctx, d.occKey(room), hosted[room], d.ttl)
		}
	}
	d.mu.RUnlock()
	if pipe.Len() == 0 {
		return nil
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("publish occupancy: %w", err)
	}
	return nil
}

// RefreshOccupancy reads every room's published occupancy now, rather than at the next refresh: a
// visitor has just come from another node, which published its counts before sending them (Publish).
func (d *Directory) RefreshOccupancy(ctx context.Context) error {
	pipe := d.rdb.Pipeline()
	occs := make([]*redis.StringCmd, len(d.rooms))
	for i, room := range d.rooms {
		occs[i] = pipe.Get(ctx, d.occKey(room))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("read occupancy: %w", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for i, room := range d.rooms {
		n, _ := strconv.Atoi(occs[i].Val())
		d.occ[room] = n
	}
	return nil
}

func (d *Directory) refresh(ctx context.Context, lost func(room, owner string)) error {
	ctx, cancel := context.WithTimeout(ctx, d.interval)
	defer cancel()
	d.pubMu.Lock()
	defer d.pubMu.Unlock()
	hosted := d.hosted()
	pipe := d.rdb.Pipeline()
	claims := map[string]*redis.Cmd{}
	d.mu.RLock()
	for room := range d.mine {
		if d.mine[room] {
			claims[room] = claimScript.Eval(ctx, pipe, []string{d.roomKey(room)}, d.node, d.ttl.Milliseconds())
			pipe.Set(ctx, d.occKey(room), hosted[room], d.ttl)
		}
	}
	d.mu.RUnlock()
	owners := make([]*redis.StringCmd, len(d.rooms))
	occs := make([]*redis.StringCmd, len(d.rooms))
	for i, room := range d.rooms {
		owners[i] = pipe.Get(ctx, d.roomKey(room))
		occs[i] = pipe.Get(ctx, d.occKey(room))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("refresh room directory: %w", err)
	}
	urls, err := d.addrs(ctx)
	if err != nil {
		return fmt.Errorf("list nodes: %w", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.urls = urls
	for i, room := range d.rooms {
		if o, err := owners[i].Result(); err == nil {
			d.owners[room] = o
		} else {
			delete(d.owners, room)
		}
		n, _ := strconv.Atoi(occs[i].Val())
		d.occ[room] = n
	}
	for room, cmd := range claims {
		if owner, err := cmd.Text(); err == nil && owner != d.node {
			d.mine[room] = false
			if lost != nil {
				go lost(room, owner)
			}
		}
	}
	return nil
}
