package audio

import (
	"math/rand"
	"testing"
	"time"
)

// A stream of a tone, through the jitter buffer and the decoder: in order, and with 5% loss and
// 30 ms of jitter (the voice issue's vnet figures), the tone is heard in nearly every frame.
func TestStreamPlaysATone(t *testing.T) {
	tests := []struct {
		name      string
		loss      float64
		jitter    time.Duration
		minFrames int // of the 200 frames after the start, how many must hold the tone
	}{
		{"clean", 0, 0, 199},
		{"5% loss, 30 ms jitter", 0.05, 30 * time.Millisecond, 180},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			packets := encodeTone(t, 260, 0.5, 440)
			s, err := NewOpusStream()
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewSource(3))
			type inFlight struct {
				p  Packet
				at time.Time
			}
			var flying []inFlight
			pcm := make([]int16, FrameSamples)
			withTone := 0
			for i := 0; i < 260; i++ {
				now := at(i)
				if rng.Float64() >= tc.loss {
					d := time.Duration(0)
					if tc.jitter > 0 {
						d = time.Duration(rng.Int63n(int64(tc.jitter)))
					}
					flying = append(flying, inFlight{Packet{Seq: uint16(i), TS: uint32(i * FrameSamples), Payload: packets[i]}, now.Add(d)})
				}
				rest := flying[:0]
				for _, f := range flying {
					if f.at.After(now) {
						rest = append(rest, f)
						continue
					}
					f.p.Arrival = f.at
					s.Push(f.p)
				}
				flying = rest
				s.ReadFrame(pcm, now)
				if i >= 60 && HasTone(pcm, 440, 1000) {
					withTone++
				}
			}
			st := s.Stats()
			if withTone < tc.minFrames {
				t.Errorf("%d of 200 frames hold the tone, want >= %d; %+v", withTone, tc.minFrames, st)
			}
			t.Logf("%d of 200 frames hold the tone; %+v", withTone, st)
		})
	}
}

func TestStreamConcealsCorruptPackets(t *testing.T) {
	packets := encodeTone(t, 10, 0.5, 440)
	s, err := NewOpusStream()
	if err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, FrameSamples)
	for i := 0; i < 10; i++ {
		p := packets[i]
		if i == 5 {
			p = []byte{0xff, 0xff, 0xff} // malformed
		}
		s.Push(Packet{Seq: uint16(i), TS: uint32(i * FrameSamples), Payload: p})
		s.ReadFrame(pcm, at(i))
	}
	if got := s.Stats().DecodeErrors; got != 1 {
		t.Errorf("DecodeErrors = %d, want 1", got)
	}
}
