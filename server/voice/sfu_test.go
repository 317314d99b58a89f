package voice

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"
	"github.com/pion/sdp/v3"
	"github.com/pion/webrtc/v4"

	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// testPeer is a participant's client in these tests: a real pion PeerConnection answering the SFU's
// offer, signalling through the Peer interface directly (no WebSocket).
type testPeer struct {
	t     testing.TB
	srv   *Server
	id    string
	pc    *webrtc.PeerConnection
	mic   *webrtc.TrackLocalStaticRTP
	extID int

	mu       sync.Mutex
	slots    map[uint32]uint32 // slot index -> avatar
	names    map[uint32]string // slot index -> the speaker's name
	got      map[string]int    // track id -> packets received
	speaking []bool
	ended    string
	signals  chan *pb.VoiceSignal
	onPacket func(track string, p *rtp.Packet) // nil, or sees every packet received
}

func (p *testPeer) Send(m *pb.ServerMessage) {
	switch x := m.Msg.(type) {
	case *pb.ServerMessage_VoiceSignal:
		p.signals <- x.VoiceSignal
	case *pb.ServerMessage_VoiceSlots:
		p.mu.Lock()
		for _, s := range x.VoiceSlots.GetSlots() {
			p.slots[s.GetIndex()] = s.GetAvatar()
			if p.names != nil {
				p.names[s.GetIndex()] = s.GetName()
			}
		}
		p.mu.Unlock()
	}
}
func (p *testPeer) Speaking(speaking, active bool) {
	p.mu.Lock()
	p.speaking = append(p.speaking, speaking)
	p.mu.Unlock()
}
func (p *testPeer) Ended(reason string) { p.mu.Lock(); p.ended = reason; p.mu.Unlock() }

func (p *testPeer) received(track string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.got[track]
}

// join starts voice for a new peer over UDP and completes the offer/answer exchange.
func join(t testing.TB, srv *Server, id string) *testPeer {
	return joinOver(t, srv, id, webrtc.NetworkTypeUDP4)
}

// joinOver is join with the client gathering only on network type nt.
func joinOver(t testing.TB, srv *Server, id string, nt webrtc.NetworkType) *testPeer {
	return joinWith(t, srv, id, nt, pionDefaults)
}

// feedback is what a test client negotiates besides Opus.
type feedback int

const (
	pionDefaults feedback = iota // pion's default interceptors (RTCP reports; NACK for video only)
	noFeedback                   // no interceptors: no NACK, no RTCP reports (the bots' -voice-no-feedback)
	fullFeedback                 // NACK for Opus and RTCP reports, as a person's client negotiates
	manualNack                   // NACK for Opus negotiated, no interceptors (the test sends NACKs), SRTP replays let through
)

func (f feedback) String() string {
	return [...]string{"defaults", "none", "nack+reports", "manual nack"}[f]
}

// joinWith is joinOver with the client negotiating fb.
func joinWith(t testing.TB, srv *Server, id string, nt webrtc.NetworkType, fb feedback) *testPeer {
	t.Helper()
	p := &testPeer{t: t, srv: srv, id: id, slots: map[uint32]uint32{}, got: map[string]int{}, signals: make(chan *pb.VoiceSignal, 64)}
	me := &webrtc.MediaEngine{}
	if err := me.RegisterCodec(webrtc.RTPCodecParameters{RTPCodecCapability: opusCodec, PayloadType: 111}, webrtc.RTPCodecTypeAudio); err != nil {
		t.Fatal(err)
	}
	if err := me.RegisterHeaderExtension(webrtc.RTPHeaderExtensionCapability{URI: sdp.AudioLevelURI}, webrtc.RTPCodecTypeAudio); err != nil {
		t.Fatal(err)
	}
	ir := &interceptor.Registry{}
	if fb == fullFeedback {
		if err := webrtc.ConfigureRTCPReports(ir); err != nil {
			t.Fatal(err)
		}
		if err := webrtc.ConfigureNack(me, ir); err != nil {
			t.Fatal(err)
		}
		me.RegisterFeedback(webrtc.RTCPFeedback{Type: "nack"}, webrtc.RTPCodecTypeAudio)
	}
	if fb == manualNack {
		me.RegisterFeedback(webrtc.RTCPFeedback{Type: "nack"}, webrtc.RTPCodecTypeAudio)
	}
	se := webrtc.SettingEngine{}
	if fb == manualNack { // a retransmission of a packet that did arrive is a replay to SRTP: let it through
		se.DisableSRTPReplayProtection(true)
	}
	se.SetIncludeLoopbackCandidate(true)
	se.SetNetworkTypes([]webrtc.NetworkType{nt})
	opts := []func(*webrtc.API){webrtc.WithMediaEngine(me), webrtc.WithSettingEngine(se)}
	if fb != pionDefaults {
		opts = append(opts, webrtc.WithInterceptorRegistry(ir))
	}
	api := webrtc.NewAPI(opts...)
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	p.pc = pc
	pc.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		go func() {
			for {
				pkt, _, err := tr.ReadRTP()
				if err != nil {
					return
				}
				p.mu.Lock()
				p.got[tr.ID()]++
				hook := p.onPacket
				p.mu.Unlock()
				if hook != nil {
					hook(tr.ID(), pkt)
				}
			}
		}()
	})
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			return
		}
		b, _ := json.Marshal(c.ToJSON())
		_ = srv.Signal(id, &pb.VoiceSignal{Candidate: string(b)})
	})
	if err := srv.Join(id, p); err != nil {
		t.Fatal(err)
	}
	offer := <-p.signals
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: offer.GetSdp()}); err != nil {
		t.Fatal(err)
	}
	p.mic, _ = webrtc.NewTrackLocalStaticRTP(opusCodec, "mic", id)
	sender, err := pc.AddTrack(p.mic)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range sender.GetParameters().HeaderExtensions {
		if h.URI == sdp.AudioLevelURI {
			p.extID = h.ID
		}
	}
	answer, err := pc.CreateAnswer(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := pc.SetLocalDescription(answer); err != nil {
		t.Fatal(err)
	}
	if err := srv.Signal(id, &pb.VoiceSignal{Sdp: answer.SDP}); err != nil {
		t.Fatal(err)
	}
	go func() { // the server's trickled candidates
		for sig := range p.signals {
			var c webrtc.ICECandidateInit
			if json.Unmarshal([]byte(sig.GetCandidate()), &c) == nil {
				_ = pc.AddICECandidate(c)
			}
		}
	}()
	return p
}

// speak sends n loud packets, one every 20 ms, each with a payload of its own (an Opus TOC byte
// and the packet's number).
func (p *testPeer) speak(ctx context.Context, n int) {
	seq, ts := uint16(100), uint32(5000)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for i := 0; i < n; i++ {
		pkt := &rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 111, SequenceNumber: seq, Timestamp: ts}, Payload: []byte{0xf8, byte(i), byte(i >> 8)}}
		if p.extID != 0 {
			lvl, _ := rtp.AudioLevelExtension{Level: 20, Voice: true}.Marshal()
			_ = pkt.SetExtension(uint8(p.extID), lvl)
		}
		_ = p.mic.WriteRTP(pkt)
		seq++
		ts += 960
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// The SFU forwards A to B on a slot once the room routes A to B, tells B which avatar the slot
// carries, reports A as speaking, drops a muted A, and stops when A is no longer audible.
func TestSFUForwardsWhatTheRoomRoutes(t *testing.T) {
	cfg := Defaults()
	srv, ctx := runSFU(t, cfg)

	a, b := join(t, srv, "a"), join(t, srv, "b")
	eventually(t, "both connected", func() bool {
		return a.pc.ConnectionState() == webrtc.PeerConnectionStateConnected && b.pc.ConnectionState() == webrtc.PeerConnectionStateConnected
	})
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go a.speak(sctx, 100000)
	eventually(t, "A counted as speaking", func() bool {
		a.mu.Lock()
		defer a.mu.Unlock()
		return len(a.speaking) > 0 && a.speaking[len(a.speaking)-1]
	})
	if n := b.received("slot0"); n != 0 {
		t.Fatalf("B got %d packets before any route", n)
	}
	b.mu.Lock()
	b.names = map[uint32]string{}
	b.mu.Unlock()
	srv.Routes("hall", []string{"a", "b"}, []room.Audible{{Listener: "b", Speaker: "a", Avatar: 7, Name: "Ambassador Ada", Dist2: 64 * 64 * 9}})
	eventually(t, "B hears A on slot 0", func() bool { return b.received("slot0") > 10 })
	b.mu.Lock()
	if b.slots[0] != 7 || b.names[0] != "Ambassador Ada" {
		t.Errorf("VoiceSlots told B slot 0 carries avatar %d (%q), want 7 (Ambassador Ada)", b.slots[0], b.names[0])
	}
	b.mu.Unlock()
	if n := a.received("slot0"); n != 0 {
		t.Errorf("A hears itself: %d packets", n)
	}

	srv.Mute("a", true)
	time.Sleep(100 * time.Millisecond)
	before := b.received("slot0")
	time.Sleep(300 * time.Millisecond)
	if got := b.received("slot0"); got > before+1 {
		t.Errorf("a muted A still reached B: %d packets", got-before)
	}
	srv.Mute("a", false)
	eventually(t, "A heard again after unmute", func() bool { return b.received("slot0") > before+10 })

	srv.Routes("hall", []string{"a", "b"}, nil) // B walked away
	eventually(t, "the slot freed", func() bool { b.mu.Lock(); defer b.mu.Unlock(); return b.slots[0] == 0 })
	time.Sleep(100 * time.Millisecond)
	before = b.received("slot0")
	time.Sleep(300 * time.Millisecond)
	if got := b.received("slot0"); got > before {
		t.Errorf("B still gets A after the route ended: %d packets", got-before)
	}
}

// The offer carries the STUN/TURN servers the operator configured, credentials included, so
// clients behind a NAT can reach the SFU through a relay.
func TestOfferCarriesICEServers(t *testing.T) {
	cfg := Defaults()
	cfg.ICEServers = []string{"stun:stun.example.org:3478", "turn:alice:s3cret@turn.example.org:3478"}
	srv, err := New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.shutdown()
	p := &testPeer{t: t, srv: srv, id: "x", slots: map[uint32]uint32{}, got: map[string]int{}, signals: make(chan *pb.VoiceSignal, 64)}
	if err := srv.Join("x", p); err != nil {
		t.Fatal(err)
	}
	offer := <-p.signals
	ice := offer.GetIceServers()
	if len(ice) != 2 || ice[0].GetUrls()[0] != "stun:stun.example.org:3478" ||
		ice[1].GetUrls()[0] != "turn:turn.example.org:3478" || ice[1].GetUsername() != "alice" || ice[1].GetCredential() != "s3cret" {
		t.Fatalf("offer's ICE servers: %v", ice)
	}
}

// Where UDP is blocked, voice gets through over ICE-TCP to the SFU's TCP port.
func TestICETCPFallback(t *testing.T) {
	srv, ctx := runSFU(t, Defaults())
	a, b := joinOver(t, srv, "a", webrtc.NetworkTypeTCP4), joinOver(t, srv, "b", webrtc.NetworkTypeTCP4)
	eventually(t, "both connected over TCP", func() bool {
		return a.pc.ConnectionState() == webrtc.PeerConnectionStateConnected && b.pc.ConnectionState() == webrtc.PeerConnectionStateConnected
	})
	pair, err := a.pc.SCTP().Transport().ICETransport().GetSelectedCandidatePair()
	if err == nil && pair != nil && pair.Local.Protocol != webrtc.ICEProtocolTCP {
		t.Fatalf("selected pair is %s, want TCP", pair.Local.Protocol)
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go a.speak(sctx, 100000)
	eventually(t, "A counted as speaking", func() bool {
		a.mu.Lock()
		defer a.mu.Unlock()
		return len(a.speaking) > 0 && a.speaking[len(a.speaking)-1]
	})
	srv.Routes("hall", []string{"a", "b"}, []room.Audible{{Listener: "b", Speaker: "a", Avatar: 3}})
	eventually(t, "B hears A over TCP", func() bool { return b.received("slot0") > 10 })
}

// A participant who never answers the offer is ended after the connect window, with words.
func TestUnansweredOfferEndsVoice(t *testing.T) {
	cfg := Defaults()
	cfg.Connect = 300 * time.Millisecond
	srv, _ := runSFU(t, cfg)
	p := &testPeer{t: t, srv: srv, id: "silent", slots: map[uint32]uint32{}, got: map[string]int{}, signals: make(chan *pb.VoiceSignal, 64)}
	if err := srv.Join("silent", p); err != nil {
		t.Fatal(err)
	}
	eventually(t, "voice ended", func() bool { p.mu.Lock(); defer p.mu.Unlock(); return p.ended != "" })
	if srv.InVoice("silent") {
		t.Fatal("still in voice after the connect window")
	}
}

// runSFU starts an SFU with cfg and its router, stopped when the test ends.
func runSFU(t testing.TB, cfg Config) (*Server, context.Context) {
	t.Helper()
	srv, err := New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return srv, ctx
}
