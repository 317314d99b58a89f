package audio

import "math"

// SilentLevel is the RFC 6464 level of digital silence: -127 dBov.
const SilentLevel = 127

// Level is the RFC 6464 audio level of a frame for the RTP header extension: its RMS in -dBov,
// 0 for the loudest signal (a full-scale square wave) to SilentLevel for silence. The SFU ranks
// speakers and lights speaking indicators with it, without decoding.
func Level(pcm []int16) uint8 {
	ms := MeanSquare(pcm)
	if ms <= 0 {
		return SilentLevel
	}
	db := -10 * math.Log10(ms) // ms is relative to full scale, so this is -dBov
	switch {
	case db <= 0:
		return 0
	case db >= SilentLevel:
		return SilentLevel
	}
	return uint8(math.Round(db))
}
