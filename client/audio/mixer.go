package audio

import (
	"encoding/binary"
	"math"
	"sync"
	"time"
)

// FrameSource is one voice the mixer reads a frame of per tick; Stream is one.
type FrameSource interface {
	// ReadFrame fills pcm (FrameSamples mono samples) and says whether it holds sound.
	ReadFrame(pcm []int16, now time.Time) bool
}

// placement is how one source is heard: its gain and its pan.
type placement struct {
	gain, pan float32
}

// earGains are a source's left and right gains.
type earGains struct {
	l, r float32
}

// Mixer adds its sources (the downstream slots) into 48 kHz stereo, each at its own gain and pan
// (equal-power panning), with soft clipping where voices pile up.
//
// The game places the sources (SetSource) from its own goroutine, the network pushes packets into
// the Streams behind them, and the audio callback reads (Mix or Read). One mutex guards the
// placements, held only to copy them; each Stream's jitter buffer has its own. No lock is held
// while decoding. Mix and Read must be called from one goroutine at a time.
type Mixer struct {
	sources []FrameSource

	mu     sync.Mutex  // guards placed
	placed []placement // as the game set them

	// Owned by the reading goroutine.
	targets []earGains // this frame's gains, from placed
	ears    []earGains // gains reached at the end of the last frame, ramped from in the next
	mono    []int16
	acc     []float32 // stereo, interleaved
	frame   []int16   // Read's current frame, stereo
	rest    []byte    // the bytes of frame Read has not handed out yet
	buf     []byte
}

// NewMixer returns a mixer of sources, all silent (gain 0) until placed.
func NewMixer(sources ...FrameSource) *Mixer {
	return &Mixer{
		sources: sources,
		placed:  make([]placement, len(sources)),
		targets: make([]earGains, len(sources)),
		ears:    make([]earGains, len(sources)),
		mono:    make([]int16, FrameSamples),
		acc:     make([]float32, 2*FrameSamples),
		frame:   make([]int16, 2*FrameSamples),
		buf:     make([]byte, 4*FrameSamples),
	}
}

// SetSource places source i: gain 0 (silent) to 1 (as spoken; more amplifies), pan -1 (left) to
// 1 (right). DistanceGain and Pan compute them from positions; per-person volume multiplies the
// gain and local mute sets it to 0. A change is ramped over one frame, so it does not click.
func (m *Mixer) SetSource(i int, gain, pan float32) {
	if i < 0 || i >= len(m.placed) {
		return
	}
	gain = max(gain, 0)
	pan = min(max(pan, -1), 1)
	m.mu.Lock()
	m.placed[i] = placement{gain: gain, pan: pan}
	m.mu.Unlock()
}

// Sources is the number of sources.
func (m *Mixer) Sources() int { return len(m.sources) }

// Mix reads one frame from every source and writes their mix into out: FrameSamples stereo
// pairs, left first. It returns how many sources had sound.
func (m *Mixer) Mix(out []int16, now time.Time) int {
	m.mu.Lock()
	for i, p := range m.placed {
		m.targets[i] = ears(p)
	}
	m.mu.Unlock()

	clear(m.acc)
	active := 0
	for i, src := range m.sources {
		to := m.targets[i]
		if !src.ReadFrame(m.mono, now) {
			m.ears[i] = to // nothing to ramp: the next sound starts where it should
			continue
		}
		active++
		from := m.ears[i]
		dl := (to.l - from.l) / FrameSamples
		dr := (to.r - from.r) / FrameSamples
		l, r := from.l, from.r
		for j, s := range m.mono {
			l, r = l+dl, r+dr
			v := float32(s) / 32768
			m.acc[2*j] += v * l
			m.acc[2*j+1] += v * r
		}
		m.ears[i] = to
	}
	for j, v := range m.acc[:min(len(m.acc), len(out))] {
		out[j] = toInt16(softClip(v))
	}
	return active
}

// ears turns a placement into left and right gains with equal power: a centred voice is 3 dB
// down in each ear, and a voice moving across keeps its loudness.
func ears(p placement) earGains {
	theta := (float64(p.pan) + 1) * math.Pi / 4
	return earGains{l: p.gain * float32(math.Cos(theta)), r: p.gain * float32(math.Sin(theta))}
}

// softKnee is where soft clipping starts (-2.5 dBFS): below it the mix is untouched.
const softKnee = 0.75

// softClip bends a sample above the knee smoothly toward full scale, so voices that add up past
// it are rounded off instead of wrapping or cutting hard.
func softClip(x float32) float32 {
	a := math.Abs(float64(x))
	if a <= softKnee {
		return x
	}
	y := softKnee + (1-softKnee)*math.Tanh((a-softKnee)/(1-softKnee))
	return float32(math.Copysign(y, float64(x)))
}

// Read implements io.Reader for the audio device: the mix as 16-bit little-endian stereo at 48
// kHz, a frame per 20 ms of audio read, so the device's clock paces the playout. It fills p
// whole, never waits and never fails; with nothing to play it is silence.
func (m *Mixer) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(m.rest) == 0 {
			m.Mix(m.frame, time.Now())
			for i, v := range m.frame {
				binary.LittleEndian.PutUint16(m.buf[2*i:], uint16(v))
			}
			m.rest = m.buf
		}
		c := copy(p[n:], m.rest)
		m.rest = m.rest[c:]
		n += c
	}
	return n, nil
}
