package voice

import (
	"time"

	"github.com/embassy-project/embassy/client/audio"
)

// seenWindow is how many recent sequence numbers a stream remembers, to tell a retransmission
// from a late first copy.
const seenWindow = 1024

// rxStream is one slot's incoming stream on one connection. Only its read goroutine touches it;
// it adds to the session's counters.
type rxStream struct {
	s       *Call
	slot    int
	started bool
	highest int64 // extended sequence number of the newest packet
	lowest  int64 // and of the oldest
	seen    [seenWindow / 64]uint64
}

func (s *Call) stream(slot int) *rxStream { return &rxStream{s: s, slot: slot} }

// packet takes one received RTP packet (payload valid during the call only).
func (r *rxStream) packet(seq uint16, ts uint32, marker bool, payload []byte, at time.Time) {
	s := r.s
	repeated := false
	ext := int64(seq)
	switch {
	case !r.started:
		r.started, r.highest, r.lowest = true, ext, ext
		s.st.expected.Add(1)
		r.mark(ext)
	default:
		ext = r.highest + int64(int16(seq-uint16(r.highest)))
		switch {
		case ext > r.highest:
			s.st.expected.Add(ext - r.highest)
			for e := r.highest + 1; e < ext && e <= r.highest+seenWindow; e++ {
				r.clear(e)
			}
			r.highest = ext
			r.mark(ext)
		case ext <= r.highest-seenWindow || r.has(ext):
			repeated = true
		default:
			if ext < r.lowest { // older than the first packet: the stream began earlier
				s.st.expected.Add(r.lowest - ext)
				r.lowest = ext
			}
			r.mark(ext)
		}
	}
	if repeated {
		s.st.dups.Add(1)
	} else {
		s.st.received.Add(1)
	}
	if pl := s.play[r.slot]; pl != nil && !repeated {
		pl.Push(audio.Packet{Seq: seq, TS: ts, Payload: append([]byte(nil), payload...), Arrival: at})
	}
	if s.cfg.OnPacket != nil {
		p := Packet{Slot: r.slot, Seq: seq, TS: ts, Marker: marker, Payload: payload, Arrived: at, Repeated: repeated}
		p.Stamp, p.Stamped = readStamp(payload)
		s.cfg.OnPacket(p)
	}
}

// The window's bit for extended sequence number e (which is negative for a packet older than
// the first one received).
func (r *rxStream) mark(e int64)     { w, b := window(e); r.seen[w] |= b }
func (r *rxStream) clear(e int64)    { w, b := window(e); r.seen[w] &^= b }
func (r *rxStream) has(e int64) bool { w, b := window(e); return r.seen[w]&b != 0 }

func window(e int64) (word int, bit uint64) {
	u := uint64(e) // two's complement: the window (a power of two) wraps evenly
	return int(u % seenWindow / 64), 1 << (u % 64)
}

// Stream returns slot i's jitter buffer and decoder (with Config.Playout; nil otherwise). It is an
// audio.FrameSource: hand the nine to an audio.Mixer, and place each by Avatar(i).
func (s *Call) Stream(i int) *audio.Stream {
	if i < 0 || i >= Slots {
		return nil
	}
	return s.play[i]
}
