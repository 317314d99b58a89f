package gateway

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// refusal is a kind of refusal: the code the client gets and the label it is counted and logged
// under (embassy_refusals_total{reason}, a small fixed set).
type refusal struct {
	code  pb.RefuseCode
	label string
}

var (
	refusedInvalid     = refusal{pb.RefuseCode_REFUSE_INVALID, "invalid"}
	refusedRate        = refusal{pb.RefuseCode_REFUSE_RATE_LIMITED, "rate_limited"}
	refusedTooLong     = refusal{pb.RefuseCode_REFUSE_TOO_LONG, "too_long"}
	refusedNoUser      = refusal{pb.RefuseCode_REFUSE_NO_SUCH_USER, "no_such_user"}
	refusedNotAllowed  = refusal{pb.RefuseCode_REFUSE_NOT_ALLOWED, "not_allowed"}
	refusedRoomFull    = refusal{pb.RefuseCode_REFUSE_ROOM_FULL, "room_full"}
	refusedNoRoom      = refusal{pb.RefuseCode_REFUSE_NO_SUCH_ROOM, "no_such_room"}
	refusedRoomEmpty   = refusal{pb.RefuseCode_REFUSE_NO_SUCH_ROOM, "room_empty"}
	refusedUnreachable = refusal{pb.RefuseCode_REFUSE_UNREACHABLE, "unreachable"}
	refusedRoomBusy    = refusal{pb.RefuseCode_REFUSE_BUSY, "room_busy"}
	// refusedUnavailable: a service the request needs (Redis: presence, the room directory,
	// tickets, another node) cannot be reached. The detail goes to the log, never to the visitor.
	refusedUnavailable = refusal{pb.RefuseCode_REFUSE_BUSY, "unavailable"}
)

// Words for a visitor when a service the embassy needs is away.
const (
	sayPresenceDown  = "The embassy cannot check who is here right now; please try again in a moment."
	sayDirectoryDown = "The embassy cannot open that room right now; please try again in a moment."
	sayMoveDown      = "The embassy cannot take you to that room right now; please try again in a moment."
	sayRelayDown     = "The embassy cannot pass messages between its halls right now; please try again in a moment."
)

// refusalOf names the kind of a refusal a room sent (rooms refuse full rooms, unreachable walk
// targets and, when they are swamped, readmissions).
func refusalOf(code pb.RefuseCode) refusal {
	for _, r := range []refusal{refusedRoomFull, refusedUnreachable, refusedRoomBusy, refusedInvalid,
		refusedRate, refusedTooLong, refusedNoUser, refusedNotAllowed, refusedNoRoom} {
		if r.code == code {
			return r
		}
	}
	return refusal{code, "other"}
}

// refusalEvery is how often each kind of refusal is logged at most.
const refusalEvery = time.Minute

// refusalLog counts every refusal by kind and logs the first of each kind per refusalEvery, saying
// how many went unlogged since: a Redis outage can refuse hundreds of requests a second, and the
// operator needs one line that says so, not hundreds.
type refusalLog struct {
	log     *slog.Logger
	metrics Metrics
	now     func() time.Time

	mu   sync.Mutex // guards last
	last map[string]*refusalTally
}

type refusalTally struct {
	at         time.Time // when this kind was last logged
	suppressed int       // refusals of this kind since then, not logged
}

func newRefusalLog(log *slog.Logger, m Metrics) *refusalLog {
	return &refusalLog{log: log, metrics: m, now: time.Now, last: map[string]*refusalTally{}}
}

// note counts one refusal, and logs it unless its kind was logged less than refusalEvery ago.
// said is what the visitor was told; detail, if any, is why (an error the visitor never sees).
func (l *refusalLog) note(kind refusal, userID, said string, detail error) {
	l.metrics.Refused(kind.label)
	now := l.now()
	l.mu.Lock()
	t := l.last[kind.label]
	if t == nil {
		t = &refusalTally{}
		l.last[kind.label] = t
	}
	if !t.at.IsZero() && now.Sub(t.at) < refusalEvery {
		t.suppressed++
		l.mu.Unlock()
		return
	}
	suppressed := t.suppressed
	t.at, t.suppressed = now, 0
	l.mu.Unlock()
	level := slog.LevelInfo
	if kind == refusedUnavailable || kind == refusedRoomBusy {
		level = slog.LevelWarn
	}
	attrs := []any{"reason", kind.label, "user_id", userID, "said", said, "unlogged_since_last", suppressed}
	if detail != nil {
		attrs = append(attrs, "err", detail)
	}
	l.log.Log(context.Background(), level, "refused a request (logged once a minute per reason)", attrs...)
}

// noteRoomRefusal counts a refusal a room sent to userID: rooms send them as frames with no room
// attached (room.Room.sendTo), which is how Session.Send recognises them.
func (l *refusalLog) noteRoomRefusal(userID string, frame []byte) {
	m, err := protocol.DecodeServer(frame)
	if err != nil || m.GetRefused() == nil {
		return
	}
	l.note(refusalOf(m.GetRefused().GetCode()), userID, m.GetRefused().GetReason(), nil)
}
