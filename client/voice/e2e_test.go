package voice_test

import (
	"context"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/internal/signintest"
	"github.com/embassy-project/embassy/server/identity"
	"github.com/embassy-project/embassy/server/node"
	"github.com/embassy-project/embassy/shared/protocol"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// Tones the tests speak; each person its own, far enough apart for a 200 ms Goertzel window.
const (
	toneA = 440.0
	toneB = 660.0
	toneC = 880.0
	toneD = 550.0
)

// In the Reception Hall: B near A hears A's tone, decoded; C 24 m away receives nothing of A; C
// walks close and hears A on the connection it has (no new offer); A steps onto the stage and D,
// 50 m away in the far corner, hears A on the stage slot, as do B and C.
func TestVoiceProximityAndStage(t *testing.T) {
	srv := nodetest.Start(t, nil)
	hall := roomDef(t, srv, "reception")
	a, b, c, d := four(t, srv, "reception")
	place(hall, map[*person][2]float64{a: {40, 16}, b: {43, 16}, c: {40, 40}, d: {72, 55}})
	a.speak(toneA)

	eventually(t, "B hears A's tone", 10*time.Second, func() bool { return b.hears(a, toneA) })
	since := time.Now()
	time.Sleep(1500 * time.Millisecond)
	for _, p := range []*person{c, d} {
		if n := p.receivedFrom(a, time.Time{}); n != 0 {
			t.Fatalf("%s, out of range, received %d packets of A", p.name, n)
		}
	}
	if n := b.receivedFrom(a, since); n < 50 {
		t.Fatalf("B received only %d packets of A in 1.5 s", n)
	}

	c.walkTo(hall, 40, 21)
	eventually(t, "C, close now, hears A", 10*time.Second, func() bool { return c.hears(a, toneA) })
	if n := c.offers.Load(); n != 1 {
		t.Fatalf("C got %d offers: walking renegotiated", n)
	}
	if st := c.v.Stats(); st.Offers != 1 {
		t.Fatalf("C answered %d offers", st.Offers)
	}

	sx, sy := stageCentre(t, hall)
	a.walkTo(hall, sx, sy)
	eventually(t, "D in the far corner hears A on the stage", 10*time.Second, func() bool { return d.hears(a, toneA) })
	if got := d.v.Avatar(8); got != a.slot() {
		t.Fatalf("D's stage slot carries avatar %d, want A's %d", got, a.slot())
	}
	eventually(t, "B and C hear A on the stage", 10*time.Second, func() bool { return b.hears(a, toneA) && c.hears(a, toneA) })
	for _, p := range []*person{a, b, c, d} {
		if n := p.offers.Load(); n != 1 {
			t.Errorf("%s got %d offers", p.name, n)
		}
		if st := p.v.Stats(); st.Lost() > 0.01 {
			t.Errorf("%s lost %.1f%% of its packets (%+v)", p.name, 100*st.Lost(), st)
		}
	}
}

// A slot's stream stays continuous when the speaker it carried comes back to it: C hears A, leaves
// for another room while A goes on talking, comes back and hears A again, with no gap in the
// slot's sequence numbers (a gap would be played as lost packets: seconds of concealment noise).
func TestVoiceSlotContinuousWhenTheSpeakerReturns(t *testing.T) {
	srv := nodetest.Start(t, nil)
	hall := roomDef(t, srv, "reception")
	a := enter(t, srv, "Ada", "reception", 1, options{})
	c := enter(t, srv, "Cy", "reception", 3, options{})
	a.walkTo(hall, 40, 44)
	a.speak(toneA)
	eventually(t, "C hears A", 10*time.Second, func() bool { return c.hears(a, toneA) })
	if err := c.c.Join("entrance"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "C's slots empty in the entrance", 10*time.Second, func() bool { return c.v.Avatar(0) == 0 })
	time.Sleep(2 * time.Second) // A talks on: about 100 packets C must not count as lost
	if err := c.c.Join("reception"); err != nil {
		t.Fatal(err)
	}
	since := time.Now()
	eventually(t, "C, back, hears A", 10*time.Second, func() bool { return c.receivedFrom(a, since) > 25 && c.hears(a, toneA) })
	st := c.v.Stats()
	if st.Expected-st.Received > 2 {
		t.Fatalf("C's slot jumped: %d packets expected, %d received (%+v)", st.Expected, st.Received, st)
	}
}

// Nothing crosses the edge of a private zone, either way: in the Ambassador's Office, A in the
// sofa corner (private) and B outside, 9 m apart, do not hear each other; D beside A hears A and C
// beside B hears B, so voice does flow on both sides.
func TestVoicePrivateZoneIsSealed(t *testing.T) {
	srv := nodetest.Start(t, nil)
	office := roomDef(t, srv, "ambassador")
	if _, ok := office.ZoneAt(freeSpot(t, office, 16, 13), world.ZonePrivate); !ok {
		t.Fatal("the sofa corner is not a private zone any more: pick another spot")
	}
	a, b, c, d := four(t, srv, "ambassador")
	place(office, map[*person][2]float64{a: {16, 13}, b: {7, 13}, c: {5, 11}, d: {18, 12}})
	if _, ok := office.ZoneAt(freeSpot(t, office, 18, 12), world.ZonePrivate); !ok {
		t.Fatal("D is not in the private zone")
	}
	a.speak(toneA)
	b.speak(toneB)
	eventually(t, "D hears A and C hears B", 10*time.Second, func() bool { return d.hears(a, toneA) && c.hears(b, toneB) })
	time.Sleep(time.Second)
	for _, leak := range []struct {
		listener, speaker *person
	}{{b, a}, {c, a}, {a, b}, {d, b}} {
		if n := leak.listener.receivedFrom(leak.speaker, time.Time{}); n != 0 {
			t.Errorf("%s received %d packets of %s across the private zone's edge", leak.listener.name, n, leak.speaker.name)
		}
	}
}

// A moderator mutes A's voice with a protocol message: the SFU drops what A says, so B and C
// receive nothing A sent after the mute; lifted, A is heard again.
func TestVoiceMuteByAModeratorHoldsForEveryone(t *testing.T) {
	const secret = "a voice test secret of at least thirty-two bytes"
	srv := nodetest.StartWith(t, nil, func(c *node.Config) { c.Secret = secret })
	a := enter(t, srv, "Ada", "reception", 1, options{})
	b := enter(t, srv, "Ben", "reception", 2, options{})
	c := enter(t, srv, "Cy", "reception", 3, options{})
	mod := moderator(t, srv, secret)
	a.speak(toneA) // everyone stands in the arrival area, within talking range
	eventually(t, "B and C hear A", 10*time.Second, func() bool { return b.hears(a, toneA) && c.hears(a, toneA) })

	mod(&pb.Moderate{Action: pb.ModAction_MOD_MUTE_VOICE, Target: "Ada", DurationS: 600, Reason: "feedback"})
	muted := time.Now() // once confirmed: the SFU drops A's packets from here on
	time.Sleep(1500 * time.Millisecond)
	for _, p := range []*person{b, c} {
		if n := p.receivedSentAfter(a, muted); n != 0 {
			t.Errorf("%s received %d packets A sent after being muted", p.name, n)
		}
	}
	mod(&pb.Moderate{Action: pb.ModAction_MOD_UNMUTE_VOICE, Target: "Ada"})
	unmuted := time.Now()
	eventually(t, "B hears A again once unmuted", 10*time.Second, func() bool { return b.receivedFrom(a, unmuted) > 25 && b.hears(a, toneA) })
}

// moderator signs in a moderator and returns a function that carries out a moderation request,
// failing the test unless the server confirms it.
func moderator(t *testing.T, srv *nodetest.Server, secret string) func(*pb.Moderate) {
	t.Helper()
	tok := signintest.Token(t, secret, "Duty Officer", identity.Moderator)
	answers := make(chan *pb.ServerMessage, 16)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{URL: srv.WS(), Name: "x", Token: tok, OnMessage: func(m *pb.ServerMessage, _ time.Time) {
		if m.GetModResult() != nil || m.GetRefused() != nil {
			answers <- m
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return func(m *pb.Moderate) {
		t.Helper()
		b, _ := protocol.Encode(&pb.ClientMessage{Msg: &pb.ClientMessage_Moderate{Moderate: m}})
		if err := c.SendRaw(b); err != nil {
			t.Fatal(err)
		}
		select {
		case ans := <-answers:
			if ans.GetRefused() != nil {
				t.Fatalf("%v refused: %s", m.GetAction(), ans.GetRefused().GetReason())
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no answer to %v", m.GetAction())
		}
	}
}
