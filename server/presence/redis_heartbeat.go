package presence

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Backoff of Run while Redis is unreachable: from minRetry doubling up to the heartbeat interval.
const minRetry = 250 * time.Millisecond

// Run keeps this node and its users alive in Redis until ctx ends: a heartbeat every interval, and
// while Redis is unreachable, retries with backoff. An outage is logged once when it starts and
// once when it ends, and reported to the state hook; when Redis returns having lost data, the
// heartbeat re-registers this node's users. Run returns nil when ctx ends; it leaves the keys to
// expire (see Deregister).
func (r *Redis) Run(ctx context.Context) error {
	t := time.NewTimer(r.interval)
	defer t.Stop()
	retry := time.Duration(0)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		hctx, cancel := context.WithTimeout(ctx, r.interval)
		err := r.Heartbeat(hctx)
		cancel()
		if ctx.Err() != nil {
			return nil
		}
		next := r.interval
		if err != nil {
			retry = min(max(2*retry, minRetry), r.interval)
			next = retry
		} else {
			retry = 0
		}
		t.Reset(next)
	}
}

// Heartbeat refreshes the TTLs of this node, its user set, and its users' hashes and name claims,
// batch users per round trip (pipelined), and re-registers any user whose keys were lost. It
// records the outcome for Healthy. Run calls it; tests and benchmarks may call it directly.
func (r *Redis) Heartbeat(ctx context.Context) error {
	n, err := r.heartbeat(ctx)
	r.setState(err, n)
	return err
}

func (r *Redis) heartbeat(ctx context.Context) (reregistered int, err error) {
	users := r.snapshot()
	ttl := r.ttl
	var lost []string
	for start := 0; start == 0 || start < len(users); start += r.batch {
		chunk := users[start:min(start+r.batch, len(users))]
		pipe := r.rdb.Pipeline()
		if start == 0 {
			now := time.Now()
			pipe.HSet(ctx, r.nodeKey(r.node), "id", r.node, "addr", r.addr, "load", strconv.Itoa(r.load()),
				"heartbeat", now.UnixMilli(), "started", r.started.UnixMilli())
			pipe.PExpire(ctx, r.nodeKey(r.node), ttl)
			pipe.SAdd(ctx, r.nodesKey(), r.node)
			pipe.PExpire(ctx, r.nodeUsersKey(r.node), ttl)
		}
		refreshed := make([]*redis.BoolCmd, 0, 2*len(chunk))
		for _, e := range chunk {
			refreshed = append(refreshed,
				pipe.PExpire(ctx, r.userKey(e.UserID), ttl),
				pipe.PExpire(ctx, r.nameKey(NameKey(e.Name)), ttl))
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return 0, fmt.Errorf("heartbeat: %w", err)
		}
		for i, e := range chunk {
			if !refreshed[2*i].Val() || !refreshed[2*i+1].Val() {
				lost = append(lost, e.UserID)
			}
		}
	}
	if len(lost) == 0 {
		return 0, nil
	}
	return r.reregister(ctx, lost)
}

// reregister puts back the given users of this node, as this node last knew them.
func (r *Redis) reregister(ctx context.Context, ids []string) (int, error) {
	var again []Entry
	r.mu.Lock()
	for _, id := range ids {
		if e, ok := r.local[id]; ok { // removed since the snapshot: stays removed
			again = append(again, e)
		}
	}
	r.mu.Unlock()
	for start := 0; start < len(again); start += r.batch {
		chunk := again[start:min(start+r.batch, len(again))]
		pipe := r.rdb.Pipeline()
		cmds := make([]*redis.Cmd, len(chunk))
		for i, e := range chunk {
			cmds[i] = reregisterScript.Eval(ctx, pipe, r.entryKeys(e), r.entryArgs(e)...)
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return 0, fmt.Errorf("re-register users: %w", err)
		}
		for i, c := range cmds {
			if n, _ := c.Int(); n == 2 {
				r.log.Warn("name taken by another user while redis was away; user listed without the name claim",
					"user_id", chunk[i].UserID, "name", chunk[i].Name)
			}
		}
	}
	// A Remove that ran while the scripts were in flight deleted the keys before the script wrote
	// them again: take those users down once more.
	var gone []Entry
	r.mu.Lock()
	for _, e := range again {
		if _, ok := r.local[e.UserID]; !ok {
			gone = append(gone, e)
		}
	}
	r.mu.Unlock()
	if len(gone) > 0 {
		pipe := r.rdb.Pipeline()
		for _, e := range gone {
			r.removeScriptCmd(ctx, pipe, e)
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return 0, fmt.Errorf("re-remove users: %w", err)
		}
	}
	return len(again), nil
}

// snapshot copies this node's users.
func (r *Redis) snapshot() []Entry {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Entry, 0, len(r.local))
	for _, e := range r.local {
		out = append(out, e)
	}
	return out
}

// setState records the outcome of a heartbeat, logging and calling the hook only on changes.
func (r *Redis) setState(err error, reregistered int) {
	r.stateMu.Lock()
	wasUp, down := r.up, r.downSince
	r.up, r.lastErr = err == nil, err
	if err != nil && wasUp {
		r.downSince = time.Now()
	}
	r.stateMu.Unlock()
	switch {
	case err != nil && wasUp:
		r.log.Warn("presence redis unreachable; keeping local users and retrying", "err", err)
	case err != nil:
		r.log.Debug("presence redis still unreachable", "err", err)
	case !wasUp:
		r.log.Info("presence redis reachable again", "outage", time.Since(down).Round(time.Millisecond),
			"reregistered_users", reregistered)
	case reregistered > 0:
		r.log.Warn("presence redis had lost users of this node; re-registered them", "reregistered_users", reregistered)
	}
	if r.onState != nil && (err == nil) != wasUp {
		r.onState(err == nil)
	}
}

// Healthy reports whether the last heartbeat reached Redis.
func (r *Redis) Healthy() bool {
	r.stateMu.Lock()
	defer r.stateMu.Unlock()
	return r.up
}

// LastError is the error of the last heartbeat, nil if it succeeded.
func (r *Redis) LastError() error {
	r.stateMu.Lock()
	defer r.stateMu.Unlock()
	return r.lastErr
}

// Deregister takes this node and all its users out of Redis at once, for a clean shutdown (so
// other nodes need not wait for the TTL). Call it after Run has returned.
func (r *Redis) Deregister(ctx context.Context) error {
	users := r.snapshot()
	r.mu.Lock()
	clear(r.local)
	r.mu.Unlock()
	for start := 0; start == 0 || start < len(users); start += r.batch {
		pipe := r.rdb.Pipeline()
		if start == 0 {
			pipe.Del(ctx, r.nodeKey(r.node))
			pipe.SRem(ctx, r.nodesKey(), r.node)
		}
		for _, e := range users[start:min(start+r.batch, len(users))] {
			r.removeScriptCmd(ctx, pipe, e)
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return fmt.Errorf("deregister node %s: %w", r.node, err)
		}
	}
	return nil
}
