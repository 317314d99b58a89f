package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is the Store in Redis, for a cluster: every node sees the same bans at once. It keeps what
// Redis keeps: with appendonly yes (or RDB snapshots) its data survives a Redis restart, without
// persistence a restart loses it; Durability tells which (the server should warn at start).
//
// Keys, all under Prefix + "store:":
//
//	schema                  string: the layout version (redisMigrations)
//	ban:seq                 counter of ban ids
//	ban:<id>                hash: one ban, lifted or not (kept for good, like SQLite's rows)
//	bans:active             zset: ids of bans not lifted, scored by expiry in ms (+inf: for good)
//	bans:user:<user id>     set: ids of every ban by that user id (and bans:name:, bans:device:)
//	mutes                   hash: "<kind>:<user id>" -> JSON of the mute
//	room:<room id>          hash: locked, capacity, slow_mode_seconds, audience_muted; rooms: set of room ids
//	report:seq, report:<id> counter and hash: one report; reports:open: zset of open report ids
//	audit                   stream: the audit log, one entry per staff action, never trimmed
//	revoked:<token id>      string: until in ms; expires an hour after until (answers compare times)
//	event:seq, event:<id>   counter and hash: one event, cancelled or not (lists as JSON arrays)
//	events:ends             zset: ids of events not cancelled, scored by end in ms
//	events:room:<room id>   zset: the same for one room (EventAt reads the ones not over yet)
//	event:<id>:record       list: the event's record, JSON entries, entry n at index n-1
//	event:<id>:questions    zset: ids of the event's questions, scored by id
//	question:seq, question:<id> counter and hash: one question, with votes
//	question:<id>:voters    set: the voter ids counted in votes
//
// Expiry is decided by comparing times with the caller's now, never by a key vanishing: Redis TTL
// only tidies revocations. The Lua scripts read keys they build from the prefix, so the store
// needs one Redis (or a cluster with everything on one slot), as the rest of the server does.
type Redis struct {
	rdb   *redis.Client
	owned bool   // the store dialled rdb and closes it
	k     string // key prefix: Prefix + "store:"
}

// redisMigrations are the numbered changes to the Redis layout; version i+1 is at index i. A step
// rewrites old data when a new version needs it; new keys alone need no step. Nodes of a cluster
// may start at once, so a step must be safe to run twice.
var redisMigrations = []struct {
	name string
	up   func(ctx context.Context, r *Redis) error
}{
	{"moderation and identity keys as listed on Redis", nil},
}

// revokedGrace is how long a revocation key outlives its until: a node whose clock lags Redis's
// still finds it (the answer compares until with the node's now).
const revokedGrace = time.Hour

// Timeouts for dialling a RedisURL: an outage must make a join fail fast, not hang.
const (
	redisDialTimeout = time.Second
	redisIOTimeout   = 2 * time.Second
)

// OpenRedis dials the Redis at rawURL (redis://[user:password@]host:port/db, rediss:// for TLS)
// and returns the store under prefix. Errors never contain the password.
func OpenRedis(ctx context.Context, rawURL, prefix string) (*Redis, error) {
	o, err := redis.ParseURL(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) { // url.Error quotes the whole URL, password included
			err = ue.Err
		}
		return nil, fmt.Errorf("redis store url %s: %w", redactURL(rawURL), err)
	}
	if o.DialTimeout == 0 {
		o.DialTimeout = redisDialTimeout
	}
	if o.ReadTimeout == 0 {
		o.ReadTimeout, o.WriteTimeout = redisIOTimeout, redisIOTimeout
	}
	o.ContextTimeoutEnabled = true
	// One retry covers a pooled connection that died with a Redis restart; more only delays the
	// error during an outage.
	o.MaxRetries, o.DialerRetries = 1, 1
	o.MaxRetryBackoff = 100 * time.Millisecond
	r, err := NewRedis(ctx, redis.NewClient(o), prefix)
	if err != nil {
		return nil, fmt.Errorf("redis store at %s: %w", redactURL(rawURL), err)
	}
	r.owned = true
	return r, nil
}

func redactURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "<unparseable redis url>"
	}
	return u.Redacted()
}

// NewRedis returns the store on an existing client (Close leaves the client open), after checking
// that Redis answers and bringing its layout up to date.
func NewRedis(ctx context.Context, rdb *redis.Client, prefix string) (*Redis, error) {
	r := &Redis{rdb: rdb, k: prefix + "store:"}
	if err := r.migrate(ctx); err != nil {
		if r.owned {
			_ = rdb.Close()
		}
		return nil, err
	}
	return r, nil
}

func (r *Redis) migrate(ctx context.Context) error {
	current, err := r.rdb.Get(ctx, r.k+"schema").Int()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("read store schema version: %w", err)
	}
	if current > len(redisMigrations) {
		return fmt.Errorf("redis store at layout %d, this server knows %d: %w", current, len(redisMigrations), ErrSchemaTooNew)
	}
	for i := current; i < len(redisMigrations); i++ {
		if up := redisMigrations[i].up; up != nil {
			if err := up(ctx, r); err != nil {
				return fmt.Errorf("redis store migration %d (%s): %w", i+1, redisMigrations[i].name, err)
			}
		}
		if err := r.rdb.Set(ctx, r.k+"schema", i+1, 0).Err(); err != nil {
			return fmt.Errorf("record redis store migration %d: %w", i+1, err)
		}
	}
	return nil
}

// Kind is "redis".
func (r *Redis) Kind() string { return "redis" }

// Close closes the client if the store dialled it.
func (r *Redis) Close() error {
	if !r.owned {
		return nil
	}
	if err := r.rdb.Close(); err != nil {
		return fmt.Errorf("close redis store: %w", err)
	}
	return nil
}

// Durability is how Redis is set to keep data across its own restart.
type Durability struct {
	AppendOnly bool   // appendonly yes: every write is logged (AOF)
	Save       string // RDB snapshot rules ("3600 1 300 100"); empty: no snapshots
}

// Durable reports whether a Redis restart keeps the store: AOF, or at least RDB snapshots (which
// lose the writes since the last one).
func (d Durability) Durable() bool { return d.AppendOnly || strings.TrimSpace(d.Save) != "" }

// Durability asks Redis how it persists (CONFIG GET). Managed Redis services may refuse CONFIG: the
// error says so and the caller decides whether to warn.
func (r *Redis) Durability(ctx context.Context) (Durability, error) {
	v, err := r.rdb.ConfigGet(ctx, "appendonly").Result()
	if err != nil {
		return Durability{}, fmt.Errorf("redis CONFIG GET appendonly: %w", err)
	}
	save, err := r.rdb.ConfigGet(ctx, "save").Result()
	if err != nil {
		return Durability{}, fmt.Errorf("redis CONFIG GET save: %w", err)
	}
	return Durability{AppendOnly: v["appendonly"] == "yes", Save: save["save"]}, nil
}

// Hash encoding: times are decimal milliseconds, "0" for the zero time.

func msField(t time.Time) string { return strconv.FormatInt(ms(t), 10) }

func timeField(m map[string]string, f string) time.Time {
	v, _ := strconv.ParseInt(m[f], 10, 64)
	return fromMS(v)
}

func actorFields(prefix string, a Actor) []any {
	return []any{prefix + "_id", a.ID, prefix + "_name", a.Name, prefix + "_role", a.Role}
}

func actorField(m map[string]string, prefix string) Actor {
	return Actor{ID: m[prefix+"_id"], Name: m[prefix+"_name"], Role: m[prefix+"_role"]}
}

// closeOnceScript records that a ban was lifted, a report handled or a question answered, once.
// KEYS: the record's hash, then the zset of open ones if there is one. ARGV: the record's id, the
// field that says it is closed, then the field/value pairs to set. Returns 0: no such record, 1:
// closed before, 2: closed now.
var closeOnceScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local v = redis.call('HGET', KEYS[1], ARGV[2])
if v and v ~= '0' then return 1 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
if KEYS[2] then redis.call('ZREM', KEYS[2], ARGV[1]) end
return 2
`)

// Bans.

func (r *Redis) banKey(id int64) string { return r.k + "ban:" + strconv.FormatInt(id, 10) }

// banIndexKeys are the index sets s's non-empty keys name.
func (r *Redis) banIndexKeys(s Subject) []string {
	var keys []string
	if s.UserID != "" {
		keys = append(keys, r.k+"bans:user:"+s.UserID)
	}
	if s.Name != "" {
		keys = append(keys, r.k+"bans:name:"+s.Name)
	}
	if s.DeviceKey != "" {
		keys = append(keys, r.k+"bans:device:"+s.DeviceKey)
	}
	return keys
}

func banFromHash(id int64, m map[string]string) Ban {
	return Ban{
		ID: id, UserID: m["user_id"], Name: m["name"], DeviceKey: m["device_key"], Reason: m["reason"],
		By: actorField(m, "by"), CreatedAt: timeField(m, "created_at"), ExpiresAt: timeField(m, "expires_at"),
		LiftedBy: actorField(m, "lifted_by"), LiftedAt: timeField(m, "lifted_at"),
	}
}

// AddBan stores b.
func (r *Redis) AddBan(ctx context.Context, b Ban) (Ban, error) {
	if err := checkBan(b); err != nil {
		return Ban{}, err
	}
	id, err := r.rdb.Incr(ctx, r.k+"ban:seq").Result()
	if err != nil {
		return Ban{}, fmt.Errorf("add ban: %w", err)
	}
	b.ID, b.LiftedBy, b.LiftedAt = id, Actor{}, time.Time{}
	b = roundBan(b)
	fields := []any{"user_id", b.UserID, "name", b.Name, "device_key", b.DeviceKey, "reason", b.Reason,
		"created_at", msField(b.CreatedAt), "expires_at", msField(b.ExpiresAt), "lifted_at", "0"}
	fields = append(fields, actorFields("by", b.By)...)
	score := float64(ms(b.ExpiresAt))
	if b.ExpiresAt.IsZero() {
		score = inf
	}
	_, err = r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, r.banKey(id), fields...)
		for _, k := range r.banIndexKeys(Subject{UserID: b.UserID, Name: b.Name, DeviceKey: b.DeviceKey}) {
			p.SAdd(ctx, k, id)
		}
		p.ZAdd(ctx, r.k+"bans:active", redis.Z{Score: score, Member: id})
		return nil
	})
	if err != nil {
		return Ban{}, fmt.Errorf("add ban %d: %w", id, err)
	}
	return b, nil
}

// inf is the score of what never expires.
var inf = float64(1 << 62)

// LiftBan ends ban id.
func (r *Redis) LiftBan(ctx context.Context, id int64, by Actor, at time.Time) (Ban, error) {
	if err := checkAt("lift ban", at); err != nil {
		return Ban{}, err
	}
	err := r.closeOnce(ctx, r.banKey(id), r.k+"bans:active", id, "lifted_at", ErrAlreadyLifted,
		append(actorFields("lifted_by", by), "lifted_at", msField(at))...)
	return afterClose(fmt.Sprintf("lift ban %d", id), err, ErrAlreadyLifted, func() (Ban, error) { return r.GetBan(ctx, id) })
}

// afterClose answers a closeOnce whose error was closeErr: the record as get then reads it, with
// already when it was closed before (as first closed); only an error when closing failed otherwise.
func afterClose[T any](what string, closeErr, already error, get func() (T, error)) (T, error) {
	var zero T
	if closeErr != nil && !errors.Is(closeErr, already) {
		return zero, fmt.Errorf("%s: %w", what, closeErr)
	}
	v, err := get()
	if err != nil {
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	if closeErr != nil {
		return v, fmt.Errorf("%s: %w", what, closeErr)
	}
	return v, nil
}

// closeOnce runs closeOnceScript on a record (open: the zset of open ones, or empty): ErrNotFound
// when there is none, already when it was closed before.
func (r *Redis) closeOnce(ctx context.Context, hash, open string, id int64, closedField string, already error, fields ...any) error {
	keys := []string{hash}
	if open != "" {
		keys = append(keys, open)
	}
	res, err := closeOnceScript.Run(ctx, r.rdb, keys, append([]any{id, closedField}, fields...)...).Int()
	switch {
	case err != nil:
		return err
	case res == 0:
		return ErrNotFound
	case res == 1:
		return already
	}
	return nil
}

// GetBan returns ban id.
func (r *Redis) GetBan(ctx context.Context, id int64) (Ban, error) {
	m, err := r.rdb.HGetAll(ctx, r.banKey(id)).Result()
	if err != nil {
		return Ban{}, fmt.Errorf("ban %d: %w", id, err)
	}
	if len(m) == 0 {
		return Ban{}, fmt.Errorf("ban %d: %w", id, ErrNotFound)
	}
	return banFromHash(id, m), nil
}

// bansScript returns the bans in the union of the index sets KEYS as id, HGETALL pairs. ARGV[1]
// is the ban key prefix. One round trip: Banned runs on every join.
var bansScript = redis.NewScript(`
local out = {}
for _, id in ipairs(redis.call('SUNION', unpack(KEYS))) do
  out[#out+1] = id
  out[#out+1] = redis.call('HGETALL', ARGV[1] .. id)
end
return out
`)

// bansFor returns every ban whose keys s shares, in no order.
func (r *Redis) bansFor(ctx context.Context, s Subject) ([]Ban, error) {
	keys := r.banIndexKeys(s)
	if len(keys) == 0 {
		return nil, nil
	}
	res, err := bansScript.Run(ctx, r.rdb, keys, r.k+"ban:").Slice()
	if err != nil {
		return nil, err
	}
	return fromIDHashes(res, func(id int64, m map[string]string) (Ban, error) { return banFromHash(id, m), nil })
}

// fromIDHashes decodes a script's answer of id, HGETALL pairs (bansScript, zsetHashesScript) with
// decode, skipping ids whose hash is gone.
func fromIDHashes[T any](res []any, decode func(id int64, m map[string]string) (T, error)) ([]T, error) {
	var out []T
	for i := 0; i+1 < len(res); i += 2 {
		idStr, _ := res[i].(string)
		id, err := strconv.ParseInt(idStr, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("id %q in an index: %w", idStr, err)
		}
		pairs, _ := res[i+1].([]any)
		if len(pairs) == 0 {
			continue // indexed but gone
		}
		m := make(map[string]string, len(pairs)/2)
		for j := 0; j+1 < len(pairs); j += 2 {
			k, _ := pairs[j].(string)
			v, _ := pairs[j+1].(string)
			m[k] = v
		}
		v, err := decode(id, m)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Banned reports the ban holding s out at now.
func (r *Redis) Banned(ctx context.Context, s Subject, now time.Time) (Ban, bool, error) {
	bans, err := r.bansFor(ctx, s)
	if err != nil {
		return Ban{}, false, fmt.Errorf("check ban: %w", err)
	}
	return longest(bans, now)
}

// BanHistory lists every ban matching s, newest first.
func (r *Redis) BanHistory(ctx context.Context, s Subject) ([]Ban, error) {
	bans, err := r.bansFor(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("ban history: %w", err)
	}
	sort.Slice(bans, func(i, j int) bool { return bans[i].ID > bans[j].ID })
	return bans, nil
}

// ActiveBans lists the bans in force at now, oldest first.
func (r *Redis) ActiveBans(ctx context.Context, now time.Time) ([]Ban, error) {
	ids, err := r.rdb.ZRangeByScore(ctx, r.k+"bans:active", &redis.ZRangeBy{
		Min: "(" + strconv.FormatInt(ms(now), 10), Max: "+inf"}).Result()
	if err != nil {
		return nil, fmt.Errorf("list active bans: %w", err)
	}
	hashes, err := r.hashes(ctx, ids, func(id string) string { return r.k + "ban:" + id })
	if err != nil {
		return nil, fmt.Errorf("list active bans: %w", err)
	}
	var bans []Ban
	for i, m := range hashes {
		id, _ := strconv.ParseInt(ids[i], 10, 64)
		if b := banFromHash(id, m); len(m) > 0 && b.ActiveAt(now) {
			bans = append(bans, b)
		}
	}
	sort.Slice(bans, func(i, j int) bool { return bans[i].ID < bans[j].ID })
	return bans, nil
}

// hashes reads the hash of each id in one pipeline; a missing hash is an empty map.
func (r *Redis) hashes(ctx context.Context, ids []string, key func(id string) string) ([]map[string]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	_, err := r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGetAll(ctx, key(id))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]map[string]string, len(ids))
	for i, c := range cmds {
		out[i] = c.Val()
	}
	return out, nil
}

// Mutes.

// muteRecord is a Mute as JSON in the mutes hash.
type muteRecord struct {
	Reason    string `json:"reason"`
	ByID      string `json:"by_id"`
	ByName    string `json:"by_name"`
	ByRole    string `json:"by_role"`
	CreatedAt int64  `json:"created_at"`
	ExpiresAt int64  `json:"expires_at,omitempty"`
}

func muteField(userID string, kind MuteKind) string { return string(kind) + ":" + userID }

func muteFromField(field, value string) (Mute, error) {
	kind, userID, _ := strings.Cut(field, ":")
	var rec muteRecord
	if err := json.Unmarshal([]byte(value), &rec); err != nil {
		return Mute{}, fmt.Errorf("mute %s: %w", field, err)
	}
	return Mute{UserID: userID, Kind: MuteKind(kind), Reason: rec.Reason,
		By:        Actor{ID: rec.ByID, Name: rec.ByName, Role: rec.ByRole},
		CreatedAt: fromMS(rec.CreatedAt), ExpiresAt: fromMS(rec.ExpiresAt)}, nil
}

// Mute sets m.
func (r *Redis) Mute(ctx context.Context, m Mute) error {
	if err := checkMute(m); err != nil {
		return err
	}
	v, err := json.Marshal(muteRecord{Reason: m.Reason, ByID: m.By.ID, ByName: m.By.Name, ByRole: m.By.Role,
		CreatedAt: ms(m.CreatedAt), ExpiresAt: ms(m.ExpiresAt)})
	if err == nil {
		err = r.rdb.HSet(ctx, r.k+"mutes", muteField(m.UserID, m.Kind), v).Err()
	}
	if err != nil {
		return fmt.Errorf("mute %s %s: %w", m.UserID, m.Kind, err)
	}
	return nil
}

// Unmute lifts the user's mute of kind.
func (r *Redis) Unmute(ctx context.Context, userID string, kind MuteKind) (bool, error) {
	if err := checkMuteKind(kind); err != nil {
		return false, err
	}
	n, err := r.rdb.HDel(ctx, r.k+"mutes", muteField(userID, kind)).Result()
	if err != nil {
		return false, fmt.Errorf("unmute %s %s: %w", userID, kind, err)
	}
	return n > 0, nil
}

// MutesFor lists the user's mutes in force at now.
func (r *Redis) MutesFor(ctx context.Context, userID string, now time.Time) ([]Mute, error) {
	fields := make([]string, len(muteKinds))
	for i, k := range muteKinds {
		fields[i] = muteField(userID, k)
	}
	vals, err := r.rdb.HMGet(ctx, r.k+"mutes", fields...).Result()
	if err != nil {
		return nil, fmt.Errorf("mutes of %s: %w", userID, err)
	}
	var out []Mute
	for i, v := range vals {
		s, ok := v.(string)
		if !ok {
			continue
		}
		m, err := muteFromField(fields[i], s)
		if err != nil {
			return nil, fmt.Errorf("mutes of %s: %w", userID, err)
		}
		if m.ActiveAt(now) {
			out = append(out, m)
		}
	}
	return out, nil
}

// ActiveMutes lists every mute in force at now, by user id then kind.
func (r *Redis) ActiveMutes(ctx context.Context, now time.Time) ([]Mute, error) {
	all, err := r.allMutes(ctx)
	if err != nil {
		return nil, fmt.Errorf("active mutes: %w", err)
	}
	var out []Mute
	for f, v := range all {
		m, err := muteFromField(f, v)
		if err != nil {
			return nil, fmt.Errorf("active mutes: %w", err)
		}
		if m.ActiveAt(now) {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].UserID != out[j].UserID {
			return out[i].UserID < out[j].UserID
		}
		return out[i].Kind < out[j].Kind
	})
	return out, nil
}

// allMutes is the mutes hash: field -> JSON.
func (r *Redis) allMutes(ctx context.Context) (map[string]string, error) {
	return r.rdb.HGetAll(ctx, r.k+"mutes").Result()
}

// Room settings.

func (r *Redis) roomKey(id string) string { return r.k + "room:" + id }

func roomFromHash(m map[string]string) RoomSettings {
	c, _ := strconv.Atoi(m["capacity"])
	s, _ := strconv.Atoi(m["slow_mode_seconds"])
	return RoomSettings{Locked: m["locked"] == "1", Capacity: c, SlowModeSeconds: s, AudienceMuted: m["audience_muted"] == "1"}
}

// flag is a bool as a hash field holds it.
func flag(on bool) string {
	if on {
		return "1"
	}
	return "0"
}

// RoomSettings returns the room's settings.
func (r *Redis) RoomSettings(ctx context.Context, roomID string) (RoomSettings, error) {
	m, err := r.rdb.HGetAll(ctx, r.roomKey(roomID)).Result()
	if err != nil {
		return RoomSettings{}, fmt.Errorf("room settings %s: %w", roomID, err)
	}
	return roomFromHash(m), nil
}

// UpdateRoomSettings applies p: each field is its own hash field, so changes to different fields
// never overwrite each other.
func (r *Redis) UpdateRoomSettings(ctx context.Context, roomID string, p RoomPatch) (RoomSettings, error) {
	if err := checkRoomPatch(roomID, p); err != nil {
		return RoomSettings{}, err
	}
	var fields []any
	if p.Locked != nil {
		fields = append(fields, "locked", flag(*p.Locked))
	}
	if p.AudienceMuted != nil {
		fields = append(fields, "audience_muted", flag(*p.AudienceMuted))
	}
	if p.Capacity != nil {
		fields = append(fields, "capacity", *p.Capacity)
	}
	if p.SlowModeSeconds != nil {
		fields = append(fields, "slow_mode_seconds", *p.SlowModeSeconds)
	}
	var get *redis.MapStringStringCmd
	_, err := r.rdb.TxPipelined(ctx, func(pl redis.Pipeliner) error {
		if len(fields) > 0 {
			pl.HSet(ctx, r.roomKey(roomID), fields...)
		}
		pl.SAdd(ctx, r.k+"rooms", roomID)
		get = pl.HGetAll(ctx, r.roomKey(roomID))
		return nil
	})
	if err != nil {
		return RoomSettings{}, fmt.Errorf("update room settings %s: %w", roomID, err)
	}
	return roomFromHash(get.Val()), nil
}

// AllRoomSettings returns every room's settings.
func (r *Redis) AllRoomSettings(ctx context.Context) (map[string]RoomSettings, error) {
	ids, err := r.rdb.SMembers(ctx, r.k+"rooms").Result()
	if err == nil {
		var hashes []map[string]string
		if hashes, err = r.hashes(ctx, ids, r.roomKey); err == nil {
			out := make(map[string]RoomSettings, len(ids))
			for i, id := range ids {
				out[id] = roomFromHash(hashes[i])
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("all room settings: %w", err)
}

// Reports.

func (r *Redis) reportKey(id int64) string { return r.k + "report:" + strconv.FormatInt(id, 10) }

func reportFromHash(id int64, m map[string]string) (Report, error) {
	rp := Report{
		ID: id, Reporter: actorField(m, "reporter"), Target: Target{ID: m["target_id"], Name: m["target_name"]},
		Room: m["room"], Reason: m["reason"], CreatedAt: timeField(m, "created_at"),
		HandledBy: actorField(m, "handled_by"), HandledAt: timeField(m, "handled_at"), Note: m["note"],
	}
	if err := json.Unmarshal([]byte(m["lines"]), &rp.Lines); err != nil {
		return Report{}, fmt.Errorf("report %d lines: %w", id, err)
	}
	return rp, nil
}

// AddReport stores rp.
func (r *Redis) AddReport(ctx context.Context, rp Report) (Report, error) {
	if err := checkReport(rp); err != nil {
		return Report{}, err
	}
	rp = roundReport(rp)
	lines, err := json.Marshal(rp.Lines)
	if err != nil {
		return Report{}, fmt.Errorf("add report: %w", err)
	}
	if rp.ID, err = r.rdb.Incr(ctx, r.k+"report:seq").Result(); err != nil {
		return Report{}, fmt.Errorf("add report: %w", err)
	}
	fields := []any{"target_id", rp.Target.ID, "target_name", rp.Target.Name, "room", rp.Room,
		"reason", rp.Reason, "lines", string(lines), "created_at", msField(rp.CreatedAt), "handled_at", "0"}
	fields = append(fields, actorFields("reporter", rp.Reporter)...)
	_, err = r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, r.reportKey(rp.ID), fields...)
		p.ZAdd(ctx, r.k+"reports:open", redis.Z{Score: float64(rp.ID), Member: rp.ID})
		return nil
	})
	if err != nil {
		return Report{}, fmt.Errorf("add report %d: %w", rp.ID, err)
	}
	return rp, nil
}

// GetReport returns report id.
func (r *Redis) GetReport(ctx context.Context, id int64) (Report, error) {
	m, err := r.rdb.HGetAll(ctx, r.reportKey(id)).Result()
	if err != nil {
		return Report{}, fmt.Errorf("report %d: %w", id, err)
	}
	if len(m) == 0 {
		return Report{}, fmt.Errorf("report %d: %w", id, ErrNotFound)
	}
	return reportFromHash(id, m)
}

// HandleReport closes report id.
func (r *Redis) HandleReport(ctx context.Context, id int64, by Actor, at time.Time, note string) (Report, error) {
	if err := checkAt("handle report", at); err != nil {
		return Report{}, err
	}
	err := r.closeOnce(ctx, r.reportKey(id), r.k+"reports:open", id, "handled_at", ErrAlreadyHandled,
		append(actorFields("handled_by", by), "handled_at", msField(at), "note", note)...)
	return afterClose(fmt.Sprintf("handle report %d", id), err, ErrAlreadyHandled, func() (Report, error) { return r.GetReport(ctx, id) })
}

// OpenReports lists the open reports, oldest first.
func (r *Redis) OpenReports(ctx context.Context) ([]Report, error) {
	ids, err := r.rdb.ZRange(ctx, r.k+"reports:open", 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("open reports: %w", err)
	}
	hashes, err := r.hashes(ctx, ids, func(id string) string { return r.k + "report:" + id })
	if err != nil {
		return nil, fmt.Errorf("open reports: %w", err)
	}
	var out []Report
	for i, m := range hashes {
		if len(m) == 0 {
			continue
		}
		id, _ := strconv.ParseInt(ids[i], 10, 64)
		rp, err := reportFromHash(id, m)
		if err != nil {
			return nil, fmt.Errorf("open reports: %w", err)
		}
		out = append(out, rp)
	}
	return out, nil
}

// Audit log.

// streamID is the form of a Redis stream entry id, the audit cursor.
var streamID = regexp.MustCompile(`^[0-9]+-[0-9]+$`)

// auditScanBatch is how many entries one XREVRANGE reads when the query filters.
const auditScanBatch = 500

// AppendAudit adds e to the stream.
func (r *Redis) AppendAudit(ctx context.Context, e AuditEntry) (AuditEntry, error) {
	if err := checkAudit(e); err != nil {
		return AuditEntry{}, err
	}
	e.Time = fromMS(ms(e.Time))
	values := []any{"time", msField(e.Time), "action", e.Action, "target_id", e.Target.ID,
		"target_name", e.Target.Name, "room", e.Room, "reason", e.Reason, "node", e.Node, "outcome", string(e.Outcome)}
	values = append(values, actorFields("actor", e.Actor)...)
	id, err := r.rdb.XAdd(ctx, &redis.XAddArgs{Stream: r.k + "audit", Values: values}).Result()
	if err != nil {
		return AuditEntry{}, fmt.Errorf("append audit %s: %w", e.Action, err)
	}
	e.ID = id
	return e, nil
}

func auditFromStream(m redis.XMessage) AuditEntry {
	s := func(k string) string { v, _ := m.Values[k].(string); return v }
	t, _ := strconv.ParseInt(s("time"), 10, 64)
	return AuditEntry{
		ID: m.ID, Time: fromMS(t), Actor: Actor{ID: s("actor_id"), Name: s("actor_name"), Role: s("actor_role")},
		Action: s("action"), Target: Target{ID: s("target_id"), Name: s("target_name")}, Room: s("room"),
		Reason: s("reason"), Node: s("node"), Outcome: Outcome(s("outcome")),
	}
}

// Audit reads the stream backwards from the cursor, keeping the entries that pass q, until it has
// one more than the page (to know there is a next page) or reaches the start of the log.
func (r *Redis) Audit(ctx context.Context, q AuditQuery) (AuditPage, error) {
	limit, err := q.limit()
	if err != nil {
		return AuditPage{}, err
	}
	end := "+"
	if q.Cursor != "" {
		if !streamID.MatchString(q.Cursor) {
			return AuditPage{}, fmt.Errorf("audit cursor %q: %w", q.Cursor, ErrInvalid)
		}
		end = "(" + q.Cursor
	}
	batch := int64(limit + 1) // unfiltered: every entry read is on the page
	if !q.Since.IsZero() || q.Actor != "" || q.Target != "" || q.Action != "" {
		batch = max(batch, auditScanBatch)
	}
	var out []AuditEntry
	for len(out) <= limit {
		msgs, err := r.rdb.XRevRangeN(ctx, r.k+"audit", end, "-", batch).Result()
		if err != nil {
			return AuditPage{}, fmt.Errorf("read audit log: %w", err)
		}
		for _, m := range msgs {
			if e := auditFromStream(m); q.matches(e) {
				if out = append(out, e); len(out) > limit {
					break
				}
			}
		}
		if int64(len(msgs)) < batch {
			break
		}
		end = "(" + msgs[len(msgs)-1].ID
	}
	return page(out, limit), nil
}

// Revoked tokens.

// revokeScript sets KEYS[1] to ARGV[1] (until, ms) unless it holds a later until, expiring at
// ARGV[2] (ms).
var revokeScript = redis.NewScript(`
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2]) end
return 0
`)

// RevokeToken revokes token id until until.
func (r *Redis) RevokeToken(ctx context.Context, id string, until time.Time) error {
	if err := checkRevoke(id, until); err != nil {
		return err
	}
	if err := revokeScript.Run(ctx, r.rdb, []string{r.k + "revoked:" + id},
		ms(until), ms(until.Add(revokedGrace))).Err(); err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("revoke token %s: %w", id, err)
	}
	return nil
}

// TokenRevoked reports whether token id is revoked at now.
func (r *Redis) TokenRevoked(ctx context.Context, id string, now time.Time) (bool, error) {
	until, err := r.rdb.Get(ctx, r.k+"revoked:"+id).Int64()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("token %s revoked: %w", id, err)
	}
	return now.Before(fromMS(until)), nil
}

// Prune drops expired bans from the active index and deletes ended mutes; revocations expire by
// themselves.
func (r *Redis) Prune(ctx context.Context, now time.Time) error {
	if err := r.rdb.ZRemRangeByScore(ctx, r.k+"bans:active", "-inf", strconv.FormatInt(ms(now), 10)).Err(); err != nil {
		return fmt.Errorf("prune bans: %w", err)
	}
	all, err := r.allMutes(ctx)
	if err != nil {
		return fmt.Errorf("prune mutes: %w", err)
	}
	var ended []any
	for f, v := range all {
		if m, err := muteFromField(f, v); err == nil && !m.ActiveAt(now) {
			ended = append(ended, f, v)
		}
	}
	if len(ended) > 0 {
		if err := pruneMutesScript.Run(ctx, r.rdb, []string{r.k + "mutes"}, ended...).Err(); err != nil && !errors.Is(err, redis.Nil) {
			return fmt.Errorf("prune mutes: %w", err)
		}
	}
	return nil
}

// pruneMutesScript deletes from the hash KEYS[1] each field of the ARGV field/value pairs that
// still holds that value: a mute set again since Prune read it stays.
var pruneMutesScript = redis.NewScript(`
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i+1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 0
`)
