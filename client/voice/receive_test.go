package voice

import (
	"testing"
	"time"
)

// A slot's counters: expected packets follow the sequence numbers across the wrap, a gap counts
// as loss, a late packet fills its gap, a repeat is a duplicate.
func TestStreamCounts(t *testing.T) {
	s := &Call{}
	r := s.stream(0)
	now := time.Now()
	for _, seq := range []uint16{65533, 65534, 65535, 0, 3, 1, 1, 4} { // 2 never comes
		r.packet(seq, 0, false, nil, now)
	}
	st := s.Stats()
	if st.Expected != 8 || st.Received != 7 || st.Duplicates != 1 {
		t.Fatalf("expected %d received %d duplicates %d; want 8, 7, 1", st.Expected, st.Received, st.Duplicates)
	}
	if l := st.Lost(); l < 0.12 || l > 0.13 {
		t.Fatalf("lost %.3f, want 1/8", l)
	}
}

// A packet older than the first one received (a retransmission, or reordering at the start) is
// counted, not a crash.
func TestStreamCountsAPacketOlderThanTheFirst(t *testing.T) {
	s := &Call{}
	r := s.stream(0)
	now := time.Now()
	for _, seq := range []uint16{0, 1, 65535, 65535, 2} {
		r.packet(seq, 0, false, nil, now)
	}
	if st := s.Stats(); st.Received != 4 || st.Expected != 4 || st.Duplicates != 1 {
		t.Fatalf("received %d expected %d duplicates %d; want 4, 4, 1", st.Received, st.Expected, st.Duplicates)
	}
}
