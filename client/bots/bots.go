// Package bots is the load generator behind cmd/embassy-bots: simulated visitors that connect, join a
// room, wander and chat a little, while it measures what they experience (connection errors, the time
// from a move intent to the server's answer, inbound bytes and snapshots) and, from the server's
// /metrics, what the server spent (tick duration, CPU, memory).
package bots

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Config describes a run.
type Config struct {
	Server     string        // ws://host:port/ws
	Token      string        // a sign-in for the first bot (a member of staff among the visitors); the others are guests
	MetricsURL string        // the server's /metrics; empty skips server figures
	N          int           // bots
	Room       string        // room to join; "" the arrival room
	Duration   time.Duration // how long to measure after every bot has connected
	Ramp       int           // connections started per second
	Idle       bool          // connect and join but never move or chat
	NoJoin     bool          // connect (handshake only) and stay in no room: idle-connection memory runs
	ChatEvery  time.Duration // mean time between a bot's chat lines; 0 disables chat
	NamePrefix string
	Seed       uint64
	Progress   io.Writer // live one-line progress; nil for none

	Voice           bool          // every bot joins voice and listens
	Speakers        int           // the first Speakers bots speak a tone each (implies Voice)
	Stage           bool          // the speakers walk onto the room's stage first and stay there
	Group           int           // > 0: bots stand still in proximity groups of this size, spread over the room
	VoiceTimeout    time.Duration // how long voice connections and walking into place may take; 0: 60 s
	VoiceNoFeedback bool          // bots negotiate no NACK or RTCP reports (the raw loss; lighter)
}

// Percentiles of a distribution in milliseconds.
type Percentiles struct {
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
	N   int     `json:"samples"`
}

// Result is the JSON `embassy-bots -json` prints.
type Result struct {
	Bots                int            `json:"bots"`
	Connected           int            `json:"connected"`
	Errors              int            `json:"errors"`
	ErrorSamples        []string       `json:"error_samples,omitempty"`
	Refusals            int            `json:"refusals"`
	DurationS           float64        `json:"duration_s"`
	MoveEchoMs          Percentiles    `json:"move_echo_ms"`
	BytesInPerBotPerS   float64        `json:"bytes_in_per_bot_per_s"`
	SnapshotsPerBotPerS float64        `json:"snapshots_per_bot_per_s"`
	ConnectS            float64        `json:"connect_s"`
	Voice               *VoiceResult   `json:"voice,omitempty"`
	Server              *ServerFigures `json:"server,omitempty"`
}

// bot is one simulated visitor.
type bot struct {
	c         *client.Client
	rng       *rand.Rand
	pendSeq   atomic.Uint32 // seq of the newest unanswered move, 0 when none
	pendAt    atomic.Int64  // its send time, unix nanos
	snapshots atomic.Int64
	refusals  atomic.Int64
	voice     atomic.Pointer[botVoice] // nil without voice
}

// voiceOf returns the bot's voice, or nil (also for a nil bot).
func (b *bot) voiceOf() *botVoice {
	if b == nil {
		return nil
	}
	return b.voice.Load()
}

// run holds one run's shared counters.
type run struct {
	cfg     Config
	mu      sync.Mutex // guards echoes and errs
	echoes  []float64
	errs    []string
	nErrs   atomic.Int64
	measure atomic.Bool // true during the measured window
	voice   *voiceRun   // nil without voice
}

func (r *run) fail(err error) {
	r.nErrs.Add(1)
	r.mu.Lock()
	if len(r.errs) < 5 {
		r.errs = append(r.errs, err.Error())
	}
	r.mu.Unlock()
}

// Run connects cfg.N bots, lets them live for cfg.Duration once all are connected, and measures.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.N <= 0 || cfg.Server == "" {
		return nil, errors.New("bots: need a server URL and at least one bot")
	}
	if cfg.Ramp <= 0 {
		cfg.Ramp = 200
	}
	if cfg.Speakers > 0 || cfg.Stage || cfg.Group > 0 {
		cfg.Voice = true
	}
	if cfg.VoiceTimeout <= 0 {
		cfg.VoiceTimeout = time.Minute
	}
	if cfg.Voice && cfg.NoJoin {
		return nil, errVoiceWithoutRoom
	}
	r := &run{cfg: cfg}
	if cfg.Voice {
		var err error
		if r.voice, err = newVoiceRun(r); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	baseline := scrape(ctx, cfg.MetricsURL) // before any bot connects: memory per connection
	start := time.Now()
	bots := r.connectAll(ctx)
	connectS := time.Since(start).Seconds()
	connected := 0
	for _, b := range bots {
		if b != nil {
			connected++
		}
	}
	stopSpeaking := func() {}
	var voiceSetup time.Duration
	if r.voice != nil {
		var err error
		if stopSpeaking, err = r.voice.ready(ctx, bots); err != nil {
			r.fail(err)
		}
		voiceSetup = time.Since(start)
	}
	var wg sync.WaitGroup
	if !cfg.Idle && !cfg.NoJoin {
		for i, b := range bots {
			if b == nil || b.voiceOf() != nil && b.voiceOf().placed {
				continue
			}
			wg.Add(1)
			go func() { defer wg.Done(); r.wander(ctx, b, i) }()
		}
	}

	// Let the room settle (views fill, joins finish, voice routes form) before measuring.
	sleepCtx(ctx, min(2*time.Second, cfg.Duration/4))
	before := scrape(ctx, cfg.MetricsURL)
	in0, snaps0 := totals(bots)
	v0, _ := voiceTotals(bots)
	if r.voice != nil {
		r.voice.startWindow(bots)
	}
	r.measure.Store(true)
	t0 := time.Now()
	r.progress(ctx, bots, cfg.Duration)
	elapsed := time.Since(t0).Seconds()
	r.measure.Store(false)
	in1, snaps1 := totals(bots)
	v1, voiceUp := voiceTotals(bots)
	after := scrape(ctx, cfg.MetricsURL)

	stopSpeaking()
	cancel()
	wg.Wait()
	for _, b := range bots {
		if b == nil {
			continue
		}
		select {
		case <-b.c.Done():
			var ce *client.CloseError
			if errors.As(b.c.Err(), &ce) {
				r.fail(fmt.Errorf("server closed a bot: %w", ce))
			}
		default:
		}
		_ = b.c.Close()
	}

	res := &Result{
		Bots: cfg.N, Connected: connected, Errors: int(r.nErrs.Load()), DurationS: elapsed, ConnectS: connectS,
	}
	r.mu.Lock()
	res.ErrorSamples = r.errs
	res.MoveEchoMs = percentiles(r.echoes)
	r.mu.Unlock()
	for _, b := range bots {
		if b != nil {
			res.Refusals += int(b.refusals.Load())
		}
	}
	if connected > 0 && elapsed > 0 {
		res.BytesInPerBotPerS = float64(in1-in0) / float64(connected) / elapsed
		res.SnapshotsPerBotPerS = float64(snaps1-snaps0) / float64(connected) / elapsed
	}
	if r.voice != nil {
		res.Voice = r.voice.result(bots, v0, v1, voiceUp, voiceSetup)
	}
	res.Server = serverFigures(baseline, before, after, elapsed, connected, cfg.Room)
	return res, nil
}

// connectAll dials every bot at cfg.Ramp per second, in parallel; failed bots are nil.
func (r *run) connectAll(ctx context.Context) []*bot {
	bots := make([]*bot, r.cfg.N)
	var wg sync.WaitGroup
	interval := time.Second / time.Duration(r.cfg.Ramp)
	next := time.Now()
	for i := range bots {
		if d := time.Until(next); d > 0 {
			sleepCtx(ctx, d)
		}
		next = next.Add(interval)
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := r.connect(ctx, i)
			if err != nil {
				r.fail(err)
				return
			}
			bots[i] = b
		}()
	}
	wg.Wait()
	return bots
}

func (r *run) connect(ctx context.Context, i int) (*bot, error) {
	b := &bot{rng: rand.New(rand.NewPCG(r.cfg.Seed, uint64(i)))}
	look := &pb.Look{BodyRgb: b.rng.Uint32() & 0xffffff, AccentRgb: b.rng.Uint32() & 0xffffff, Sprite: uint32(b.rng.IntN(4))}
	dctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	opts := client.Options{
		URL: r.cfg.Server, Name: fmt.Sprintf("%s%04d", r.cfg.NamePrefix, i), Look: look, Client: "embassy-bots/1",
		OnMessage: func(m *pb.ServerMessage, at time.Time) { r.observe(b, m, at) },
	}
	if i == 0 {
		opts.Token = r.cfg.Token
	}
	c, err := client.Dial(dctx, opts)
	if err != nil {
		return nil, fmt.Errorf("bot %d: %w", i, err)
	}
	b.c = c
	if r.cfg.NoJoin {
		return b, nil
	}
	if err := c.Join(r.cfg.Room); err != nil {
		return nil, fmt.Errorf("bot %d join: %w", i, err)
	}
	err = c.WaitFor(dctx, func(v *client.View) bool { return v.Joins > 0 || hasRefusal(v) })
	if err == nil {
		c.View(func(v *client.View) {
			if v.Joins == 0 {
				err = fmt.Errorf("refused: %s", v.Chat[len(v.Chat)-1].Err.GetReason())
			}
		})
	}
	if err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("bot %d join: %w", i, err)
	}
	if r.voice != nil {
		if err := r.voice.attach(b, i); err != nil {
			_ = c.Close()
			return nil, fmt.Errorf("bot %d voice: %w", i, err)
		}
	}
	return b, nil
}

func hasRefusal(v *client.View) bool {
	return len(v.Chat) > 0 && v.Chat[len(v.Chat)-1].Err != nil
}

// observe runs on a bot's read goroutine for every message.
func (r *run) observe(b *bot, m *pb.ServerMessage, at time.Time) {
	if bv := b.voiceOf(); bv != nil {
		bv.s.Handle(m)
	}
	switch x := m.Msg.(type) {
	case *pb.ServerMessage_Snapshot:
		b.snapshots.Add(1)
		seq := b.pendSeq.Load()
		if seq != 0 && x.Snapshot.GetAckSeq() >= seq && b.pendSeq.CompareAndSwap(seq, 0) {
			if r.measure.Load() {
				ms := float64(at.UnixNano()-b.pendAt.Load()) / 1e6
				r.mu.Lock()
				r.echoes = append(r.echoes, ms)
				r.mu.Unlock()
			}
		}
	case *pb.ServerMessage_Refused:
		b.refusals.Add(1)
	}
}

var lines = []string{
	"Hello everyone!", "Where is the exhibition on cyber norms?", "Lovely reception.",
	"Has the ambassador arrived yet?", "Good evening from the delegation.", "The gallery is worth a visit.",
}

// wander walks a bot in random directions, changing every 0.5-2.5 s, occasionally pausing or chatting.
func (r *run) wander(ctx context.Context, b *bot, i int) {
	nextChat := time.Now().Add(r.chatDelay(b))
	for ctx.Err() == nil {
		dx, dy := b.rng.IntN(3)-1, b.rng.IntN(3)-1
		if dx == 0 && dy == 0 {
			dx = 1 - 2*b.rng.IntN(2)
		}
		if b.rng.IntN(10) == 0 {
			dx, dy = 0, 0
		}
		b.pendAt.Store(time.Now().UnixNano())
		seq, err := b.c.Move(dx, dy)
		if err != nil {
			if ctx.Err() == nil {
				r.fail(fmt.Errorf("bot %d move: %w", i, err))
			}
			return
		}
		b.pendSeq.Store(seq)
		if r.cfg.ChatEvery > 0 && time.Now().After(nextChat) {
			nextChat = time.Now().Add(r.chatDelay(b))
			if _, err := b.c.Chat(pb.ChatKind_CHAT_SAY, lines[b.rng.IntN(len(lines))], ""); err != nil && ctx.Err() == nil {
				r.fail(fmt.Errorf("bot %d chat: %w", i, err))
				return
			}
		}
		sleepCtx(ctx, time.Duration(500+b.rng.IntN(2000))*time.Millisecond)
	}
}

func (r *run) chatDelay(b *bot) time.Duration {
	if r.cfg.ChatEvery <= 0 {
		return 0
	}
	return time.Duration(b.rng.Int64N(int64(2 * r.cfg.ChatEvery)))
}

// progress waits out the measured window, printing one live line a second when asked to.
func (r *run) progress(ctx context.Context, bots []*bot, d time.Duration) {
	end := time.Now().Add(d)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	lastIn, _ := totals(bots)
	for time.Now().Before(end) && ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		if r.cfg.Progress == nil {
			continue
		}
		in, _ := totals(bots)
		live := 0
		for _, b := range bots {
			if b != nil && b.c.Err() == nil {
				live++
			}
		}
		r.mu.Lock()
		p := percentiles(r.echoes)
		r.mu.Unlock()
		fmt.Fprintf(r.cfg.Progress, "\rlive %d/%d  errors %d  move echo p50 %.1f ms p99 %.1f ms  in %.0f B/s/bot   ",
			live, len(bots), r.nErrs.Load(), p.P50, p.P99, float64(in-lastIn)/float64(max(live, 1)))
		lastIn = in
	}
	if r.cfg.Progress != nil {
		fmt.Fprintln(r.cfg.Progress)
	}
}

func totals(bots []*bot) (bytesIn, snapshots int64) {
	for _, b := range bots {
		if b != nil {
			bytesIn += b.c.BytesIn()
			snapshots += b.snapshots.Load()
		}
	}
	return bytesIn, snapshots
}

func percentiles(ms []float64) Percentiles {
	if len(ms) == 0 {
		return Percentiles{}
	}
	s := append([]float64(nil), ms...)
	sort.Float64s(s)
	at := func(q float64) float64 { return s[min(len(s)-1, int(q*float64(len(s))))] }
	return Percentiles{P50: at(0.50), P99: at(0.99), Max: s[len(s)-1], N: len(s)}
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
