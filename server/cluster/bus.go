package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/redis/go-redis/v9"
)

// ErrNotDelivered means no node was listening for a message (its node is gone).
var ErrNotDelivered = errors.New("no node received the message")

// Kinds of bus messages.
const (
	KindDirect   = "direct"   // Frame to UserID
	KindKick     = "kick"     // close UserID's session with Reason (as banned if Banned)
	KindAnnounce = "announce" // Frame (a ChatEvent) to everyone in Room
	KindMove     = "move"     // send UserID to Room (a moderator's move)
	KindMutes    = "mutes"    // UserID's mutes changed: read them from the store again
	KindRoom     = "room"     // Room's settings are now Data (JSON store.RoomSettings); Frame, if any, for everyone in it
	KindReport   = "report"   // complete and file the report in Data (JSON store.Report): its target is here
	KindEvent    = "event"    // an event in Room changed: read which one runs there again
)

// Envelope is one message between nodes.
type Envelope struct {
	Kind   string `json:"kind"`
	From   string `json:"from"`
	UserID string `json:"user_id,omitempty"`
	Room   string `json:"room,omitempty"`
	Reason string `json:"reason,omitempty"`
	Frame  []byte `json:"frame,omitempty"`
	Data   []byte `json:"data,omitempty"` // JSON, by kind
	Banned bool   `json:"banned,omitempty"`
}

// Bus carries envelopes to nodes over Redis pub/sub: one inbox channel per node.
type Bus struct {
	rdb    *redis.Client
	prefix string
	node   string
	log    *slog.Logger
}

// NewBus returns the bus for node.
func NewBus(rdb *redis.Client, prefix, node string, log *slog.Logger) *Bus {
	return &Bus{rdb: rdb, prefix: prefix, node: node, log: log.With("cluster", "bus")}
}

func (b *Bus) inbox(node string) string { return b.prefix + "inbox:" + node }

// Send publishes e to node's inbox; ErrNotDelivered if that node is not listening.
func (b *Bus) Send(ctx context.Context, node string, e Envelope) error {
	e.From = b.node
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode %s envelope: %w", e.Kind, err)
	}
	n, err := b.rdb.Publish(ctx, b.inbox(node), data).Result()
	if err != nil {
		return fmt.Errorf("publish to %s: %w", node, err)
	}
	if n == 0 {
		return fmt.Errorf("%s to node %s: %w", e.Kind, node, ErrNotDelivered)
	}
	return nil
}

// Run delivers envelopes sent to this node to handle until ctx ends. go-redis resubscribes by itself
// after a Redis outage. handle runs on this goroutine and must not block for long.
func (b *Bus) Run(ctx context.Context, handle func(Envelope)) error {
	sub := b.rdb.Subscribe(ctx, b.inbox(b.node))
	defer sub.Close()
	ch := sub.Channel()
	for {
		select {
		case <-ctx.Done():
			return nil
		case m, ok := <-ch:
			if !ok {
				return nil
			}
			var e Envelope
			if err := json.Unmarshal([]byte(m.Payload), &e); err != nil {
				b.log.Warn("dropping undecodable bus message", "err", err)
				continue
			}
			handle(e)
		}
	}
}
