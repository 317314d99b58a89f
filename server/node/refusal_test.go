package node

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/redistest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// internals matches what a reason fit for a person must not contain: addresses, ports, protocol and
// library words, Go error chains.
var internals = regexp.MustCompile(`(?i)dial|tcp|redis|eof|connection refused|i/o|127\.0\.0\.1|:\d{2,5}\b|: [a-z]`)

func assertPlain(t *testing.T, what, reason string) {
	t.Helper()
	if reason == "" || internals.MatchString(reason) {
		t.Errorf("%s says %q: want plain words, no internals", what, reason)
	}
}

// TestRefusalsDuringRedisOutageArePlain: while Redis is away, a join that needs it and a newcomer's
// Hello are refused in words fit for a person, every refusal is counted, and the log carries the
// detail once (not once per refusal).
func TestRefusalsDuringRedisOutageArePlain(t *testing.T) {
	rs := redistest.Start(t)
	logs := &logBuffer{}
	a := startServerLogging(t, logs, func(c *Config) {
		c.Redis, c.NodeID, c.PresenceTTL = rs.URL(), "node-a", 3*time.Second
	})
	alice := dial(t, a, "Alice")
	joinRoom(t, alice, "gallery") // node-a now runs the gallery: it needs no Redis to stay there

	rs.Stop()
	// Nobody runs the consular office yet: joining it needs a claim in Redis.
	const joins = 3
	for i := 0; i < joins; i++ {
		if err := alice.Join("consular"); err != nil {
			t.Fatal(err)
		}
	}
	var reasons []string
	wait(t, alice, "three refused joins", func(v *client.View) bool {
		reasons = reasons[:0]
		for _, l := range v.Chat {
			if l.Err != nil {
				reasons = append(reasons, l.Err.GetReason())
			}
		}
		return len(reasons) == joins
	})
	for _, r := range reasons {
		assertPlain(t, "a refused join", r)
	}
	if got := counter(t, a, "embassy_refusals_total", "unavailable"); got != joins {
		t.Errorf("refusals_total{reason=\"unavailable\"} = %v, want %d", got, joins)
	}
	lines := logs.lines("refused a request", "reason=unavailable")
	if len(lines) != 1 || !strings.Contains(lines[0], "claim room consular") {
		t.Errorf("want one log line with the detail for %d refusals, got:\n%s", joins, strings.Join(lines, "\n"))
	}

	// A newcomer cannot be checked in: turned away in plain words, and counted.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := client.Dial(ctx, client.Options{URL: a.ws, Name: "Newcomer"})
	var ce *client.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.CloseTryAgainLater {
		t.Fatalf("newcomer during the outage: %v, want close %d", err, websocket.CloseTryAgainLater)
	}
	assertPlain(t, "the newcomer's close reason", ce.Reason)
	if got := counter(t, a, "embassy_refusals_total", "unavailable"); got != joins+1 {
		t.Errorf("refusals_total{reason=\"unavailable\"} = %v, want %d", got, joins+1)
	}
	eventually(t, "the newcomer counted as turned away for an unavailable service", 5*time.Second, func() bool {
		return counter(t, a, "embassy_sessions_closed_total", "unavailable") == 1
	})

	// Who is online cannot be listed either: the page says so in words.
	resp, err := http.Get(a.base + "/api/online")
	if err != nil {
		t.Fatal(err)
	}
	var page struct{ Error string }
	err = json.NewDecoder(resp.Body).Decode(&page)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/api/online during the outage: %s (%v)", resp.Status, err)
	}
	assertPlain(t, "/api/online", page.Error)

	if alice.Err() != nil {
		t.Fatalf("alice was disconnected by the outage: %v", alice.Err())
	}
	rs.Restart() // so that the node can give its rooms up when it stops
}

// TestRefusalsAreCounted: refusals a visitor causes are counted by reason, those the rooms send too.
func TestRefusalsAreCounted(t *testing.T) {
	ts := startServer(t)
	c := dial(t, ts, "Wanderer")
	if _, err := c.Chat(pb.ChatKind_CHAT_SAY, "hello?", ""); err != nil { // not in a room yet
		t.Fatal(err)
	}
	wait(t, c, "join-first refusal", refusedWith(pb.RefuseCode_REFUSE_INVALID))
	if err := c.Join("attic"); err != nil {
		t.Fatal(err)
	}
	wait(t, c, "no-such-room refusal", refusedWith(pb.RefuseCode_REFUSE_NO_SUCH_ROOM))
	joinRoom(t, c, "entrance")
	if _, err := c.WalkTo(-1000, -1000); err != nil { // outside the map: the room refuses
		t.Fatal(err)
	}
	wait(t, c, "unreachable refusal", refusedWith(pb.RefuseCode_REFUSE_UNREACHABLE))
	for reason, want := range map[string]float64{"invalid": 1, "no_such_room": 1, "unreachable": 1} {
		if got := counter(t, ts, "embassy_refusals_total", reason); got != want {
			t.Errorf("refusals_total{reason=%q} = %v, want %v", reason, got, want)
		}
	}
}
