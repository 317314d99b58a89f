package bots

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/embassy-project/embassy/server/node"
)

// TestBotsAgainstARealServer runs a small load against a real node and checks every figure the
// JSON report promises is measured.
func TestBotsAgainstARealServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	n, err := node.New(node.Defaults(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx, ln) }()
	defer func() { cancel(); <-done }()

	res, err := Run(context.Background(), Config{
		Server: "ws://" + ln.Addr().String() + "/ws", MetricsURL: "http://" + ln.Addr().String() + "/metrics",
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
