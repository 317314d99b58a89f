package voice

import (
	"sync"
	"time"

	"github.com/pion/rtp"
)

// rtpWriter sends RTP packets: a slot's local track.
type rtpWriter interface {
	WriteRTP(p *rtp.Packet) error
}

// slotOut is one downstream slot of a listener: a local track whose stream stays continuous while
// the speaker it carries changes. Only its listener's fan-out shard writes to it (the old and the
// new speaker's packets alike during a switch); the router restarts it, so it has a mutex.
type slotOut struct {
	index int
	track rtpWriter

	mu      sync.Mutex // guards the fields below
	source  uint32     // SSRC of the speaker whose packets went out last
	started bool
	fresh   bool // the router (re)assigned the slot: the next packet starts a new stretch
	seqOff  uint16
	tsOff   uint32
	lastSeq uint16
	lastTS  uint32
	lastAt  time.Time
}

// write forwards p (from the speaker with SSRC p.SSRC) on the slot, rewriting its sequence number
// and timestamp so the slot's stream continues where it left off when the speaker changed.
func (s *slotOut) write(p *rtp.Packet, now time.Time) (switched bool, err error) {
	out, switched := s.rewrite(p, now)
	return switched, s.track.WriteRTP(&out)
}

// rewrite returns p as the slot sends it.
func (s *slotOut) rewrite(p *rtp.Packet, now time.Time) (out rtp.Packet, switched bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started || p.SSRC != s.source || s.fresh {
		switched = s.started
		s.fresh = false
		// Continue one packet after the last one sent, and as much later in time as has passed.
		elapsed := uint32(960)
		if s.started {
			if d := now.Sub(s.lastAt); d > 20*time.Millisecond {
				elapsed = uint32(d.Seconds() * 48000)
			}
		}
		s.seqOff = s.lastSeq + 1 - p.SequenceNumber
		s.tsOff = s.lastTS + elapsed - p.Timestamp
		s.source, s.started = p.SSRC, true
	}
	out = rtp.Packet{Header: p.Header, Payload: p.Payload}
	out.Header.Extension, out.Header.Extensions, out.Header.ExtensionProfile = false, nil, 0
	out.SequenceNumber = p.SequenceNumber + s.seqOff
	out.Timestamp = p.Timestamp + s.tsOff
	out.Marker = switched || p.Marker
	if seqAfter(out.SequenceNumber, s.lastSeq) {
		s.lastSeq, s.lastTS = out.SequenceNumber, out.Timestamp
	}
	s.lastAt = now
	return out, switched
}

// restart makes the next packet start a new stretch of the slot's stream, as a new speaker's
// would, even when it comes from the speaker the slot carried last: that speaker may have gone on
// talking to others meanwhile, and its sequence numbers moved on.
func (s *slotOut) restart() {
	s.mu.Lock()
	s.fresh = true
	s.mu.Unlock()
}

// seqAfter reports whether sequence number a comes after b, with wrap-around.
func seqAfter(a, b uint16) bool { return int16(a-b) > 0 }
