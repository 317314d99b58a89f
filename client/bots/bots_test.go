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

// Voice bots against a real node: two speakers on the Reception Hall's stage, eight listeners;
// every listener hears a speaker's tone, nothing is lost on loopback, and the SFU's figures come
// from its /metrics.
func TestVoiceBotsOnTheStage(t *testing.T) {
	srv := nodetest.Start(t, nil)
	res, err := Run(context.Background(), Config{
		Server: srv.WS(), MetricsURL: srv.HTTP() + "/metrics", N: 10, Room: "reception", Duration: 3 * time.Second,
		Ramp: 50, Idle: true, NamePrefix: "v-", Speakers: 2, Stage: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	v := res.Voice
	if res.Errors != 0 || v == nil {
		t.Fatalf("errors %d (%v), voice %+v", res.Errors, res.ErrorSamples, v)
	}
	t.Logf("voice: %+v", *v)
	if v.Speakers != 2 || v.Listeners != 8 || v.Connected != 10 {
		t.Errorf("speakers %d listeners %d connected %d", v.Speakers, v.Listeners, v.Connected)
	}
	if v.SentPackets < 200 || v.ReceivedPackets < 8*v.SentPackets/2*8/10 || v.LossPct > 1 {
		t.Errorf("packets sent %d received %d expected %d (loss %.2f%%)", v.SentPackets, v.ReceivedPackets, v.ExpectedPackets, v.LossPct)
	}
	if v.LatencyMs.N == 0 || v.LatencyMs.P50 <= 0 || v.ToneOKPct < 100 || v.ToneChecked != 8 {
		t.Errorf("latency %+v, tone ok %.0f%% of %d checked", v.LatencyMs, v.ToneOKPct, v.ToneChecked)
	}
	if s := res.Server; s == nil || s.VoiceForwarded <= 0 || s.VoiceForwardP99Ms <= 0 || s.VoiceDeliveryP99Ms <= 0 || s.VoiceDeliveryMeanMs > s.VoiceForwardMeanMs {
		t.Errorf("server voice figures: %+v", s)
	}
}

// A speaker's tone is found from its name's digits, whatever its prefix (speakers may be another
// process's bots).
func TestBotIndex(t *testing.T) {
	for name, want := range map[string]int{"bot-0007": 7, "l-0120": 120, "x12y0003": 3} {
		if got, ok := botIndex(name); !ok || got != want {
			t.Errorf("botIndex(%q) = %d, %v", name, got, ok)
		}
	}
	if _, ok := botIndex("guest"); ok {
		t.Error("a name without digits has an index")
	}
}
