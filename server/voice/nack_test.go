package voice

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/embassy-project/embassy/server/room"
	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"

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

// A listener's NACK is answered with the very packet it missed: the retransmission carries the
// sequence number the listener's slot gave that packet and the speaker's payload, both kept (not
// copied) in the NACK history by slotTrack; a header reused after the write would resend the
// wrong sequence number, a payload overwritten the wrong audio.
func TestSFURetransmitsWhatAListenerNacks(t *testing.T) {
	srv, ctx := runSFU(t, Defaults())
	a := join(t, srv, "a")
	b := joinWith(t, srv, "b", webrtc.NetworkTypeUDP4, manualNack)
	eventually(t, "both connected", func() bool {
		return a.pc.ConnectionState() == webrtc.PeerConnectionStateConnected && b.pc.ConnectionState() == webrtc.PeerConnectionStateConnected
	})
	type arrival struct {
		ssrc    uint32
		seq     uint16
		payload string
	}
	arrivals := make(chan arrival, 4096)
	b.mu.Lock()
	b.onPacket = func(track string, p *rtp.Packet) {
		if track == "slot0" {
			arrivals <- arrival{p.SSRC, p.SequenceNumber, string(p.Payload)}
		}
	}
	b.mu.Unlock()

	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go a.speak(sctx, 100000)
	srv.Routes("hall", []string{"a", "b"}, []room.Audible{{Listener: "b", Speaker: "a", Avatar: 7, Dist2: 64 * 64 * 9}})

	first := map[uint16]string{}
	var order []uint16
	var ssrc uint32
	for len(order) < 20 {
		select {
		case x := <-arrivals:
			if _, again := first[x.seq]; !again {
				first[x.seq] = x.payload
				order = append(order, x.seq)
			}
			ssrc = x.ssrc
		case <-time.After(10 * time.Second):
			t.Fatalf("B got %d packets of A", len(order))
		}
	}
	stop()
	time.Sleep(300 * time.Millisecond) // what was on its way has arrived
	for len(arrivals) > 0 {
		<-arrivals
	}

	lost := []uint16{order[5], order[12]}
	nack := &rtcp.TransportLayerNack{MediaSSRC: ssrc, Nacks: rtcp.NackPairsFromSequenceNumbers(lost)}
	if err := b.pc.WriteRTCP([]rtcp.Packet{nack}); err != nil {
		t.Fatal(err)
	}
	want := map[uint16]bool{lost[0]: true, lost[1]: true}
	deadline := time.After(5 * time.Second)
	for len(want) > 0 {
		select {
		case x := <-arrivals:
			if !want[x.seq] {
				t.Fatalf("after the NACK for %v, B got seq %d (payload % x), which it did not ask for", lost, x.seq, x.payload)
			}
			if x.payload != first[x.seq] {
				t.Fatalf("seq %d came again with payload % x, first % x", x.seq, x.payload, first[x.seq])
			}
			delete(want, x.seq)
		case <-deadline:
			t.Fatalf("no retransmission of %v within 5 s", lost)
		}
	}
}
