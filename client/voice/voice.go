// Package voice is the client's side of voice: one WebRTC connection to the SFU of the node it is
// on, signalled over the game connection (client.Client). It answers the server's offer, sends the
// microphone (20 ms PCM frames in, Opus with the RFC 6464 audio level out, nothing in silence) and
// receives the nine slots the server fills (eight nearby speakers and the stage), each with a
// jitter buffer and a decoder, or as raw packets for tools that only count them. It keeps
// statistics, survives the server ending voice and follows the client to another node.
//
// It owns no device and draws nothing: audio comes in and goes out as PCM (client/audio holds the
// codec, the gate, the jitter buffer and the mixer). No ebiten, no os. WebRTC itself is the one
// platform-bound part (rtc.go: pion, on every platform but the browser; rtc_js.go and media_js.go:
// the browser's own RTCPeerConnection, microphone and Web Audio, which the game steers through
// Engine.Media instead of passing PCM), so the package builds for js/wasm as well.
package voice

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/client/internal/fifo"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Slots is the number of receiving slots; slot StageSlot carries the stage.
const (
	Slots     = 9
	StageSlot = 8
)

// maxCandidates is how many ICE candidates the protocol lets a client send per VoiceJoin.
const maxCandidates = 32

// Errors.
var (
	// ErrNoWebRTC: this build or browser has no WebRTC.
	ErrNoWebRTC = errors.New("voice is not available in this build")
	// ErrClosed: the session was closed.
	ErrClosed = errors.New("voice session closed")
)

// Conn is what a session needs of the game connection; *client.Client is one. The session sends
// its signalling through it; the connection's messages come back through Call.Handle.
type Conn interface {
	VoiceJoin() error
	VoiceSignal(sdp, candidate string) error
	VoiceLeave() error
}

// redirector is a Conn that follows redirects by itself (*client.Client): Redirects counts the
// times it moved to another node, where voice must start over. A Conn that does not (the game's
// own link restarts voice itself after reconnecting) need not implement it.
type redirector interface {
	Redirects() int64
}

// connRedirects returns how many times the connection moved, 0 if it cannot say.
func (s *Call) connRedirects() int64 {
	if r, ok := s.conn.(redirector); ok {
		return r.Redirects()
	}
	return 0
}

// Config configures a session. The zero value is a listener and speaker with the default codec,
// gate and jitter buffer, and a WebRTC engine of its own.
type Config struct {
	// Engine is the WebRTC machinery; sessions in one process should share one. Nil: New builds one
	// with the zero EngineConfig.
	Engine *Engine
	// StampID, if not zero, stamps every packet sent with this id and the send time (see Stamp):
	// bots and tests measure end-to-end latency with it.
	StampID uint32
	// Opus configures the encoder; the zero value means audio.DefaultOpus.
	Opus audio.OpusConfig
	// Gate decides which frames are worth sending; the zero value means audio.DefaultGate.
	Gate audio.GateConfig
	// Jitter bounds each slot's jitter buffer; the zero value means audio.DefaultJitter.
	Jitter audio.JitterConfig
	// Playout keeps a jitter buffer and a decoder per slot (Stream). Without it, received packets
	// are counted and handed to OnPacket only (bots).
	Playout bool
	// OnPacket, if set, sees every packet received, on the slot's read goroutine. It must not
	// block, nor keep p.Payload after it returns.
	OnPacket func(p Packet)
	// OnState, if set, is told when the session's state changes (from the session's goroutine;
	// it must not call back into the session synchronously).
	OnState func(st State, reason string)
}

// Packet is one packet received on a slot.
type Packet struct {
	Slot     int
	Seq      uint16
	TS       uint32
	Marker   bool
	Payload  []byte // the Opus packet; valid during the OnPacket call only
	Arrived  time.Time
	Stamp    Stamp // the sender's stamp, when Stamped
	Stamped  bool
	Repeated bool // a duplicate of a packet already received (a retransmission)
}

// State is where a session stands.
type State int32

const (
	// Off: not in voice (never joined, left, or ended by the server: Reason says why).
	Off State = iota
	// Joining: VoiceJoin sent; waiting for the offer and the connection.
	Joining
	// Connected: media flows.
	Connected
)

func (s State) String() string {
	switch s {
	case Joining:
		return "joining"
	case Connected:
		return "connected"
	}
	return "off"
}

// Stats are a session's counters since New.
type Stats struct {
	Sent       int64 // packets sent
	Received   int64 // distinct packets received, all slots
	Expected   int64 // packets the received sequence numbers say were sent to us
	Duplicates int64 // packets received twice
	Offers     int64 // SDP offers answered (one per join: walking never renegotiates)
	Rejoins    int64 // joins after following the connection to another node
	Ended      int64 // times the server ended voice
}

// Lost returns the share of expected packets that never arrived (0..1).
func (s Stats) Lost() float64 {
	if s.Expected <= 0 {
		return 0
	}
	return max(0, float64(s.Expected-s.Received)/float64(s.Expected))
}

// Call is one person's voice: their connection to the SFU. Join, Leave, Close, Handle and the
// getters may be called from any goroutine; Send, SendOutgoing and SendOpus from one goroutine at
// a time (the microphone's).
type Call struct {
	conn Conn
	cfg  Config
	eng  *Engine

	// queue holds the signalling, run in order on the session's goroutine. Unbounded: the game
	// connection's reader must never wait for WebRTC work, and signalling must not be dropped.
	queue    fifo.Queue[func()]
	done     chan struct{}
	wg       sync.WaitGroup
	closeOne sync.Once

	// Owned by the session's goroutine.
	wanted    bool     // the person wants voice (Join called, Leave not)
	redirects int64    // conn.Redirects() when voice was last joined
	cands     int      // candidates sent for the current join
	early     []string // the server's candidates that came before its offer

	cur     atomic.Pointer[peerBox] // the current connection, for Send
	muted   atomic.Bool
	state   atomic.Int32
	mu      sync.Mutex // guards reason
	reason  string
	avatars [Slots]atomic.Uint32
	play    [Slots]*audio.Stream // with Config.Playout

	tx txState // owned by the Send goroutine
	st struct {
		sent, received, expected, dups, offers, rejoins, ended atomic.Int64
	}
}

// peerBox holds the current WebRTC connection (swapped whole, so Send sees one or none).
type peerBox struct {
	p peer
}

// New returns a session on conn; it joins nothing until Join.
func New(conn Conn, cfg Config) (*Call, error) {
	if cfg.Opus == (audio.OpusConfig{}) {
		cfg.Opus = audio.DefaultOpus
	}
	if cfg.Gate == (audio.GateConfig{}) {
		cfg.Gate = audio.DefaultGate
	}
	if cfg.Jitter == (audio.JitterConfig{}) {
		cfg.Jitter = audio.DefaultJitter
	}
	eng := cfg.Engine
	if eng == nil {
		var err error
		if eng, err = NewEngine(EngineConfig{}); err != nil {
			return nil, err
		}
	}
	s := &Call{conn: conn, cfg: cfg, eng: eng, done: make(chan struct{})}
	if cfg.Playout {
		for i := range s.play {
			dec, err := eng.newDecoder()
			if err != nil {
				return nil, err
			}
			s.play[i] = audio.NewStream(dec, cfg.Jitter)
		}
	}
	s.wg.Add(1)
	go func() { defer s.wg.Done(); signaller{s}.run() }()
	return s, nil
}

// Join asks the server for voice. The session answers the offer by itself; State says when media
// flows. After the connection follows a redirect, the session joins again on the new node.
func (s *Call) Join() {
	s.queue.Push(func() {
		s.wanted = true
		signaller{s}.join()
	})
}

// Leave ends voice.
func (s *Call) Leave() {
	s.queue.Push(func() {
		if s.wanted {
			s.wanted = false
			_ = s.conn.VoiceLeave()
		}
		signaller{s}.drop(Off, "")
	})
}

// Close leaves voice and stops the session.
func (s *Call) Close() error {
	s.closeOne.Do(func() {
		s.Leave()
		s.queue.Push(func() { close(s.done) })
		s.wg.Wait()
	})
	return nil
}

// State returns where the session stands and, when Off after the server ended voice, why.
func (s *Call) State() (State, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return State(s.state.Load()), s.reason
}

// Avatar returns the avatar (its slot in the room) slot i carries now, 0 for nobody.
func (s *Call) Avatar(i int) uint32 {
	if i < 0 || i >= Slots {
		return 0
	}
	return s.avatars[i].Load()
}

// Stats returns the counters so far.
func (s *Call) Stats() Stats {
	return Stats{
		Sent: s.st.sent.Load(), Received: s.st.received.Load(), Expected: s.st.expected.Load(),
		Duplicates: s.st.dups.Load(), Offers: s.st.offers.Load(), Rejoins: s.st.rejoins.Load(), Ended: s.st.ended.Load(),
	}
}

// Handle takes every message from the server (client.Options.OnMessage should call it); it does
// not block.
func (s *Call) Handle(m *pb.ServerMessage) {
	switch x := m.Msg.(type) {
	case *pb.ServerMessage_VoiceSignal:
		sig := x.VoiceSignal
		if sig.GetSdp() != "" {
			sdp, ice := sig.GetSdp(), iceServers(sig.GetIceServers())
			s.queue.Push(func() { signaller{s}.offer(sdp, ice) })
		} else if c := sig.GetCandidate(); c != "" {
			s.queue.Push(func() { signaller{s}.remoteCandidate(c) })
		}
	case *pb.ServerMessage_VoiceSlots:
		for _, sl := range x.VoiceSlots.GetSlots() {
			if i := sl.GetIndex(); i < Slots {
				s.avatars[i].Store(sl.GetAvatar())
			}
		}
	case *pb.ServerMessage_Refused:
		if x.Refused.GetCode() == pb.RefuseCode_REFUSE_VOICE {
			reason := x.Refused.GetReason()
			s.queue.Push(func() { signaller{s}.ended(reason) })
		}
	case *pb.ServerMessage_Joined:
		s.queue.Push(signaller{s}.joined)
	}
}

// signaller is a Call's signalling half: offers, candidates, connection state and the server
// ending voice, all run in order on the session's goroutine. It keeps the Call's public methods
// (what callers use) apart from this machinery.
type signaller struct{ *Call }

// run carries out the queued signalling until Close.
func (s signaller) run() {
	for {
		fn, ok := s.queue.Wait(s.done)
		if !ok {
			return
		}
		fn()
	}
}

// join sends VoiceJoin for a fresh connection.
func (s signaller) join() {
	s.drop(Joining, "")
	s.redirects = s.connRedirects()
	s.cands, s.early = 0, nil
	if err := s.conn.VoiceJoin(); err != nil {
		s.setState(Off, fmt.Sprintf("voice could not be requested: %v", err))
	}
}

// joined runs when the client entered a room. After a redirect, voice lives on another node now:
// the old connection is dead and the new node knows nothing of it, so join again.
func (s signaller) joined() {
	if s.wanted && s.connRedirects() != s.redirects {
		s.st.rejoins.Add(1)
		s.join()
	}
}

// ended runs when the server refused something about voice. The refusals that do not end voice
// on the server (a bad candidate) cannot be told from the ones that do, so any ends it here too,
// and a VoiceLeave makes sure the server agrees.
func (s signaller) ended(reason string) {
	if State(s.state.Load()) == Off && s.cur.Load() == nil {
		return
	}
	s.st.ended.Add(1)
	_ = s.conn.VoiceLeave()
	s.drop(Off, reason)
}

// offer answers the server's offer with a new connection.
func (s signaller) offer(sdp string, ice []ICEServer) {
	if !s.wanted {
		return
	}
	if b := s.cur.Swap(nil); b != nil { // the server replaced our connection with a new one
		b.p.close()
	}
	p, err := s.eng.newPeer(s, ice)
	if err != nil {
		s.fail(err)
		return
	}
	s.cur.Store(&peerBox{p: p})
	answer, err := p.answer(sdp)
	if err != nil {
		s.fail(fmt.Errorf("answer the offer: %w", err))
		return
	}
	s.st.offers.Add(1)
	if err := s.conn.VoiceSignal(answer, ""); err != nil {
		s.fail(fmt.Errorf("send the answer: %w", err))
		return
	}
	for _, c := range s.early {
		_ = p.addCandidate(c)
	}
	s.early = nil
}

// fail gives up on the current connection.
func (s signaller) fail(err error) {
	_ = s.conn.VoiceLeave()
	s.drop(Off, err.Error())
}

// remoteCandidate adds one of the server's candidates; one that comes before the offer (servers
// should not, but one did) is kept for the connection the offer makes.
func (s signaller) remoteCandidate(c string) {
	if b := s.cur.Load(); b != nil {
		_ = b.p.addCandidate(c) // a candidate we cannot use is skipped; ICE tries the others
		return
	}
	if State(s.state.Load()) == Joining && len(s.early) < maxCandidates {
		s.early = append(s.early, c)
	}
}

// localCandidate sends one of ours, up to the protocol's limit.
func (s signaller) localCandidate(c string) {
	if s.cur.Load() == nil || s.cands >= maxCandidates {
		return
	}
	s.cands++
	_ = s.conn.VoiceSignal("", c)
}

// drop closes the current connection, if any, and sets the state.
func (s signaller) drop(st State, reason string) {
	if b := s.cur.Swap(nil); b != nil {
		b.p.close()
	}
	for i := range s.avatars {
		s.avatars[i].Store(0)
	}
	s.setState(st, reason)
}

func (s signaller) setState(st State, reason string) {
	s.mu.Lock()
	old := State(s.state.Swap(int32(st)))
	changed := old != st || s.reason != reason
	s.reason = reason
	s.mu.Unlock()
	if changed && s.cfg.OnState != nil {
		s.cfg.OnState(st, reason)
	}
}

// The peer's events (peerEvents).

func (s signaller) onCandidate(p peer, c string) {
	s.queue.Push(func() {
		if b := s.cur.Load(); b != nil && b.p == p {
			s.localCandidate(c)
		}
	})
}

func (s signaller) onConnected(p peer, ok bool) {
	s.queue.Push(func() {
		b := s.cur.Load()
		if b == nil || b.p != p {
			return
		}
		if ok {
			s.setState(Connected, "")
			return
		}
		_ = s.conn.VoiceLeave()
		s.drop(Off, "The voice connection was lost.")
	})
}

// ICEServer is a STUN or TURN server the server told the client to use.
type ICEServer struct {
	URLs                 []string
	Username, Credential string
}

func iceServers(in []*pb.IceServer) []ICEServer {
	out := make([]ICEServer, 0, len(in))
	for _, s := range in {
		out = append(out, ICEServer{URLs: s.GetUrls(), Username: s.GetUsername(), Credential: s.GetCredential()})
	}
	return out
}
