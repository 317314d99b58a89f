package voice_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pion/logging"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"

	"github.com/embassy-project/embassy/client"
	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// hostile is a client that drives voice signalling by hand, with a raw pion PeerConnection.
type hostile struct {
	t       *testing.T
	c       *client.Client
	offers  chan string
	refused chan string
	mu      sync.Mutex // guards pc and early
	pc      *webrtc.PeerConnection
	early   []string // server candidates before the connection exists
}

func newHostile(t *testing.T, srv *nodetest.Server, name, room string) *hostile {
	t.Helper()
	h := &hostile{t: t, offers: make(chan string, 4), refused: make(chan string, 64)}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{URL: srv.WS(), Name: name, Client: "voice-hostile", OnMessage: func(m *pb.ServerMessage, _ time.Time) {
		switch {
		case m.GetVoiceSignal().GetSdp() != "":
			h.offers <- m.GetVoiceSignal().GetSdp()
		case m.GetVoiceSignal().GetCandidate() != "":
			h.remoteCandidate(m.GetVoiceSignal().GetCandidate())
		case m.GetRefused().GetCode() == pb.RefuseCode_REFUSE_VOICE:
			h.refused <- m.GetRefused().GetReason()
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	h.c = c
	t.Cleanup(func() {
		_ = c.Close()
		h.mu.Lock()
		if h.pc != nil {
			_ = h.pc.Close()
		}
		h.mu.Unlock()
	})
	if err := c.Join(room); err != nil {
		t.Fatal(err)
	}
	if err := c.WaitFor(ctx, func(v *client.View) bool { return v.Room == room }); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *hostile) remoteCandidate(c string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pc == nil {
		h.early = append(h.early, c)
		return
	}
	var init webrtc.ICECandidateInit
	if json.Unmarshal([]byte(c), &init) == nil {
		_ = h.pc.AddICECandidate(init)
	}
}

// offer joins voice and returns the server's offer.
func (h *hostile) offer() string {
	h.t.Helper()
	if err := h.c.VoiceJoin(); err != nil {
		h.t.Fatal(err)
	}
	select {
	case o := <-h.offers:
		return o
	case r := <-h.refused:
		h.t.Fatalf("voice refused: %s", r)
	case <-time.After(10 * time.Second):
		h.t.Fatal("no offer")
	}
	return ""
}

// expectRefusal waits for a voice refusal containing words.
func (h *hostile) expectRefusal(words string) {
	h.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case r := <-h.refused:
			if strings.Contains(r, words) {
				return
			}
		case <-deadline:
			h.t.Fatalf("no voice refusal saying %q", words)
		}
	}
}

// anySSRC is a track that may write RTP on any SSRC of its m-line's transport: the hostile
// client's second, undeclared-in-the-offer track.
type anySSRC struct {
	bound chan struct{}
	once  sync.Once
	mu    sync.Mutex // guards w, ssrc, pt
	w     webrtc.TrackLocalWriter
	ssrc  webrtc.SSRC
	pt    uint8
}

func (a *anySSRC) Bind(ctx webrtc.TrackLocalContext) (webrtc.RTPCodecParameters, error) {
	codecs := ctx.CodecParameters()
	if len(codecs) == 0 {
		return webrtc.RTPCodecParameters{}, errors.New("no codec")
	}
	a.mu.Lock()
	a.w, a.ssrc, a.pt = ctx.WriteStream(), ctx.SSRC(), uint8(codecs[0].PayloadType)
	a.mu.Unlock()
	a.once.Do(func() { close(a.bound) })
	return codecs[0], nil
}
func (a *anySSRC) Unbind(webrtc.TrackLocalContext) error { return nil }
func (a *anySSRC) ID() string                            { return "mic" }
func (a *anySSRC) RID() string                           { return "" }
func (a *anySSRC) StreamID() string                      { return "hostile" }
func (a *anySSRC) Kind() webrtc.RTPCodecType             { return webrtc.RTPCodecTypeAudio }

func (a *anySSRC) write(ssrc uint32, seq uint16, ts uint32, payload []byte) {
	a.mu.Lock()
	w, pt := a.w, a.pt
	a.mu.Unlock()
	_, _ = w.WriteRTP(&rtp.Header{Version: 2, PayloadType: pt, SSRC: ssrc, SequenceNumber: seq, Timestamp: ts}, payload)
}

// answer answers offer with a raw PeerConnection sending track, its answer edited by doctor.
func (h *hostile) answer(offer string, track *anySSRC, doctor func(string) string) {
	h.t.Helper()
	me := &webrtc.MediaEngine{}
	if err := me.RegisterCodec(webrtc.RTPCodecParameters{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2}, PayloadType: 111}, webrtc.RTPCodecTypeAudio); err != nil {
		h.t.Fatal(err)
	}
	se := webrtc.SettingEngine{}
	lf := logging.NewDefaultLoggerFactory()
	lf.DefaultLogLevel = logging.LogLevelDisabled
	se.LoggerFactory = lf
	se.SetIncludeLoopbackCandidate(true)
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	pc, err := webrtc.NewAPI(webrtc.WithMediaEngine(me), webrtc.WithSettingEngine(se)).NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		h.t.Fatal(err)
	}
	var cands []string
	var cmu sync.Mutex
	sent := false
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			return
		}
		b, _ := json.Marshal(c.ToJSON())
		cmu.Lock()
		defer cmu.Unlock()
		if sent {
			_ = h.c.VoiceSignal("", string(b))
		} else {
			cands = append(cands, string(b))
		}
	})
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: offer}); err != nil {
		h.t.Fatal(err)
	}
	if _, err := pc.AddTrack(track); err != nil {
		h.t.Fatal(err)
	}
	ans, err := pc.CreateAnswer(nil)
	if err == nil {
		err = pc.SetLocalDescription(ans)
	}
	if err != nil {
		h.t.Fatal(err)
	}
	h.mu.Lock()
	h.pc = pc
	early := h.early
	h.early = nil
	h.mu.Unlock()
	for _, c := range early {
		h.remoteCandidate(c)
	}
	if err := h.c.VoiceSignal(doctor(ans.SDP), ""); err != nil {
		h.t.Fatal(err)
	}
	cmu.Lock()
	sent = true
	for _, c := range cands {
		_ = h.c.VoiceSignal("", c)
	}
	cmu.Unlock()
}

// stutters returns the longest gap between consecutive arrivals after since, and how many 100 ms
// windows from since to until received nothing.
func stutters(arrivals []time.Time, since, until time.Time) (longest time.Duration, empty int) {
	last := since
	windows := map[int]bool{}
	for _, at := range arrivals {
		if at.Before(since) || at.After(until) {
			continue
		}
		longest = max(longest, at.Sub(last))
		last = at
		windows[int(at.Sub(since)/(100*time.Millisecond))] = true
	}
	longest = max(longest, until.Sub(last))
	for w := range int(until.Sub(since) / (100 * time.Millisecond)) {
		if !windows[w] {
			empty++
		}
	}
	return longest, empty
}

// Hostile signalling: a malformed answer, a 1 MB SDP, a flood of candidates, a second microphone
// track declared in the answer, and one sent on an undeclared SSRC. Each sender gets a clear
// refusal or is closed (the undeclared track is simply not forwarded), and meanwhile B, listening
// to A, hears A without a stutter.
func TestVoiceHostileSignalling(t *testing.T) {
	srv := nodetest.Start(t, nil)
	a := enter(t, srv, "Ada", "reception", 1, options{})
	b := enter(t, srv, "Ben", "reception", 2, options{})
	a.speak(toneA)
	eventually(t, "B hears A", 10*time.Second, func() bool { return b.hears(a, toneA) })
	start := time.Now()

	// A malformed answer ends that sender's voice, in words.
	h1 := newHostile(t, srv, "Mal", "reception")
	h1.offer()
	if err := h1.c.VoiceSignal("v=0\r\nthis is not an answer\r\n", ""); err != nil {
		t.Fatal(err)
	}
	h1.expectRefusal("answer was not valid")

	// A 1 MB SDP closes the connection as too large (1009).
	h2 := newHostile(t, srv, "Big", "reception")
	h2.offer()
	_ = h2.c.VoiceSignal(strings.Repeat("a=x\r\n", 1<<20/5), "")
	select {
	case <-h2.c.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("a 1 MB SDP did not close the connection")
	}
	var ce *client.CloseError
	if !errors.As(h2.c.Err(), &ce) || ce.Code != 1009 {
		t.Fatalf("a 1 MB SDP ended the connection with %v, want close 1009", h2.c.Err())
	}

	// A flood of candidates: the 33rd is refused in words.
	h3 := newHostile(t, srv, "Flood", "reception")
	offer := h3.offer()
	h3.answer(offer, &anySSRC{bound: make(chan struct{})}, func(s string) string { return s })
	for i := range 40 {
		c := fmt.Sprintf(`{"candidate":"candidate:%d 1 udp 2130706431 192.0.2.%d %d typ host","sdpMid":"0","sdpMLineIndex":0}`, 100+i, 1+i, 40000+i)
		if err := h3.c.VoiceSignal("", c); err != nil {
			t.Fatal(err)
		}
	}
	h3.expectRefusal("too many network candidates")

	// A second microphone track declared in the answer (two SSRCs on the microphone's m-line) is
	// refused in words. (Before the SFU checked answers, this crashed the whole node: pion started
	// one of the two receiver tracks and read both.)
	h4 := newHostile(t, srv, "Twin", "reception")
	offer = h4.offer()
	h4.answer(offer, &anySSRC{bound: make(chan struct{})}, func(s string) string {
		i := strings.Index(s, "a=ssrc:")
		if i < 0 {
			t.Fatalf("no a=ssrc in the answer:\n%s", s)
		}
		return s[:i] + "a=ssrc:30583 cname:twin\r\na=ssrc:30583 msid:hostile twin\r\n" + s[i:]
	})
	h4.expectRefusal("answer was not valid")

	// A second track on an SSRC never declared goes nowhere: B hears the client's microphone,
	// never the stray tone.
	h5 := newHostile(t, srv, "Stray", "reception")
	offer = h5.offer()
	track := &anySSRC{bound: make(chan struct{})}
	h5.answer(offer, track, func(s string) string { return s })
	select {
	case <-track.bound:
	case <-time.After(15 * time.Second):
		t.Fatal("the hostile connection never came up")
	}
	stop := speakRaw(t, track, map[uint32]float64{0: toneB, 0x8888: toneD})
	h5slot := func() uint32 {
		var s uint32
		h5.c.View(func(v *client.View) { s = v.SelfSlot })
		return s
	}()
	eventually(t, "B hears the hostile client's microphone", 10*time.Second, func() bool { return b.ear.hears(h5slot, toneB) })
	time.Sleep(time.Second)
	stop()
	for i := range 9 {
		if b.v.Avatar(i) != 0 && b.v.Avatar(i) != a.slot() && b.v.Avatar(i) != h5slot {
			t.Errorf("B's slot %d carries avatar %d, neither A nor the hostile client", i, b.v.Avatar(i))
		}
	}
	if b.ear.hears(h5slot, toneD) {
		t.Error("B heard the hostile client's stray track")
	}

	// Meanwhile A's voice reached B without a stutter: every packet A sent (by the stamps) arrived,
	// and B's stream had no gap A's sending did not have (a busy machine can stall A itself).
	end := time.Now()
	sentBy := end.Add(-100 * time.Millisecond) // what A sent by then has had time to arrive
	got := b.receivedSentAfter(a, start) - b.receivedSentAfter(a, sentBy)
	sent := 0
	for _, at := range a.sends() {
		if at.After(start) && !at.After(sentBy) {
			sent++
		}
	}
	longest, empty := stutters(b.arrivals(a), start, end)
	longestA, emptyA := stutters(a.sends(), start, end)
	t.Logf("during %v of hostile signalling, B got %d of the %d packets A sent; longest gap %v (A's own %v), %d empty 100 ms windows (A's own %d)",
		end.Sub(start).Round(time.Millisecond), got, sent, longest, longestA, empty, emptyA)
	// The margins allow for B's own reading stalling on a loaded machine (all packets came, late);
	// a stutter of the SFU's making (a renegotiation, a slot dropped) is longer than this.
	if got < sent-3 || longest > longestA+250*time.Millisecond || empty > emptyA+4 {
		t.Errorf("A's voice stuttered at B: %d of %d packets, longest gap %v (A's own %v), %d empty 100 ms windows (A's own %d)",
			got, sent, longest, longestA, empty, emptyA)
	}
}

// speakRaw sends a tone per SSRC on track (SSRC 0: the track's own), every 20 ms, until stopped.
func speakRaw(t *testing.T, track *anySSRC, tones map[uint32]float64) (stop func()) {
	t.Helper()
	type voiceOut struct {
		ssrc uint32
		tone *audio.Tone
		enc  *audio.OpusEncoder
	}
	var outs []voiceOut
	for ssrc, f := range tones {
		enc, err := audio.NewOpusEncoder(audio.DefaultOpus)
		if err != nil {
			t.Fatal(err)
		}
		if ssrc == 0 {
			track.mu.Lock()
			ssrc = uint32(track.ssrc)
			track.mu.Unlock()
		}
		outs = append(outs, voiceOut{ssrc: ssrc, tone: audio.NewTone(0.3, f), enc: enc})
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		pcm, pkt := make([]int16, audio.FrameSamples), make([]byte, audio.MaxPacketBytes)
		tick := time.NewTicker(audio.FrameDuration)
		defer tick.Stop()
		for seq := uint16(0); ; seq++ {
			for _, o := range outs {
				_ = o.tone.ReadFrame(pcm)
				n, err := o.enc.Encode(pcm, pkt)
				if err == nil {
					track.write(o.ssrc, seq, uint32(seq)*audio.FrameSamples, pkt[:n])
				}
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	var once sync.Once
	stop = func() { once.Do(func() { close(done); <-finished }) }
	t.Cleanup(stop)
	return stop
}
