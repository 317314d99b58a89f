package audio

import (
	"math"
	"testing"
)

func tone(amplitude float64, n int, freqs ...float64) []int16 {
	pcm := make([]int16, n)
	_ = NewTone(amplitude, freqs...).ReadFrame(pcm)
	return pcm
}

func TestPowerOfASine(t *testing.T) {
	for _, f := range []float64{300, 440, 1000, 3150.5} {
		block := tone(0.5, FrameSamples, f)
		got := Power(block, f)
		want := 0.5 * 0.5 * 0.5 // a sine of peak a has power a²/2
		if math.Abs(got-want)/want > 0.05 {
			t.Errorf("Power at %v Hz of a 0.5 sine = %.4f, want %.4f", f, got, want)
		}
		if off := Power(block, f+250); off > want/1000 {
			t.Errorf("Power at %v Hz of a %v Hz sine = %.2g, want < %.2g (leakage)", f+250, f, off, want/1000)
		}
		if ms := MeanSquare(block); math.Abs(ms-want)/want > 0.01 {
			t.Errorf("MeanSquare = %.4f, want %.4f", ms, want)
		}
	}
}

func TestHasTone(t *testing.T) {
	noise := make([]int16, FrameSamples)
	x := uint32(7)
	for i := range noise {
		x = x*1664525 + 1013904223
		noise[i] = int16(x>>16) / 2
	}
	mix := func(a, b []int16) []int16 {
		out := make([]int16, len(a))
		for i := range a {
			out[i] = a[i] + b[i]
		}
		return out
	}
	const n = 5 * FrameSamples
	tests := []struct {
		name   string
		block  []int16
		f, not float64
		want   bool
	}{
		{"the tone", tone(0.3, FrameSamples, 440), 440, 1000, true},
		{"another tone", tone(0.3, FrameSamples, 1000), 440, 1000, false},
		{"both", tone(0.6, FrameSamples, 440, 1000), 440, 1000, false},
		{"both, only f asked", tone(0.6, FrameSamples, 440, 1000), 440, 0, true},
		{"a chord holds each note", tone(0.6, n, 261.63, 329.63, 392), 329.63, 0, true},
		{"a chord lacks other notes", tone(0.6, n, 261.63, 329.63, 392), 493.88, 0, false},
		{"silence", make([]int16, FrameSamples), 440, 1000, false},
		{"quiet tone", tone(0.0005, FrameSamples, 440), 440, 1000, false},
		{"noise", noise, 440, 1000, false},
		{"tone in noise", mix(tone(0.5, FrameSamples, 440), noise), 440, 1000, true},
		{"close frequencies over 100 ms", tone(0.3, n, 500), 500, 540, true},
		{"short block", tone(0.3, 1, 440), 440, 0, false},
	}
	for _, tc := range tests {
		if got := HasTone(tc.block, tc.f, tc.not); got != tc.want {
			t.Errorf("%s: HasTone(%v, not %v) = %v, want %v (power %.3g, mean square %.3g, not %.3g)", tc.name,
				tc.f, tc.not, got, tc.want, Power(tc.block, tc.f), MeanSquare(tc.block), Power(tc.block, tc.not))
		}
	}
}

func TestToneIsContinuousAcrossFrames(t *testing.T) {
	g := NewTone(0.5, 440)
	whole := tone(0.5, 3*FrameSamples, 440)
	for i := 0; i < 3; i++ {
		frame := make([]int16, FrameSamples)
		if err := g.ReadFrame(frame); err != nil {
			t.Fatal(err)
		}
		for j, v := range frame {
			if v != whole[i*FrameSamples+j] {
				t.Fatalf("frame %d sample %d = %d, want %d: the phase jumps between frames", i, j, v, whole[i*FrameSamples+j])
			}
		}
	}
}
