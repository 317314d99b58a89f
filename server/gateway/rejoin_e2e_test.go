package gateway_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// TestJoinAwayAndBackOverTheWire: visitors in the Entrance Hall ask to join the gallery and then the
// entrance again, through a real node. Whichever way the two joins and the two rooms' ticks
// interleave, each must end where it asked last: counted in the entrance (the session's room), its
// avatar held by the entrance alone, its client showing the entrance with its own avatar where the
// host there sees it, and no trace of it left for the guard in the gallery.
//
// Sent back to back, both joins nearly always reach the node before the gallery's next tick, so the
// gallery turns the first one down and the entrance respawns the visitor in place. Sent the moment
// the gallery's Joined arrives, the second join nearly always reaches the entrance before its next
// tick, while it still holds the avatar it has not yet noticed is gone: the race where the entrance
// took the visitor back without a Joined and the client went on showing the gallery.
func TestJoinAwayAndBackOverTheWire(t *testing.T) {
	t.Run("back to back", func(t *testing.T) { joinAwayAndBack(t, false) })
	t.Run("back on the gallery's Joined", func(t *testing.T) { joinAwayAndBack(t, true) })
}

// visitor is a client with what the test needs to know about its trips.
type visitor struct {
	*client.Client
	name   string
	armed  atomic.Bool   // onJoined: the next Joined for the gallery sends the visitor back at once
	away   atomic.Int32  // Joined messages for the gallery received
	round  atomic.Uint64 // the round under way: its Ping carries it
	ponged atomic.Uint64 // the round of the last Pong received
}

func joinAwayAndBack(t *testing.T, onJoined bool) {
	const visitors, rounds = 10, 3 // 1 + 2*rounds joins each: within the join burst, never rate-limited
	srv := nodetest.Start(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	host := dialIn(ctx, t, srv, "Host", "entrance", nil)
	guard := dialIn(ctx, t, srv, "Guard", "gallery", nil)
	vs := make([]*visitor, visitors)
	for i := range vs {
		v := &visitor{name: fmt.Sprintf("Visitor %d", i)}
		vs[i] = v
		v.Client = dialIn(ctx, t, srv, v.name, "entrance", func(m *pb.ServerMessage, _ time.Time) {
			if p := m.GetPong(); p != nil {
				v.ponged.Store(p.GetClientTime())
			}
			if j := m.GetJoined(); j != nil && j.Room == "gallery" {
				v.away.Add(1)
				if v.armed.Swap(false) { // from the read goroutine, before anything else is read
					_ = v.Join("entrance")
					_ = v.Ping(v.round.Load())
				}
			}
		})
	}
	settled := func() error {
		for _, info := range srv.Node.Infos() {
			r, _ := srv.Node.Room(info.Id)
			want := map[string]int{"entrance": visitors + 1, "gallery": 1}[info.Id]
			if int(info.Occupants) != want || r.Occupants() != want {
				return fmt.Errorf("%s counts %d sessions and holds %d avatars; want %d", info.Id, info.Occupants, r.Occupants(), want)
			}
		}
		return nil
	}
	for round := uint64(1); round <= rounds; round++ {
		for _, v := range vs {
			v.round.Store(round)
			v.armed.Store(onJoined)
			if err := v.Join("gallery"); err != nil {
				t.Fatal(err)
			}
			if onJoined {
				continue
			}
			if err := v.Join("entrance"); err != nil {
				t.Fatal(err)
			}
			if err := v.Ping(round); err != nil {
				t.Fatal(err)
			}
		}
		// A Pong follows both joins: each room has its request and the entrance's is the latest.
		for _, v := range vs {
			eventually(ctx, t, v.name+"'s pong", func() error {
				if got := v.ponged.Load(); got != round {
					return fmt.Errorf("pong %d, want %d", got, round)
				}
				return nil
			})
		}
		eventually(ctx, t, fmt.Sprintf("round %d: everyone back in the entrance alone", round), settled)
		// Once the ack of a later intent has arrived, so has everything the rooms sent before it.
		for _, c := range append(clients(vs), guard) {
			acked(ctx, t, c)
		}
		if err := settled(); err != nil {
			t.Fatalf("round %d: rooms changed after settling: %v", round, err)
		}
		for _, v := range vs {
			var pos string
			v.View(func(cv *client.View) {
				if cv.Room != "entrance" || cv.Self() == nil {
					t.Fatalf("round %d: %s's client shows room %q (own avatar shown: %v); the server has it in the entrance", round, v.name, cv.Room, cv.Self() != nil)
				}
				pos = fmt.Sprint(cv.Self().Pos)
			})
			if err := host.WaitFor(ctx, func(hv *client.View) bool {
				a := hv.ByName(v.name)
				return a != nil && fmt.Sprint(a.Pos) == pos
			}); err != nil {
				t.Fatalf("round %d: the host never sees %s where its client stands (%s): %v", round, v.name, pos, err)
			}
			guard.View(func(gv *client.View) {
				if gv.ByName(v.name) != nil {
					t.Fatalf("round %d: the guard in the gallery still sees %s", round, v.name)
				}
			})
		}
	}
	trips := int32(0)
	for _, v := range vs {
		trips += v.away.Load()
	}
	if onJoined && trips != visitors*rounds {
		t.Errorf("the gallery admitted %d of %d trips; every one should have gone there first", trips, visitors*rounds)
	}
	t.Logf("%d of %d trips went through the gallery before coming back", trips, visitors*rounds)
	for _, c := range append(clients(vs), host, guard) {
		if err := c.Err(); err != nil {
			t.Fatalf("%s's connection ended: %v", c.Welcome().GetName(), err)
		}
	}
}

func clients(vs []*visitor) []*client.Client {
	out := make([]*client.Client, len(vs))
	for i, v := range vs {
		out[i] = v.Client
	}
	return out
}

// dialIn connects a headless client called name and waits until it has joined room.
func dialIn(ctx context.Context, t *testing.T, srv *nodetest.Server, name, room string, on func(*pb.ServerMessage, time.Time)) *client.Client {
	t.Helper()
	c, err := client.Dial(ctx, client.Options{URL: srv.WS(), Name: name, Client: "gateway-test", OnMessage: on})
	if err != nil {
		t.Fatalf("dial %s: %v", name, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Join(room); err != nil {
		t.Fatal(err)
	}
	if err := c.WaitFor(ctx, func(v *client.View) bool { return v.Room == room && v.Self() != nil }); err != nil {
		t.Fatalf("%s joining %s: %v", name, room, err)
	}
	return c
}

// acked sends an intent that changes nothing and waits for the server to acknowledge it.
func acked(ctx context.Context, t *testing.T, c *client.Client) {
	t.Helper()
	seq, err := c.Move(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WaitFor(ctx, func(v *client.View) bool { return v.Ack >= seq }); err != nil {
		t.Fatalf("%s: no ack for intent %d: %v", c.Welcome().GetName(), seq, err)
	}
}

// eventually polls cond until it returns nil, failing the test with its last error when ctx ends.
func eventually(ctx context.Context, t *testing.T, what string, cond func() error) {
	t.Helper()
	for {
		err := cond()
		if err == nil {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: %v", what, err)
		case <-time.After(10 * time.Millisecond):
		}
	}
}
