package session

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// live runs a session against a real node, updating it from the test goroutine as the game loop
// would.
type live struct {
	t *testing.T
	s *Session
}

// runLink runs a Link with cfg, and a session on it, until the test ends.
func runLink(t *testing.T, cfg Config) live {
	t.Helper()
	link := NewLink(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = link.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return live{t: t, s: New(link, cfg.Name, cfg.Look, nil)}
}

func (l live) until(what string, cond func(m *Model) bool) {
	l.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		l.s.Update(time.Now())
		if cond(l.s.Model()) {
			return
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("timed out waiting for %s (status: %s)", what, l.s.Model().StatusLine())
		}
	}
}

// The session's actions reach a real server and its messages come back into the model: talking to
// a visitor standing nearby, hearing them (a bubble over them), changing rooms by name, and room
// counts that include your own move at once.
func TestSessionAgainstARealServer(t *testing.T) {
	srv := nodetest.Start(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	bot, err := client.Dial(ctx, client.Options{URL: srv.WS(), Name: "Bot Ines", Client: "session-test"})
	if err != nil {
		t.Fatal(err)
	}
	defer bot.Close()
	if err := bot.Join(""); err != nil {
		t.Fatal(err)
	}

	// No polling of /api/rooms: the counts below must come with the server's messages.
	l := runLink(t, Config{URL: srv.WS(), Name: "Visitor", Client: "session-test", RoomsEvery: time.Hour})
	act := l.s.Actions()
	l.until("entering the arrival room", func(m *Model) bool { return m.Ready() })

	act.Say("Good morning, Ines")
	if err := bot.WaitFor(ctx, func(v *client.View) bool {
		for _, c := range v.Chat {
			if c.Event.GetText() == "Good morning, Ines" {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("the bot never heard the visitor: %v", err)
	}
	if _, err := bot.Chat(pb.ChatKind_CHAT_SAY, "Welcome to the embassy", ""); err != nil {
		t.Fatal(err)
	}
	l.until("the bot's line and bubble", func(m *Model) bool {
		for _, b := range m.Bubbles {
			if b.Text == "Welcome to the embassy" {
				return strings.Contains(m.Chat.Entries[len(m.Chat.Entries)-1].Text, "Bot Ines: Welcome")
			}
		}
		return false
	})

	act.Join("exhibition gallery") // by name, any case
	l.until("the gallery", func(m *Model) bool { return m.Room != nil && m.Room.ID == "gallery" })
	l.until("room counts with your move", func(m *Model) bool {
		g, _ := m.Occupants("gallery")
		e, _ := m.Occupants("entrance")
		return g == 1 && e == 1
	})
	act.Join("gallery")
	l.until("the refusal to join the room you are in", func(m *Model) bool {
		e := m.Chat.Entries[len(m.Chat.Entries)-1]
		return e.ForYou && strings.Contains(e.Text, "already in the Exhibition Gallery")
	})
}
