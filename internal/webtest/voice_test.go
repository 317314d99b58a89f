package webtest

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/client/voice"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/internal/realpart"
	"github.com/embassy-project/embassy/server/node"
	"github.com/embassy-project/embassy/shared/protocol/pb"
	"github.com/embassy-project/embassy/shared/world"
)

// Tones of the browser voice test: the browser's fake microphone plays one, the bot speaks the other.
const (
	browserTone = 523.0
	botTone     = 440.0
)

// Voice in the browser, for real: Chromium's own RTCPeerConnection and Web Audio through a real
// node's SFU, with Chromium's fake microphone playing a tone from a file. A bot beside the browser
// (pion, Opus decoded in Go) hears the browser's tone once the browser unmutes with M, and the
// browser plays the bot's tone on a slot at the gain the game gives a neighbour (its probe reads
// the slot's analyser, after the gain) and out of the echo loop Chromium needs to cancel it.
func TestBrowserVoice(t *testing.T) {
	ctx, bot, vera := voiceScene(t, "Voice Vera", true)
	openMic(t, ctx, func(p voiceProbe) bool { return p.Mic == "live" })
	eventually(t, "the bot hears the browser's tone", 60*time.Second, func() bool { return bot.hears(vera.Slot, browserTone) })

	// The bot speaks; the browser plays it.
	stop := bot.speak(t, botTone)
	defer stop()
	waitPlays(t, ctx, botTone)
}

// A person who refuses the browser the microphone still hears: the voice bar's problem says
// listening only, nothing of them reaches the bot, and the bot's tone plays in the browser.
func TestBrowserVoiceMicrophoneRefused(t *testing.T) {
	ctx, bot, vera := voiceScene(t, "Quiet Quinn", false)
	openMic(t, ctx, func(p voiceProbe) bool { return strings.Contains(p.Mic, "not allowed") })
	stop := bot.speak(t, botTone)
	defer stop()
	waitPlays(t, ctx, botTone)
	if n := bot.heard(vera.Slot); n != 0 {
		t.Fatalf("the bot received %d samples from a browser without a microphone", n)
	}
}

// voiceScene opens /play in a voice browser (its microphone allowed or refused) entering the
// Reception Hall as name, and puts a bot in voice beside it.
func voiceScene(t *testing.T, name string, allow bool) (context.Context, *voiceBot, *client.Avatar) {
	t.Helper()
	wav := filepath.Join(t.TempDir(), "tone.wav")
	if err := os.WriteFile(wav, speechLikeTone(browserTone, 4*time.Second), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := voiceBrowser(t, wav, allow)
	web := buildWeb(t)
	srv := nodetest.StartWith(t, nil, func(c *node.Config) { c.Secret, c.WebDir = secret, web })
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.HTTP()+"/play?name="+url.QueryEscape(name)+"&room=reception")); err != nil {
		t.Fatal(err)
	}
	inRoom(t, srv, name, "reception")
	bot := newVoiceBot(t, srv, "Bot Tono")
	var seen *client.Avatar
	bctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := bot.c.WaitFor(bctx, func(v *client.View) bool {
		if a := v.ByName(name); a != nil {
			cp := *a
			seen = &cp
		}
		return seen != nil
	}); err != nil {
		t.Fatalf("the bot never saw the browser's avatar: %v", err)
	}
	bot.standBeside(t, seen.Pos)
	return ctx, bot, seen
}

// openMic presses M in the browser (it joined voice by itself, its microphone muted) until the
// probe says the microphone is open and done says it has settled.
func openMic(t *testing.T, ctx context.Context, done func(voiceProbe) bool) {
	t.Helper()
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const c = document.querySelector("canvas"); c.focus(); return document.activeElement === c })()`))
	if err != nil || !focused {
		t.Fatalf("focus the canvas: %v (focused %v)", err, focused)
	}
	var last voiceProbe
	eventually(t, "the browser's microphone open", 60*time.Second, func() bool {
		last = probeVoice(t, ctx)
		if last.MicOpen && done(last) {
			return true
		}
		if !last.MicOpen {
			_ = chromedp.Do(ctx, typeKeys("m"), chromedp.Sleep(time.Second))
		}
		return false
	})
}

// waitPlays waits until the browser plays f on a slot and out of its speakers.
func waitPlays(t *testing.T, ctx context.Context, f float64) {
	t.Helper()
	var last voiceProbe
	deadline := time.Now().Add(60 * time.Second)
	for !last.plays(f) {
		if time.Now().After(deadline) {
			t.Fatalf("the browser does not play %v Hz: %+v", f, last)
		}
		time.Sleep(300 * time.Millisecond)
		last = probeVoice(t, ctx)
	}
}

// voiceBrowser is browser() with Chromium's fake microphone playing wav, its permission question
// answered yes (allow) or no, and sound allowed before a click.
func voiceBrowser(t *testing.T, wav string, allow bool) context.Context {
	t.Helper()
	path := realpart.Command(t, "chromium", "chromium")
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("headless", "new"), chromedp.Flag("use-angle", "swiftshader"), chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 800),
		chromedp.Flag("use-fake-device-for-media-stream", true), chromedp.Flag("use-file-for-fake-audio-capture", wav),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"))
	if allow {
		opts = append(opts, chromedp.Flag("use-fake-ui-for-media-stream", true))
	} else {
		opts = append(opts, chromedp.Flag("deny-permission-prompts", true))
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	return ctx
}

// speechLikeTone is a 48 kHz mono WAV of f in syllables (300 ms on, 100 ms off, faded), so the
// browser's noise suppression takes it for a voice rather than a steady hum to remove.
func speechLikeTone(f float64, d time.Duration) []byte {
	const rate = 48000
	n := int(d.Seconds() * rate)
	var pcm bytes.Buffer
	for i := range n {
		t := float64(i) / rate
		phase := math.Mod(t, 0.4)
		env := 0.0
		if phase < 0.3 {
			env = math.Min(1, math.Min(phase, 0.3-phase)/0.02) // 20 ms fades
		}
		_ = binary.Write(&pcm, binary.LittleEndian, int16(0.5*env*math.Sin(2*math.Pi*f*t)*math.MaxInt16))
	}
	var w bytes.Buffer
	le := func(v any) { _ = binary.Write(&w, binary.LittleEndian, v) }
	w.WriteString("RIFF")
	le(uint32(36 + pcm.Len()))
	w.WriteString("WAVEfmt ")
	le(uint32(16))
	le(uint16(1)) // PCM
	le(uint16(1)) // mono
	le(uint32(rate))
	le(uint32(rate * 2))
	le(uint16(2))
	le(uint16(16))
	w.WriteString("data")
	le(uint32(pcm.Len()))
	w.Write(pcm.Bytes())
	return w.Bytes()
}

// voiceProbe is what the page's embassyVoiceProbe() says.
type voiceProbe struct {
	Context string       `json:"context"`
	Mic     string       `json:"mic"`
	MicOpen bool         `json:"mic_open"`
	Loop    string       `json:"echo_loop"`
	Out     *probedSlot  `json:"out"`
	Slots   []probedSlot `json:"slots"`
}

type probedSlot struct {
	PeakHz float64 `json:"peak_hz"`
	PeakDB float64 `json:"peak_db"`
	Gain   float32 `json:"gain"`
	Track  bool    `json:"track"`
}

// holds reports whether the slot plays f (within the analyser's 12 Hz bins) loudly enough to
// hear, at a neighbour's gain.
func (s probedSlot) holds(f float64) bool {
	return s.Track && s.Gain > 0.3 && math.Abs(s.PeakHz-f) < 15 && s.PeakDB > -60
}

// plays reports whether a slot plays f and, in Chromium, whether f comes out of the echo loop
// (what the speakers get) too.
func (p voiceProbe) plays(f float64) bool {
	if p.Loop != "on" || p.Out == nil || !p.Out.holds(f) {
		return false
	}
	for _, s := range p.Slots {
		if s.holds(f) {
			return true
		}
	}
	return false
}

func probeVoice(t *testing.T, ctx context.Context) voiceProbe {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`typeof embassyVoiceProbe === "function" ? embassyVoiceProbe() : "{}"`))
	if err != nil {
		t.Fatalf("probe the browser's voice: %v", err)
	}
	var p voiceProbe
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		t.Fatalf("the browser's voice probe %q: %v", s, err)
	}
	return p
}

// voiceBot is a headless client in voice (pion) that decodes what each slot carries.
type voiceBot struct {
	c   *client.Client
	v   *voice.Call
	mu  sync.Mutex         // guards pcm and dec
	pcm map[uint32][]int16 // the last second decoded, by the avatar its slot carried
	dec [voice.Slots]*audio.OpusDecoder
}

func newVoiceBot(t *testing.T, srv *nodetest.Server, name string) *voiceBot {
	t.Helper()
	b := &voiceBot{pcm: map[uint32][]int16{}}
	var call sync.Mutex // guards b.v until it is set
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{URL: srv.WS(), Name: name, Client: "webtest", OnMessage: func(m *pb.ServerMessage, _ time.Time) {
		call.Lock()
		v := b.v
		call.Unlock()
		if v != nil {
			v.Handle(m)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	b.c = c
	if err := c.Join("reception"); err != nil {
		t.Fatal(err)
	}
	if err := c.WaitFor(ctx, func(v *client.View) bool { return v.Room == "reception" }); err != nil {
		t.Fatal(err)
	}
	eng, err := voice.NewEngine(voice.EngineConfig{Loopback: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range b.dec {
		if b.dec[i], err = audio.NewOpusDecoder(); err != nil {
			t.Fatal(err)
		}
	}
	v, err := voice.New(c, voice.Config{Engine: eng, OnPacket: b.packet})
	if err != nil {
		t.Fatal(err)
	}
	call.Lock()
	b.v = v
	call.Unlock()
	t.Cleanup(func() { _ = v.Close() })
	v.Join()
	eventually(t, name+" in voice", 30*time.Second, func() bool { st, _ := v.State(); return st == voice.Connected })
	return b
}

// packet decodes one received packet into the PCM of the avatar its slot carries.
func (b *voiceBot) packet(p voice.Packet) {
	if p.Repeated {
		return
	}
	av := b.v.Avatar(p.Slot)
	pcm := make([]int16, audio.FrameSamples*6)
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.dec[p.Slot].Decode(p.Payload, pcm)
	if err != nil || av == 0 {
		return
	}
	kept := append(b.pcm[av], pcm[:n]...)
	if over := len(kept) - 50*audio.FrameSamples; over > 0 {
		kept = kept[over:]
	}
	b.pcm[av] = kept
}

// heard returns how many samples were decoded from avatar (the last second's at most).
func (b *voiceBot) heard(avatar uint32) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.pcm[avatar])
}

// hears reports whether the last second heard from avatar holds f somewhere in a 200 ms window.
func (b *voiceBot) hears(avatar uint32, f float64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	pcm := b.pcm[avatar]
	w := 10 * audio.FrameSamples
	for at := 0; at+w <= len(pcm); at += w / 2 {
		if audio.HasTone(pcm[at:at+w], f, 0) {
			return true
		}
	}
	return false
}

// standBeside walks the bot to a free spot about a metre and a half from pos.
func (b *voiceBot) standBeside(t *testing.T, pos world.Vec) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, d := range [][2]int32{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
		target := world.Vec{X: pos.X + d[0]*world.Unit*3/2, Y: pos.Y + d[1]*world.Unit*3/2}
		if _, err := b.c.WalkTo(target.X, target.Y); err != nil {
			t.Fatal(err)
		}
		err := b.c.WaitFor(ctx, func(v *client.View) bool {
			a := v.Self()
			return a != nil && a.Pos.Dist2(target) <= int64(world.Unit/4)*int64(world.Unit/4)
		})
		if err == nil {
			return
		}
		ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
	}
	t.Log("the bot could not reach a spot beside the browser's avatar; it stays where it is")
}

// speak sends a tone at f, encoded once, every 20 ms until stop.
func (b *voiceBot) speak(t *testing.T, f float64) (stop func()) {
	t.Helper()
	packets, levels, err := audio.ToneLoop(f)
	if err != nil {
		t.Fatal(err)
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(audio.FrameDuration)
		defer tick.Stop()
		for i := 0; ; i++ {
			_, _ = b.v.SendOpus(packets[i%len(packets)], levels[i%len(levels)])
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); <-finished }) }
}
