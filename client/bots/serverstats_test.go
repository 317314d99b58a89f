package bots

import (
	"math"
	"testing"
)

func TestQuantileInterpolatesInsideTheBucket(t *testing.T) {
	bounds := []float64{1, 2, 4, math.Inf(1)}
	cum := map[float64]float64{1: 10, 2: 60, 4: 100, math.Inf(1): 100}
	for _, c := range []struct{ q, want float64 }{
		{0.05, 0.5},  // half-way through the first bucket (0..1)
		{0.10, 1},    // its top
		{0.35, 1.5},  // half-way through 1..2
		{0.99, 3.95}, // 39 of the 40 samples in 2..4
	} {
		got := quantile(c.q, bounds, func(ub float64) float64 { return cum[ub] }, 100)
		if math.Abs(got-c.want) > 1e-9 {
			t.Errorf("quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
}

func TestPercentiles(t *testing.T) {
	ms := make([]float64, 100)
	for i := range ms {
		ms[i] = float64(100 - i) // 100..1, unsorted on purpose
	}
	p := percentiles(ms)
	if p.P50 != 51 || p.P99 != 100 || p.Max != 100 || p.N != 100 {
		t.Errorf("percentiles = %+v", p)
	}
	if (percentiles(nil) != Percentiles{}) {
		t.Error("percentiles of nothing should be zero")
	}
}
