package audio

// GateConfig sets a Gate. The zero value is not valid; start from DefaultGate.
type GateConfig struct {
	// Threshold is the quietest level (RFC 6464, -dBov) that counts as voice: a frame is voice
	// when its Level is at most Threshold.
	Threshold uint8
	// Margin is how far above the background noise (in dB) a frame must be to count as voice, so
	// a noisy room does not hold the gate open. The background is tracked, but never raises the
	// threshold above MaxThreshold.
	Margin uint8
	// MaxThreshold is the loudest the noise-tracking threshold may get (-dBov).
	MaxThreshold uint8
	// Hangover is how many frames the gate stays open after the last voice frame, so the quiet
	// ends of words are sent.
	Hangover int
}

// DefaultGate opens at -50 dBov (or 10 dB over the room's noise, up to -30 dBov) and holds for
// 300 ms after the last voice frame.
var DefaultGate = GateConfig{Threshold: 50, Margin: 10, MaxThreshold: 30, Hangover: 15}

// Gate decides per frame whether the microphone's audio is worth sending: voice, or the hangover
// just after it. Silence is not sent at all (the listener's jitter buffer sees a pause), which
// saves the network, the SFU and the listeners' decoders. One goroutine at a time may use it.
type Gate struct {
	cfg   GateConfig
	floor float64 // tracked background noise in -dBov: gets louder slowly, quieter at once
	hold  int     // frames left open after the last voice frame
}

// NewGate returns a closed gate.
func NewGate(cfg GateConfig) *Gate {
	return &Gate{cfg: cfg, floor: float64(cfg.Threshold)}
}

// floorRise is how fast the tracked noise may get louder, in dB per frame (5 dB/s): slow, so
// speech (which pauses between words) does not become the "noise"; a quieter frame lowers it at once.
const floorRise = 0.1

// Open takes the Level of the next frame and says whether to send it (send), and whether it is
// voice rather than the hangover after it (voice: RFC 6464's V flag).
func (g *Gate) Open(level uint8) (send, voice bool) {
	l := float64(level)
	if l > g.floor {
		g.floor = l
	} else {
		g.floor = max(g.floor-floorRise, l)
	}
	threshold := float64(g.cfg.Threshold)
	if t := g.floor - float64(g.cfg.Margin); t < threshold {
		threshold = max(t, float64(g.cfg.MaxThreshold))
	}
	if l <= threshold {
		g.hold = g.cfg.Hangover
		return true, true
	}
	if g.hold > 0 {
		g.hold--
		return true, false
	}
	return false, false
}

// Close shuts the gate at once, without hangover (when the microphone is muted).
func (g *Gate) Close() { g.hold = 0 }
