//go:build js && wasm

package voice

import (
	"errors"
	"fmt"
	"syscall/js"

	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/client/internal/jsutil"
)

// Engine is the WebRTC machinery. In the browser it is the browser's own: an RTCPeerConnection
// per connection, the microphone from getUserMedia with the browser's echo cancellation and noise
// suppression, and Web Audio to play each slot at its gain and pan (Media). The signalling, the
// slots and the state are the Call's, as on the desktop.
type Engine struct {
	media *browserMedia
}

// NewEngine returns the browser's engine, or ErrNoWebRTC in a browser without RTCPeerConnection.
func NewEngine(EngineConfig) (*Engine, error) {
	if !js.Global().Get("RTCPeerConnection").Truthy() || !js.Global().Get("AudioContext").Truthy() {
		return nil, ErrNoWebRTC
	}
	return &Engine{media: newBrowserMedia()}, nil
}

// Media is the browser's audio: the game steers it instead of the Call's Stream and Send.
func (e *Engine) Media() Media { return e.media }

// errBrowserCodes: the browser's WebRTC codes Opus itself; Go's codec is left out of this build.
var errBrowserCodes = errors.New("the browser codes the audio itself")

// NewEncoder fails: in the browser no PCM passes through Go (Media).
func (e *Engine) NewEncoder(audio.OpusConfig) (audio.Encoder, error) { return nil, errBrowserCodes }

func (e *Engine) newDecoder() (audio.Decoder, error) { return nil, errBrowserCodes }

// browserPeer is a peer on the browser's RTCPeerConnection.
type browserPeer struct {
	ev    peerEvents
	media *browserMedia
	pc    js.Value
	slots map[string]int // the offer's mids of the slots
	funcs []js.Func      // the callbacks given to pc, released on close
}

func (e *Engine) newPeer(ev peerEvents, ice []ICEServer) (peer, error) {
	servers := make([]any, 0, len(ice))
	for _, s := range ice {
		urls := make([]any, len(s.URLs))
		for i, u := range s.URLs {
			urls[i] = u
		}
		servers = append(servers, map[string]any{"urls": urls, "username": s.Username, "credential": s.Credential})
	}
	p := &browserPeer{ev: ev, media: e.media}
	err := jsutil.Catch(func() {
		p.pc = js.Global().Get("RTCPeerConnection").New(map[string]any{"iceServers": servers})
	})
	if err != nil {
		return nil, fmt.Errorf("voice connection: %w", err)
	}
	p.on("icecandidate", func(ev js.Value) {
		c := ev.Get("candidate")
		if !c.Truthy() || c.Get("candidate").String() == "" {
			return // the end of gathering
		}
		s := js.Global().Get("JSON").Call("stringify", c.Call("toJSON")).String()
		go p.ev.onCandidate(p, s)
	})
	p.on("connectionstatechange", func(js.Value) {
		switch p.pc.Get("connectionState").String() {
		case "connected":
			go p.ev.onConnected(p, true)
		case "failed":
			go p.ev.onConnected(p, false)
		}
	})
	p.on("track", func(ev js.Value) {
		slot, ok := p.slots[ev.Get("transceiver").Get("mid").String()]
		if !ok {
			return // not a slot of the protocol: nothing to play it as
		}
		track := ev.Get("track")
		go p.media.play(slot, track)
	})
	return p, nil
}

// on sets pc's handler of event name; handlers must not block (they run on the event loop).
func (p *browserPeer) on(name string, fn func(ev js.Value)) {
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			fn(args[0])
		}
		return nil
	})
	p.funcs = append(p.funcs, f)
	p.pc.Set("on"+name, f)
}

// answer applies the server's offer, puts the microphone on its first m-line (the one the server
// receives on) and answers. The microphone need not be allowed yet: the m-line is answered as
// sending, and the track goes onto it without renegotiating once the person allows it.
func (p *browserPeer) answer(offer string) (string, error) {
	p.slots = slotsByMid(offer)
	if _, err := jsutil.AwaitCall(p.pc, "setRemoteDescription", map[string]any{"type": "offer", "sdp": offer}); err != nil {
		return "", fmt.Errorf("the server's offer: %w", err)
	}
	var sender js.Value
	err := jsutil.Catch(func() {
		trs := p.pc.Call("getTransceivers")
		if trs.Length() == 0 {
			return
		}
		tr := trs.Index(0)
		tr.Set("direction", "sendonly")
		sender = tr.Get("sender")
	})
	if err != nil || !sender.Truthy() {
		return "", fmt.Errorf("the offer has no microphone m-line (%v)", err)
	}
	ans, err := jsutil.AwaitCall(p.pc, "createAnswer")
	if err == nil {
		_, err = jsutil.AwaitCall(p.pc, "setLocalDescription", ans)
	}
	if err != nil {
		return "", fmt.Errorf("answer: %w", err)
	}
	p.media.useSender(sender)
	return p.pc.Get("localDescription").Get("sdp").String(), nil
}

func (p *browserPeer) addCandidate(c string) error {
	var init js.Value
	if err := jsutil.Catch(func() { init = js.Global().Get("JSON").Call("parse", c) }); err != nil {
		return fmt.Errorf("candidate: %w", err)
	}
	_, err := jsutil.AwaitCall(p.pc, "addIceCandidate", init)
	return err
}

// errBrowserSends: in the browser the microphone's track goes to the connection directly.
var errBrowserSends = errors.New("the browser sends the microphone itself")

func (p *browserPeer) writeAudio([]byte, uint32, uint8, bool, bool) error { return errBrowserSends }

func (p *browserPeer) close() {
	p.media.useSender(js.Undefined())
	_ = jsutil.Catch(func() { p.pc.Call("close") })
	for _, f := range p.funcs {
		f.Release()
	}
	p.funcs = nil
	p.media.stopAll()
}
