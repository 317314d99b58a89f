package audio

import "math"

// The Goertzel detector tells which frequencies a block of PCM holds, for tests and for the bots'
// tone check. A block is Hann-windowed, so two frequencies are told apart when they lie at least
// 4*SampleRate/len(block) apart: 200 Hz over one 20 ms frame, 40 Hz over 100 ms.

// Power is the power of frequency f (Hz) in block, on the scale of MeanSquare: a full-scale sine at
// f gives 0.5, and a block that is only a sine at f gives its own MeanSquare.
func Power(block []int16, f float64) float64 {
	n := len(block)
	if n < 2 {
		return 0
	}
	w := 2 * math.Pi * f / SampleRate
	c := 2 * math.Cos(w)
	var s1, s2, wsum float64
	for i, v := range block {
		win := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n-1))
		wsum += win
		s := win*float64(v)/32768 + c*s1 - s2
		s2, s1 = s1, s
	}
	mag2 := s1*s1 + s2*s2 - c*s1*s2
	return 2 * mag2 / (wsum * wsum)
}

// MeanSquare is the power of the whole block: 0 for silence, 0.5 for a full-scale sine.
func MeanSquare(block []int16) float64 {
	if len(block) == 0 {
		return 0
	}
	var sum float64
	for _, v := range block {
		x := float64(v) / 32768
		sum += x * x
	}
	return sum / float64(len(block))
}

// Thresholds of HasTone.
const (
	// ToneMinShare is the least share of a block's power a tone must carry to be "in" the block.
	ToneMinShare = 0.1
	// ToneMinRatio is how many times stronger than the absent frequency the tone must be (20 dB).
	ToneMinRatio = 100
	// ToneMinPower keeps silence and dither from holding a tone: -60 dB below a full-scale sine.
	ToneMinPower = 0.5e-6
)

// HasTone reports whether block clearly holds frequency f and not frequency not: f carries at
// least ToneMinShare of the block's power and ToneMinPower, and ToneMinRatio times the power at
// not. A not of 0 or less checks only f.
func HasTone(block []int16, f, not float64) bool {
	p := Power(block, f)
	if p < ToneMinPower || p < ToneMinShare*MeanSquare(block) {
		return false
	}
	return not <= 0 || p >= ToneMinRatio*Power(block, not)
}
