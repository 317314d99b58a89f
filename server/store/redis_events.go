package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Events.

func (r *Redis) eventKey(id int64) string { return r.k + "event:" + strconv.FormatInt(id, 10) }

func (r *Redis) roomEventsKey(room string) string { return r.k + "events:room:" + room }

func eventFields(e Event) ([]any, error) {
	hosts, guests, agenda, err := encodeLists(e)
	if err != nil {
		return nil, err
	}
	fields := []any{"title", e.Title, "description", e.Description, "room", e.Room,
		"starts", msField(e.Starts), "ends", msField(e.Ends), "hosts", hosts, "invite_only", flag(e.InviteOnly),
		"guests", guests, "capacity", e.Capacity, "public_record", flag(e.PublicRecord), "agenda", agenda,
		"created_at", msField(e.CreatedAt), "updated_at", msField(e.UpdatedAt), "cancelled_at", msField(e.CancelledAt)}
	fields = append(fields, actorFields("created_by", e.CreatedBy)...)
	return append(fields, actorFields("cancelled_by", e.CancelledBy)...), nil
}

func eventFromHash(id int64, m map[string]string) (Event, error) {
	capacity, _ := strconv.Atoi(m["capacity"])
	e := Event{
		ID: id, Title: m["title"], Description: m["description"], Room: m["room"],
		Starts: timeField(m, "starts"), Ends: timeField(m, "ends"), InviteOnly: m["invite_only"] == "1",
		Capacity: capacity, PublicRecord: m["public_record"] == "1", CreatedBy: actorField(m, "created_by"),
		CreatedAt: timeField(m, "created_at"), UpdatedAt: timeField(m, "updated_at"),
		CancelledBy: actorField(m, "cancelled_by"), CancelledAt: timeField(m, "cancelled_at"),
	}
	return e, decodeLists(&e, m["hosts"], m["guests"], m["agenda"])
}

// writeEvent queues e's hash and its place in the indexes on p: in events:ends and its room's zset
// while not cancelled, out of them once cancelled, and out of oldRoom's (if any) when it moved.
func (r *Redis) writeEvent(ctx context.Context, p redis.Pipeliner, e Event, oldRoom string) error {
	fields, err := eventFields(e)
	if err != nil {
		return err
	}
	p.HSet(ctx, r.eventKey(e.ID), fields...)
	if oldRoom != "" && oldRoom != e.Room {
		p.ZRem(ctx, r.roomEventsKey(oldRoom), e.ID)
	}
	if e.Cancelled() {
		p.ZRem(ctx, r.k+"events:ends", e.ID)
		p.ZRem(ctx, r.roomEventsKey(e.Room), e.ID)
		return nil
	}
	z := redis.Z{Score: float64(ms(e.Ends)), Member: e.ID}
	p.ZAdd(ctx, r.k+"events:ends", z)
	p.ZAdd(ctx, r.roomEventsKey(e.Room), z)
	return nil
}

// CreateEvent stores e.
func (r *Redis) CreateEvent(ctx context.Context, e Event) (Event, error) {
	e, err := newEvent(e)
	if err != nil {
		return Event{}, err
	}
	if e.ID, err = r.rdb.Incr(ctx, r.k+"event:seq").Result(); err != nil {
		return Event{}, fmt.Errorf("create event: %w", err)
	}
	if _, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error { return r.writeEvent(ctx, p, e, "") }); err != nil {
		return Event{}, fmt.Errorf("create event %d: %w", e.ID, err)
	}
	return e, nil
}

// GetEvent returns event id.
func (r *Redis) GetEvent(ctx context.Context, id int64) (Event, error) {
	e, err := r.getEvent(ctx, r.rdb, id)
	if err != nil {
		return Event{}, fmt.Errorf("event %d: %w", id, err)
	}
	return e, nil
}

// getEvent reads event id through c (the client, or a transaction watching it).
func (r *Redis) getEvent(ctx context.Context, c redis.Cmdable, id int64) (Event, error) {
	m, err := c.HGetAll(ctx, r.eventKey(id)).Result()
	switch {
	case err != nil:
		return Event{}, err
	case len(m) == 0:
		return Event{}, ErrNotFound
	}
	return eventFromHash(id, m)
}

// UpdateEvent applies p to event id.
func (r *Redis) UpdateEvent(ctx context.Context, id int64, p EventPatch, at time.Time) (Event, error) {
	return updateWith(ctx, r.changeEvent, id, p, at)
}

// CancelEvent calls event id off.
func (r *Redis) CancelEvent(ctx context.Context, id int64, by Actor, at time.Time) (Event, error) {
	return cancelWith(ctx, r.changeEvent, id, by, at)
}

// maxWatchTries bounds changeEvent's optimistic retries. A try fails only when another change to
// the event committed meanwhile, so n writers at once need at most n tries each.
const maxWatchTries = 100

// changeEvent rewrites event id as change makes it, atomically: it reads the event under WATCH and
// writes it in MULTI/EXEC, again from the start when another change came between. When change
// refuses, its refusal and what it returned with it are the answer.
func (r *Redis) changeEvent(ctx context.Context, what string, id int64, change func(Event) (Event, error)) (Event, error) {
	key := r.eventKey(id)
	for range maxWatchTries {
		var out Event
		err := r.rdb.Watch(ctx, func(tx *redis.Tx) error {
			cur, err := r.getEvent(ctx, tx, id)
			if err != nil {
				return err
			}
			next, err := change(cur)
			if err != nil {
				out = next
				return err
			}
			if _, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error { return r.writeEvent(ctx, p, next, cur.Room) }); err != nil {
				return err
			}
			out = next
			return nil
		}, key)
		if !errors.Is(err, redis.TxFailedErr) {
			if err != nil {
				return out, fmt.Errorf("%s: %w", what, err)
			}
			return out, nil
		}
	}
	return Event{}, fmt.Errorf("%s: changed by others %d times while trying", what, maxWatchTries)
}

// zsetHashesScript returns the members of the zset KEYS[1] scored from ARGV[1] to ARGV[2], in
// score order, each as id, HGETALL of ARGV[3] .. id.
var zsetHashesScript = redis.NewScript(`
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2])) do
  out[#out+1] = id
  out[#out+1] = redis.call('HGETALL', ARGV[3] .. id)
end
return out
`)

// events returns the events of the index zset scored after min (ms, exclusive): those ending after
// min.
func (r *Redis) events(ctx context.Context, zset string, min int64) ([]Event, error) {
	res, err := zsetHashesScript.Run(ctx, r.rdb, []string{zset}, "("+strconv.FormatInt(min, 10), "+inf", r.k+"event:").Slice()
	if err != nil {
		return nil, err
	}
	return fromIDHashes(res, eventFromHash)
}

// ListEvents lists the events overlapping [from, to): those ending after from, by the events:ends
// index, that start before to.
func (r *Redis) ListEvents(ctx context.Context, from, to time.Time) ([]Event, error) {
	if err := checkWindow(from, to); err != nil {
		return nil, err
	}
	lo, _ := windowMS(from, to)
	all, err := r.events(ctx, r.k+"events:ends", lo)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	var out []Event
	for _, e := range all {
		if e.overlaps(from, to) {
			out = append(out, e)
		}
	}
	sortEvents(out)
	return out, nil
}

// eventAtScript finds, of the events in the room zset KEYS[1] that end after ARGV[1] (ms), the one
// that started last at or before then (the latest id among equals), and returns it as id, HGETALL
// of ARGV[2] .. id, or nothing. The zset holds only events not cancelled. One round trip that
// reads one whole event: the hot path of a join.
var eventAtScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local best, bestStart
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')) do
  local st = tonumber(redis.call('HGET', ARGV[2] .. id, 'starts'))
  if st and st <= now and (not best or st > bestStart or (st == bestStart and tonumber(id) > tonumber(best))) then
    best, bestStart = id, st
  end
end
if not best then return {} end
return {best, redis.call('HGETALL', ARGV[2] .. best)}
`)

// EventAt reports the event running in room at now, of those in the room's zset not over yet.
func (r *Redis) EventAt(ctx context.Context, room string, now time.Time) (Event, bool, error) {
	res, err := eventAtScript.Run(ctx, r.rdb, []string{r.roomEventsKey(room)}, ms(now), r.k+"event:").Slice()
	var events []Event
	if err == nil {
		events, err = fromIDHashes(res, eventFromHash)
	}
	if err != nil {
		return Event{}, false, fmt.Errorf("event in room %s: %w", room, err)
	}
	e, ok := runningLatest(events, now) // the script's choice, checked as SQLite checks it
	return e, ok, nil
}

// The record of an event.

// recordEntry is a RecordEntry as JSON in an event's record list; its Seq is its place there.
type recordEntry struct {
	Time int64  `json:"time"`
	Kind string `json:"kind"`
	Who  string `json:"who"`
	Text string `json:"text"`
}

// appendRecordScript pushes ARGV[1] onto the record list KEYS[2] if the event hash KEYS[1] exists.
// Returns 0: no such event, else the list's new length, the entry's Seq.
var appendRecordScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('RPUSH', KEYS[2], ARGV[1])
`)

func (r *Redis) recordKey(eventID int64) string { return r.eventKey(eventID) + ":record" }

// AppendRecord adds e to its event's record.
func (r *Redis) AppendRecord(ctx context.Context, e RecordEntry) (RecordEntry, error) {
	if err := checkRecordEntry(e); err != nil {
		return RecordEntry{}, err
	}
	e.Time = fromMS(ms(e.Time))
	v, err := json.Marshal(recordEntry{Time: ms(e.Time), Kind: string(e.Kind), Who: e.Who, Text: e.Text})
	if err == nil {
		e.Seq, err = appendRecordScript.Run(ctx, r.rdb, []string{r.eventKey(e.EventID), r.recordKey(e.EventID)}, v).Int64()
	}
	if err == nil && e.Seq == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return RecordEntry{}, fmt.Errorf("append to the record of event %d: %w", e.EventID, err)
	}
	return e, nil
}

// Record returns event eventID's record in order.
func (r *Redis) Record(ctx context.Context, eventID int64) ([]RecordEntry, error) {
	vals, err := r.rdb.LRange(ctx, r.recordKey(eventID), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("record of event %d: %w", eventID, err)
	}
	var out []RecordEntry
	for i, v := range vals {
		var rec recordEntry
		if err := json.Unmarshal([]byte(v), &rec); err != nil {
			return nil, fmt.Errorf("record of event %d, entry %d: %w", eventID, i+1, err)
		}
		out = append(out, RecordEntry{EventID: eventID, Seq: int64(i + 1), Time: fromMS(rec.Time),
			Kind: RecordKind(rec.Kind), Who: rec.Who, Text: rec.Text})
	}
	return out, nil
}

// Questions.

func (r *Redis) questionKey(id int64) string { return r.k + "question:" + strconv.FormatInt(id, 10) }

func questionFromHash(id int64, m map[string]string) (Question, error) {
	eventID, _ := strconv.ParseInt(m["event_id"], 10, 64)
	votes, _ := strconv.Atoi(m["votes"])
	return Question{ID: id, EventID: eventID, Asker: actorField(m, "asker"), Text: m["text"],
		CreatedAt: timeField(m, "created_at"), Votes: votes, AnsweredAt: timeField(m, "answered_at"),
		AnsweredBy: actorField(m, "answered_by")}, nil
}

// addQuestionScript stores a question of the event whose hash is KEYS[1], if it exists: a new id
// from the counter KEYS[2], its hash ARGV[1] .. id with the field/value pairs ARGV[2...], the id in
// the event's zset KEYS[3]. Returns the id, or 0: no such event.
var addQuestionScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local id = redis.call('INCR', KEYS[2])
redis.call('HSET', ARGV[1] .. id, unpack(ARGV, 2))
redis.call('ZADD', KEYS[3], id, id)
return id
`)

// AddQuestion stores q.
func (r *Redis) AddQuestion(ctx context.Context, q Question) (Question, error) {
	q, err := newQuestion(q)
	if err != nil {
		return Question{}, err
	}
	args := []any{r.k + "question:", "event_id", q.EventID, "text", q.Text, "created_at", msField(q.CreatedAt),
		"votes", 0, "answered_at", "0"}
	args = append(args, actorFields("asker", q.Asker)...)
	keys := []string{r.eventKey(q.EventID), r.k + "question:seq", r.eventKey(q.EventID) + ":questions"}
	q.ID, err = addQuestionScript.Run(ctx, r.rdb, keys, args...).Int64()
	if err == nil && q.ID == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return Question{}, fmt.Errorf("add a question to event %d: %w", q.EventID, err)
	}
	return q, nil
}

// voteScript adds ARGV[1] to the voters set KEYS[2] of the question hash KEYS[1] and counts the
// vote if it was not there. Returns the votes, or -1: no such question.
var voteScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then return redis.call('HINCRBY', KEYS[1], 'votes', 1) end
return tonumber(redis.call('HGET', KEYS[1], 'votes'))
`)

// VoteQuestion counts voterID's vote once.
func (r *Redis) VoteQuestion(ctx context.Context, id int64, voterID string) (int, error) {
	if err := checkVoter(id, voterID); err != nil {
		return 0, err
	}
	votes, err := voteScript.Run(ctx, r.rdb, []string{r.questionKey(id), r.questionKey(id) + ":voters"}, voterID).Int()
	if err == nil && votes < 0 {
		err = ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("vote on question %d: %w", id, err)
	}
	return votes, nil
}

// AnswerQuestion marks question id answered.
func (r *Redis) AnswerQuestion(ctx context.Context, id int64, by Actor, at time.Time) (Question, error) {
	if err := checkAt("answer question", at); err != nil {
		return Question{}, err
	}
	err := r.closeOnce(ctx, r.questionKey(id), "", id, "answered_at", ErrAlreadyAnswered,
		append(actorFields("answered_by", by), "answered_at", msField(at))...)
	return afterClose(fmt.Sprintf("answer question %d", id), err, ErrAlreadyAnswered, func() (Question, error) {
		m, err := r.rdb.HGetAll(ctx, r.questionKey(id)).Result()
		if err != nil {
			return Question{}, err
		}
		return questionFromHash(id, m)
	})
}

// Questions lists event eventID's questions, most votes first.
func (r *Redis) Questions(ctx context.Context, eventID int64) ([]Question, error) {
	res, err := zsetHashesScript.Run(ctx, r.rdb, []string{r.eventKey(eventID) + ":questions"}, "-inf", "+inf", r.k+"question:").Slice()
	var qs []Question
	if err == nil {
		qs, err = fromIDHashes(res, questionFromHash)
	}
	if err != nil {
		return nil, fmt.Errorf("questions of event %d: %w", eventID, err)
	}
	sortQuestions(qs)
	return qs, nil
}
