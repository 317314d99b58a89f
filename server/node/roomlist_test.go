package node

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/redistest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// recorder keeps every message a client receives, in order.
type recorder struct {
	mu   sync.Mutex // guards msgs
	msgs []*pb.ServerMessage
}

func (r *recorder) add(m *pb.ServerMessage, _ time.Time) {
	r.mu.Lock()
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
}

// after returns the message that came right after the Joined for room, or nil.
func (r *recorder) after(room string) *pb.ServerMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, m := range r.msgs {
		if m.GetJoined().GetRoom() == room && i+1 < len(r.msgs) {
			return r.msgs[i+1]
		}
	}
	return nil
}

func dialRecording(t *testing.T, ts *testServer, name string) (*client.Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{URL: ts.ws, Name: name, OnMessage: rec.add})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c, rec
}

// listAfterJoined checks that the message right after Joined{room} is a room list with the given
// occupants.
func listAfterJoined(t *testing.T, c *client.Client, rec *recorder, room string, want map[string]uint32) {
	t.Helper()
	wait(t, c, "the message after Joined "+room, func(*client.View) bool { return rec.after(room) != nil })
	list := rec.after(room).GetRooms()
	if list == nil {
		t.Fatalf("after Joined %s came %v, want a room list", room, rec.after(room))
	}
	got := map[string]uint32{}
	for _, r := range list.GetRooms() {
		got[r.GetId()] = r.GetOccupants()
	}
	for id, n := range want {
		if got[id] != n {
			t.Errorf("room list after Joined %s: %s has %d, want %d (list %v)", room, id, got[id], n, got)
		}
	}
}

// TestRoomListAfterJoinedCountsTheMove: right after Joined comes a room list that already counts
// the visitor in the room entered and no longer in the room left, with in-process presence and
// with Redis.
func TestRoomListAfterJoinedCountsTheMove(t *testing.T) {
	for _, presence := range []string{"memory", "redis"} {
		t.Run(presence, func(t *testing.T) {
			var ts *testServer
			if presence == "redis" {
				rs := redistest.Start(t)
				ts = clusterNode(t, rs.URL(), "node-a")
			} else {
				ts = startServer(t)
			}
			joinRoom(t, dial(t, ts, "Host"), "gallery")
			c, rec := dialRecording(t, ts, "Mover")
			joinRoom(t, c, "entrance")
			listAfterJoined(t, c, rec, "entrance", map[string]uint32{"entrance": 1, "gallery": 1})
			joinRoom(t, c, "gallery")
			listAfterJoined(t, c, rec, "gallery", map[string]uint32{"entrance": 0, "gallery": 2})
		})
	}
}

// TestRoomListAfterRedirectCountsTheMove: moving to a room another node runs, the room list that
// follows Joined on the new node no longer counts the visitor in the room they left on the old one.
func TestRoomListAfterRedirectCountsTheMove(t *testing.T) {
	rs := redistest.Start(t)
	a, b := clusterNode(t, rs.URL(), "node-a"), clusterNode(t, rs.URL(), "node-b")
	joinRoom(t, dial(t, b, "Host"), "gallery") // node-b runs the gallery
	c, rec := dialRecording(t, a, "Traveller")
	joinRoom(t, c, "reception") // node-a runs the reception
	listAfterJoined(t, c, rec, "reception", map[string]uint32{"reception": 1})
	eventually(t, "node-b counts the traveller in the reception", 10*time.Second, func() bool {
		return occupants(b, "reception") == 1
	})
	joinRoom(t, c, "gallery")
	if c.Redirects() != 1 {
		t.Fatalf("%d redirects, want 1 to node-b", c.Redirects())
	}
	listAfterJoined(t, c, rec, "gallery", map[string]uint32{"reception": 0, "gallery": 2})
	eventually(t, "node-a counts a redirected session", 5*time.Second, func() bool {
		return counter(t, a, "embassy_sessions_closed_total", "redirected") == 1
	})
}

func occupants(ts *testServer, room string) uint32 {
	for _, r := range ts.n.Infos() {
		if r.GetId() == room {
			return r.GetOccupants()
		}
	}
	return 0
}
