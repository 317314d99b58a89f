package presence

import (
	"context"
	"log/slog"
	"time"
)

// Writer applies room changes to a Store from one goroutine, so that the room goroutines that cause
// them never wait on the store. Changes for the same user are coalesced.
type Writer struct {
	store   Store
	log     *slog.Logger
	changes chan roomChange
	dropped func()
}

type roomChange struct{ userID, room string }

// NewWriter returns a Writer for store; dropped (may be nil) is called when its queue overflows.
func NewWriter(store Store, log *slog.Logger, dropped func()) *Writer {
	if dropped == nil {
		dropped = func() {}
	}
	return &Writer{store: store, log: log, changes: make(chan roomChange, 1<<16), dropped: dropped}
}

// SetRoom queues a room change without blocking.
func (w *Writer) SetRoom(userID, room string) {
	select {
	case w.changes <- roomChange{userID, room}:
	default:
		w.dropped()
	}
}

// Run applies queued changes until ctx ends.
func (w *Writer) Run(ctx context.Context) error {
	pending := make(map[string]string)
	for {
		select {
		case <-ctx.Done():
			return nil
		case c := <-w.changes:
			pending[c.userID] = c.room
		drain:
			for len(pending) < 4096 {
				select {
				case c := <-w.changes:
					pending[c.userID] = c.room
				default:
					break drain
				}
			}
			for id, room := range pending {
				cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
				if err := w.store.SetRoom(cctx, id, room); err != nil {
					w.log.Debug("presence room change not applied", "user_id", id, "room", room, "err", err)
				}
				cancel()
				delete(pending, id)
			}
		}
	}
}
