//go:build js && wasm

package voice

import (
	"encoding/json"
	"math"
	"sync"
	"syscall/js"
	"time"

	"github.com/embassy-project/embassy/client/internal/jsutil"
	"github.com/embassy-project/embassy/client/msg"
)

// micTimeout is how long the browser's question "allow the microphone?" may stay unanswered
// before voice says so (it goes on waiting: the track is added whenever the answer comes).
const micTimeout = 10 * time.Minute

// browserMedia is the browser's audio (Media): the microphone from getUserMedia and one Web Audio
// chain per slot, source -> gain -> stereo panner -> speakers (and an analyser, which the page's
// embassyVoiceProbe reads: what each slot plays, for a person checking their sound and for tests).
type browserMedia struct {
	mu      sync.Mutex // guards everything below
	ctx     js.Value   // the AudioContext, made at the first track
	bus     js.Value   // every slot's panner into it; out to the speakers, or round the echo loop
	loop    *echoLoop  // Chromium's (echo_js.go); nil elsewhere or when it could not connect
	slots   [Slots]slotOut
	sender  js.Value // the current connection's microphone sender
	mic     js.Value // the microphone's track, once allowed
	asked   bool     // getUserMedia was called
	micErr  string   // why there is no microphone
	open    bool     // the person's microphone is open (not muted, or push-to-talk held)
	loopErr string   // why the echo loop could not connect
	funcs   []js.Func
}

// slotOut is one slot's chain.
type slotOut struct {
	src      js.Value // MediaStreamAudioSourceNode of the slot's track
	el       js.Value // a muted <audio> holding the track: Chrome pulls a remote track only then
	gain     js.Value
	pan      js.Value
	analyser js.Value
	g, p     float32
}

func newBrowserMedia() *browserMedia {
	m := &browserMedia{}
	probe := js.FuncOf(func(js.Value, []js.Value) any { return m.probe() })
	m.funcs = append(m.funcs, probe)
	js.Global().Set("embassyVoiceProbe", probe)
	return m
}

// context returns the AudioContext, made on first use. A page may not play sound before the
// person has clicked or pressed a key (autoplay rules): the context is then resumed at the first
// click, tap or key.
func (m *browserMedia) context() js.Value {
	if m.ctx.Truthy() {
		return m.ctx
	}
	ctx := js.Global().Get("AudioContext").New(map[string]any{"latencyHint": "interactive"})
	m.bus = ctx.Call("createGain")
	for i := range m.slots {
		s := &m.slots[i]
		s.gain = ctx.Call("createGain")
		s.gain.Get("gain").Set("value", 0)
		s.pan = ctx.Call("createStereoPanner")
		s.analyser = ctx.Call("createAnalyser")
		s.analyser.Set("fftSize", 4096)
		s.gain.Call("connect", s.pan)
		s.pan.Call("connect", m.bus)
		s.pan.Call("connect", s.analyser)
	}
	if needsEchoLoop() {
		dest := ctx.Call("createMediaStreamDestination")
		m.bus.Call("connect", dest)
		m.loop = startEchoLoop(ctx, dest.Get("stream"), func(err error) {
			m.mu.Lock()
			defer m.mu.Unlock()
			m.loopErr = err.Error()
			m.loop = nil
			m.bus.Call("connect", m.ctx.Get("destination")) // echo back rather than silence
		})
	} else {
		m.bus.Call("connect", ctx.Get("destination"))
	}
	resume := js.FuncOf(func(js.Value, []js.Value) any {
		if ctx.Get("state").String() == "suspended" {
			ctx.Call("resume")
		}
		if l := m.loop; l != nil {
			l.play()
		}
		return nil
	})
	m.funcs = append(m.funcs, resume)
	for _, ev := range []string{"pointerdown", "keydown", "touchend"} {
		js.Global().Call("addEventListener", ev, resume, map[string]any{"capture": true})
	}
	m.ctx = ctx
	return ctx
}

// play puts track on slot i, replacing what it played.
func (m *browserMedia) play(i int, track js.Value) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_ = jsutil.Catch(func() {
		ctx := m.context()
		s := &m.slots[i]
		m.stop(s)
		stream := js.Global().Get("MediaStream").New([]any{track})
		if !s.el.Truthy() {
			s.el = js.Global().Get("document").Call("createElement", "audio")
			s.el.Set("muted", true)
		}
		s.el.Set("srcObject", stream)
		s.el.Call("play").Call("catch", js.Global().Get("Function").New("")) // muted: never refused, but say nothing if it is
		s.src = ctx.Call("createMediaStreamSource", stream)
		s.src.Call("connect", s.gain)
	})
}

// stop disconnects a slot's track (mu held).
func (m *browserMedia) stop(s *slotOut) {
	if s.src.Truthy() {
		s.src.Call("disconnect")
		s.src = js.Undefined()
	}
	if s.el.Truthy() {
		s.el.Set("srcObject", nil)
	}
}

// stopAll disconnects every slot: the connection closed.
func (m *browserMedia) stopAll() {
	m.mu.Lock()
	defer m.mu.Unlock()
	_ = jsutil.Catch(func() {
		for i := range m.slots {
			m.stop(&m.slots[i])
		}
	})
}

// SetSource implements Media.
func (m *browserMedia) SetSource(i int, gain, pan float32) {
	if i < 0 || i >= Slots {
		return
	}
	gain, pan = max(gain, 0), min(max(pan, -1), 1)
	m.mu.Lock()
	defer m.mu.Unlock()
	s := &m.slots[i]
	if !m.ctx.Truthy() || (abs32(s.g-gain) < 0.002 && abs32(s.p-pan) < 0.002) {
		return
	}
	s.g, s.p = gain, pan
	_ = jsutil.Catch(func() {
		now := m.ctx.Get("currentTime")
		s.gain.Get("gain").Call("setTargetAtTime", gain, now, 0.03) // glide: no clicks as people walk
		s.pan.Get("pan").Call("setTargetAtTime", pan, now, 0.03)
	})
}

func abs32(x float32) float32 { return float32(math.Abs(float64(x))) }

// SetMicOpen implements Media.
func (m *browserMedia) SetMicOpen(open bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.open = open
	if m.mic.Truthy() {
		m.mic.Set("enabled", open)
	}
	m.askOnce()
}

// askOnce asks for the microphone the first time it is opened (mu held): a person who only
// listens is never asked, and the browser's question comes when they choose to talk.
func (m *browserMedia) askOnce() {
	if m.open && !m.asked {
		m.asked = true
		go m.askMicrophone()
	}
}

// Problem implements Media.
func (m *browserMedia) Problem() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case m.micErr != "":
		return m.micErr
	case m.asked && !m.mic.Truthy():
		return msg.T("allow the microphone in your browser to be heard")
	case m.ctx.Truthy() && m.ctx.Get("state").String() == "suspended":
		return msg.T("click or press a key to hear voices")
	}
	return ""
}

// useSender keeps the current connection's microphone sender (Undefined when it closed) and puts
// the microphone on it, once the person has allowed it.
func (m *browserMedia) useSender(sender js.Value) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sender = sender
	if sender.Truthy() && m.mic.Truthy() {
		_ = jsutil.Catch(func() { sender.Call("replaceTrack", m.mic) })
	}
}

// askMicrophone asks the browser for the microphone, with its echo cancellation, noise
// suppression and gain control, and puts it on the current connection once allowed.
func (m *browserMedia) askMicrophone() {
	devices := js.Global().Get("navigator").Get("mediaDevices")
	if !devices.Truthy() || !devices.Get("getUserMedia").Truthy() {
		m.setMicErr(msg.T("listening only: the microphone needs a secure page (https)"))
		return
	}
	var p js.Value
	err := jsutil.Catch(func() {
		p = devices.Call("getUserMedia", map[string]any{
			"audio": map[string]any{"echoCancellation": true, "noiseSuppression": true, "autoGainControl": true, "channelCount": 1},
			"video": false,
		})
	})
	var stream js.Value
	if err == nil {
		stream, err = jsutil.Await(p, micTimeout)
	}
	if err != nil {
		m.setMicErr(msg.T("listening only: the microphone was not allowed (%s)", err.Error()))
		return
	}
	tracks := stream.Call("getAudioTracks")
	if tracks.Length() == 0 {
		m.setMicErr(msg.T("listening only: no microphone"))
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mic = tracks.Index(0)
	m.mic.Set("enabled", m.open)
	m.micErr = ""
	if m.sender.Truthy() {
		_ = jsutil.Catch(func() { m.sender.Call("replaceTrack", m.mic) })
	}
}

// setMicErr says why there is no microphone; the next opening asks again (the person may have
// changed the page's permission meanwhile).
func (m *browserMedia) setMicErr(why string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.micErr, m.asked = why, false
}

// slotProbe is what embassyVoiceProbe says of a slot: the strongest frequency it plays and how
// loud (dBFS, after the slot's gain), and the gain and pan the game set.
type slotProbe struct {
	PeakHz float64 `json:"peak_hz"`
	PeakDB float64 `json:"peak_db"`
	Gain   float32 `json:"gain"`
	Pan    float32 `json:"pan"`
	Track  bool    `json:"track"`
}

// peak returns the strongest frequency an analyser hears and its level (dBFS; -200 for silence).
func peak(analyser js.Value) (hz, db float64) {
	rate := analyser.Get("context").Get("sampleRate").Float()
	bins := analyser.Get("frequencyBinCount").Int()
	data := js.Global().Get("Float32Array").New(bins)
	analyser.Call("getFloatFrequencyData", data)
	db = math.Inf(-1)
	for b := 1; b < bins; b++ {
		if v := data.Index(b).Float(); v > db {
			db, hz = v, float64(b)*rate/float64(2*bins)
		}
	}
	if math.IsInf(db, -1) {
		db = -200
	}
	return hz, db
}

// probe answers embassyVoiceProbe() with JSON: the audio context's state, the microphone, and
// each slot (slotProbe).
func (m *browserMedia) probe() any {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := struct {
		Context string      `json:"context"`
		Mic     string      `json:"mic"`
		MicOpen bool        `json:"mic_open"`
		Loop    string      `json:"echo_loop"` // "on", "off" (not needed), or why it failed
		Out     *slotProbe  `json:"out,omitempty"`
		Slots   []slotProbe `json:"slots"`
	}{Context: "none", Mic: "none", MicOpen: m.open, Loop: "off"}
	switch {
	case m.micErr != "":
		out.Mic = m.micErr
	case m.mic.Truthy():
		out.Mic = m.mic.Get("readyState").String()
	}
	if m.ctx.Truthy() {
		out.Context = m.ctx.Get("state").String()
		for i := range m.slots {
			s := &m.slots[i]
			sp := slotProbe{Gain: s.g, Pan: s.p, Track: s.src.Truthy()}
			sp.PeakHz, sp.PeakDB = peak(s.analyser)
			out.Slots = append(out.Slots, sp)
		}
	}
	switch {
	case m.loop != nil:
		out.Loop = "on"
		o := slotProbe{Gain: 1, Track: true}
		o.PeakHz, o.PeakDB = peak(m.loop.analyser)
		out.Out = &o
	case m.loopErr != "":
		out.Loop = m.loopErr
	}
	b, _ := json.Marshal(out)
	return string(b)
}
