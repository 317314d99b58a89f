package gateway

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/server/metrics"
)

// TestRefusalLogOncePerMinute: every refusal is counted, but each kind is logged at most once a
// minute, and the next line says how many went unlogged.
func TestRefusalLogOncePerMinute(t *testing.T) {
	var buf bytes.Buffer
	m := metrics.New()
	l := newRefusalLog(slog.New(slog.NewTextHandler(&buf, nil)), m)
	clock := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return clock }
	outage := errors.New("claim room consular: dial tcp 127.0.0.1:6379: connect: connection refused")

	for i := 0; i < 5; i++ {
		l.note(refusedUnavailable, "u1", sayDirectoryDown, outage)
		clock = clock.Add(time.Second)
	}
	l.note(refusedRate, "u2", "slow down", nil) // another kind: its own line
	clock = clock.Add(time.Minute)
	l.note(refusedUnavailable, "u3", sayDirectoryDown, outage)

	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if strings.Contains(line, "reason=unavailable") {
			lines = append(lines, line)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("%d lines for 6 unavailable refusals over a minute, want 2:\n%s", len(lines), buf.String())
	}
	if !strings.Contains(lines[0], "unlogged_since_last=0") || !strings.Contains(lines[0], "connection refused") {
		t.Errorf("first line %q: want the detail and nothing unlogged", lines[0])
	}
	if !strings.Contains(lines[1], "unlogged_since_last=4") {
		t.Errorf("second line %q: want the 4 refusals left unlogged", lines[1])
	}
	if !strings.Contains(buf.String(), "reason=rate_limited") {
		t.Error("the rate-limit refusal, another kind, was not logged")
	}
	for label, want := range map[string]float64{"unavailable": 6, "rate_limited": 1} {
		if got := counterValue(t, m, label); got != want {
			t.Errorf("refusals_total{reason=%q} = %v, want %v", label, got, want)
		}
	}
}

func counterValue(t *testing.T, m *metrics.Metrics, reason string) float64 {
	t.Helper()
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "embassy_refusals_total" {
			continue
		}
		for _, mm := range f.GetMetric() {
			if mm.GetLabel()[0].GetValue() == reason {
				return mm.GetCounter().GetValue()
			}
		}
	}
	return 0
}
