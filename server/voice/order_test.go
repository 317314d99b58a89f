package voice

import (
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// orderPeer records the kinds of voice signals it is sent, in order.
type orderPeer struct {
	mu    sync.Mutex
	kinds []string
	got   chan struct{}
}

func (p *orderPeer) Send(m *pb.ServerMessage) {
	sig := m.GetVoiceSignal()
	if sig == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if sig.GetSdp() != "" {
		p.kinds = append(p.kinds, "offer")
	} else {
		p.kinds = append(p.kinds, "candidate")
	}
	if len(p.kinds) == 2 {
		close(p.got)
	}
}
func (*orderPeer) Speaking(bool, bool) {}
func (*orderPeer) Ended(string)        {}

// The offer goes out before any candidate: a client cannot add a candidate to a connection it has
// not yet made from the offer (a browser throws; a client that drops it may never connect where the
// candidate is its only way to the SFU).
func TestOfferBeforeCandidates(t *testing.T) {
	srv, err := New(Defaults(), slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.shutdown()
	for i := range 30 {
		p := &orderPeer{got: make(chan struct{})}
		if err := srv.Join("u", p); err != nil {
			t.Fatal(err)
		}
		<-p.got
		srv.Leave("u")
		p.mu.Lock()
		first := p.kinds[0]
		p.mu.Unlock()
		if first != "offer" {
			t.Fatalf("join %d: a candidate was sent before the offer (%v)", i, p.kinds)
		}
	}
}
