package audio

import "math"

// Tone is a synthetic microphone: a sum of sines, as many samples as asked, never waiting. Tests
// and bots speak with it; it satisfies Capture. One goroutine at a time may read it.
type Tone struct {
	freqs []float64
	amp   float64 // of each sine, as a share of full scale
	n     int64   // samples produced so far: the phase, without drift
}

// NewTone returns a tone of the frequencies freqs (Hz) whose peak is amplitude (0..1 of full
// scale), shared equally between them.
func NewTone(amplitude float64, freqs ...float64) *Tone {
	return &Tone{freqs: freqs, amp: amplitude / float64(max(len(freqs), 1))}
}

// ReadFrame fills pcm with the next len(pcm) samples. It implements Capture and never fails.
func (t *Tone) ReadFrame(pcm []int16) error {
	for i := range pcm {
		v := 0.0
		for _, f := range t.freqs {
			v += math.Sin(2 * math.Pi * f * float64(t.n) / SampleRate)
		}
		pcm[i] = int16(math.Round(v * t.amp * 32767))
		t.n++
	}
	return nil
}

// Close implements Capture; a tone has nothing to release.
func (t *Tone) Close() error { return nil }

// ToneLoop encodes one second (50 frames) of a tone at f, 0.3 of full scale, with the default
// Opus settings: packets to send in a loop, each with its RFC 6464 level (an integer frequency
// makes whole cycles in a second, so the loop has no seam). Bots and tests speak with it, paying
// for the encoder once instead of every 20 ms.
func ToneLoop(f float64) (packets [][]byte, levels []uint8, err error) {
	enc, err := NewOpusEncoder(DefaultOpus)
	if err != nil {
		return nil, nil, err
	}
	tone := NewTone(0.3, f)
	pcm, buf := make([]int16, FrameSamples), make([]byte, MaxPacketBytes)
	for range 50 {
		_ = tone.ReadFrame(pcm)
		n, err := enc.Encode(pcm, buf)
		if err != nil {
			return nil, nil, err
		}
		packets = append(packets, append([]byte(nil), buf[:n]...))
		levels = append(levels, Level(pcm))
	}
	return packets, levels, nil
}
