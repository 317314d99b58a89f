package bots

import (
	"context"
	"math"
	"net/http"
	"sort"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// ServerFigures are what the server spent during the measured window, from its /metrics.
type ServerFigures struct {
	TickP99Ms        float64 `json:"tick_p99_ms"` // interpolated inside the bucket holding the 99th percentile (1 ms wide up to 20 ms)
	TickMeanMs       float64 `json:"tick_mean_ms"`
	Ticks            float64 `json:"ticks"`
	CPUPercentOfCore float64 `json:"cpu_percent_of_one_core"`
	RSSBytes         float64 `json:"rss_bytes"`
	RSSDeltaPerBot   float64 `json:"rss_delta_per_connection_bytes"` // (RSS after connecting - RSS before) / connected
	Room             string  `json:"room,omitempty"`

	// Voice, from the SFU's metrics during the window.
	VoiceForwardP99Ms   float64 `json:"voice_forward_p99_ms,omitempty"` // embassy_voice_forward_seconds, interpolated
	VoiceForwardMeanMs  float64 `json:"voice_forward_mean_ms,omitempty"`
	VoiceDeliveryP99Ms  float64 `json:"voice_delivery_p99_ms,omitempty"` // embassy_voice_delivery_seconds: per listener's copy
	VoiceDeliveryMeanMs float64 `json:"voice_delivery_mean_ms,omitempty"`
	VoiceForwarded      float64 `json:"voice_packets_forwarded,omitempty"`
	VoiceDropped        float64 `json:"voice_packets_dropped,omitempty"`
}

type families map[string]*dto.MetricFamily

func scrape(ctx context.Context, url string) families {
	if url == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		return nil
	}
	return fams
}

func gauge(f families, name string) float64 {
	if mf := f[name]; mf != nil && len(mf.Metric) > 0 {
		m := mf.Metric[0]
		switch {
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Counter != nil:
			return m.Counter.GetValue()
		}
	}
	return math.NaN()
}

// histogram sums histogram name's buckets over its series whose room label is room ("" = all).
func histogram(f families, name, room string) (bounds []float64, counts map[float64]float64, sum, n float64) {
	counts = map[float64]float64{}
	mf := f[name]
	if mf == nil {
		return nil, counts, 0, 0
	}
	for _, m := range mf.Metric {
		if room != "" && labelValue(m, "room") != room || m.Histogram == nil {
			continue
		}
		h := m.Histogram
		for _, b := range h.Bucket {
			if _, ok := counts[b.GetUpperBound()]; !ok {
				bounds = append(bounds, b.GetUpperBound())
			}
			counts[b.GetUpperBound()] += float64(b.GetCumulativeCount())
		}
		sum += h.GetSampleSum()
		n += float64(h.GetSampleCount())
	}
	sort.Float64s(bounds)
	return bounds, counts, sum, n
}

// quantile estimates the q-quantile of a cumulative histogram by linear interpolation inside the
// bucket that holds it (Prometheus' histogram_quantile).
func quantile(q float64, bounds []float64, cum func(ub float64) float64, total float64) float64 {
	rank := q * total
	lower, below := 0.0, 0.0
	for _, ub := range bounds {
		c := cum(ub)
		if c >= rank {
			if math.IsInf(ub, 1) {
				return lower
			}
			if c == below {
				return ub
			}
			return lower + (ub-lower)*(rank-below)/(c-below)
		}
		lower, below = ub, c
	}
	return lower
}

func labelValue(m *dto.Metric, name string) string {
	for _, l := range m.Label {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

func serverFigures(baseline, before, after families, elapsed float64, connected int, room string) *ServerFigures {
	if before == nil || after == nil {
		return nil
	}
	if room == "" {
		room = "entrance"
	}
	sf := &ServerFigures{Room: room}
	sf.Ticks, sf.TickMeanMs, sf.TickP99Ms = histogramWindow(before, after, "embassy_room_tick_seconds", room)
	if elapsed > 0 {
		sf.CPUPercentOfCore = (gauge(after, "process_cpu_seconds_total") - gauge(before, "process_cpu_seconds_total")) / elapsed * 100
	}
	sf.RSSBytes = gauge(after, "process_resident_memory_bytes")
	voiceFigures(sf, before, after)
	if baseline != nil && connected > 0 {
		sf.RSSDeltaPerBot = (sf.RSSBytes - gauge(baseline, "process_resident_memory_bytes")) / float64(connected)
	}
	return sf
}

// voiceFigures fills the SFU's figures during the window: its time per packet (from reading it to
// having written it to every listener), per listener's copy, and the packets forwarded and dropped.
func voiceFigures(sf *ServerFigures, before, after families) {
	_, sf.VoiceForwardMeanMs, sf.VoiceForwardP99Ms = histogramWindow(before, after, "embassy_voice_forward_seconds", "")
	_, sf.VoiceDeliveryMeanMs, sf.VoiceDeliveryP99Ms = histogramWindow(before, after, "embassy_voice_delivery_seconds", "")
	sf.VoiceForwarded = counterSum(after, "embassy_voice_packets_forwarded_total") - counterSum(before, "embassy_voice_packets_forwarded_total")
	sf.VoiceDropped = counterSum(after, "embassy_voice_packets_dropped_total") - counterSum(before, "embassy_voice_packets_dropped_total")
}

// histogramWindow returns how many observations histogram name (its series for room, "" = all)
// made between two scrapes, their mean and their 99th percentile (interpolated in its bucket), in
// milliseconds; zeros when it observed nothing.
func histogramWindow(before, after families, name, room string) (n, meanMs, p99Ms float64) {
	bounds, c1, s1, n1 := histogram(after, name, room)
	_, c0, s0, n0 := histogram(before, name, room)
	if n = n1 - n0; n <= 0 {
		return 0, 0, 0
	}
	return n, (s1 - s0) / n * 1000, quantile(0.99, bounds, func(ub float64) float64 { return c1[ub] - c0[ub] }, n) * 1000
}

// counterSum adds a counter over all its labels (0 when absent).
func counterSum(f families, name string) float64 {
	var sum float64
	if mf := f[name]; mf != nil {
		for _, m := range mf.Metric {
			if m.Counter != nil {
				sum += m.Counter.GetValue()
			}
		}
	}
	return sum
}
