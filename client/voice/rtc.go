//go:build !js

package voice

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	"github.com/pion/interceptor/pkg/nack"
	"github.com/pion/logging"
	"github.com/pion/rtp"
	"github.com/pion/sdp/v3"
	"github.com/pion/transport/v5"
	"github.com/pion/webrtc/v4"

	"github.com/embassy-project/embassy/client/audio"
)

// Engine is the WebRTC machinery sessions share: codec and header extension, interceptors,
// network settings and one certificate (each connection would otherwise make a key of its own).
type Engine struct {
	api   *webrtc.API
	certs []webrtc.Certificate
}

// nackHistory is how many sent packets the microphone keeps for retransmission: 1.28 s of voice
// (pion's default of 1024 would hold 20 s, each packet in a full-MTU buffer).
const nackHistory = 64

// opus is what the SFU offers: Opus at 48 kHz, stereo-signalled (the content is mono), FEC.
var opus = webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"}

// NewEngine builds an engine.
func NewEngine(cfg EngineConfig) (*Engine, error) {
	me := &webrtc.MediaEngine{}
	if err := me.RegisterCodec(webrtc.RTPCodecParameters{RTPCodecCapability: opus, PayloadType: 111}, webrtc.RTPCodecTypeAudio); err != nil {
		return nil, fmt.Errorf("voice codec: %w", err)
	}
	if err := me.RegisterHeaderExtension(webrtc.RTPHeaderExtensionCapability{URI: sdp.AudioLevelURI}, webrtc.RTPCodecTypeAudio); err != nil {
		return nil, fmt.Errorf("voice header extension: %w", err)
	}
	ir := &interceptor.Registry{}
	if !cfg.NoFeedback {
		if err := webrtc.ConfigureRTCPReports(ir); err != nil {
			return nil, fmt.Errorf("voice interceptors: %w", err)
		}
		if err := webrtc.ConfigureNackWithOptions(me, ir, nil, nack.ResponderSize(nackHistory)); err != nil {
			return nil, fmt.Errorf("voice interceptors: %w", err)
		}
		me.RegisterFeedback(webrtc.RTCPFeedback{Type: "nack"}, webrtc.RTPCodecTypeAudio) // ConfigureNack does video only
	}
	se := webrtc.SettingEngine{}
	lf := logging.NewDefaultLoggerFactory()
	lf.DefaultLogLevel = logging.LogLevelDisabled
	se.LoggerFactory = lf
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled) // a socket per connection, for nothing here
	if cfg.Loopback {
		se.SetIncludeLoopbackCandidate(true)
		se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
		se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	}
	se.SetLite(cfg.Lite)
	if cfg.Net != nil {
		n, ok := cfg.Net.(transport.Net)
		if !ok {
			return nil, fmt.Errorf("voice engine: Net is a %T, not a pion transport.Net", cfg.Net)
		}
		se.SetNet(n)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("voice certificate: %w", err)
	}
	cert, err := webrtc.GenerateCertificate(key)
	if err != nil {
		return nil, fmt.Errorf("voice certificate: %w", err)
	}
	api := webrtc.NewAPI(webrtc.WithMediaEngine(me), webrtc.WithInterceptorRegistry(ir), webrtc.WithSettingEngine(se))
	return &Engine{api: api, certs: []webrtc.Certificate{*cert}}, nil
}

// pionPeer is a peer on pion.
type pionPeer struct {
	ev      peerEvents
	pc      *webrtc.PeerConnection
	mic     *webrtc.TrackLocalStaticRTP
	levelID uint8 // negotiated id of the audio-level extension; 0: not negotiated

	wmu  sync.Mutex // guards seq (writeAudio)
	seq  uint16
	wg   sync.WaitGroup
	once sync.Once
}

// Media is nil: on pion, the Call's Stream and Send carry the audio and Go plays and captures it.
func (e *Engine) Media() Media { return nil }

// NewEncoder returns the Opus encoder the microphone's frames go through: on pion, Go codes the
// audio. (The browser's engine codes it itself, so its build carries no Opus codec.)
func (e *Engine) NewEncoder(cfg audio.OpusConfig) (audio.Encoder, error) {
	return audio.NewOpusEncoder(cfg)
}

// newDecoder returns an Opus decoder for a slot's Stream.
func (e *Engine) newDecoder() (audio.Decoder, error) { return audio.NewOpusDecoder() }

func (e *Engine) newPeer(ev peerEvents, ice []ICEServer) (peer, error) {
	cfg := webrtc.Configuration{Certificates: e.certs}
	for _, s := range ice {
		cfg.ICEServers = append(cfg.ICEServers, webrtc.ICEServer{URLs: s.URLs, Username: s.Username, Credential: s.Credential})
	}
	pc, err := e.api.NewPeerConnection(cfg)
	if err != nil {
		return nil, fmt.Errorf("voice connection: %w", err)
	}
	mic, err := webrtc.NewTrackLocalStaticRTP(opus, "mic", "embassy")
	if err != nil {
		_ = pc.Close()
		return nil, fmt.Errorf("voice microphone track: %w", err)
	}
	p := &pionPeer{ev: ev, pc: pc, mic: mic, seq: uint16(time.Now().UnixNano())}
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			return
		}
		if b, err := json.Marshal(c.ToJSON()); err == nil {
			ev.onCandidate(p, string(b))
		}
	})
	pc.OnConnectionStateChange(func(st webrtc.PeerConnectionState) {
		switch st {
		case webrtc.PeerConnectionStateConnected:
			ev.onConnected(p, true)
		case webrtc.PeerConnectionStateFailed:
			ev.onConnected(p, false)
		}
	})
	pc.OnTrack(p.onTrack)
	return p, nil
}

func (p *pionPeer) answer(offer string) (string, error) {
	if err := p.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: offer}); err != nil {
		return "", fmt.Errorf("the server's offer: %w", err)
	}
	// AddTrack takes the first audio transceiver without a sender: the offer's first m-line, the
	// one the server receives the microphone on.
	sender, err := p.pc.AddTrack(p.mic)
	if err != nil {
		return "", fmt.Errorf("microphone track: %w", err)
	}
	p.wg.Add(1)
	go func() { // the sender's RTCP (reports, NACKs) must be read for the interceptors to act on it
		defer p.wg.Done()
		buf := make([]byte, 1500)
		for {
			if _, _, err := sender.Read(buf); err != nil {
				return
			}
		}
	}()
	ans, err := p.pc.CreateAnswer(nil)
	if err == nil {
		err = p.pc.SetLocalDescription(ans)
	}
	if err != nil {
		return "", fmt.Errorf("answer: %w", err)
	}
	for _, h := range sender.GetParameters().HeaderExtensions {
		if h.URI == sdp.AudioLevelURI {
			p.levelID = uint8(h.ID)
		}
	}
	return ans.SDP, nil
}

func (p *pionPeer) addCandidate(c string) error {
	var init webrtc.ICECandidateInit
	if err := json.Unmarshal([]byte(c), &init); err != nil {
		return fmt.Errorf("candidate: %w", err)
	}
	return p.pc.AddICECandidate(init)
}

func (p *pionPeer) writeAudio(payload []byte, ts uint32, level uint8, voice, marker bool) error {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	p.seq++
	pkt := rtp.Packet{Header: rtp.Header{Version: 2, Marker: marker, SequenceNumber: p.seq, Timestamp: ts}, Payload: payload}
	if p.levelID != 0 {
		ext, err := rtp.AudioLevelExtension{Level: min(level, 127), Voice: voice}.Marshal()
		if err == nil {
			err = pkt.SetExtension(p.levelID, ext)
		}
		if err != nil {
			return err
		}
	}
	return p.mic.WriteRTP(&pkt)
}

// onTrack reads one slot's packets until the connection closes.
func (p *pionPeer) onTrack(track *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
	slot, ok := slotOf(track.ID())
	if !ok {
		return // not a slot of the protocol: nothing to play it as
	}
	st := p.ev.stream(slot)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		buf := make([]byte, 1500)
		var pkt rtp.Packet
		for {
			n, _, err := track.Read(buf)
			if err != nil {
				return
			}
			if pkt.Unmarshal(buf[:n]) != nil {
				continue
			}
			st.packet(pkt.SequenceNumber, pkt.Timestamp, pkt.Marker, pkt.Payload, time.Now())
		}
	}()
}

func (p *pionPeer) close() {
	p.once.Do(func() {
		if err := p.pc.Close(); err != nil && !errors.Is(err, webrtc.ErrConnectionClosed) {
			_ = err // closing a connection that failed can report its failure again: nothing to do
		}
		p.wg.Wait()
	})
}
