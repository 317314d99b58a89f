package node

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/internal/redistest"
)

// TestConcurrentFirstJoinsClaimOnce: many visitors asking at once for a room nobody runs yet cost
// one claim: the node says "hosting room" once.
func TestConcurrentFirstJoinsClaimOnce(t *testing.T) {
	rs := redistest.Start(t)
	logs := &logBuffer{}
	ts := startServerLogging(t, logs, func(c *Config) {
		c.Redis, c.NodeID, c.PresenceTTL = rs.URL(), "node-a", 15*time.Second
	})
	const n = 16
	clients := make([]*client.Client, n)
	for i := range clients {
		clients[i] = dial(t, ts, "Guest "+string(rune('A'+i)))
	}
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = c.Join("consular")
		}()
	}
	wg.Wait()
	for _, c := range clients {
		wait(t, c, "in the consular office", func(v *client.View) bool { return v.Room == "consular" })
	}
	if got := logs.lines(`msg="hosting room"`, "room=consular"); len(got) != 1 {
		t.Errorf("%d \"hosting room\" lines for one room, want 1:\n%s", len(got), strings.Join(got, "\n"))
	}
}
