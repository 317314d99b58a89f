package audio

import (
	"testing"
)

// encodeTone encodes frames frames of a tone and returns the packets.
func encodeTone(t testing.TB, frames int, amplitude float64, freqs ...float64) [][]byte {
	t.Helper()
	enc, err := NewOpusEncoder(DefaultOpus)
	if err != nil {
		t.Fatal(err)
	}
	src := NewTone(amplitude, freqs...)
	pcm := make([]int16, FrameSamples)
	packets := make([][]byte, frames)
	for i := range packets {
		_ = src.ReadFrame(pcm)
		buf := make([]byte, MaxPacketBytes)
		n, err := enc.Encode(pcm, buf)
		if err != nil {
			t.Fatalf("encode frame %d: %v", i, err)
		}
		packets[i] = buf[:n]
	}
	return packets
}

func newDecoder(t testing.TB) *OpusDecoder {
	t.Helper()
	dec, err := NewOpusDecoder()
	if err != nil {
		t.Fatal(err)
	}
	return dec
}

// decodeAll decodes packets (nil: lost) into one PCM run.
func decodeAll(t testing.TB, dec Decoder, packets [][]byte) []int16 {
	t.Helper()
	var out []int16
	pcm := make([]int16, FrameSamples)
	for i, p := range packets {
		n, err := dec.Decode(p, pcm)
		if err != nil {
			t.Fatalf("decode frame %d: %v", i, err)
		}
		if n != FrameSamples {
			t.Fatalf("frame %d decoded to %d samples, want %d", i, n, FrameSamples)
		}
		out = append(out, pcm...)
	}
	return out
}

// The round trip keeps a tone and a chord: nearly all the decoded power is at their frequencies.
func TestOpusRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		freqs []float64
	}{
		{"tone 440 Hz", []float64{440}},
		{"tone 1 kHz", []float64{1000}},
		{"C major chord", []float64{261.63, 329.63, 392}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			packets := encodeTone(t, 50, 0.5, tc.freqs...)
			bytes := 0
			for _, p := range packets {
				bytes += len(p)
			}
			if kbps := float64(bytes) * 8 / 1000; kbps < 24 || kbps > 40 {
				t.Errorf("%.1f kbit/s, want about 32", kbps)
			}
			out := decodeAll(t, newDecoder(t), packets)
			block := out[25*FrameSamples : 30*FrameSamples] // 100 ms, well after the start
			var tonal float64
			for _, f := range tc.freqs {
				if !HasTone(block, f, 0) {
					t.Errorf("decoded audio lacks %v Hz", f)
				}
				tonal += Power(block, f)
			}
			share := tonal / MeanSquare(block)
			if share < 0.95 {
				t.Errorf("%.1f%% of the decoded power is at the frequencies sent, want > 95%%", 100*share)
			}
			t.Logf("%.1f kbit/s, %.2f%% of the power at the frequencies sent", float64(bytes)*8/1000, 100*share)
		})
	}
}

// A lost packet is concealed: the tone goes on through it, from the past or from the next
// packet's FEC data.
func TestOpusConcealment(t *testing.T) {
	packets := encodeTone(t, 30, 0.5, 440)
	for _, useFEC := range []bool{false, true} {
		dec := newDecoder(t)
		decodeAll(t, dec, packets[:20])
		pcm := make([]int16, FrameSamples)
		var n int
		var err error
		if useFEC {
			n, err = dec.DecodeFEC(packets[21], pcm)
		} else {
			n, err = dec.Decode(nil, pcm)
		}
		if err != nil || n != FrameSamples {
			t.Fatalf("conceal (FEC %v): %d samples, %v", useFEC, n, err)
		}
		if !HasTone(pcm, 440, 1000) {
			t.Errorf("concealed frame (FEC %v) lacks the tone: power %.3g of %.3g", useFEC, Power(pcm, 440), MeanSquare(pcm))
		}
		after := decodeAll(t, dec, packets[21:25])
		if !HasTone(after[2*FrameSamples:], 440, 1000) {
			t.Errorf("the tone does not come back after the loss (FEC %v)", useFEC)
		}
	}
}

func TestOpusRejectsWrongFrames(t *testing.T) {
	enc, err := NewOpusEncoder(DefaultOpus)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := enc.Encode(make([]int16, 100), make([]byte, MaxPacketBytes)); err == nil {
		t.Error("encoding 100 samples: no error")
	}
	if _, err := NewOpusEncoder(OpusConfig{Bitrate: -5}); err == nil {
		t.Error("a negative bitrate: no error")
	}
}

// FuzzOpusDecode: packets come from other people through the SFU; any bytes must decode or fail,
// never panic, and never write past the frame.
func FuzzOpusDecode(f *testing.F) {
	for _, p := range encodeTone(f, 3, 0.5, 440) {
		f.Add(p)
	}
	f.Add([]byte{0xff, 0xff, 0xff})
	f.Add([]byte{})
	dec := newDecoder(f)
	f.Fuzz(func(t *testing.T, p []byte) {
		pcm := make([]int16, FrameSamples+1)
		pcm[FrameSamples] = 12345
		if n, err := dec.Decode(p, pcm[:FrameSamples]); err == nil && n > FrameSamples {
			t.Fatalf("decoded %d samples into a frame", n)
		}
		if _, err := dec.DecodeFEC(p, pcm[:FrameSamples]); err != nil {
			t.Logf("FEC: %v", err)
		}
		if pcm[FrameSamples] != 12345 {
			t.Fatal("wrote past the frame")
		}
	})
}

func BenchmarkOpusEncode(b *testing.B) {
	enc, err := NewOpusEncoder(DefaultOpus)
	if err != nil {
		b.Fatal(err)
	}
	pcm := make([]int16, 50*FrameSamples)
	_ = NewTone(0.5, 261.63, 329.63, 392).ReadFrame(pcm)
	packet := make([]byte, MaxPacketBytes)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		o := (i % 50) * FrameSamples
		if _, err := enc.Encode(pcm[o:o+FrameSamples], packet); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpusDecode(b *testing.B) {
	packets := encodeTone(b, 50, 0.5, 261.63, 329.63, 392)
	dec := newDecoder(b)
	pcm := make([]int16, FrameSamples)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := dec.Decode(packets[i%len(packets)], pcm); err != nil {
			b.Fatal(err)
		}
	}
}
