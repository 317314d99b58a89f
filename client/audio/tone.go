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
