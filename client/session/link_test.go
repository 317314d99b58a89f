package session

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/server/node"
)

// serve runs a real node on addr (retrying while the previous one releases it) until stop.
func serve(t *testing.T, addr string) (stop func()) {
	t.Helper()
	var ln net.Listener
	var err error
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if ln, err = net.Listen("tcp", addr); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return nodetest.Start(t, ln).Stop
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestLinkReconnectsAndRejoins stops the server under a connected Link, checks it says why and
// waits, then starts a server again at the same address and checks it reconnects by itself and
// rejoins the room it was in.
func TestLinkReconnectsAndRejoins(t *testing.T) {
	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := probe.Addr().String()
	probe.Close()

	stop := serve(t, addr)
	l := NewLink(Config{URL: "ws://" + addr + "/ws", Name: "Traveller", Room: "gallery", Client: "link-test"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	defer func() { cancel(); <-done }()

	var events []Event
	joined := func(session int) func() bool {
		return func() bool {
			events = l.Drain(events)
			for _, e := range events {
				if j := e.Msg.GetJoined(); j != nil && j.Room == "gallery" && e.Session == session {
					return true
				}
			}
			return false
		}
	}
	waitFor(t, "first join", joined(1))
	if s := l.Status(); s.State != Online || s.Session != 1 {
		t.Fatalf("status %+v, want online in session 1", s)
	}

	stop()
	waitFor(t, "the link to notice", func() bool { return l.Status().State == Waiting })
	if s := l.Status(); !strings.Contains(s.Reason, "shutting down") {
		t.Errorf("status reason %q does not say the server is shutting down", s.Reason)
	}

	stop = serve(t, addr)
	defer stop()
	waitFor(t, "rejoin after reconnecting", joined(2))
	if s := l.Status(); s.State != Online || s.Session != 2 {
		t.Errorf("status %+v, want online in session 2", s)
	}
}

// A Link the server turns away at the door (here a forged sign-in) says why and stops, rather than
// knocking again and again: Run returns by itself.
func TestLinkStopsWhenRefusedAtTheDoor(t *testing.T) {
	srv := nodetest.StartWith(t, nil, func(c *node.Config) { c.Secret = "the link test's secret, at least thirty-two bytes" })
	l := NewLink(Config{URL: srv.WS(), Name: "Forger", Token: "eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiQWRhIn0.Zm9yZ2Vk", Client: "link-test"})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := l.Run(ctx); err != nil || ctx.Err() != nil {
		t.Fatalf("Run: %v (context: %v), want it to stop by itself", err, ctx.Err())
	}
	if s := l.Status(); s.State != Ended || !strings.Contains(s.Reason, "sign-in is not valid") {
		t.Errorf("status %+v, want ended, saying the sign-in is not valid", s)
	}
}
