package voice_test

import (
	"context"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/internal/signintest"
	"github.com/embassy-project/embassy/server/events"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/moderation"
	"github.com/embassy-project/embassy/server/node"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// During a reception, a guest given the floor is heard by the whole hall through the SFU (real
// PeerConnections, a decoded tone), and no longer once the host takes the floor back.
func TestEventFloorIsHeardAcrossTheHall(t *testing.T) {
	const secret = "an event voice test secret of at least thirty-two bytes"
	srv := nodetest.StartWith(t, nil, func(c *node.Config) { c.Secret = secret })
	hall := roomDef(t, srv, "reception")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	host := moderation.Actor{UserID: identity.UserIDFor("Ambassador Ada"), Name: "Ambassador Ada", Role: identity.Diplomat}
	if _, err := srv.Node.Events().Create(ctx, host, events.Input{
		Title: "National Day reception", Room: "reception", Starts: time.Now().Add(-time.Minute), Ends: time.Now().Add(time.Hour),
	}); err != nil {
		t.Fatal(err)
	}
	guest := enter(t, srv, "Guest Gil", "reception", 1, options{})
	far := enter(t, srv, "Far Fay", "reception", 2, options{})
	place(hall, map[*person][2]float64{guest: {40, 16}, far: {72, 55}})
	hostC := signedIn(t, srv, signintest.Token(t, secret, "Ambassador Ada", identity.Diplomat))
	if err := hostC.Join("reception"); err != nil {
		t.Fatal(err)
	}
	if err := hostC.WaitFor(ctx, func(v *client.View) bool { return v.Room == "reception" }); err != nil {
		t.Fatal(err)
	}
	guest.speak(toneA)
	time.Sleep(1500 * time.Millisecond)
	if n := far.receivedFrom(guest, time.Time{}); n != 0 {
		t.Fatalf("Fay, 40 m away, received %d packets of Gil before he had the floor", n)
	}

	act := func(kind pb.EventAction_Kind, target string) {
		t.Helper()
		b, _ := protocol.Encode(&pb.ClientMessage{Msg: &pb.ClientMessage_EventAction{EventAction: &pb.EventAction{Kind: kind, Target: target}}})
		if err := hostC.SendRaw(b); err != nil {
			t.Fatal(err)
		}
	}
	act(pb.EventAction_GIVE_FLOOR, "Guest Gil")
	eventually(t, "Fay hears Gil, who has the floor", 10*time.Second, func() bool { return far.hears(guest, toneA) })

	act(pb.EventAction_TAKE_FLOOR, "")
	time.Sleep(time.Second) // the routing changes at the room's next hand-over
	taken := time.Now()
	time.Sleep(1500 * time.Millisecond)
	if n := far.receivedSentAfter(guest, taken); n != 0 {
		t.Errorf("Fay received %d packets Gil sent after the floor was taken back", n)
	}
}

// signedIn connects a member of staff with token; the test closes it.
func signedIn(t *testing.T, srv *nodetest.Server, token string) *client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{URL: srv.WS(), Name: "x", Token: token})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}
