//go:build js && wasm

package voice

import (
	"strings"
	"syscall/js"

	"github.com/embassy-project/embassy/client/internal/jsutil"
)

// Chromium's echo cancellation removes from the microphone only what the page plays from a
// WebRTC connection (an <audio> element with a remote stream), not what Web Audio plays: with
// voices panned in Web Audio and no headphones, everyone would hear themselves come back. So in
// Chromium the mix goes round a loop: Web Audio's output into a local RTCPeerConnection, out of
// its twin, into an <audio> element, which the echo canceller does see. The loop's Opus is made
// stereo at a high bitrate (the panning survives) and adds a few milliseconds. Mozilla Hubs does
// the same for the same reason. Other browsers play Web Audio directly.

// echoLoop is that loop.
type echoLoop struct {
	a, b     js.Value // the sending and the receiving end
	el       js.Value // plays what comes out of b
	analyser js.Value // what finally plays, for the probe
	funcs    []js.Func
}

// needsEchoLoop reports whether this browser is Chromium (Chrome, Edge, Opera, Brave...).
func needsEchoLoop() bool {
	return strings.Contains(js.Global().Get("navigator").Get("userAgent").String(), "Chrome/")
}

// startEchoLoop sends the stream (a MediaStreamAudioDestinationNode's) round the loop, connecting
// in the background; fallback is called (on a goroutine of its own) if it cannot connect, to play
// the mix directly instead.
func startEchoLoop(ctx, stream js.Value, fallback func(error)) *echoLoop {
	pc := js.Global().Get("RTCPeerConnection")
	l := &echoLoop{a: pc.New(), b: pc.New()}
	l.el = js.Global().Get("document").Call("createElement", "audio")
	l.analyser = ctx.Call("createAnalyser")
	l.analyser.Set("fftSize", 4096)
	l.trickle(l.a, l.b)
	l.trickle(l.b, l.a)
	l.b.Set("ontrack", l.fn(func(args []js.Value) {
		out := js.Global().Get("MediaStream").New([]any{args[0].Get("track")})
		l.el.Set("srcObject", out)
		l.play()
		ctx.Call("createMediaStreamSource", out).Call("connect", l.analyser)
	}))
	l.a.Call("addTrack", stream.Call("getAudioTracks").Index(0), stream)
	go func() {
		if err := l.connect(); err != nil {
			fallback(err)
		}
	}()
	return l
}

// connect makes the loop's offer and answer, both in stereo.
func (l *echoLoop) connect() error {
	offer, err := jsutil.AwaitCall(l.a, "createOffer")
	if err != nil {
		return err
	}
	offer = stereo(offer)
	if _, err := jsutil.AwaitCall(l.a, "setLocalDescription", offer); err != nil {
		return err
	}
	if _, err := jsutil.AwaitCall(l.b, "setRemoteDescription", offer); err != nil {
		return err
	}
	answer, err := jsutil.AwaitCall(l.b, "createAnswer")
	if err != nil {
		return err
	}
	answer = stereo(answer)
	if _, err := jsutil.AwaitCall(l.b, "setLocalDescription", answer); err != nil {
		return err
	}
	_, err = jsutil.AwaitCall(l.a, "setRemoteDescription", answer)
	return err
}

// stereo returns the description with its Opus asking for stereo at 256 kbit/s.
func stereo(desc js.Value) js.Value {
	sdp := strings.ReplaceAll(desc.Get("sdp").String(), "useinbandfec=1", "useinbandfec=1;stereo=1;sprop-stereo=1;maxaveragebitrate=256000")
	return js.ValueOf(map[string]any{"type": desc.Get("type").String(), "sdp": sdp})
}

// trickle hands from's candidates to to.
func (l *echoLoop) trickle(from, to js.Value) {
	from.Set("onicecandidate", l.fn(func(args []js.Value) {
		if c := args[0].Get("candidate"); c.Truthy() {
			to.Call("addIceCandidate", c).Call("catch", js.Global().Get("Function").New(""))
		}
	}))
}

// fn wraps a handler, kept for release.
func (l *echoLoop) fn(h func(args []js.Value)) js.Func {
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			h(args)
		}
		return nil
	})
	l.funcs = append(l.funcs, f)
	return f
}

// play starts the element; a browser that wants a click first is asked again at the click.
func (l *echoLoop) play() {
	_ = jsutil.Catch(func() { l.el.Call("play").Call("catch", js.Global().Get("Function").New("")) })
}
