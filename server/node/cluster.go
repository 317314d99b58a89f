package node

import (
	"context"
	"fmt"
	"time"

	"github.com/embassy-project/embassy/server/cluster"
	"github.com/embassy-project/embassy/server/gateway"
	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// openRedis connects presence, the room directory and the bus to the configured Redis.
func (n *Node) openRedis() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	interval := n.cfg.PresenceTTL / 3
	r, err := presence.NewRedis(ctx, n.cfg.Redis, n.cfg.NodeID, n.log,
		presence.WithAddress(n.cfg.Advertise),
		presence.WithTTL(n.cfg.PresenceTTL, interval),
		presence.WithStateHook(func(up bool) {
			v := 0.0
			if up {
				v = 1
			}
			n.metrics.RedisUp.Set(v)
		}),
	)
	if err != nil {
		return fmt.Errorf("presence: %w", err) // already redacted
	}
	n.metrics.RedisUp.Set(1)
	n.redis, n.store = r, r
	ids := make([]string, 0, len(n.world.Ordered))
	for _, def := range n.world.Ordered {
		ids = append(ids, def.ID)
	}
	n.dir = cluster.NewDirectory(r.Client(), r.Prefix(), n.cfg.NodeID, ids, n.cfg.PresenceTTL, interval,
		n.nodeURLs, n.hostedOccupancy, n.log)
	n.bus = cluster.NewBus(r.Client(), r.Prefix(), n.cfg.NodeID, n.log)
	return nil
}

func (n *Node) nodeURLs(ctx context.Context) (map[string]string, error) {
	nodes, err := n.redis.Nodes(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(nodes))
	for _, nd := range nodes {
		out[nd.ID] = nd.Addr
	}
	return out, nil
}

func (n *Node) hostedOccupancy() map[string]int {
	out := make(map[string]int, len(n.ordered))
	for _, r := range n.ordered {
		out[r.ID()] = n.gw.Occupants(r.ID())
	}
	return out
}

// roomLost is called when another node took a room this node was running (after a Redis outage
// longer than the claim's lifetime): everyone in it is sent to the room's new home.
func (n *Node) roomLost(roomID, owner string) {
	n.log.Warn("room now run by another node; moving its people there", "room", roomID, "owner", owner)
	if err := n.rooms[roomID].Evacuate(); err != nil {
		n.log.Error("evacuate room", "room", roomID, "err", err)
	}
}

// deliver carries out an envelope another node sent this one.
func (n *Node) deliver(e cluster.Envelope) {
	switch e.Kind {
	case cluster.KindDirect:
		if s, ok := n.gw.Local(e.UserID); ok {
			s.Deliver(e.Frame)
		}
	case cluster.KindKick:
		if s, ok := n.gw.Local(e.UserID); ok {
			s.Kick(e.Reason, e.Banned)
		}
	case cluster.KindAnnounce:
		r, ok := n.Room(e.Room)
		if !ok {
			return
		}
		m, err := protocol.DecodeServer(e.Frame)
		if err != nil || m.GetChat() == nil {
			n.log.Warn("bad announcement from another node", "from", e.From, "err", err)
			return
		}
		_ = r.Announce(m.GetChat())
	default:
		if !n.deliverModeration(e) {
			n.log.Warn("unknown bus message", "kind", e.Kind, "from", e.From)
		}
	}
}

// Direct implements gateway.Relay.
func (n *Node) Direct(ctx context.Context, node, userID string, frame []byte) error {
	return n.bus.Send(ctx, node, cluster.Envelope{Kind: cluster.KindDirect, UserID: userID, Frame: frame})
}

// Kick implements gateway.Relay.
func (n *Node) Kick(ctx context.Context, node, userID, reason string, banned bool) error {
	return n.bus.Send(ctx, node, cluster.Envelope{Kind: cluster.KindKick, UserID: userID, Reason: reason, Banned: banned})
}

// Announce implements gateway.Relay: to the room here, or on the node that runs it.
func (n *Node) Announce(ctx context.Context, roomID string, ev *pb.ChatEvent) error {
	if r, ok := n.Room(roomID); ok {
		return r.Announce(ev)
	}
	if _, ok := n.rooms[roomID]; !ok {
		return fmt.Errorf("announce in %q: %w", roomID, gateway.ErrNoSuchRoom)
	}
	owner, _, ok := n.dir.Owner(roomID)
	if !ok {
		return fmt.Errorf("announce in %s: %w", roomID, gateway.ErrRoomEmpty)
	}
	frame, err := protocol.Encode(&pb.ServerMessage{Msg: &pb.ServerMessage_Chat{Chat: ev}})
	if err != nil {
		return err
	}
	return n.bus.Send(ctx, owner, cluster.Envelope{Kind: cluster.KindAnnounce, Room: roomID, Frame: frame})
}
