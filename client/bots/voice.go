package bots

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/client/voice"
	"github.com/embassy-project/embassy/shared/world"
)

// Voice bots. Every bot in voice listens; the first Speakers bots speak a tone each (bot i at
// toneFreq(i)), looping one second of Opus encoded once, stamped with the send time (see
// client/voice's Stamp). Listeners count what arrives and measure latency from the stamps; to keep
// a crowd of listeners light, each decodes only one sample: 25 consecutive packets of one slot,
// once per run, checked with a Goertzel filter for the frequency of the avatar the server says
// that slot carries.

// VoiceResult is the `voice` object of the JSON summary.
type VoiceResult struct {
	Speakers        int         `json:"speakers"`
	Listeners       int         `json:"listeners"`
	Connected       int         `json:"connected"` // bots whose voice connection came up
	SentPackets     int64       `json:"sent_packets"`
	ReceivedPackets int64       `json:"received_packets"`
	ExpectedPackets int64       `json:"expected_packets"`
	LossPct         float64     `json:"loss_pct"`
	LatencyMs       Percentiles `json:"latency_ms"` // sender's stamp to receipt, every packet in the window
	ToneOKPct       float64     `json:"tone_ok_pct"`
	ToneChecked     int         `json:"tone_checked"` // listeners whose sample was decoded
	ToneUnnamed     int         `json:"tone_unnamed"` // of those, listeners never told the speaking avatar's name
	Ended           int         `json:"ended"`        // times the server ended a bot's voice
	SetupS          float64     `json:"setup_s"`      // from the first voice join to every bot connected and in place
}

// Tone checks: sampleFrames packets are decoded, the last checkFrames of them tested.
const (
	sampleFrames = 25
	checkFrames  = 10
)

// toneFreq is the tone bot i speaks: 300 Hz and up in 30 Hz steps (a 200 ms Goertzel window tells
// 20 Hz apart), repeating after 80 speakers.
func toneFreq(i int) float64 { return 300 + 30*float64(i%80) }

// voiceRun is the voice half of a run.
type voiceRun struct {
	r       *run
	eng     *voice.Engine
	lat     latencies
	jobs    chan toneJob
	wg      sync.WaitGroup
	toneOK  atomic.Int64
	checked atomic.Int64
	unnamed atomic.Int64 // samples whose speaker the listener knew by stamp only
	measure time.Time    // start of the measured window, for the tone samples
}

// botVoice is one bot's voice.
type botVoice struct {
	s       *voice.Call
	speaker bool
	placed  bool // stands at a given spot: does not wander
	sample  toneSample
}

// toneSample is one listener's decoded sample in the making; slots' read goroutines feed it.
type toneSample struct {
	mu     sync.Mutex // guards the fields below
	at     time.Time  // when to start collecting
	state  int        // 0 waiting, 1 collecting, 2 handed over
	slot   int
	avatar uint32
	next   uint16 // sequence number expected next
	stamp  uint32 // the speaker's stamp id, from the sample's packets
	frames [][]byte
}

type toneJob struct {
	frames [][]byte
	freq   float64
}

func newVoiceRun(r *run) (*voiceRun, error) {
	eng, err := voice.NewEngine(voice.EngineConfig{Loopback: loopbackServer(r.cfg.Server), Lite: true, NoFeedback: r.cfg.VoiceNoFeedback})
	if err != nil {
		return nil, fmt.Errorf("bots: voice: %w", err)
	}
	v := &voiceRun{r: r, eng: eng, jobs: make(chan toneJob, 1024)}
	v.wg.Add(1)
	go func() { defer v.wg.Done(); v.decodeSamples() }()
	return v, nil
}

// loopbackServer reports whether the server is on this machine's loopback: then the bots gather
// loopback candidates only (one socket per connection, no other interfaces probed).
func loopbackServer(ws string) bool {
	u, err := url.Parse(ws)
	if err != nil {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return u.Hostname() == "localhost" || ip != nil && ip.IsLoopback()
}

// attach gives bot i a voice session and joins voice.
func (v *voiceRun) attach(b *bot, i int) error {
	bv := &botVoice{speaker: i < v.r.cfg.Speakers}
	cfg := voice.Config{Engine: v.eng, OnPacket: func(p voice.Packet) { v.packet(b, bv, p) }}
	if bv.speaker {
		cfg.StampID = uint32(i + 1)
	}
	s, err := voice.New(b.c, cfg)
	if err != nil {
		return err
	}
	bv.s = s
	b.voice.Store(bv)
	s.Join()
	return nil
}

// packet runs on a slot's read goroutine for every packet a bot receives.
func (v *voiceRun) packet(b *bot, bv *botVoice, p voice.Packet) {
	if !v.r.measure.Load() || p.Repeated {
		return
	}
	if p.Stamped {
		v.lat.add(p.Arrived.Sub(p.Stamp.Sent))
	}
	if !bv.speaker {
		v.collect(b, bv, p)
	}
}

// collect adds p to the bot's tone sample when it is that sample's turn.
func (v *voiceRun) collect(b *bot, bv *botVoice, p voice.Packet) {
	t := &bv.sample
	t.mu.Lock()
	defer t.mu.Unlock()
	switch t.state {
	case 0:
		av := bv.s.Avatar(p.Slot)
		if t.at.IsZero() || p.Arrived.Before(t.at) || av == 0 {
			return
		}
		t.state, t.slot, t.avatar, t.next, t.stamp = 1, p.Slot, av, p.Seq, 0
	case 2:
		return
	}
	if p.Slot != t.slot || int16(p.Seq-t.next) < 0 {
		return
	}
	if bv.s.Avatar(t.slot) != t.avatar { // the slot changed speaker mid-sample: start again
		t.state, t.frames = 0, t.frames[:0]
		return
	}
	for ; t.next != p.Seq && len(t.frames) < sampleFrames; t.next++ {
		t.frames = append(t.frames, nil) // lost: the decoder conceals it
	}
	if len(t.frames) < sampleFrames {
		t.frames = append(t.frames, append([]byte(nil), p.Payload...))
		t.next++
	}
	if p.Stamped {
		t.stamp = p.Stamp.Speaker
	}
	if len(t.frames) < sampleFrames {
		return
	}
	t.state = 2
	// The speaker is the avatar the server says the slot carries; the listener may never have been
	// told that avatar's name (profiles come with the view: the 40 nearest within 24 m), and then
	// the speaker's stamp says who it is.
	freq := -1.0
	b.c.View(func(vw *client.View) {
		if prof := vw.Profiles[t.avatar]; prof != nil {
			if i, ok := botIndex(prof.GetName()); ok {
				freq = toneFreq(i)
			}
		}
	})
	if freq < 0 && t.stamp > 0 {
		freq = toneFreq(int(t.stamp) - 1)
		v.unnamed.Add(1)
	}
	select {
	case v.jobs <- toneJob{frames: t.frames, freq: freq}:
	default: // the decoder is far behind: this listener goes unchecked
	}
	t.frames = nil
}

// botIndex reads a bot's index from the digits its name ends with, whatever its prefix: the
// speakers may be another process's bots.
func botIndex(name string) (int, bool) {
	i := len(name)
	for i > 0 && name[i-1] >= '0' && name[i-1] <= '9' {
		i--
	}
	n, err := strconv.Atoi(name[i:])
	return n, err == nil
}

// decodeSamples decodes the listeners' samples, one at a time, and checks their tones.
func (v *voiceRun) decodeSamples() {
	pcm := make([]int16, sampleFrames*audio.FrameSamples)
	for job := range v.jobs {
		dec, err := audio.NewOpusDecoder()
		if err != nil {
			continue
		}
		for k, f := range job.frames[:min(len(job.frames), sampleFrames)] {
			frame := pcm[k*audio.FrameSamples : (k+1)*audio.FrameSamples]
			if n, err := dec.Decode(f, frame); err != nil {
				clear(frame)
			} else {
				clear(frame[n:])
			}
		}
		v.checked.Add(1)
		if job.freq > 0 && audio.HasTone(pcm[(sampleFrames-checkFrames)*audio.FrameSamples:], job.freq, 0) {
			v.toneOK.Add(1)
		}
	}
}

// ready waits until every bot's voice is connected, walks bots to their places, and starts the
// speakers. It returns a function that stops them.
func (v *voiceRun) ready(ctx context.Context, bots []*bot) (stop func(), err error) {
	if err := v.waitConnected(ctx, bots); err != nil {
		return func() {}, err
	}
	if err := v.place(ctx, bots); err != nil {
		return func() {}, err
	}
	return v.speak(bots)
}

func (v *voiceRun) waitConnected(ctx context.Context, bots []*bot) error {
	deadline := time.Now().Add(v.r.cfg.VoiceTimeout)
	for {
		waiting := 0
		for _, b := range bots {
			if bv := b.voiceOf(); bv != nil {
				if st, _ := bv.s.State(); st != voice.Connected {
					waiting++
				}
			}
		}
		if waiting == 0 {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("bots: %d voice connections not up after %v", waiting, v.r.cfg.VoiceTimeout)
		}
		sleepCtx(ctx, 100*time.Millisecond)
	}
}

// place walks the speakers onto the stage (-stage) or everyone into groups (-group), and waits
// until they stand there.
func (v *voiceRun) place(ctx context.Context, bots []*bot) error {
	cfg := v.r.cfg
	if !cfg.Stage && cfg.Group <= 0 {
		return nil
	}
	room, err := roomMap(cfg.Room)
	if err != nil {
		return err
	}
	spots := map[*bot]world.Vec{}
	switch {
	case cfg.Group > 0:
		groups := (len(bots) + cfg.Group - 1) / cfg.Group
		places, err := groupSpots(room, groups, cfg.Group)
		if err != nil {
			return err
		}
		for i, b := range bots {
			if b != nil {
				spots[b] = places[i%groups][i/groups]
			}
		}
	default:
		n := min(cfg.Speakers, len(bots))
		places, err := stageSpots(room, n)
		if err != nil {
			return err
		}
		for i, b := range bots[:n] {
			if b != nil {
				spots[b] = places[i]
			}
		}
	}
	for b, p := range spots {
		if bv := b.voiceOf(); bv != nil {
			bv.placed = true
		}
		if _, err := b.c.WalkTo(p.X, p.Y); err != nil {
			return fmt.Errorf("bots: walk to place: %w", err)
		}
	}
	wctx, cancel := context.WithTimeout(ctx, v.r.cfg.VoiceTimeout)
	defer cancel()
	astray := 0
	for b, p := range spots {
		err := b.c.WaitFor(wctx, func(vw *client.View) bool {
			self := vw.Self()
			return self != nil && self.Pos.Dist2(p) <= int64(world.Unit/2)*int64(world.Unit/2)
		})
		if err != nil {
			astray++ // it speaks or listens from where it got to
		}
	}
	if astray > 0 {
		v.r.fail(fmt.Errorf("bots: %d bots did not reach their places within %v", astray, v.r.cfg.VoiceTimeout))
	}
	return nil
}

// speak starts the speakers: one goroutine sends every speaker's next packet every 20 ms.
func (v *voiceRun) speak(bots []*bot) (stop func(), err error) {
	type speaker struct {
		s      *voice.Call
		loop   [][]byte
		levels []uint8
	}
	var sp []speaker
	for i, b := range bots {
		bv := b.voiceOf()
		if bv == nil || !bv.speaker {
			continue
		}
		loop, levels, err := audio.ToneLoop(toneFreq(i))
		if err != nil {
			return func() {}, err
		}
		sp = append(sp, speaker{s: bv.s, loop: loop, levels: levels})
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(audio.FrameDuration)
		defer tick.Stop()
		for k := 0; ; k++ {
			for _, s := range sp {
				_, _ = s.s.SendOpus(s.loop[k%len(s.loop)], s.levels[k%len(s.loop)])
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }, nil
}

// startWindow marks the start of the measured window: each listener takes its tone sample at a
// moment of its own in the first half of the window, so the decoding is spread out.
func (v *voiceRun) startWindow(bots []*bot) {
	now := time.Now()
	v.measure = now
	spreadOver := v.r.cfg.Duration / 2
	for i, b := range bots {
		if bv := b.voiceOf(); bv != nil && !bv.speaker {
			bv.sample.mu.Lock()
			bv.sample.at = now.Add(time.Second/2 + spreadOver*time.Duration(i)/time.Duration(max(len(bots), 1)))
			bv.sample.mu.Unlock()
		}
	}
}

// voiceTotals sums the sessions' counters.
func voiceTotals(bots []*bot) (st voice.Stats, connected int) {
	for _, b := range bots {
		bv := b.voiceOf()
		if bv == nil {
			continue
		}
		s := bv.s.Stats()
		st.Sent += s.Sent
		st.Received += s.Received
		st.Expected += s.Expected
		st.Ended += s.Ended
		if c, _ := bv.s.State(); c == voice.Connected {
			connected++
		}
	}
	return st, connected
}

// result closes the sessions, waits for the tone checks and reports.
func (v *voiceRun) result(bots []*bot, before, after voice.Stats, connected int, setup time.Duration) *VoiceResult {
	res := &VoiceResult{Connected: connected, SetupS: setup.Seconds()}
	for _, b := range bots {
		if bv := b.voiceOf(); bv != nil {
			if bv.speaker {
				res.Speakers++
			} else {
				res.Listeners++
			}
		}
	}
	for _, b := range bots {
		if bv := b.voiceOf(); bv != nil {
			_ = bv.s.Close()
		}
	}
	close(v.jobs)
	v.wg.Wait()
	res.SentPackets = after.Sent - before.Sent
	res.ReceivedPackets = after.Received - before.Received
	res.ExpectedPackets = after.Expected - before.Expected
	res.Ended = int(after.Ended)
	if res.ExpectedPackets > 0 {
		res.LossPct = 100 * max(0, float64(res.ExpectedPackets-res.ReceivedPackets)) / float64(res.ExpectedPackets)
	}
	res.LatencyMs = v.lat.percentiles()
	res.ToneChecked = int(v.checked.Load())
	res.ToneUnnamed = int(v.unnamed.Load())
	if res.Listeners > 0 {
		res.ToneOKPct = 100 * float64(v.toneOK.Load()) / float64(res.Listeners)
	}
	return res
}

// latencies is a histogram of latencies in steps of 0.1 ms up to 10 s, filled from many goroutines.
type latencies struct {
	buckets [100000]atomic.Int64
	n       atomic.Int64
}

func (l *latencies) add(d time.Duration) {
	i := min(max(int(d/(100*time.Microsecond)), 0), len(l.buckets)-1)
	l.buckets[i].Add(1)
	l.n.Add(1)
}

func (l *latencies) percentiles() Percentiles {
	n := l.n.Load()
	if n == 0 {
		return Percentiles{}
	}
	at := func(q float64) float64 {
		rank, seen := int64(q*float64(n)), int64(0)
		for i := range l.buckets {
			if seen += l.buckets[i].Load(); seen > rank {
				return float64(i+1) / 10
			}
		}
		return float64(len(l.buckets)) / 10
	}
	top := 0
	for i := range l.buckets {
		if l.buckets[i].Load() > 0 {
			top = i
		}
	}
	return Percentiles{P50: at(0.5), P99: at(0.99), Max: float64(top+1) / 10, N: int(n)}
}

// errVoiceWithoutRoom: voice needs the bots in a room.
var errVoiceWithoutRoom = errors.New("bots: voice needs the bots to join a room (not -no-join)")
