package bots

import (
	"context"
	"testing"
	"time"

	"github.com/embassy-project/embassy/internal/nodetest"
)

// TestBotsAgainstARealServer runs a small load against a real node and checks every figure the
// JSON report promises is measured.
func TestBotsAgainstARealServer(t *testing.T) {
	srv := nodetest.Start(t, nil)
	res, err := Run(context.Background(), Config{
		Server: srv.WS(), MetricsURL: srv.HTTP() + "/metrics",
		N: 20, Room: "reception", Duration: 2 * time.Second, Ramp: 100, ChatEvery: time.Second, NamePrefix: "t-",
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Connected != 20 || res.Errors != 0 {
		t.Fatalf("connected %d errors %d (%v)", res.Connected, res.Errors, res.ErrorSamples)
	}
	if res.MoveEchoMs.N == 0 || res.MoveEchoMs.P50 <= 0 || res.MoveEchoMs.P99 < res.MoveEchoMs.P50 {
		t.Errorf("move echo = %+v", res.MoveEchoMs)
	}
	if res.SnapshotsPerBotPerS < 5 || res.BytesInPerBotPerS <= 0 {
		t.Errorf("snapshots/s %.1f, bytes/s %.1f per bot", res.SnapshotsPerBotPerS, res.BytesInPerBotPerS)
	}
	if s := res.Server; s == nil || s.Ticks < 20 || s.TickP99Ms <= 0 || s.RSSBytes <= 0 || s.Room != "reception" {
		t.Errorf("server figures = %+v", s)
	}
}
