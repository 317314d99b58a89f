package voice

import (
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

var benchListeners = flag.Int("fanout.listeners", 100, "listeners in BenchmarkFanout")

// BenchmarkFanout forwards one packet (80 bytes of payload, a 32 kbps Opus frame) to N real pion
// listeners connected to a real SFU over loopback, each on its stage slot, as a stage speaker's
// packets go: one op is one packet to every listener, until the last write (the next is sent only
// then, so ns/op is the SFU's time per packet as embassy_voice_forward_seconds sees it, without
// queueing behind earlier packets). The listeners run in
// the same process and read what arrives, so their CPU is counted too; the figure to compare is
// ns/write against another version of the SFU, on a quiet machine. -fanout.listeners sets N.
// feedback=nack+reports: the listeners negotiate NACK and RTCP reports, as a person's client does;
// feedback=none: neither, as the bots' -voice-no-feedback.
func BenchmarkFanout(b *testing.B) {
	for _, fb := range []feedback{noFeedback, fullFeedback} {
		b.Run(fmt.Sprintf("listeners=%d/feedback=%v", *benchListeners, fb), func(b *testing.B) {
			benchFanout(b, *benchListeners, fb)
		})
	}
}

func benchFanout(b *testing.B, n int, fb feedback) {
	srv, _ := runSFU(b, Defaults())
	peers := make([]*testPeer, n)
	for i := range peers {
		peers[i] = joinWith(b, srv, fmt.Sprintf("l%d", i), webrtc.NetworkTypeUDP4, fb)
	}
	list := srv.fan.newList()
	eventually(b, "every listener connected", func() bool {
		srv.mu.Lock()
		defer srv.mu.Unlock()
		for _, p := range peers {
			sp := srv.parts[p.id]
			if p.pc.ConnectionState() != webrtc.PeerConnectionStateConnected || sp == nil || sp.pc.ConnectionState() != webrtc.PeerConnectionStateConnected {
				return false
			}
		}
		for _, p := range peers {
			sp := srv.parts[p.id]
			list.add(sp.shard, sp.slots[StageSlot])
		}
		return true
	})
	done := make(chan struct{}, 1)
	srv.fan.finished = func() { done <- struct{}{} }
	payload := make([]byte, 80)
	seq, ts := uint16(1), uint32(0)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		pkt := &rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 111, SSRC: 0x5eed, SequenceNumber: seq, Timestamp: ts}, Payload: payload}
		srv.fan.send(pkt, time.Now(), list)
		<-done
		seq, ts = seq+1, ts+960
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*n), "ns/write")
	b.StopTimer()
	eventually(b, "packets arrived", func() bool { return peers[0].received(fmt.Sprintf("slot%d", StageSlot)) > 0 })
}
