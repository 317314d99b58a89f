package audio

import (
	"math"
	"sync"
	"time"
)

// Packet is one RTP packet of an incoming stream, as the jitter buffer needs it.
type Packet struct {
	Seq     uint16    // RTP sequence number: one more per packet sent (a pause does not skip any)
	TS      uint32    // RTP timestamp, in samples at 48 kHz: FrameSamples more per frame of audio
	Payload []byte    // the Opus packet; the buffer keeps it, so the caller must not reuse it
	Arrival time.Time // when it arrived; the zero time leaves it out of the jitter estimate
}

// Status says what a playout tick got from the jitter buffer.
type Status uint8

const (
	// Silent: nothing to play. No stream yet, a pause (the speaker stopped or the gate closed), or
	// the buffer is filling up to its target delay.
	Silent Status = iota
	// Play: Frame.Payload is the next packet; decode it.
	Play
	// Lost: the next packet is missing; conceal it (Frame.Next, when set, may rebuild it with FEC).
	Lost
)

// Frame is what one playout tick plays.
type Frame struct {
	Status  Status
	Payload []byte // with Play: the packet
	Next    []byte // with Lost: the packet after the missing one, if it is already here
	Seq     uint16 // with Play and Lost: the sequence number of the frame
}

// JitterStats counts what happened to a stream's packets.
type JitterStats struct {
	Received   int           // packets pushed
	Late       int           // arrived after their turn to play had passed
	Duplicates int           // arrived twice
	Lost       int           // sequence numbers never received in time, skipped in playout
	Concealed  int           // Lost frames handed out (losses, and underruns while playing)
	Dropped    int           // received but skipped to bring the delay back down
	Resyncs    int           // times the stream jumped and the buffer started over
	Jitter     time.Duration // interarrival jitter, as RFC 3550 estimates it
	Target     time.Duration // current target delay
}

// JitterConfig bounds the target delay. The zero value is not valid; start from DefaultJitter.
type JitterConfig struct {
	MinDelay, MaxDelay time.Duration
}

// DefaultJitter adapts the delay between 40 and 80 ms.
var DefaultJitter = JitterConfig{MinDelay: 40 * time.Millisecond, MaxDelay: 80 * time.Millisecond}

// Buffer geometry and policy.
const (
	// ringFrames is how far ahead of the playout point a packet may be (1.28 s); a packet further
	// ahead, or further behind, is a jump in the stream.
	ringFrames = 64
	// maxUnderrun is how many frames are concealed when the buffer runs dry while playing, before
	// the stream counts as paused (60 ms: longer than a late packet, shorter than a pause).
	maxUnderrun = 3
	// slackFrames is how far the buffered audio may exceed the target before the oldest frames
	// are dropped to bring the delay back.
	slackFrames = 3
	// maxJump is the largest gap (in ms, between arrival and timestamp) taken into the jitter
	// estimate; bigger ones are pauses and source switches, not network jitter.
	maxJump = 1000.0
)

type playState uint8

const (
	idle    playState = iota // no packet yet, or just reset
	filling                  // waiting for the target delay's worth of packets
	playing
)

type entry struct {
	seq     int64 // extended sequence number; valid when payload != nil
	payload []byte
	arrival time.Time
}

// JitterBuffer turns one incoming stream, whose packets arrive late, early, twice, out of order
// or not at all, into one frame per 20 ms playout tick. Its delay adapts to the measured jitter
// between MinDelay and MaxDelay; it is set when playout starts (at every talk spurt) and trimmed
// when too much audio piles up.
//
// Playout follows sequence numbers, which the SFU keeps continuous when it switches the speaker a
// slot carries; timestamps only feed the jitter estimate. A stream that jumps anyway (sequence
// numbers more than 1.28 s away from the playout point, twice in a row) makes the buffer start
// over rather than stall.
//
// Push and Pop may be called from different goroutines (the network's and the audio callback's).
type JitterBuffer struct {
	cfg JitterConfig

	mu sync.Mutex // guards everything below

	ring     [ringFrames]entry // by extended sequence number modulo ringFrames
	count    int               // packets in ring
	state    playState
	next     int64 // extended sequence number of the next frame to play
	newest   int64 // highest extended sequence number in ring (when count > 0)
	played   bool  // something played since the buffer (re)started: earlier packets are late
	underrun int   // frames concealed in a row with an empty buffer

	jitter      float64 // RFC 3550 estimate, ms
	lastArrival time.Time
	lastTS      uint32

	jump []Packet // packets out of the window, in a row: the start of a jump, if more follow

	stats JitterStats
}

// NewJitterBuffer returns an empty buffer.
func NewJitterBuffer(cfg JitterConfig) *JitterBuffer {
	return &JitterBuffer{cfg: cfg}
}

// Push adds a packet that arrived.
func (b *JitterBuffer) Push(p Packet) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.stats.Received++
	b.push(p)
}

func (b *JitterBuffer) push(p Packet) {
	if b.state == idle {
		b.start(p)
		return
	}
	seq := unwrap(p.Seq, b.next)
	d := seq - b.next
	switch {
	case d < 0 && !b.played && b.newest-seq < ringFrames:
		b.next = seq // reordered before playout began: start earlier
	case d < 0 && d > -ringFrames:
		b.stats.Late++
		b.jump = b.jump[:0]
		return
	case d < 0 || d >= ringFrames:
		b.jumped(p)
		return
	}
	b.jump = b.jump[:0]
	e := &b.ring[seq%ringFrames]
	if e.payload != nil {
		if e.seq == seq {
			b.stats.Duplicates++
			return
		}
		// Only after next moved back (reordering before playout): the slot holds a packet a
		// whole ring ahead, which cannot happen since newest-seq < ringFrames. Be safe anyway.
		b.count--
	}
	*e = entry{seq: seq, payload: p.Payload, arrival: p.Arrival}
	b.count++
	if b.count == 1 || seq > b.newest {
		b.newest = seq
	}
	b.measure(p)
}

// start makes p the first packet of a fresh stream.
func (b *JitterBuffer) start(p Packet) {
	b.state = filling
	b.next = 1<<32 + int64(p.Seq) // room below for reordered packets, far from overflow
	b.played = false
	b.push(p)
}

// jumped handles a packet outside the window: once a second one follows it, the stream has
// jumped and the buffer starts over from them; a lone stray packet is forgotten.
func (b *JitterBuffer) jumped(p Packet) {
	if n := len(b.jump); n > 0 {
		last := b.jump[n-1].Seq
		if d := int16(p.Seq - last); d <= 0 || d > ringFrames {
			b.jump = b.jump[:0]
		}
	}
	b.jump = append(b.jump, p)
	if len(b.jump) < 2 {
		return
	}
	pending := append([]Packet(nil), b.jump...)
	b.clear()
	b.stats.Resyncs++
	for _, q := range pending {
		b.push(q)
	}
}

// clear empties the buffer and forgets the stream's position, keeping the stats and the jitter.
func (b *JitterBuffer) clear() {
	b.ring = [ringFrames]entry{}
	b.count = 0
	b.state = idle
	b.underrun = 0
	b.jump = b.jump[:0]
	b.lastArrival = time.Time{}
}

// measure updates the interarrival jitter with p (RFC 3550, section 6.4.1).
func (b *JitterBuffer) measure(p Packet) {
	if p.Arrival.IsZero() {
		return
	}
	if !b.lastArrival.IsZero() {
		transit := float64(p.Arrival.Sub(b.lastArrival)) / float64(time.Millisecond)
		media := float64(int32(p.TS-b.lastTS)) / (SampleRate / 1000)
		if d := math.Abs(transit - media); d < maxJump {
			b.jitter += (d - b.jitter) / 16
		}
	}
	if p.Arrival.After(b.lastArrival) {
		b.lastArrival, b.lastTS = p.Arrival, p.TS
	}
}

// target is the delay to hold, in frames: a frame plus four times the jitter, within the bounds.
func (b *JitterBuffer) target() int {
	d := time.Duration((float64(FrameDuration/time.Millisecond) + 4*b.jitter) * float64(time.Millisecond))
	d = min(max(d, b.cfg.MinDelay), b.cfg.MaxDelay)
	return int((d + FrameDuration - 1) / FrameDuration)
}

// Pop hands out the frame for this playout tick; now is the tick's time.
func (b *JitterBuffer) Pop(now time.Time) Frame {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == filling && !b.ready(now) {
		return Frame{Status: Silent}
	}
	if b.state != playing {
		return Frame{Status: Silent}
	}
	b.trim()
	if f, ok := b.playNext(); ok {
		return f
	}
	if b.count > 0 && b.underrun > 0 {
		// The frame concealed while the buffer was dry was this missing packet's: move past it.
		b.next++
		b.stats.Lost++
		b.underrun = 0
		if f, ok := b.playNext(); ok {
			return f
		}
	}
	if b.count > 0 { // a hole: later packets are here, this one is not
		f := Frame{Status: Lost, Seq: uint16(b.next)}
		b.next++
		if e := &b.ring[b.next%ringFrames]; e.payload != nil && e.seq == b.next {
			f.Next = e.payload
		}
		b.stats.Lost++
		b.stats.Concealed++
		b.underrun = 0
		return f
	}
	// Dry: the packet may be late, lost or never sent (a pause). Conceal a little without
	// moving on, so a late packet still plays (the delay grows by a frame); then call it a pause.
	if b.underrun < maxUnderrun {
		b.underrun++
		b.stats.Concealed++
		return Frame{Status: Lost, Seq: uint16(b.next)}
	}
	b.state = filling
	b.underrun = 0
	return Frame{Status: Silent}
}

// playNext hands out the packet at the playout point, if it is here.
func (b *JitterBuffer) playNext() (Frame, bool) {
	e := &b.ring[b.next%ringFrames]
	if e.payload == nil || e.seq != b.next {
		return Frame{}, false
	}
	f := Frame{Status: Play, Payload: e.payload, Seq: uint16(b.next)}
	b.take(e)
	b.next++
	b.underrun = 0
	return f, true
}

// ready says whether a filling buffer holds enough to start playing, and if so starts at the
// first packet buffered.
func (b *JitterBuffer) ready(now time.Time) bool {
	if b.count == 0 {
		return false
	}
	first := b.next
	for ; first <= b.newest; first++ {
		if e := &b.ring[first%ringFrames]; e.payload != nil && e.seq == first {
			break
		}
	}
	target := b.target()
	waited := !b.ring[first%ringFrames].arrival.IsZero() &&
		now.Sub(b.ring[first%ringFrames].arrival) >= time.Duration(target)*FrameDuration
	if int(b.newest-first+1) < target && !waited {
		return false
	}
	if b.played {
		b.stats.Lost += int(first - b.next) // the first packets of the new talk spurt
	}
	b.next = first
	b.state = playing
	b.played = true
	return true
}

// trim drops the oldest frames when more than the target (plus slack) is buffered, which happens
// after a burst of late packets or when concealment stretched the delay.
func (b *JitterBuffer) trim() {
	target := b.target()
	if b.count == 0 || int(b.newest-b.next+1) <= target+slackFrames {
		return
	}
	for b.newest-b.next+1 > int64(target) {
		if e := &b.ring[b.next%ringFrames]; e.payload != nil && e.seq == b.next {
			b.take(e)
			b.stats.Dropped++
		} else {
			b.stats.Lost++
		}
		b.next++
	}
}

func (b *JitterBuffer) take(e *entry) {
	*e = entry{}
	b.count--
}

// Stats returns the counts so far.
func (b *JitterBuffer) Stats() JitterStats {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.stats
	s.Jitter = time.Duration(b.jitter * float64(time.Millisecond))
	s.Target = time.Duration(b.target()) * FrameDuration
	return s
}

// Reset empties the buffer: the next packet starts a new stream.
func (b *JitterBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.clear()
	b.jitter = 0
}

// unwrap extends a 16-bit sequence number to the value nearest ref.
func unwrap(seq uint16, ref int64) int64 {
	return ref + int64(int16(seq-uint16(ref)))
}
