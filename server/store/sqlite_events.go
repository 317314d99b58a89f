package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Events.

const eventColumns = `id, title, description, room, starts, ends, hosts, invite_only, guests, capacity,
	public_record, agenda, created_by_id, created_by_name, created_by_role, created_at, updated_at,
	COALESCE(cancelled_by_id, ''), COALESCE(cancelled_by_name, ''), COALESCE(cancelled_by_role, ''),
	COALESCE(cancelled_at, 0)`

// eventWriteColumns are the columns eventArgs gives, in its order.
var eventWriteColumns = []string{"title", "description", "room", "starts", "ends", "hosts", "invite_only",
	"guests", "capacity", "public_record", "agenda", "created_by_id", "created_by_name", "created_by_role",
	"created_at", "updated_at", "cancelled_by_id", "cancelled_by_name", "cancelled_by_role", "cancelled_at"}

var (
	insertEvent = `INSERT INTO events (` + strings.Join(eventWriteColumns, ", ") + `) VALUES (?` +
		strings.Repeat(", ?", len(eventWriteColumns)-1) + `)`
	updateEvent = `UPDATE events SET ` + strings.Join(eventWriteColumns, " = ?, ") + ` = ? WHERE id = ?`
)

// selectEventAt is EventAt's query: the events_room index holds only the events not over yet of a
// room, so a room that held a thousand events reads the few to come.
const selectEventAt = `SELECT ` + eventColumns + ` FROM events
	WHERE room = ? AND cancelled_at IS NULL AND ends > ? AND starts <= ? ORDER BY starts DESC, id DESC LIMIT 1`

// selectEvents is ListEvents' query, by the events_ends index.
const selectEvents = `SELECT ` + eventColumns + ` FROM events
	WHERE cancelled_at IS NULL AND ends > ? AND starts < ? ORDER BY starts, id`

func scanEvent(r rowScanner) (Event, error) {
	var e Event
	var hosts, guests, agenda string
	var starts, ends, created, updated, cancelled int64
	err := r.Scan(&e.ID, &e.Title, &e.Description, &e.Room, &starts, &ends, &hosts, &e.InviteOnly, &guests,
		&e.Capacity, &e.PublicRecord, &agenda, &e.CreatedBy.ID, &e.CreatedBy.Name, &e.CreatedBy.Role,
		&created, &updated, &e.CancelledBy.ID, &e.CancelledBy.Name, &e.CancelledBy.Role, &cancelled)
	if err != nil {
		return Event{}, err
	}
	e.Starts, e.Ends, e.CreatedAt, e.UpdatedAt = fromMS(starts), fromMS(ends), fromMS(created), fromMS(updated)
	e.CancelledAt = fromMS(cancelled)
	return e, decodeLists(&e, hosts, guests, agenda)
}

// eventArgs are e's values for eventWriteColumns.
func eventArgs(e Event) ([]any, error) {
	hosts, guests, agenda, err := encodeLists(e)
	if err != nil {
		return nil, err
	}
	return []any{e.Title, e.Description, e.Room, ms(e.Starts), ms(e.Ends), hosts, e.InviteOnly, guests,
		e.Capacity, e.PublicRecord, agenda, e.CreatedBy.ID, e.CreatedBy.Name, e.CreatedBy.Role,
		ms(e.CreatedAt), ms(e.UpdatedAt), nullString(e.CancelledBy.ID), nullString(e.CancelledBy.Name),
		nullString(e.CancelledBy.Role), nullMS(e.CancelledAt)}, nil
}

// CreateEvent stores e.
func (s *SQLite) CreateEvent(ctx context.Context, e Event) (Event, error) {
	e, err := newEvent(e)
	if err != nil {
		return Event{}, err
	}
	args, err := eventArgs(e)
	if err != nil {
		return Event{}, fmt.Errorf("create event: %w", err)
	}
	res, err := s.write.ExecContext(ctx, insertEvent, args...)
	if err == nil {
		e.ID, err = res.LastInsertId()
	}
	if err != nil {
		return Event{}, fmt.Errorf("create event: %w", err)
	}
	return e, nil
}

// GetEvent returns event id.
func (s *SQLite) GetEvent(ctx context.Context, id int64) (Event, error) {
	return getRow(fmt.Sprintf("event %d", id), s.read.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE id = ?`, id), scanEvent)
}

// UpdateEvent applies p to event id.
func (s *SQLite) UpdateEvent(ctx context.Context, id int64, p EventPatch, at time.Time) (Event, error) {
	return updateWith(ctx, s.changeEvent, id, p, at)
}

// CancelEvent calls event id off.
func (s *SQLite) CancelEvent(ctx context.Context, id int64, by Actor, at time.Time) (Event, error) {
	return cancelWith(ctx, s.changeEvent, id, by, at)
}

// changeEvent rewrites event id as change makes it, in one transaction.
func (s *SQLite) changeEvent(ctx context.Context, what string, id int64, change func(Event) (Event, error)) (Event, error) {
	return readModifyWrite(ctx, s, what, func(tx *sql.Tx) (Event, error) {
		return scanEvent(tx.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE id = ?`, id))
	}, change, func(tx *sql.Tx, e Event) error {
		args, err := eventArgs(e)
		if err == nil {
			_, err = tx.ExecContext(ctx, updateEvent, append(args, id)...)
		}
		return err
	})
}

// ListEvents lists the events overlapping [from, to).
func (s *SQLite) ListEvents(ctx context.Context, from, to time.Time) ([]Event, error) {
	if err := checkWindow(from, to); err != nil {
		return nil, err
	}
	lo, hi := windowMS(from, to)
	return queryAll(ctx, s, "list events", scanEvent, selectEvents, lo, hi)
}

// EventAt reports the event running in room at now.
func (s *SQLite) EventAt(ctx context.Context, room string, now time.Time) (Event, bool, error) {
	e, err := scanEvent(s.eventAt.QueryRowContext(ctx, room, ms(now), ms(now)))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Event{}, false, nil
	case err != nil:
		return Event{}, false, fmt.Errorf("event in room %s: %w", room, err)
	}
	return e, true, nil
}

// eventExists is nil when event id exists, else ErrNotFound or the error of looking.
func eventExists(ctx context.Context, tx *sql.Tx, id int64) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM events WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// The record of an event.

// AppendRecord adds e to its event's record.
func (s *SQLite) AppendRecord(ctx context.Context, e RecordEntry) (RecordEntry, error) {
	if err := checkRecordEntry(e); err != nil {
		return RecordEntry{}, err
	}
	e.Time = fromMS(ms(e.Time))
	err := s.inTx(ctx, fmt.Sprintf("append to the record of event %d", e.EventID), func(tx *sql.Tx) error {
		if err := eventExists(ctx, tx, e.EventID); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO event_record (event_id, seq, time, kind, who, text)
			SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3, ?4, ?5 FROM event_record WHERE event_id = ?1
			RETURNING seq`, e.EventID, ms(e.Time), string(e.Kind), e.Who, e.Text).Scan(&e.Seq)
	})
	if err != nil {
		return RecordEntry{}, err
	}
	return e, nil
}

// Record returns event eventID's record in order.
func (s *SQLite) Record(ctx context.Context, eventID int64) ([]RecordEntry, error) {
	return queryAll(ctx, s, fmt.Sprintf("record of event %d", eventID), scanRecordEntry,
		`SELECT event_id, seq, time, kind, who, text FROM event_record WHERE event_id = ? ORDER BY seq`, eventID)
}

func scanRecordEntry(r rowScanner) (RecordEntry, error) {
	var e RecordEntry
	var t int64
	err := r.Scan(&e.EventID, &e.Seq, &t, &e.Kind, &e.Who, &e.Text)
	e.Time = fromMS(t)
	return e, err
}

// Questions.

const questionColumns = `id, event_id, asker_id, asker_name, asker_role, text, created_at, votes,
	COALESCE(answered_by_id, ''), COALESCE(answered_by_name, ''), COALESCE(answered_by_role, ''),
	COALESCE(answered_at, 0)`

func scanQuestion(r rowScanner) (Question, error) {
	var q Question
	var created, answered int64
	err := r.Scan(&q.ID, &q.EventID, &q.Asker.ID, &q.Asker.Name, &q.Asker.Role, &q.Text, &created, &q.Votes,
		&q.AnsweredBy.ID, &q.AnsweredBy.Name, &q.AnsweredBy.Role, &answered)
	q.CreatedAt, q.AnsweredAt = fromMS(created), fromMS(answered)
	return q, err
}

// AddQuestion stores q.
func (s *SQLite) AddQuestion(ctx context.Context, q Question) (Question, error) {
	q, err := newQuestion(q)
	if err != nil {
		return Question{}, err
	}
	err = s.inTx(ctx, fmt.Sprintf("add a question to event %d", q.EventID), func(tx *sql.Tx) error {
		if err := eventExists(ctx, tx, q.EventID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO questions (event_id, asker_id, asker_name, asker_role, text,
			created_at) VALUES (?, ?, ?, ?, ?, ?)`, q.EventID, q.Asker.ID, q.Asker.Name, q.Asker.Role, q.Text,
			ms(q.CreatedAt))
		if err == nil {
			q.ID, err = res.LastInsertId()
		}
		return err
	})
	if err != nil {
		return Question{}, err
	}
	return q, nil
}

// VoteQuestion counts voterID's vote once.
func (s *SQLite) VoteQuestion(ctx context.Context, id int64, voterID string) (int, error) {
	if err := checkVoter(id, voterID); err != nil {
		return 0, err
	}
	var votes int
	err := s.inTx(ctx, fmt.Sprintf("vote on question %d", id), func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT votes FROM questions WHERE id = ?`, id).Scan(&votes)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return ErrNotFound
		case err != nil:
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO question_votes (question_id, voter_id) VALUES (?, ?)`, id, voterID)
		var n int64
		if err == nil {
			n, err = res.RowsAffected()
		}
		if err != nil || n == 0 {
			return err
		}
		return tx.QueryRowContext(ctx, `UPDATE questions SET votes = votes + 1 WHERE id = ? RETURNING votes`, id).Scan(&votes)
	})
	if err != nil {
		return 0, err
	}
	return votes, nil
}

// AnswerQuestion marks question id answered.
func (s *SQLite) AnswerQuestion(ctx context.Context, id int64, by Actor, at time.Time) (Question, error) {
	if err := checkAt("answer question", at); err != nil {
		return Question{}, err
	}
	return readModifyWrite(ctx, s, fmt.Sprintf("answer question %d", id), func(tx *sql.Tx) (Question, error) {
		return scanQuestion(tx.QueryRowContext(ctx, `SELECT `+questionColumns+` FROM questions WHERE id = ?`, id))
	}, func(q Question) (Question, error) {
		if q.Answered() {
			return q, ErrAlreadyAnswered
		}
		q.AnsweredBy, q.AnsweredAt = by, fromMS(ms(at))
		return q, nil
	}, func(tx *sql.Tx, q Question) error {
		_, err := tx.ExecContext(ctx, `UPDATE questions SET answered_by_id = ?, answered_by_name = ?,
			answered_by_role = ?, answered_at = ? WHERE id = ?`, by.ID, by.Name, by.Role, ms(at), id)
		return err
	})
}

// Questions lists event eventID's questions, most votes first.
func (s *SQLite) Questions(ctx context.Context, eventID int64) ([]Question, error) {
	return queryAll(ctx, s, fmt.Sprintf("questions of event %d", eventID), scanQuestion,
		`SELECT `+questionColumns+` FROM questions WHERE event_id = ? ORDER BY votes DESC, created_at, id`, eventID)
}
