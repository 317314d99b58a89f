package voice

import (
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/sdp/v3"
	"github.com/pion/webrtc/v4"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// participant is one connection in voice: its PeerConnection, the slots it listens on and, once the
// client's track arrives, its publisher.
type participant struct {
	srv    *Server
	userID string
	peer   Peer
	pc     *webrtc.PeerConnection
	slots  [AllSlots]*slotOut
	shard  int // the fan-out shard that writes to its slots
	pub    atomic.Pointer[publisher]
	cands  atomic.Int32
	timer  atomic.Pointer[time.Timer] // ends a participant that never connects
	once   sync.Once                  // closes pc
	wg     sync.WaitGroup
	closed atomic.Bool

	offered   chan struct{} // closed once the offer went out: candidates wait for it
	offerOnce sync.Once
}

// offerSent lets candidates go out (after the offer, or when the participant closes).
func (p *participant) offerSent() { p.offerOnce.Do(func() { close(p.offered) }) }

// Join starts voice for userID on peer: a PeerConnection with one receiving m-line for the
// participant's microphone and AllSlots sending ones, whose offer goes to the peer. A second Join
// replaces the first.
func (s *Server) Join(userID string, peer Peer) error {
	s.Leave(userID)
	p := &participant{srv: s, userID: userID, peer: peer, shard: s.fan.shard(), offered: make(chan struct{})}
	pc, err := s.api.NewPeerConnection(webrtc.Configuration{ICEServers: s.ice, Certificates: s.certs})
	if err != nil {
		s.log.Warn("voice peer connection", "user_id", userID, "err", err)
		return ErrSetup
	}
	p.pc = pc
	if err := p.setup(); err != nil {
		p.close()
		s.log.Warn("voice setup", "user_id", userID, "err", err)
		return ErrSetup
	}
	s.mu.Lock()
	s.parts[userID] = p
	s.mu.Unlock()
	s.metrics.participants.Inc()
	s.post(func(r *router) { r.add(p) })
	offer, err := pc.CreateOffer(nil)
	if err == nil {
		err = pc.SetLocalDescription(offer)
	}
	if err != nil {
		s.Leave(userID)
		s.log.Warn("voice offer", "user_id", userID, "err", err)
		return ErrSetup
	}
	peer.Send(&pb.ServerMessage{Msg: &pb.ServerMessage_VoiceSignal{VoiceSignal: &pb.VoiceSignal{Sdp: offer.SDP, IceServers: s.iceForClients()}}})
	p.offerSent()
	p.timer.Store(time.AfterFunc(s.cfg.Connect, func() {
		if p.pc.ConnectionState() != webrtc.PeerConnectionStateConnected {
			s.end(p, "Your voice connection could not be established; voice was stopped. Press J to try again.")
		}
	}))
	return nil
}

// setup adds the transceivers and the callbacks.
func (p *participant) setup() error {
	if _, err := p.pc.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio, webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionRecvonly}); err != nil {
		return fmt.Errorf("receiving transceiver: %w", err)
	}
	for i := range AllSlots {
		track := newSlotTrack(fmt.Sprintf("slot%d", i))
		tr, err := p.pc.AddTransceiverFromTrack(track, webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionSendonly})
		if err != nil {
			return fmt.Errorf("slot %d: %w", i, err)
		}
		p.slots[i] = &slotOut{index: i, track: track}
		p.wg.Add(1)
		go func() { // RTCP from the listener (receiver reports, NACKs) must be read for the interceptors
			defer p.wg.Done()
			buf := make([]byte, 1500)
			for {
				if _, _, err := tr.Sender().Read(buf); err != nil {
					return
				}
			}
		}()
	}
	p.pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			return
		}
		// Gathering starts with SetLocalDescription, before Join sends the offer; a candidate
		// must not overtake it (a client cannot add a candidate before it has the offer).
		<-p.offered
		if p.closed.Load() {
			return
		}
		b, err := json.Marshal(c.ToJSON())
		if err == nil {
			p.peer.Send(&pb.ServerMessage{Msg: &pb.ServerMessage_VoiceSignal{VoiceSignal: &pb.VoiceSignal{Candidate: string(b)}}})
		}
	})
	p.pc.OnTrack(p.onTrack)
	p.pc.OnConnectionStateChange(func(st webrtc.PeerConnectionState) {
		if st == webrtc.PeerConnectionStateFailed {
			p.srv.end(p, "Your voice connection was lost.")
		}
	})
	return nil
}

// onTrack starts the publisher for the participant's microphone; any other track is refused.
func (p *participant) onTrack(track *webrtc.TrackRemote, recv *webrtc.RTPReceiver) {
	if track.Kind() != webrtc.RTPCodecTypeAudio || p.pub.Load() != nil {
		p.srv.end(p, "Only one microphone track may be sent; voice was stopped.")
		return
	}
	pub := &publisher{p: p, track: track}
	for _, h := range recv.GetParameters().HeaderExtensions {
		if h.URI == sdp.AudioLevelURI {
			pub.extID = uint8(h.ID)
		}
	}
	pub.muted.Store(p.srv.Muted(p.userID))
	p.pub.Store(pub)
	p.srv.metrics.publishers.Inc()
	p.srv.post(func(r *router) { r.published(p) })
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer p.srv.metrics.publishers.Dec()
		pub.run(p.srv.metrics, p.srv.fan)
	}()
}

// Signal applies a client's VoiceSignal: its SDP answer or an ICE candidate.
func (s *Server) Signal(userID string, sig *pb.VoiceSignal) error {
	s.mu.Lock()
	p := s.parts[userID]
	s.mu.Unlock()
	if p == nil {
		return ErrNotInVoice
	}
	if sig.GetSdp() != "" {
		err := checkAnswer(sig.GetSdp())
		if err == nil {
			err = p.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: sig.GetSdp()})
		}
		if err != nil {
			s.log.Info("voice answer refused", "user_id", userID, "err", err)
			s.end(p, ErrBadAnswer.Error())
			return ErrBadAnswer
		}
		return nil
	}
	if p.cands.Add(1) > maxCandidates {
		return ErrTooMany
	}
	var c webrtc.ICECandidateInit
	if err := json.Unmarshal([]byte(sig.GetCandidate()), &c); err != nil || c.Candidate == "" {
		return ErrBadCandidate
	}
	if err := p.pc.AddICECandidate(c); err != nil {
		s.log.Debug("voice candidate refused", "user_id", userID, "err", err)
		return ErrBadCandidate
	}
	return nil
}

// Leave ends userID's voice, if any.
func (s *Server) Leave(userID string) {
	s.mu.Lock()
	p := s.parts[userID]
	delete(s.parts, userID)
	s.mu.Unlock()
	if p != nil {
		s.drop(p)
	}
}

// end stops a participant's voice on the server's initiative and tells them why.
func (s *Server) end(p *participant, reason string) {
	s.mu.Lock()
	cur := s.parts[p.userID] == p
	if cur {
		delete(s.parts, p.userID)
	}
	s.mu.Unlock()
	if cur {
		s.drop(p)
		p.peer.Ended(reason)
	}
}

// drop takes a participant out of routing and closes its connection.
func (s *Server) drop(p *participant) {
	if p.closed.Swap(true) {
		return
	}
	s.metrics.participants.Dec()
	s.post(func(r *router) { r.remove(p) })
	s.closing.Add(1)
	go func() { // closing waits for pion's goroutines: never on a caller's
		defer s.closing.Done()
		p.close()
	}()
}

// close closes the PeerConnection and waits for the participant's goroutines.
func (p *participant) close() {
	p.once.Do(func() {
		if t := p.timer.Load(); t != nil {
			t.Stop()
		}
		p.offerSent() // a candidate callback waiting for an offer that will not come returns
		_ = p.pc.Close()
		p.wg.Wait()
	})
}

// InVoice reports whether userID is in voice on this node.
func (s *Server) InVoice(userID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.parts[userID] != nil
}

// iceForClients lists the configured STUN/TURN servers for the offer.
func (s *Server) iceForClients() []*pb.IceServer {
	out := make([]*pb.IceServer, 0, len(s.ice))
	for _, ice := range s.ice {
		cred, _ := ice.Credential.(string)
		out = append(out, &pb.IceServer{Urls: ice.URLs, Username: ice.Username, Credential: cred})
	}
	return out
}
