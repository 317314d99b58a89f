package node

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/embassy-project/embassy/server/cluster"
	"github.com/embassy-project/embassy/server/events"
	"github.com/embassy-project/embassy/server/presence"
	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/server/store"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// reach is the node's moderation.Reach: people and rooms here, or on other nodes over the bus.
type reach struct{ n *Node }

// Kick implements moderation.Reach.
func (r reach) Kick(ctx context.Context, e presence.Entry, reason string, banned bool) error {
	return r.n.gw.Kick(ctx, e.UserID, reason, banned)
}

// Deliver implements moderation.Reach.
func (r reach) Deliver(ctx context.Context, e presence.Entry, frame []byte) error {
	return r.n.gw.Deliver(ctx, e, frame)
}

// Move implements moderation.Reach.
func (r reach) Move(ctx context.Context, e presence.Entry, roomID string) error {
	if s, ok := r.n.gw.Local(e.UserID); ok {
		s.MoveTo(roomID)
		return nil
	}
	return r.toUser(ctx, e, cluster.Envelope{Kind: cluster.KindMove, UserID: e.UserID, Room: roomID})
}

// MutesChanged implements moderation.Reach.
func (r reach) MutesChanged(ctx context.Context, e presence.Entry) error {
	if s, ok := r.n.gw.Local(e.UserID); ok {
		return s.LoadMutes(ctx)
	}
	return r.toUser(ctx, e, cluster.Envelope{Kind: cluster.KindMutes, UserID: e.UserID})
}

// toUser sends an envelope to the node of someone not connected here.
func (r reach) toUser(ctx context.Context, e presence.Entry, env cluster.Envelope) error {
	if r.n.bus == nil || e.Node == r.n.cfg.NodeID {
		return fmt.Errorf("%s: %w", e.UserID, presence.ErrNotFound)
	}
	return r.n.bus.Send(ctx, e.Node, env)
}

// RoomChanged implements moderation.Reach: this node applies the settings to its copy of the room
// (and tells the people in it, if it runs it), and so does every other live node.
func (r reach) RoomChanged(ctx context.Context, roomID string, s store.RoomSettings, notice []byte) error {
	r.n.applyRoomSettings(roomID, s, notice)
	r.n.roomsChanged()
	if r.n.bus == nil {
		return nil
	}
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return r.n.toOtherNodes(ctx, cluster.Envelope{Kind: cluster.KindRoom, Room: roomID, Data: data, Frame: notice})
}

// toOtherNodes sends env to every other live node. A node that is gone is no error: it reads the
// store when it starts.
func (n *Node) toOtherNodes(ctx context.Context, env cluster.Envelope) error {
	if n.bus == nil {
		return nil
	}
	nodes, err := n.nodeURLs(ctx)
	if err != nil {
		return fmt.Errorf("list nodes: %w", err)
	}
	var errs []error
	for id := range nodes {
		if id == n.cfg.NodeID {
			continue
		}
		if err := n.bus.Send(ctx, id, env); err != nil && !errors.Is(err, cluster.ErrNotDelivered) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// FileReport implements moderation.Reach.
func (r reach) FileReport(ctx context.Context, node string, rep store.Report) error {
	if r.n.bus == nil {
		return errors.New("no other nodes")
	}
	data, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	return r.n.bus.Send(ctx, node, cluster.Envelope{Kind: cluster.KindReport, UserID: rep.Target.ID, Data: data})
}

// RecentLines implements moderation.Reach.
func (r reach) RecentLines(userID string) []string { return r.n.gw.RecentLines(userID) }

// RoomInfo implements moderation.Rooms.
func (n *Node) RoomInfo(id string) (string, int, bool) {
	r, ok := n.rooms[id]
	if !ok {
		return "", 0, false
	}
	return r.Def().Name, r.Def().Capacity, true
}

// Admits implements room.Admitter and gateway.Rooms: why p may not enter room id, run here or
// elsewhere (from this node's copy of its settings and the occupants its node published), or nil.
func (n *Node) Admits(id string, p room.Profile) *pb.ServerMessage {
	if id == "" {
		id = n.ordered[0].ID() // the arrival room, as Locate has it
	}
	r, ok := n.rooms[id]
	if !ok {
		return nil
	}
	if n.dir != nil && !n.dir.Mine(id) {
		return r.RefusalWith(p, n.dir.Occupants(id))
	}
	return r.Refusal(p)
}

// roomsChanged pushes fresh room lists to everyone connected here once the rooms' next tick has
// applied a change of settings.
func (n *Node) roomsChanged() { time.AfterFunc(200*time.Millisecond, n.gw.RoomsChanged) }

// applyRoomSettings configures this node's copy of a room; if it runs the room, notice (an encoded
// ServerMessage, may be nil) goes to everyone in it.
func (n *Node) applyRoomSettings(roomID string, s store.RoomSettings, notice []byte) {
	r, ok := n.rooms[roomID]
	if !ok {
		return
	}
	if err := r.Configure(roomSettings(s)); err != nil {
		n.log.Warn("configure room", "room", roomID, "err", err)
	}

	if _, mine := n.Room(roomID); !mine || notice == nil {
		return
	}
	m, err := protocol.DecodeServer(notice)
	if err != nil {
		n.log.Warn("bad room notice", "room", roomID, "err", err)
		return
	}
	_ = r.Tell(m)
}

func roomSettings(s store.RoomSettings) room.Settings {
	return room.Settings{Locked: s.Locked, Capacity: s.Capacity, SlowSeconds: s.SlowModeSeconds, AudienceMuted: s.AudienceMuted}
}

// loadRoomSettings configures every room from the store (at start), or one room (ids given: a room
// this node has just taken over, whose settings may have changed while another node ran it).
func (n *Node) loadRoomSettings(ctx context.Context, ids ...string) error {
	if len(ids) > 0 {
		for _, id := range ids {
			s, err := n.st.RoomSettings(ctx, id)
			if err != nil {
				return fmt.Errorf("room settings of %s: %w", id, err)
			}
			n.applyRoomSettings(id, s, nil)
		}
		return nil
	}
	all, err := n.st.AllRoomSettings(ctx)
	if err != nil {
		return fmt.Errorf("room settings: %w", err)
	}
	for id, s := range all {
		n.applyRoomSettings(id, s, nil)
	}
	return nil
}

// RoomIDs implements events.Rooms: every room's id.
func (n *Node) RoomIDs() []string {
	out := make([]string, 0, len(n.ordered))
	for _, r := range n.ordered {
		out = append(out, r.ID())
	}
	return out
}

// Events returns the node's events service (tests and tools).
func (n *Node) Events() *events.Service { return n.events }

// eventChanged tells every other live node that an event in room changed.
func (n *Node) eventChanged(ctx context.Context, roomID string) {
	if err := n.toOtherNodes(ctx, cluster.Envelope{Kind: cluster.KindEvent, Room: roomID}); err != nil {
		n.log.Warn("tell the other nodes about an event change", "room", roomID, "err", err)
	}
}

// deliverModeration carries out a moderation envelope from another node; false if e is not one.
func (n *Node) deliverModeration(e cluster.Envelope) bool {
	switch e.Kind {
	case cluster.KindMove:
		if s, ok := n.gw.Local(e.UserID); ok {
			s.MoveTo(e.Room)
		}
	case cluster.KindMutes:
		if s, ok := n.gw.Local(e.UserID); ok {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := s.LoadMutes(ctx); err != nil {
				n.log.Warn("reload mutes", "user_id", e.UserID, "err", err)
			}
			cancel()
		}
	case cluster.KindRoom:
		var s store.RoomSettings
		if err := json.Unmarshal(e.Data, &s); err != nil {
			n.log.Warn("bad room settings from another node", "from", e.From, "err", err)
			return true
		}
		n.applyRoomSettings(e.Room, s, e.Frame)
		n.roomsChanged()
	case cluster.KindEvent:
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			n.events.Refresh(ctx, e.Room)
		}()
	case cluster.KindReport:
		var rep store.Report
		if err := json.Unmarshal(e.Data, &rep); err != nil {
			n.log.Warn("bad report from another node", "from", e.From, "err", err)
			return true
		}
		go func() { // the store and presence take round trips: off the bus's goroutine
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if _, err := n.mod.FileReport(ctx, rep); err != nil {
				n.log.Warn("file a report from another node", "from", e.From, "err", err)
			}
		}()
	default:
		return false
	}
	return true
}
