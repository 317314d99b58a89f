package voice

import (
	"testing"
	"time"

	"github.com/pion/rtp"
)

// A speaker given back a slot it carried before continues the slot's stream where it stopped,
// although its own sequence numbers moved on while it talked to others meanwhile.
func TestSlotContinuesWhenItsSpeakerReturns(t *testing.T) {
	var s slotOut
	now := time.Unix(1000, 0)
	pkt := func(seq uint16) *rtp.Packet {
		return &rtp.Packet{Header: rtp.Header{SSRC: 0xa, SequenceNumber: seq, Timestamp: uint32(seq) * 960}}
	}
	var last rtp.Packet
	for i := range 5 {
		last, _ = s.rewrite(pkt(uint16(100+i)), now)
		now = now.Add(20 * time.Millisecond)
	}
	s.restart() // the router took the slot away; 100 packets later it gives it back
	now = now.Add(2 * time.Second)
	out, _ := s.rewrite(pkt(205), now)
	if out.SequenceNumber != last.SequenceNumber+1 {
		t.Fatalf("seq %d after %d: the slot's stream jumped", out.SequenceNumber, last.SequenceNumber)
	}
	if !out.Marker {
		t.Error("the packet after the return is not marked")
	}
}
