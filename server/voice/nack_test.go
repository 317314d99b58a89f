package voice

import (
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/embassy-project/embassy/shared/protocol/pb"
)

// offerPeer keeps the offer it is sent.
type offerPeer struct{ offer chan string }

func (p offerPeer) Send(m *pb.ServerMessage) {
	if sdp := m.GetVoiceSignal().GetSdp(); sdp != "" {
		p.offer <- sdp
	}
}
func (offerPeer) Speaking(bool, bool) {}
func (offerPeer) Ended(string)        {}

// The offer asks for NACK on the Opus tracks, as the protocol promises: pion's ConfigureNack
// registers the feedback for video only, and without it neither side retransmits a lost packet.
func TestOfferNegotiatesNackForOpus(t *testing.T) {
	srv, err := New(Defaults(), slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.shutdown()
	p := offerPeer{offer: make(chan string, 1)}
	if err := srv.Join("u", p); err != nil {
		t.Fatal(err)
	}
	offer := <-p.offer
	srv.Leave("u")
	if n := strings.Count(offer, "a=rtcp-fb:111 nack\r\n"); n != AllSlots+1 {
		t.Fatalf("%d m-lines of %d offer NACK for Opus:\n%s", n, AllSlots+1, offer)
	}
}
