package voice

import (
	"testing"
	"time"

	"github.com/pion/rtp"
)

// A slot's stream stays continuous when the speaker it carries changes: sequence numbers follow on
// by one, timestamps advance by the time that passed, and the first packet of a new speaker is
// marked.
func TestSlotStaysContinuousAcrossSpeakers(t *testing.T) {
	var s slotOut
	now := time.Unix(1000, 0)
	pkt := func(ssrc uint32, seq uint16, ts uint32) *rtp.Packet {
		return &rtp.Packet{Header: rtp.Header{SSRC: ssrc, SequenceNumber: seq, Timestamp: ts}}
	}
	var last rtp.Packet
	check := func(i int, out rtp.Packet, switched bool, wantSwitch bool, gapTS uint32) {
		t.Helper()
		if i > 0 {
			if out.SequenceNumber != last.SequenceNumber+1 {
				t.Fatalf("packet %d: seq %d after %d", i, out.SequenceNumber, last.SequenceNumber)
			}
			if out.Timestamp-last.Timestamp != gapTS {
				t.Fatalf("packet %d: timestamp advanced %d, want %d", i, out.Timestamp-last.Timestamp, gapTS)
			}
		}
		if switched != wantSwitch || out.Marker != wantSwitch {
			t.Fatalf("packet %d: switched %v marker %v, want %v", i, switched, out.Marker, wantSwitch)
		}
		last = out
	}
	// Speaker A: five packets, sequence numbers near the wrap.
	for i := range 5 {
		out, sw := s.rewrite(pkt(0xa, uint16(65533+i), 1000+uint32(i)*960), now)
		check(i, out, sw, false, 960)
		now = now.Add(20 * time.Millisecond)
	}
	// Speaker B takes the slot 100 ms later, with unrelated numbers.
	now = now.Add(80 * time.Millisecond)
	out, sw := s.rewrite(pkt(0xb, 7, 123456), now)
	check(5, out, sw, true, 4800)
	for i := 6; i < 10; i++ {
		now = now.Add(20 * time.Millisecond)
		out, sw := s.rewrite(pkt(0xb, uint16(7+i-5), 123456+uint32(i-5)*960), now)
		check(i, out, sw, false, 960)
	}
	if out.Extension || len(out.Extensions) != 0 {
		t.Error("header extensions were forwarded")
	}
}
