package audio

import "testing"

func TestLevel(t *testing.T) {
	square := make([]int16, FrameSamples)
	for i := range square {
		square[i] = 32767
		if i%2 == 1 {
			square[i] = -32768
		}
	}
	tests := []struct {
		name string
		pcm  []int16
		want uint8
	}{
		{"silence", make([]int16, FrameSamples), SilentLevel},
		{"empty", nil, SilentLevel},
		{"full-scale square", square, 0},
		{"full-scale sine: -3 dBov", tone(1, FrameSamples, 1000), 3},
		{"sine at 0.1: -23 dBov", tone(0.1, FrameSamples, 1000), 23},
		{"one LSB", []int16{1, -1, 1, -1}, 90},
	}
	for _, tc := range tests {
		if got := Level(tc.pcm); got != tc.want {
			t.Errorf("%s: Level = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestGate(t *testing.T) {
	const (
		voice = 20 // -20 dBov: speech
		quiet = 70 // -70 dBov: a quiet room
		noisy = 45 // -45 dBov: a noisy room, above the default threshold
	)
	run := func(g *Gate, levels ...uint8) []bool {
		out := make([]bool, len(levels))
		for i, l := range levels {
			out[i], _ = g.Open(l)
		}
		return out
	}
	repeat := func(l uint8, n int) []uint8 {
		s := make([]uint8, n)
		for i := range s {
			s[i] = l
		}
		return s
	}
	cfg := GateConfig{Threshold: 50, Margin: 10, MaxThreshold: 30, Hangover: 3}

	t.Run("silence is not sent", func(t *testing.T) {
		for i, open := range run(NewGate(cfg), repeat(quiet, 50)...) {
			if open {
				t.Fatalf("frame %d of a quiet room sent", i)
			}
		}
	})
	t.Run("voice opens at once and holds for the hangover", func(t *testing.T) {
		g := NewGate(cfg)
		levels := append(append(repeat(quiet, 5), voice, voice), repeat(quiet, 6)...)
		got := run(g, levels...)
		want := []bool{false, false, false, false, false, true, true, true, true, true, false, false, false}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("frame %d (level %d): open = %v, want %v; all: %v", i, levels[i], got[i], want[i], got)
			}
		}
	})
	t.Run("a noisy room does not hold the gate open", func(t *testing.T) {
		g := NewGate(cfg)
		got := run(g, repeat(noisy, 400)...) // 8 s
		for i := 200; i < len(got); i++ {
			if got[i] {
				t.Fatalf("frame %d of steady noise at -%d dBov still sent after 4 s", i, noisy)
			}
		}
		if send, isVoice := g.Open(voice); !send || !isVoice {
			t.Fatal("speech over the noise did not open the gate")
		}
	})
	t.Run("a steady loud tone stays open", func(t *testing.T) { // the bots speak a tone
		got := run(NewGate(cfg), repeat(voice, 3000)...) // a minute
		for i, open := range got {
			if !open {
				t.Fatalf("frame %d of a steady -%d dBov tone not sent", i, voice)
			}
		}
	})
}
