package voice_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pion/logging"
	"github.com/pion/transport/v5/vnet"

	"github.com/embassy-project/embassy/client/audio"
	"github.com/embassy-project/embassy/client/voice"
	"github.com/embassy-project/embassy/internal/nodetest"
	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// lossyPath puts a client on a pion vnet virtual network whose router drops a share of the packets
// (both ways) and delays them by a random jitter, and bridges that network to the real node: the
// node's SFU listens on a real loopback UDP port, which vnet cannot reach, so a small relay sits on
// the virtual network at 10.0.0.1 and copies datagrams to and from the SFU's port. The client is
// told the relay's address instead of the SFU's (rewrite, applied to the server's candidates); the
// SFU sees the relay's real port as the client's (a peer-reflexive candidate).
type lossyPath struct {
	t      *testing.T
	router *vnet.Router
	net    *vnet.Net // the client's side
	relay  net.PacketConn

	mu     sync.Mutex // guards sfu
	sfu    *net.UDPAddr
	real   *net.UDPConn
	client net.Addr
}

const relayAddr = "10.0.0.1:5000"

func newLossyPath(t *testing.T, lossPct int, jitter time.Duration) *lossyPath {
	t.Helper()
	lf := logging.NewDefaultLoggerFactory()
	lf.DefaultLogLevel = logging.LogLevelDisabled
	r, err := vnet.NewRouter(&vnet.RouterConfig{CIDR: "10.0.0.0/24", MaxJitter: jitter, LoggerFactory: lf})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(1, 2))
	r.AddChunkFilter(func(vnet.Chunk) bool {
		mu.Lock()
		defer mu.Unlock()
		return rng.IntN(100) >= lossPct
	})
	clientNet, err := vnet.NewNet(&vnet.NetConfig{StaticIPs: []string{"10.0.0.2"}})
	if err != nil {
		t.Fatal(err)
	}
	relayNet, err := vnet.NewNet(&vnet.NetConfig{StaticIPs: []string{"10.0.0.1"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []*vnet.Net{clientNet, relayNet} {
		if err := r.AddNet(n); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	relay, err := relayNet.ListenPacket("udp4", relayAddr)
	if err != nil {
		t.Fatal(err)
	}
	p := &lossyPath{t: t, router: r, net: clientNet, relay: relay}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); p.upstream() }()
	t.Cleanup(func() {
		relay.Close()
		p.mu.Lock()
		if p.real != nil {
			p.real.Close()
		}
		p.mu.Unlock()
		wg.Wait()
		_ = r.Stop()
	})
	return p
}

// upstream copies the client's datagrams to the SFU; the first one opens the real socket, whose
// answers downstream copies back.
func (p *lossyPath) upstream() {
	buf := make([]byte, 1500)
	for {
		n, from, err := p.relay.ReadFrom(buf)
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.real == nil && p.sfu != nil {
			if p.real, err = net.DialUDP("udp4", nil, p.sfu); err == nil {
				go p.downstream(p.real)
			}
		}
		p.client = from
		real := p.real
		p.mu.Unlock()
		if real != nil {
			_, _ = real.Write(buf[:n])
		}
	}
}

func (p *lossyPath) downstream(real *net.UDPConn) {
	buf := make([]byte, 1500)
	for {
		n, err := real.Read(buf)
		if err != nil {
			return
		}
		p.mu.Lock()
		to := p.client
		p.mu.Unlock()
		_, _ = p.relay.WriteTo(buf[:n], to) // a datagram the virtual network refuses is lost, as on a real one
	}
}

// rewrite points the server's UDP candidates at the relay (remembering the SFU's address) and
// drops its TCP ones: the client reaches the SFU only through the lossy network.
func (p *lossyPath) rewrite(m *pb.ServerMessage) {
	sig := m.GetVoiceSignal()
	if sig == nil || sig.GetCandidate() == "" {
		return
	}
	var c struct {
		Candidate string `json:"candidate"`
	}
	if err := json.Unmarshal([]byte(sig.GetCandidate()), &c); err != nil {
		return
	}
	f := strings.Fields(c.Candidate) // foundation component transport priority address port typ host ...
	if len(f) < 8 || strings.ToLower(f[2]) != "udp" {
		sig.Candidate = ""
		return
	}
	sfu, err := net.ResolveUDPAddr("udp4", net.JoinHostPort(f[4], f[5]))
	if err != nil {
		sig.Candidate = ""
		return
	}
	p.mu.Lock()
	p.sfu = sfu
	p.mu.Unlock()
	host, port, _ := net.SplitHostPort(relayAddr)
	f[4], f[5] = host, port
	sig.Candidate = fmt.Sprintf(`{"candidate":%q,"sdpMid":"0","sdpMLineIndex":0}`, strings.Join(f, " "))
}

// With 5% of the packets lost each way and 30 ms of jitter between a client and the server (and
// the same between the speaker and the server), the listener still decodes the speaker's tone:
// NACK retransmissions, Opus FEC and the jitter buffer carry it.
func TestVoiceThroughLossAndJitter(t *testing.T) {
	srv := nodetest.Start(t, nil)
	engineFor := func(p *lossyPath) *voice.Engine {
		eng, err := voice.NewEngine(voice.EngineConfig{Net: p.net})
		if err != nil {
			t.Fatal(err)
		}
		return eng
	}
	pathA, pathB := newLossyPath(t, 5, 30*time.Millisecond), newLossyPath(t, 5, 30*time.Millisecond)
	a := enter(t, srv, "Ada", "reception", 1, options{engine: engineFor(pathA), rewrite: pathA.rewrite})
	b := enter(t, srv, "Ben", "reception", 2, options{engine: engineFor(pathB), rewrite: pathB.rewrite})
	a.speak(toneA)
	eventually(t, "B hears A through the lossy network", 15*time.Second, func() bool { return b.hears(a, toneA) })

	// Over the next 4 s, the tone is in nearly every 200 ms of what B plays.
	heard, windows := 0, 0
	for range 20 {
		time.Sleep(200 * time.Millisecond)
		windows++
		if b.hears(a, toneA) {
			heard++
		}
	}
	var js audio.StreamStats
	for i := range voice.Slots {
		if b.v.Avatar(i) == a.slot() {
			js = b.v.Stream(i).Stats()
		}
	}
	st := b.v.Stats()
	t.Logf("tone in %d of %d windows; B: %+v (loss after NACK %.1f%%); jitter buffer: %+v", heard, windows, st, 100*st.Lost(), js)
	if heard < windows*8/10 {
		t.Errorf("B heard A's tone in only %d of %d windows of 200 ms", heard, windows)
	}
}
