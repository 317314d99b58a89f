package voice

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/interceptor/pkg/nack"
	"github.com/pion/logging"
	"github.com/pion/sdp/v3"
	"github.com/pion/webrtc/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/embassy-project/embassy/server/room"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// Peer is one connection's side of voice: how the SFU reaches the person (signalling, slot maps) and
// tells the rest of the server what they are doing. Calls must not block.
type Peer interface {
	// Send queues a message on the connection.
	Send(m *pb.ServerMessage)
	// Speaking reports that the participant started or stopped speaking (speaking: now, for the
	// indicators; active: recently, for routing).
	Speaking(speaking, active bool)
	// Ended reports that the server ended this participant's voice, with words for the person.
	Ended(reason string)
}

// Errors Join and Signal return; their messages are fit to show a person.
var (
	ErrNotInVoice   = errors.New("you are not in voice: send VoiceJoin first")
	ErrBadAnswer    = errors.New("your voice connection could not be set up: the answer was not valid")
	ErrTooMany      = errors.New("too many network candidates for one voice connection")
	ErrBadCandidate = errors.New("a network candidate was not valid")
	ErrSetup        = errors.New("voice could not be set up on the server; please try again")
)

// maxCandidates bounds the ICE candidates a client may send per VoiceJoin.
const maxCandidates = 32

// Server is the SFU of one node. Join, Signal, Leave and Mute are called from connections'
// goroutines; Routes from rooms; the router goroutine (Run) owns slot assignment.
type Server struct {
	cfg     Config
	log     *slog.Logger
	api     *webrtc.API
	certs   []webrtc.Certificate
	ice     []webrtc.ICEServer
	metrics *metrics
	fan     *fanout
	udp     net.PacketConn
	tcp     net.Listener
	cmds    chan func(*router)

	closing sync.WaitGroup // participants being closed in the background

	mu    sync.Mutex // guards parts and muted: lookups from connections' goroutines
	parts map[string]*participant
	muted map[string]bool // by user id: survives leaving and joining voice again
}

// New opens the UDP (and ICE-TCP) ports and prepares the WebRTC engine. reg may be nil.
func New(cfg Config, log *slog.Logger, reg prometheus.Registerer) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: log.With("component", "voice"), metrics: newMetrics(reg),
		cmds: make(chan func(*router), 4096), parts: map[string]*participant{}, muted: map[string]bool{}}
	s.fan = newFanout(s.metrics, runtime.GOMAXPROCS(0)) // a worker per processor
	var err error
	if s.udp, err = net.ListenPacket("udp", cfg.UDP); err != nil {
		return nil, fmt.Errorf("voice UDP %s: %w", cfg.UDP, err)
	}
	if u, ok := s.udp.(*net.UDPConn); ok {
		bc := newBatchConn(u, s.metrics.dropped.WithLabelValues("send"))
		s.udp, s.fan.batch = bc, bc
	}
	if cfg.TCP != "" {
		if s.tcp, err = net.Listen("tcp", cfg.TCP); err != nil {
			s.udp.Close()
			return nil, fmt.Errorf("voice TCP %s: %w", cfg.TCP, err)
		}
	}
	if err := s.build(); err != nil {
		s.closePorts()
		return nil, err
	}
	for _, u := range cfg.ICEServers {
		s.ice = append(s.ice, iceServer(u))
	}
	return s, nil
}

// build makes the pion API: Opus with the audio-level extension, NACK and reports, one UDP port,
// ICE-TCP, advertised addresses, and one certificate shared by every PeerConnection.
func (s *Server) build() error {
	me := &webrtc.MediaEngine{}
	if err := me.RegisterCodec(webrtc.RTPCodecParameters{RTPCodecCapability: opusCodec, PayloadType: 111}, webrtc.RTPCodecTypeAudio); err != nil {
		return fmt.Errorf("voice codec: %w", err)
	}
	if err := me.RegisterHeaderExtension(webrtc.RTPHeaderExtensionCapability{URI: sdp.AudioLevelURI}, webrtc.RTPCodecTypeAudio); err != nil {
		return fmt.Errorf("voice header extension: %w", err)
	}
	ir := &interceptor.Registry{}
	if err := webrtc.ConfigureRTCPReports(ir); err != nil {
		return fmt.Errorf("voice interceptors: %w", err)
	}
	if err := webrtc.ConfigureNackWithOptions(me, ir, nil, nack.ResponderSize(nackHistory), nack.DisableCopy()); err != nil { // slotTrack never reuses what it writes
		return fmt.Errorf("voice interceptors: %w", err)
	}
	me.RegisterFeedback(webrtc.RTCPFeedback{Type: "nack"}, webrtc.RTPCodecTypeAudio) // ConfigureNack does video only
	se := webrtc.SettingEngine{}
	lf := logging.NewDefaultLoggerFactory()
	lf.DefaultLogLevel = logging.LogLevelDisabled // failures reach us as errors and state changes
	se.LoggerFactory = lf
	se.SetICEUDPMux(webrtc.NewICEUDPMux(lf.NewLogger("udpmux"), s.udp))
	nets := []webrtc.NetworkType{webrtc.NetworkTypeUDP4, webrtc.NetworkTypeUDP6}
	if s.tcp != nil {
		se.SetICETCPMux(webrtc.NewICETCPMux(lf.NewLogger("tcpmux"), s.tcp, 32))
		nets = append(nets, webrtc.NetworkTypeTCP4, webrtc.NetworkTypeTCP6)
	}
	se.SetNetworkTypes(nets)
	se.SetIncludeLoopbackCandidate(true)
	public := s.cfg.PublicIPs
	if len(public) == 0 {
		host, _, _ := net.SplitHostPort(s.cfg.UDP)
		if ip := net.ParseIP(host); ip != nil && !ip.IsUnspecified() {
			public = []string{host}
		}
	}
	if len(public) > 0 {
		se.SetNAT1To1IPs(public, webrtc.ICECandidateTypeHost)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("voice certificate: %w", err)
	}
	cert, err := webrtc.GenerateCertificate(key)
	if err != nil {
		return fmt.Errorf("voice certificate: %w", err)
	}
	s.certs = []webrtc.Certificate{*cert}
	s.api = webrtc.NewAPI(webrtc.WithMediaEngine(me), webrtc.WithInterceptorRegistry(ir), webrtc.WithSettingEngine(se))
	return nil
}

// opusCodec is what every track carries.
var opusCodec = webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"}

// UDPAddr is the voice UDP port's address.
func (s *Server) UDPAddr() net.Addr { return s.udp.LocalAddr() }

// Run runs the router and the fan-out's workers until ctx ends, then ends every participant's
// voice, stops the workers and closes the ports.
func (s *Server) Run(ctx context.Context) error {
	r := newRouter(s)
	t := time.NewTicker(s.cfg.Tick)
	defer t.Stop()
	stopFanout, err := s.fan.run(s.cfg.FanoutNice)
	if err != nil {
		// Expected when not root (a developer's make run): said once, without alarm.
		s.log.Info("voice fan-out runs at normal priority, so other load on this machine can delay voice; raising it needs root or CAP_SYS_NICE, and -voice-fanout-nice 0 asks for none", "err", err)
	}
	defer stopFanout() // after shutdown has stopped every publisher
	defer s.shutdown()
	for {
		select {
		case <-ctx.Done():
			return nil
		case fn := <-s.cmds:
			fn(r)
		case now := <-t.C:
			r.tick(now)
		}
	}
}

// post hands fn to the router without blocking; a full queue drops it (and says so).
func (s *Server) post(fn func(*router)) {
	select {
	case s.cmds <- fn:
	default:
		s.log.Warn("voice router queue full: a routing update was dropped")
	}
}

func (s *Server) shutdown() {
	s.mu.Lock()
	parts := make([]*participant, 0, len(s.parts))
	for _, p := range s.parts {
		parts = append(parts, p)
	}
	s.parts = map[string]*participant{}
	s.mu.Unlock()
	for _, p := range parts {
		p.close()
	}
	s.closing.Wait()
	s.closePorts()
}

func (s *Server) closePorts() {
	if s.udp != nil {
		s.udp.Close()
	}
	if s.tcp != nil {
		s.tcp.Close()
	}
}

// Routes implements room.VoiceSink.
func (s *Server) Routes(roomID string, listeners []string, audible []room.Audible) {
	s.post(func(r *router) { r.routes(roomID, listeners, audible) })
}

// Mute drops (or lets through again) everything userID says; enforced here, at the SFU.
func (s *Server) Mute(userID string, muted bool) {
	s.mu.Lock()
	if muted {
		s.muted[userID] = true
	} else {
		delete(s.muted, userID)
	}
	p := s.parts[userID]
	s.mu.Unlock()
	if p != nil {
		if pub := p.pub.Load(); pub != nil {
			pub.muted.Store(muted)
		}
	}
}

// Muted reports whether userID is muted at the SFU.
func (s *Server) Muted(userID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.muted[userID]
}

// iceServer turns "stun:host:port" or "turn:user:pass@host:port" into a pion ICE server.
func iceServer(u string) webrtc.ICEServer {
	scheme, rest, _ := strings.Cut(u, ":")
	if cred, host, ok := strings.Cut(rest, "@"); ok {
		user, pass, _ := strings.Cut(cred, ":")
		return webrtc.ICEServer{URLs: []string{scheme + ":" + host}, Username: user, Credential: pass}
	}
	return webrtc.ICEServer{URLs: []string{u}}
}
